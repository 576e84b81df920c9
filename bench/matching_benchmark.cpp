// Duplicate checks in bulk (issue 16; registry/matching/bulk_duplicates.h): a registry of
// generated persons (names of Lao syllables), then a batch of new persons of which half are
// registered persons under new passports (the same name in other letter case, the same birth
// date). Prints, in one run:
//   - the per-person check (RegistryService::FindDuplicates, what the importer did before),
//     on a sample: persons/s — the baseline;
//   - the bulk check on the whole batch: persons/s, candidate pairs/s, pairs scored;
//   - recall of the blocking step (planted duplicates whose registered person is among the
//     candidates) and of the whole check (reported as probable duplicates);
//   - whether the bulk answers equal the per-person ones on the sample (they must).
//
//   lb_bench_matching [--persons N] [--batch N] [--sample N] [--db URL]
// Defaults: 200,000 persons, a batch of 20,000, a sample of 1,000, a SQLite file under
// build/bench-cache (built once per size). Issue 16's goal: >= 10,000 rows/s into a
// 1,000,000-person registry.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"
#include "features/registry/bulk.h"
#include "features/registry/matching/bulk_duplicates.h"
#include "features/registry/service.h"
#include "storage/database.h"
#include "storage/migrate.h"

namespace {

using namespace lb;
using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "lb_bench_matching: %s\n", what.c_str());
  std::exit(3);
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

registry::Person Generate(uint32_t seed, int number) {
  static const char* kSyllables[] = {"phom", "ma",  "vong", "sou",  "van", "na",   "keo",   "si", "ha", "rath",
                                     "xay",  "sen", "bou",  "pha",  "lo",  "chit", "thong", "da", "la", "sy",
                                     "kham", "in",  "sa",   "vang", "noy", "mee",  "phet",  "ka"};
  std::mt19937 rng(seed);
  auto syl = [&] { return std::string(kSyllables[rng() % 28]); };
  registry::Person p;
  p.family_name = syl() + syl() + (rng() % 2 ? syl() : "");
  for (auto& ch : p.family_name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  p.given_names = syl() + (rng() % 2 ? syl() : "");
  p.given_names[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(p.given_names[0])));
  char birth[16];
  std::snprintf(birth, sizeof birth, "%u-%02u-%02u", static_cast<unsigned>(1960 + rng() % 45),
                static_cast<unsigned>(1 + rng() % 12), static_cast<unsigned>(1 + rng() % 28));
  p.birth_date = birth;
  p.sex = seed % 2 ? "F" : "M";
  p.nationality = "LA";
  p.home_province = "LA-VT";
  char passport[32];
  std::snprintf(passport, sizeof passport, "P%08d", number);
  p.documents.push_back({"passport", passport, "LA", std::nullopt});
  return p;
}

