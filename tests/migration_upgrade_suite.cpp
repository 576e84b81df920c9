// Upgrading a database that holds data (issue 14): a database is built at the schema of an
// earlier migration set — every migration but the newest one, then every one but the newest
// two, taken from the migration list so no number is written here — and filled through plain
// SQL written for that schema (persons with a document, employers, a work permit and its
// transition, a cooperation organisation, a user with an API token, a hash-chained audit
// log). Then Migrate brings it to the newest schema, and the data must all be there and work
// through the services: the token authenticates, search finds the person, records read and
// change, and the audit chain (the old entries and the new ones) verifies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "http/message.h"
#include "platform/access/tokens.h"
#include "platform/audit/chain.h"
#include "platform/audit/verify.h"
#include "storage/migrate.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using Columns = std::map<std::string, storage::Value>;

constexpr char kAt[] = "2025-06-01T08:00:00.000Z";
constexpr char kPerson[] = "01970000-0000-7000-8000-000000000001";
constexpr char kEmployer[] = "01970000-0000-7000-8000-000000000002";
constexpr char kPermit[] = "01970000-0000-7000-8000-000000000003";
constexpr char kUser[] = "01970000-0000-7000-8000-000000000004";
constexpr char kToken[] = "01970000-0000-7000-8000-000000000005";
constexpr char kOrganisation[] = "01970000-0000-7000-8000-000000000006";
constexpr char kSecret[] = "lbt_upgrade-test-secret-0123456789abcdef";

class MigrationUpgradeSuite : public ::testing::TestWithParam<Backend> {
 protected:
  // Applies `migrations` as Migrate does: each in its own transaction, recorded in schema_version.
  static void Apply(storage::Database& db, const std::vector<storage::Migration>& migrations) {
    ASSERT_TRUE(storage::CurrentSchemaVersion(db));  // creates schema_version
    for (const auto& m : migrations) {
      auto tx = storage::Transaction::Begin(db, true);
      ASSERT_TRUE(tx);
      auto r = tx->conn().ExecScript(m.sql);
      ASSERT_TRUE(r) << "V" << m.version << ": " << r.error().message;
      ASSERT_TRUE(tx->Exec("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
                           {int64_t{m.version}, m.name, std::string(kAt)}));
      ASSERT_TRUE(tx->Commit());
    }
  }

  // Inserts a row with the given values for the columns the table has at this schema (a value
  // for a column a later migration adds is left out). Fails when the table lacks a required
  // column's value: the older schema needs something this test does not know.
  static void Insert(storage::Transaction& tx, const std::string& table, const Columns& values) {
    const bool sqlite = tx.conn().dialect() == storage::Dialect::kSqlite;
    auto rows = sqlite
                    ? tx.Query("SELECT name, \"notnull\", dflt_value, pk FROM pragma_table_info($1)", {table})
                    : tx.Query(
                          "SELECT column_name, CASE is_nullable WHEN 'NO' THEN 1 ELSE 0 END, column_default, 0"
                          " FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
                          {table});
    ASSERT_TRUE(rows) << rows.error().internal;
    ASSERT_FALSE(rows->empty()) << "no table " << table << " at this schema";
    std::string names, placeholders;
    std::vector<storage::Value> params;
    for (const auto& row : *rows) {
      const std::string column = row.Str(0);
      auto it = values.find(column);
      if (it == values.end()) {
        const bool required = row.Int(1) != 0 && row.IsNull(2) && !(sqlite && row.Int(3) != 0);
        ASSERT_FALSE(required) << table << "." << column << " is required at this schema and the test has no value";
        continue;
      }
      if (!names.empty()) {
        names += ", ";
        placeholders += ", ";
      }
      names += column;
      params.push_back(it->second);
      placeholders += "$" + std::to_string(params.size());
    }
    auto r = tx.Exec("INSERT INTO " + table + " (" + names + ") VALUES (" + placeholders + ")",
                     std::span<const storage::Value>(params));
    ASSERT_TRUE(r) << table << ": " << r.error().message << " " << r.error().internal;
  }

