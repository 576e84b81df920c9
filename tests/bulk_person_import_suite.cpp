// Bulk import of persons (issue 16) on both backends: new persons written in multi-row
// statements and checked for duplicates in batches give exactly what the one-by-one path
// gives — records, name index, audit entries (bytes and chain), issues — a failed import
// leaves nothing, and progress is reported.
#include <gtest/gtest.h>

#include <random>

#include "features/files/csv_reader.h"
#include "features/files/importer.h"
#include "features/registry/bulk.h"
#include "features/registry/matching/bulk_duplicates.h"
#include "features/registry/service.h"
#include "platform/audit/audit_log.h"
#include "platform/audit/chain.h"
#include "platform/audit/verify.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using files::Issue;
using files::Kind;

constexpr std::string_view kHeader =
    "family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,document_kind,"
    "document_number,document_country,document_expires\n";

// Names of Lao syllables: many distinct names, as in a registry.
struct Generated {
  std::string family, given, native, birth;
};
Generated Make(uint32_t seed) {
  static const char* kSyllables[] = {"phom", "ma",  "vong", "sou", "van", "na",   "keo",   "si", "ha",   "rath",
                                     "xay",  "sen", "bou",  "pha", "lo",  "chit", "thong", "da", "kham", "noy"};
  std::mt19937 rng(seed);
  auto syl = [&] { return std::string(kSyllables[rng() % 20]); };
  Generated g;
  g.family = syl() + syl() + (rng() % 2 ? syl() : "");
  for (auto& ch : g.family) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  g.given = syl() + (rng() % 2 ? syl() : "");
  g.given[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(g.given[0])));
  static const char* kNative[] = {"", "", "", "ຄຳຫລ້າ ພົມມະວົງ", "ບຸນມີ ແກ້ວມະນີ", "Nguyễn Văn An"};
  g.native = kNative[rng() % 6];
  char birth[16];
  std::snprintf(birth, sizeof birth, "%u-%02u-%02u", static_cast<unsigned>(1960 + rng() % 40),
                static_cast<unsigned>(1 + rng() % 12), static_cast<unsigned>(1 + rng() % 28));
  g.birth = birth;
  return g;
}

std::string Line(const Generated& g, const std::string& sex, const std::string& passport) {
  return g.family + "," + g.given + "," + g.native + "," + sex + "," + g.birth +
         ",LA,LA-VT,+856 20 1234 5678,passport," + passport + ",LA,2031-01-02\n";
}

std::string Passport(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "P%07d", i);
  return buf;
}

// A file of n generated persons (passports from `first`).
std::string File(int n, int first = 0, uint32_t seed_base = 1) {
  std::string out(kHeader);
  for (int i = 0; i < n; ++i)
    out += Line(Make(seed_base + static_cast<uint32_t>(i)), i % 2 ? "F" : "M", Passport(first + i));
  return out;
}

// One database with its services.
struct Node {
  explicit Node(Backend backend) : testdb(std::make_unique<TestDatabase>(backend)) {
    clock = std::make_unique<core::ManualClock>(TestEpoch());
    audit = std::make_unique<audit::AuditLog>(testdb->db(), *clock, "LA");
    registry = std::make_unique<registry::RegistryService>(testdb->db(), *clock, "LA", audit.get());
    clerk.user_name = "clerk";
    clerk.role = access::Role::kRegistryOfficer;
    clerk.country = "LA";
  }
  ~Node() {
    registry.reset();
    audit.reset();
    testdb.reset();
  }
  struct Outcome {
    core::Result<files::ImportSummary> result = core::Fail(core::Error::Internal("not run"));
    files::ImportSummary summary;
    std::vector<Issue> issues;
    std::vector<files::ImportProgress> progress;
  };
  Outcome Import(std::string text, files::ImportOptions options = {}) {
    options.kind = Kind::kPersons;
    options.clock = clock.get();
    auto source = files::CsvReader::FromString(std::move(text));
    files::Importer importer(testdb->db(), *registry, audit.get());
    Outcome o;
    o.result = importer.Run(
        clerk, *source, options, [&](const Issue& i) { o.issues.push_back(i); },
        [&](const files::ImportProgress& p) { o.progress.push_back(p); }, &o.summary);
    if (o.result) o.summary = *o.result;
    return o;
  }
  int64_t Count(const std::string& table) { return testdb->Query("SELECT COUNT(*) FROM " + table).front().Int(0); }