int64_t QueryInt(storage::Database& db, const std::string& sql) {
  auto r = storage::InTransaction(db, false, [&](storage::Transaction& tx) -> core::Result<int64_t> {
    LB_TRY(rows, tx.Query(sql, {}));
    return rows.front().Int(0);
  });
  if (!r) Die(sql + ": " + r.error().message);
  return *r;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t persons = 200000, batch = 20000, sample = 1000;
  std::string url;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--persons") {
      persons = std::atoll(next().c_str());
    } else if (a == "--batch") {
      batch = std::atoll(next().c_str());
    } else if (a == "--sample") {
      sample = std::atoll(next().c_str());
    } else if (a == "--db") {
      url = next();
    }  // other flags (bench/run passes Google Benchmark ones) are ignored
  }
  if (url.empty()) {
    std::filesystem::create_directories("build/bench-cache");
    url = "sqlite:build/bench-cache/matching-" + std::to_string(persons) + ".db";
  }
  core::SystemClock clock;
  auto db = storage::OpenDatabase(url, 4);
  if (!db) Die("open " + url + ": " + db.error().message);
  if (auto m = storage::Migrate(**db, clock); !m) Die("migrate: " + m.error().message);
  registry::RegistryService svc(**db, clock, "LA");
  access::Principal actor = access::Principal::System("LA");
  if (QueryInt(**db, "SELECT COUNT(*) FROM persons") < persons) {
    const auto t = Clock::now();
    auto built = (*db)->RunWrite([&](storage::Transaction& tx) -> core::Status {
      LB_TRY(gone, tx.Exec("DELETE FROM person_name_terms", {}));
      LB_TRY(gone2, tx.Exec("DELETE FROM person_documents", {}));
      LB_TRY(gone3, tx.Exec("DELETE FROM persons", {}));
      (void)gone, (void)gone2, (void)gone3;
      registry::PersonBulkWriter writer(tx);
      for (int64_t i = 0; i < persons; ++i) {
        registry::Person p = Generate(static_cast<uint32_t>(i), static_cast<int>(i));
        (void)registry::PrepareNewPerson(clock, "LA", actor, p);
        auto terms = registry::PersonNameTerms(p);
        writer.Add(std::move(p), std::move(terms));
        if (writer.queued() >= 5000) LB_CHECK(writer.Flush());
      }
      return writer.Finish();
    });
    if (!built) Die("build: " + built.error().message + " " + built.error().internal);
    std::printf("registry: %lld generated persons written in %.1f s (bulk writer, no audit)\n",
                static_cast<long long>(persons), Seconds(Clock::now() - t));
  }
  // The batch: even rows are registered persons under new passports, odd rows new persons.
  std::vector<registry::Person> inputs;
  std::vector<int64_t> planted;  // registry person of each input, -1 for none
  std::mt19937 pick(99);
  for (int64_t i = 0; i < batch; ++i) {
    if (i % 2 == 0) {
      const auto j = static_cast<int64_t>(pick() % static_cast<uint64_t>(persons));
      registry::Person p = Generate(static_cast<uint32_t>(j), static_cast<int>(persons + i));
      p.family_name[1] = static_cast<char>(std::tolower(static_cast<unsigned char>(p.family_name[1])));
      inputs.push_back(p);
      planted.push_back(j);
    } else {
      inputs.push_back(Generate(static_cast<uint32_t>(10'000'000 + i), static_cast<int>(persons + i)));
      planted.push_back(-1);
    }
  }
  // Registered person j has passport number j: its id, for the recall.
  auto id_of_passport = [&](int64_t j) {
    char passport[32];
    std::snprintf(passport, sizeof passport, "P%08lld", static_cast<long long>(j));
    auto r = storage::InTransaction(**db, false, [&](storage::Transaction& tx) -> core::Result<std::string> {
      LB_TRY(rows, tx.Query("SELECT person_id FROM person_documents WHERE number = $1", {std::string(passport)}));
      return rows.empty() ? std::string() : rows.front().Str(0);
    });
    return r ? *r : std::string();
  };

  // Baseline: the per-person check on a sample.
  const int64_t n_sample = std::min(sample, batch);
  std::vector<std::vector<registry::DuplicateCandidate>> one_by_one;
  auto t = Clock::now();
  for (int64_t i = 0; i < n_sample; ++i) {
    auto r = svc.FindDuplicates(actor, inputs[static_cast<size_t>(i)]);
    if (!r) Die("FindDuplicates: " + r.error().message);
    one_by_one.push_back(std::move(*r));
  }
  const double per_person_s = Seconds(Clock::now() - t);
  const double base_rate = static_cast<double>(n_sample) / per_person_s;
  std::printf("%-44s %8.0f persons/s  (%lld persons, %.1f s)\n", "baseline: per-person check (FindDuplicates)",
              base_rate, static_cast<long long>(n_sample), per_person_s);

  registry::matching::BulkDuplicateFinder finder(**db, svc.ScopeOf(actor));
  std::vector<std::vector<std::string>> blocked;
  t = Clock::now();
  std::vector<std::vector<registry::DuplicateCandidate>> found;
  constexpr size_t kWindow = 2000;  // as the importer calls it
  for (size_t start = 0; start < inputs.size(); start += kWindow) {
    const size_t n = std::min(kWindow, inputs.size() - start);
    auto r = finder.Find(std::span<const registry::Person>(inputs).subspan(start, n), &blocked);
    if (!r) Die("Find: " + r.error().message);
    for (auto& f : *r) found.push_back(std::move(f));
  }
  const double bulk_s = Seconds(Clock::now() - t);
  const auto& st = finder.stats();
  std::printf(
      "%-44s %8.0f persons/s  (%lld persons, %.1f s; %.1fx the baseline); goal >= 10000 rows/s "
      "(1,000,000 persons; this registry %lld)\n",
      "bulk check (BulkDuplicateFinder)", static_cast<double>(batch) / bulk_s, static_cast<long long>(batch), bulk_s,
      static_cast<double>(batch) / bulk_s / base_rate, static_cast<long long>(persons));
  std::printf("%-44s %8.0f pairs/s    (%lld candidate pairs, %lld scored in full, %lld lookups, %lld terms read)\n",
              "  pairs", static_cast<double>(st.candidate_pairs) / bulk_s, static_cast<long long>(st.candidate_pairs),
              static_cast<long long>(st.scored_pairs), static_cast<long long>(st.lookups),
              static_cast<long long>(st.terms_read));
  int64_t planted_n = 0, in_block = 0, reported = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (planted[i] < 0) continue;
    ++planted_n;
    const std::string id = id_of_passport(planted[i]);
    if (std::binary_search(blocked[i].begin(), blocked[i].end(), id)) ++in_block;
    for (const auto& c : found[i]) reported += c.person.id == id;
  }
  std::printf("%-44s %8.3f           (%lld of %lld planted duplicates among the candidates)\n", "  recall of blocking",
              static_cast<double>(in_block) / static_cast<double>(planted_n), static_cast<long long>(in_block),
              static_cast<long long>(planted_n));
  std::printf("%-44s %8.3f           (%lld reported as probable duplicates)\n", "  recall of the whole check",
              static_cast<double>(reported) / static_cast<double>(planted_n), static_cast<long long>(reported));
  int64_t same = 0;
  for (int64_t i = 0; i < n_sample; ++i) {
    const auto& a = one_by_one[static_cast<size_t>(i)];
    const auto& b = found[static_cast<size_t>(i)];
    bool eq = a.size() == b.size();
    for (size_t k = 0; eq && k < a.size(); ++k) {
      eq = a[k].person.id == b[k].person.id && a[k].score == b[k].score && a[k].reasons == b[k].reasons;
    }
    same += eq;
  }
  std::printf("%-44s %lld of %lld\n", "  answers equal to the per-person check", static_cast<long long>(same),
              static_cast<long long>(n_sample));
  return same == n_sample ? 0 : 1;
}
