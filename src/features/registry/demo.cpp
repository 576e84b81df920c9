#include "features/registry/demo.h"

#include <random>

#include "core/date.h"
#include "core/id.h"
#include "core/local_time.h"
#include "features/registry/demo_names.h"
#include "features/registry/store.h"

namespace lb::registry {
namespace {

template <typename T>
const T& Pick(std::mt19937_64& rng, std::span<const T> items) {
  return items[std::uniform_int_distribution<size_t>(0, items.size() - 1)(rng)];
}

std::string BirthDate(std::mt19937_64& rng) {
  const int year = std::uniform_int_distribution<int>(1965, 2004)(rng);
  const int month = std::uniform_int_distribution<int>(1, 12)(rng);
  const int day = std::uniform_int_distribution<int>(1, 28)(rng);
  const int kind = std::uniform_int_distribution<int>(0, 19)(rng);
  char buf[64];
  if (kind == 0)
    std::snprintf(buf, sizeof buf, "%04d", year);  // year only
  else if (kind == 1)
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);  // year and month
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// A demo person's nationality, home province (drawn from `homes`) and passport.
void Settle(Person& p, std::mt19937_64& rng, const char* country, std::span<const std::string_view> homes, char prefix,
            const char* expires, int index) {
  p.nationality = country;
  p.home_province = std::string(Pick(rng, homes));
  char number[16];
  std::snprintf(number, sizeof number, "%c%07d", prefix, 1000000 + index);
  p.documents.push_back({"passport", number, country, expires});
}

Person MakePerson(std::mt19937_64& rng, int index) {
  Person p;
  const bool lao = index % 2 == 0;  // half Lao workers in Vietnam, half Vietnamese in Laos
  const bool female = std::uniform_int_distribution<int>(0, 9)(rng) < 4;
  p.sex = female ? "F" : "M";
  p.birth_date = BirthDate(rng);
  if (index == 0) {
    // One well-known person, unique in the demo, to try the name search on: "Bun-nhăng",
    // "bounnhang", "ບຸນຍັງ" and "Vorachith" all find him first (docs/matching.md).
    p.sex = "M";
    p.given_names = "BOUNNHANG";
    p.family_name = "VORACHITH";
    p.native_name = "ບຸນຍັງ ວໍລະຈິດ";
    p.nationality = "LA";
    p.home_province = "LA-SV";
    p.birth_date = "1977-08-15";
    p.documents.push_back({"passport", "P0000001", "LA", "2031-12-31"});
    return p;
  }
  if (lao) {
    // Anyone but him: re-draw his given and family names.
    auto given = Pick(rng, female ? demo::LaoGivenNamesFemale() : demo::LaoGivenNamesMale());
    while (given.latin == "BOUNNHANG") given = Pick(rng, demo::LaoGivenNamesMale());
    auto family = Pick(rng, demo::LaoFamilyNames());
    while (family.latin == "VORACHITH") family = Pick(rng, demo::LaoFamilyNames());
    p.given_names = std::string(given.latin);
    p.family_name = std::string(family.latin);
    p.native_name = std::string(given.native) + " " + std::string(family.native);
    static constexpr std::string_view kHome[] = {"LA-SV", "LA-KH", "LA-BL", "LA-CH",
                                                 "LA-VT", "LA-AT", "LA-HO", "LA-XE"};
    Settle(p, rng, "LA", kHome, 'P', "2031-12-31", index);
  } else {
    const auto& family = Pick(rng, demo::VnFamilyNames());
    const auto& middle = Pick(rng, female ? demo::VnMiddleNamesFemale() : demo::VnMiddleNamesMale());
    const auto& given = Pick(rng, female ? demo::VnGivenNamesFemale() : demo::VnGivenNamesMale());
    p.family_name = std::string(family.latin);
    p.given_names = std::string(middle.latin) + " " + std::string(given.latin);
    p.native_name = std::string(family.native) + " " + std::string(middle.native) + " " + std::string(given.native);
    static constexpr std::string_view kHome[] = {"VN-22", "VN-23", "VN-21", "VN-25",
                                                 "VN-24", "VN-71", "VN-05", "VN-26"};
    Settle(p, rng, "VN", kHome, 'C', "2032-06-30", index);
  }
  return p;
}

}  // namespace

core::Result<DemoSummary> LoadDemoData(RegistryService& service, storage::Database& db, const core::Clock& clock,
                                       const access::Principal& actor, int persons, uint64_t seed,
                                       const std::function<void(int64_t, int64_t)>& progress) {
  DemoSummary summary;
  {
    auto count = storage::InTransaction(db, false, [](storage::Transaction& tx) { return store::CountPersons(tx); });
    if (!count) return core::Fail(count.error());
    if (*count > 0) {
      summary.skipped = true;
      return summary;
    }
  }
  std::mt19937_64 rng(seed);

  // Employers
  std::vector<Employer> employers;
  int reg = 0;
  for (const auto& seed_employer : demo::Employers()) {
    Employer e;
    e.name = std::string(seed_employer.name_latin);
    e.native_name = std::string(seed_employer.name_native);
    e.country = std::string(seed_employer.country);
    e.province = std::string(seed_employer.province);
    // Enterprises registered today use today's provinces (Vietnam merged its provinces on
    // 2025-07-01); the seed table names the older ones.
    if (const Subdivision* s = Reference::Embedded().FindSubdivision(*e.province);
        s && s->successor && s->valid_until && core::FormatDate(clock.Now()) > *s->valid_until) {
      e.province = *s->successor;
    }
    e.sector = std::string(seed_employer.sector);
    char number[32];
    std::snprintf(number, sizeof number, "%s-%06d", e.country.c_str(), 100 + ++reg);
    e.registration_number = number;
    LB_TRY(created, service.CreateEmployer(actor, e));
    employers.push_back(std::move(created));
  }
  summary.employers = static_cast<int64_t>(employers.size());

  // Persons, in batches of 1,000 per transaction.
  std::vector<Person> people;
  const int kBatch = 1000;
  for (int start = 0; start < persons; start += kBatch) {
    const int end = std::min(persons, start + kBatch);
    std::vector<Person> batch;
    for (int i = start; i < end; ++i) {
      Person p = MakePerson(rng, i);
      if (auto errors = service.ValidatePerson(p); !errors.empty()) {
        return core::Fail(core::Error::Internal("demo person fails validation: " + errors.front().field));
      }
      p.id = core::NewUuidV7(clock);
      p.owner_node = service.node();
      p.created_at = p.updated_at = core::FormatRfc3339(clock.Now());
      p.scope = {actor.country, actor.province, actor.org};
      batch.push_back(std::move(p));
    }
    auto r = storage::InTransaction(db, true, [&](storage::Transaction& tx) -> core::Result<int> {
      for (const auto& p : batch) LB_CHECK(store::InsertPerson(tx, p));
      return 0;
    });
    if (!r) return core::Fail(r.error());
    summary.persons += static_cast<int64_t>(batch.size());
    if (people.size() < 600) {
      for (auto& p : batch) {
        if (people.size() >= 600) break;
        people.push_back(std::move(p));
      }
    }
    if (progress) progress(summary.persons, persons);
  }

  // Permits for up to 600 persons, in every status, each made through the service the way an
  // officer would (create, then lawful transitions), so no demo record breaks a rule it
  // enforces: a permit is recorded as expired only after its end date has passed, and one
  // still issued or extended runs until today or later (some within 30/60/90 days).
  static constexpr std::string_view kPaths[] = {"applied", "issued",  "issued",  "issued",    "extended",
                                                "expired", "revoked", "refused", "withdrawn", "issued"};
  const auto today = core::LocalDay(clock.Now());
  const std::string day = core::FormatDate(today);
  const Reference& ref = Reference::Embedded();
  int n = 0;
  for (const auto& p : people) {
    const std::string host = p.nationality == "LA" ? "VN" : "LA";
    std::vector<const Employer*> candidates;
    for (const auto& e : employers) {
      if (e.country == host) candidates.push_back(&e);
    }
    if (candidates.empty()) continue;
    const Employer& e = *candidates[std::uniform_int_distribution<size_t>(0, candidates.size() - 1)(rng)];
    const std::string_view path = kPaths[n % std::size(kPaths)];
    const int months = host == "VN" ? 24 : 12;
    // The earliest start of a permit that still runs today; an expired one started before it.
    const auto earliest = core::AddMonths(today, -months) + std::chrono::days(1);
    std::chrono::sys_days from;
    if (path == "expired") {
      from = earliest - std::chrono::days(std::uniform_int_distribution<int>(1, 200)(rng));
    } else {
      from = today - std::chrono::days(std::uniform_int_distribution<int>(
                         0, static_cast<int>(std::min<int64_t>(420, (today - earliest).count())))(rng));
    }
    WorkPermit w;
    w.person_id = p.id;
    w.employer_id = e.id;
    w.host_country = host;
    // The employer's province, or the one that was the same place on the start date (Vietnam's
    // provinces merged on 2025-07-01).
    const std::string from_s = core::FormatDate(from);
    std::string province = e.province.value_or(host == "VN" ? "VN-22" : "LA-VT");
    for (const auto& code : ref.EquivalentProvinces(province)) {
      const Subdivision* s = ref.FindSubdivision(code);
      if (s && ref.SubdivisionValidOn(*s, from_s)) {
        province = code;
        break;
      }
    }
    w.host_province = province;
    w.occupation = std::string(Pick(rng, demo::IscoCodesForDemo()));
    char number[32];
    std::snprintf(number, sizeof number, "%s-WP-%06d", host.c_str(), ++n);
    w.permit_number = number;
    w.valid_from = from_s;
    w.valid_until = core::FormatDate(core::AddMonths(from, months) - std::chrono::days(1));
    w.status = path == "applied" || path == "refused" || path == "withdrawn" ? "applied" : "issued";
    if (w.status == "issued") w.issued = from_s;
    LB_TRY(created, service.CreatePermit(actor, w));
    std::optional<TransitionRequest> t;
    if (path == "extended") {
      t = TransitionRequest{"extended", day, "contract renewed",
                            core::FormatDate(core::AddMonths(*core::ParseDate(created.valid_until), months))};
    } else if (path == "expired") {
      // Recorded the day after its last valid day, as the expiry job records it.
      t = TransitionRequest{"expired", core::FormatDate(*core::ParseDate(created.valid_until) + std::chrono::days(1)),
                            std::nullopt, std::nullopt};
    } else if (path == "revoked") {
      t = TransitionRequest{"revoked", day, "employment ended early", std::nullopt};
    } else if (path == "refused") {
      t = TransitionRequest{"refused", day, "incomplete application", std::nullopt};
    } else if (path == "withdrawn") {
      t = TransitionRequest{"withdrawn", day, std::nullopt, std::nullopt};
    }
    if (t) LB_CHECK(service.TransitionPermit(actor, created.id, std::nullopt, *t));
    ++summary.permits;
  }
  return summary;
}

}  // namespace lb::registry