  // The data, written as the older schema's application would have left it.
  static void WriteData(storage::Database& db) {
    auto tx = storage::Transaction::Begin(db, true);
    ASSERT_TRUE(tx);
    Insert(*tx, "users",
           {{"id", kUser},
            {"name", "upgrader"},
            {"role", "admin"},
            {"country", "VN"},
            {"status", "active"},
            {"failed_logins", int64_t{0}},
            {"version", int64_t{1}},
            {"created_at", kAt},
            {"updated_at", kAt}});
    Insert(*tx, "api_tokens",
           {{"id", kToken},
            {"name", "upgrade"},
            {"token_hash", access::Sha256Hex(kSecret)},
            {"created_at", kAt},
            {"user_id", kUser}});
    const Columns record = {{"status", "active"}, {"version", int64_t{1}}, {"owner_node", "VN"},
                            {"created_at", kAt},  {"updated_at", kAt},     {"scope_country", "VN"}};
    Columns person = record;
    person.insert({{"id", kPerson},
                   {"family_name", "SOUVANNAVONG"},
                   {"given_names", "Khamphet"},
                   {"sex", "M"},
                   {"birth_date", "1991-03-14"},
                   {"nationality", "LA"},
                   {"home_province", "LA-VT"}});
    Insert(*tx, "persons", person);
    Insert(*tx, "person_documents",
           {{"person_id", kPerson},
            {"seq", int64_t{1}},
            {"kind", "passport"},
            {"number", "P7700123"},
            {"issuing_country", "LA"}});
    Columns employer = record;
    employer.insert({{"id", kEmployer},
                     {"name", "Song Da Construction"},
                     {"registration_number", "0100105052"},
                     {"country", "VN"},
                     {"province", "VN-HN"}});
    Insert(*tx, "employers", employer);
    Columns permit = record;
    permit.insert({{"id", kPermit},
                   {"person_id", kPerson},
                   {"employer_id", kEmployer},
                   {"host_country", "VN"},
                   {"host_province", "VN-HN"},
                   {"occupation", "7112"},
                   {"permit_number", "HN-2025-0001"},
                   {"issued", "2025-05-20"},
                   {"valid_from", "2025-06-01"},
                   {"valid_until", "2027-05-31"},
                   {"extensions", int64_t{0}}});
    permit["status"] = "issued";  // (insert keeps the record's "active")
    Insert(*tx, "work_permits", permit);
    Insert(*tx, "permit_transitions",
           {{"permit_id", kPermit},
            {"seq", int64_t{1}},
            {"to_status", "issued"},
            {"effective_on", "2025-05-20"},
            {"actor", "upgrader"},
            {"valid_until", "2027-05-31"},
            {"recorded_at", kAt}});
    const json organisation = {{"code", "VN-MOLISA"},
                               {"country", "VN"},
                               {"kind", "ministry"},
                               {"name", {{"vi", "Bộ Lao động"}, {"lo", ""}, {"en", "Ministry of Labour"}}},
                               {"abbreviation", "MoLISA"}};
    Insert(*tx, "coop_organisations",
           {{"id", kOrganisation},
            {"code", "VN-MOLISA"},
            {"country", "VN"},
            {"kind", "ministry"},
            {"search_text", "vn-molisa ministry of labour molisa"},
            {"doc", organisation.dump()},
            {"version", int64_t{1}},
            {"created_at", kAt},
            {"updated_at", kAt}});
    // Three audit entries chained as the application chains them, and the head.
    std::string prev;
    const std::vector<std::pair<std::string, std::string>> events = {
        {"person.create", kPerson}, {"employer.create", kEmployer}, {"permit.create", kPermit}};
    int64_t seq = 0;
    for (const auto& [action, id] : events) {
      audit::StoredEntry e;
      e.seq = ++seq;
      e.at = kAt;
      e.node = "VN";
      e.actor = "upgrader";
      e.action = action;
      e.entity_type = action.substr(0, action.find('.'));
      e.entity_id = id;
      e.changes = audit::CanonicalJson(json{{"status", {{"to", "active"}}}});
      e.prev_hash = prev;
      e.hash = audit::HashEntry(e);
      prev = e.hash;
      Insert(*tx, "audit_log",
             {{"seq", e.seq},
              {"at", e.at},
              {"node", e.node},
              {"actor", e.actor},
              {"action", e.action},
              {"entity_type", e.entity_type},
              {"entity_id", e.entity_id},
              {"changes", *e.changes},
              {"prev_hash", e.prev_hash},
              {"hash", e.hash}});
    }
    ASSERT_TRUE(tx->Exec("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", {seq, prev}));
    ASSERT_TRUE(tx->Commit());
  }