  std::unique_ptr<TestDatabase> testdb;
  std::unique_ptr<core::ManualClock> clock;
  std::unique_ptr<audit::AuditLog> audit;
  std::unique_ptr<registry::RegistryService> registry;
  access::Principal clerk;
};

files::ImportOptions OneByOne() {
  files::ImportOptions o;
  o.bulk = false;
  return o;
}

class BulkPersonImportTest : public ::testing::TestWithParam<Backend> {};

TEST_P(BulkPersonImportTest, AnImportThatFailsHalfWayLeavesNoRowsAndNoAuditEntries) {
  Node node(GetParam());
  // Row 3,502 is invalid: the first windows of new persons were already written in the
  // transaction when it is read.
  std::string file = File(3500);
  file += "PHOMMAVONG,Khamla,,Q,1990-01-01,LA,LA-VT,,passport,P9999999,LA,\n";
  file += File(500, 5000, 90000).substr(kHeader.size());
  auto o = node.Import(file);
  ASSERT_FALSE(o.result);
  EXPECT_EQ(o.summary.invalid, 1);
  EXPECT_EQ(o.summary.rows, 4001);
  EXPECT_FALSE(o.summary.committed);
  ASSERT_EQ(o.issues.size(), 1u);
  EXPECT_EQ(o.issues[0].row, 3502);
  EXPECT_EQ(o.issues[0].column, "sex");
  for (const char* table : {"persons", "person_documents", "person_name_terms", "name_terms", "audit_log"}) {
    EXPECT_EQ(node.Count(table), 0) << table;
  }
  // And a second run of the valid rows starts cleanly.
  auto again = node.Import(File(3500));
  ASSERT_TRUE(again.result) << again.result.error().message;
  EXPECT_EQ(again.summary.created, 3500);
  EXPECT_EQ(node.Count("persons"), 3500);
  EXPECT_EQ(node.Count("audit_log"), 3500);
}

TEST_P(BulkPersonImportTest, EachCreatedRecordHasItsAuditEntryWithTheSameBytesAndTheChainVerifies) {
  Node bulk(GetParam()), one(GetParam());
  const std::string file = File(2500);
  auto a = bulk.Import(file);
  auto b = one.Import(file, OneByOne());
  ASSERT_TRUE(a.result) << a.result.error().message;
  ASSERT_TRUE(b.result) << b.result.error().message;
  EXPECT_EQ(a.summary.created, 2500);
  EXPECT_EQ(b.summary.created, 2500);
  // One person.create entry per person, naming it, in the file's order.
  auto entries = bulk.testdb->Query(
      "SELECT a.entity_id, p.id, a.actor, a.action FROM audit_log a LEFT JOIN persons p ON p.id = a.entity_id"
      " ORDER BY a.seq");
  ASSERT_EQ(entries.size(), 2500u);
  for (const auto& e : entries) {
    EXPECT_EQ(e.Str(0), e.Str(1));
    EXPECT_EQ(e.Str(2), "clerk");
    EXPECT_EQ(e.Str(3), "person.create");
  }
  // The changes are the bytes the one-by-one path hashes (ids differ; the changes name none).
  auto changes = [](Node& n) {
    std::vector<std::string> out;
    for (const auto& r : n.testdb->Query("SELECT a.changes FROM audit_log a JOIN person_documents d ON d.person_id = "
                                         "a.entity_id ORDER BY d.number")) {
      out.push_back(r.Str(0));
    }
    return out;
  };
  EXPECT_EQ(changes(bulk), changes(one));
  auto verified = audit::Verify(bulk.testdb->db(), {});
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact()) << verified->message;
  // The records and the name index are the same as one by one.
  auto records = [](Node& n) {
    std::vector<std::string> out;
    for (const auto& r : n.testdb->Query(
             "SELECT d.number, p.family_name, p.given_names, COALESCE(p.native_name, '-'), p.birth_date, p.status,"
             " p.version, p.scope_country, p.name_ref IS NOT NULL FROM persons p JOIN person_documents d"
             " ON d.person_id = p.id ORDER BY d.number")) {
      std::string s;
      for (size_t i = 0; i < r.size(); ++i) s += r.Str(i) + "|";
      out.push_back(s);
    }
    return out;
  };
  EXPECT_EQ(records(bulk), records(one));
  auto index = [](Node& n) {
    std::vector<std::string> out;
    for (const auto& r : n.testdb->Query("SELECT d.number, t.term FROM person_name_terms x JOIN name_terms t ON"
                                         " t.id = x.term_id JOIN persons p ON p.name_ref = x.ref JOIN"
                                         " person_documents d ON d.person_id = p.id ORDER BY d.number, t.term")) {
      out.push_back(r.Str(0) + " " + r.Str(1));
    }
    return out;
  };
  const auto bulk_index = index(bulk);
  EXPECT_GT(bulk_index.size(), 2500u * 5);
  EXPECT_EQ(bulk_index, index(one));
  // Search finds a person the bulk path wrote.
  const Generated g = Make(1 + 1234);
  auto hits = bulk.registry->SearchPersons(bulk.clerk, g.given + " " + g.family, 10);
  ASSERT_TRUE(hits);
  bool found = false;
  for (const auto& h : *hits)
    found = found || (h.person.documents.size() == 1 && h.person.documents[0].number == Passport(1234));
  EXPECT_TRUE(found);
}