  // Upgrades a database built without the newest `held_back` migrations and checks the data.
  void UpgradeWithoutTheNewest(size_t held_back) {
    TestDatabase testdb(GetParam(), 8, /*migrate=*/false);
    const auto files = storage::EmbeddedMigrations(testdb.db().dialect());
    ASSERT_GT(files.size(), held_back);
    const std::vector<storage::Migration> older(files.begin(), files.end() - static_cast<ptrdiff_t>(held_back));
    Apply(testdb.db(), older);
    if (HasFatalFailure()) return;
    WriteData(testdb.db());
    if (HasFatalFailure()) return;
    auto before = storage::CurrentSchemaVersion(testdb.db());
    ASSERT_TRUE(before);
    EXPECT_EQ(*before, older.back().version);

    core::ManualClock clock(TestEpoch());
    auto applied = storage::Migrate(testdb.db(), clock);
    ASSERT_TRUE(applied) << applied.error().message;
    EXPECT_EQ(*applied, static_cast<int>(held_back));
    auto after = storage::CurrentSchemaVersion(testdb.db());
    ASSERT_TRUE(after);
    EXPECT_EQ(*after, files.back().version);

    const std::map<std::string, int64_t> counts = {{"users", 1},
                                                   {"api_tokens", 1},
                                                   {"persons", 1},
                                                   {"person_documents", 1},
                                                   {"employers", 1},
                                                   {"work_permits", 1},
                                                   {"permit_transitions", 1},
                                                   {"coop_organisations", 1},
                                                   {"audit_log", 3}};
    for (const auto& [table, n] : counts) {
      EXPECT_EQ(testdb.Query("SELECT COUNT(*) FROM " + table).at(0).Int(0), n) << table;
    }

    core::Config config;
    config.node = "VN";
    auto opened = server::Node::Open(testdb.Take(), config, clock);
    ASSERT_TRUE(opened) << opened.error().message << " " << opened.error().internal;
    server::Node& node = **opened;
    auto call = [&](const std::string& method, const std::string& target, const std::string& body = "",
                    std::map<std::string, std::string> headers = {}) {
      http::Request req;
      req.method = method;
      EXPECT_TRUE(http::ParseTarget(target, req.path, req.query));
      for (auto& [k, v] : headers) req.headers[http::ToLowerAscii(k)] = v;
      req.headers["authorization"] = std::string("Bearer ") + kSecret;
      req.body = body;
      ApiResponse out;
      out.raw = node.Handle(req);
      out.status = out.raw.status;
      out.body = out.raw.body;
      out.json = json::parse(out.body, nullptr, false);
      return out;
    };

    auto found = call("GET", "/api/v1/search?q=Souvannavong%20Khamphet");
    ASSERT_EQ(found.status, 200) << found.body;
    ASSERT_FALSE(found.json["items"].empty()) << found.body;
    EXPECT_EQ(found.json["items"][0]["person"]["id"], kPerson);
    EXPECT_EQ(found.json["items"][0]["person"]["documents"][0]["number"], "P7700123") << found.body;

    auto person = call("GET", std::string("/api/v1/persons/") + kPerson);
    ASSERT_EQ(person.status, 200) << person.body;
    EXPECT_EQ(person.json["family_name"], "SOUVANNAVONG");
    auto permit = call("GET", std::string("/api/v1/permits/") + kPermit);
    ASSERT_EQ(permit.status, 200) << permit.body;
    EXPECT_EQ(permit.json["status"], "issued");
    EXPECT_EQ(permit.json["person_id"], kPerson);
    auto employer = call("GET", std::string("/api/v1/employers/") + kEmployer);
    ASSERT_EQ(employer.status, 200) << employer.body;
    EXPECT_EQ(employer.json["registration_number"], "0100105052");
    auto organisation = call("GET", std::string("/api/v1/cooperation/organisations/") + kOrganisation);
    ASSERT_EQ(organisation.status, 200) << organisation.body;
    EXPECT_EQ(organisation.json["code"], "VN-MOLISA");
    EXPECT_EQ(organisation.json["name"]["en"], "Ministry of Labour");

    // A change through the service, audited on top of the old chain.
    auto changed = call("PATCH", std::string("/api/v1/persons/") + kPerson, json{{"phone", "+856 20 5555 1234"}}.dump(),
                        {{"If-Match", person.Header("etag")}});
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(changed.json["version"], 2);

    ASSERT_TRUE(node.audit().Flush());
    auto report = audit::Verify(node.db(), {});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_TRUE(report->intact()) << report->message;
    EXPECT_GE(report->entries, 4) << report->message;
  }
};

TEST_P(MigrationUpgradeSuite, ADatabaseWithoutTheNewestMigrationKeepsItsDataAndWorks) { UpgradeWithoutTheNewest(1); }

TEST_P(MigrationUpgradeSuite, ADatabaseWithoutTheNewestTwoMigrationsKeepsItsDataAndWorks) {
  UpgradeWithoutTheNewest(2);
}

LB_INSTANTIATE_BACKENDS(MigrationUpgradeSuite);

}  // namespace
}  // namespace lb::testing