TEST_P(BulkPersonImportTest, TheDirectCreationChangesAreTheJsonTreesBytes) {
  Node node(GetParam());
  registry::Person p;
  p.family_name = "PHOMMA\"VONG\\";
  p.given_names = "Kham\tla";
  p.native_name = std::string("ຄຳ\x01ຫລ້າ");
  p.sex = "F";
  p.nationality = "LA";
  p.documents.push_back({"passport", "P1234567", "LA", std::nullopt});
  p.documents.push_back({"national_id", "123", "LA", "2030-01-01"});
  auto tx = storage::Transaction::Begin(node.testdb->db(), true);
  ASSERT_TRUE(tx);
  registry::Person q = p;
  auto w = node.registry->InsertPersonIn(*tx, node.clerk, q);
  ASSERT_TRUE(w) << w.error().message;
  EXPECT_EQ(registry::PersonCreationChanges(w->record), audit::CanonicalJson(w->event.changes));
  registry::Person r = p;
  auto event = registry::PrepareNewPerson(*node.clock, "LA", node.clerk, r);
  EXPECT_EQ(event.changes, audit::CanonicalJson(w->event.changes));
  EXPECT_EQ(event.action, "person.create");
  EXPECT_EQ(event.entity_id, r.id);
  EXPECT_EQ(r.scope.country, std::optional<std::string>("LA"));
}

TEST_P(BulkPersonImportTest, DuplicatesInAPopulatedRegistryAreFoundExactlyAsOneByOne) {
  Node node(GetParam());
  ASSERT_TRUE(node.Import(File(600)).result);
  // Registered persons under new passports (same name in other letter case, same birth
  // date; and some with another birth year), and new persons.
  std::string file(kHeader);
  int planted = 0;
  for (int i = 0; i < 450; ++i) {
    Generated g = Make(1 + static_cast<uint32_t>(i));
    const std::string sex = i % 2 ? "F" : "M";
    if (i % 3 == 0) {
      g.family[1] = static_cast<char>(std::tolower(static_cast<unsigned char>(g.family[1])));
      ++planted;
    } else if (i % 3 == 1) {
      g.birth[3] = g.birth[3] == '9' ? '0' : static_cast<char>(g.birth[3] + 1);
    } else {
      g = Make(50000 + static_cast<uint32_t>(i));
    }
    file += Line(g, sex, Passport(100000 + i));
  }
  files::ImportOptions dry;
  dry.dry_run = true;
  files::ImportOptions dry_one = OneByOne();
  dry_one.dry_run = true;
  auto a = node.Import(file, dry);
  auto b = node.Import(file, dry_one);
  ASSERT_TRUE(a.result) << a.result.error().message;
  ASSERT_TRUE(b.result) << b.result.error().message;
  EXPECT_EQ(a.summary.created, b.summary.created);
  EXPECT_EQ(a.summary.invalid, b.summary.invalid);
  ASSERT_EQ(a.issues.size(), b.issues.size());
  int duplicates = 0;
  for (size_t i = 0; i < a.issues.size(); ++i) {
    EXPECT_EQ(a.issues[i].row, b.issues[i].row);
    EXPECT_EQ(a.issues[i].column, b.issues[i].column);
    EXPECT_EQ(a.issues[i].value, b.issues[i].value);
    EXPECT_EQ(a.issues[i].code, b.issues[i].code);
    EXPECT_EQ(a.issues[i].message, b.issues[i].message);
    duplicates += a.issues[i].code == "possible_duplicate";
  }
  EXPECT_GE(duplicates, planted);
  // A real run with --skip-invalid writes the others, each audited, the chain intact.
  files::ImportOptions skip;
  skip.skip_invalid = true;
  auto c = node.Import(file, skip);
  ASSERT_TRUE(c.result);
  EXPECT_EQ(c.summary.created, a.summary.created);
  EXPECT_EQ(node.Count("persons"), 600 + c.summary.created);
  EXPECT_EQ(node.Count("audit_log"), 600 + c.summary.created);
  auto verified = audit::Verify(node.testdb->db(), {});
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact()) << verified->message;
}

TEST_P(BulkPersonImportTest, TheBlockingStepGivesEveryPlantedDuplicateItsRegisteredPerson) {
  Node node(GetParam());
  ASSERT_TRUE(node.Import(File(300)).result);
  registry::matching::BulkDuplicateFinder finder(node.testdb->db(), node.registry->ScopeOf(node.clerk));
  std::vector<registry::Person> inputs;
  for (int i = 0; i < 300; i += 7) {
    const Generated g = Make(1 + static_cast<uint32_t>(i));
    registry::Person p;
    p.family_name = g.family;
    p.given_names = g.given;
    if (!g.native.empty()) p.native_name = g.native;
    p.sex = i % 2 ? "F" : "M";
    p.birth_date = g.birth;
    p.nationality = "LA";
    p.documents.push_back({"passport", Passport(700000 + i), "LA", std::nullopt});
    inputs.push_back(p);
  }
  auto found = finder.Find(inputs);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    auto expected = node.registry->FindDuplicates(node.clerk, inputs[i]);
    ASSERT_TRUE(expected);
    ASSERT_EQ((*found)[i].size(), expected->size()) << i;
    ASSERT_FALSE(expected->empty()) << i;
    for (size_t k = 0; k < expected->size(); ++k) {
      EXPECT_EQ((*found)[i][k].person.id, (*expected)[k].person.id);
      EXPECT_EQ((*found)[i][k].score, (*expected)[k].score);
      EXPECT_EQ((*found)[i][k].reasons, (*expected)[k].reasons);
    }
  }
  EXPECT_EQ(finder.stats().persons, static_cast<int64_t>(inputs.size()));
  EXPECT_GT(finder.stats().candidate_pairs, finder.stats().scored_pairs);
}

TEST_P(BulkPersonImportTest, ProgressIsReportedWhileTheFileIsRead) {
  Node node(GetParam());
  auto o = node.Import(File(5000));
  ASSERT_TRUE(o.result);
  ASSERT_GE(o.progress.size(), 3u);
  int64_t last = 0;
  for (const auto& p : o.progress) {
    EXPECT_GE(p.rows, last);
    last = p.rows;
  }
  EXPECT_EQ(o.progress[0].rows, 2000);
  EXPECT_FALSE(o.progress[0].finished);
  EXPECT_TRUE(o.progress.back().finished);
  EXPECT_EQ(o.progress.back().rows, 5000);
}

LB_INSTANTIATE_BACKENDS(BulkPersonImportTest);

}  // namespace
}  // namespace lb::testing
