// Findings of the scope review, on both backends:
//  1. writes check the record's CURRENT place against the writer's scope before anything else
//     (a province officer cannot take over another province's permit by PATCH or by import),
//     and moving a record to another place (the fields that place it) is for country-wide
//     officers only, audited as `<kind>.move`;
//  2. the audit API keeps to the auditor's scope;
//  3. lists and searches write read entries naming the ids they returned.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "features/files/csv_reader.h"
#include "features/files/importer.h"
#include "features/registry/service.h"
#include "platform/access/principal.h"
#include "platform/audit/audit_log.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;

constexpr char kPermitHeader[] =
    "permit_number,host_country,host_province,occupation,valid_from,valid_until,status,person_document_kind,"
    "person_document_number,person_document_country,employer_registration_number,employer_country\n";
constexpr char kPersonHeader[] =
    "family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,document_kind,"
    "document_number,document_country,document_expires\n";
constexpr char kEmployerHeader[] = "name,registration_number,country,province,sector\n";

std::vector<std::string> FieldErrors(const ApiResponse& r) {
  std::vector<std::string> out;
  if (!r.json.is_object() || !r.json.contains("errors")) return out;
  for (const auto& e : r.json["errors"]) out.push_back(e.value("field", "?") + ":" + e.value("code", "?"));
  return out;
}

class SecurityScopeTest : public ApiFixture {
 protected:
  ApiResponse As(const std::string& token, const std::string& method, const std::string& target,
                 const json& body = nullptr, std::map<std::string, std::string> headers = {}) {
    headers["authorization"] = "Bearer " + token;
    return Send(method, target, body.is_null() ? "" : body.dump(), std::move(headers));
  }
  std::string Created(const std::string& token, const std::string& collection, const json& body) {
    auto r = As(token, "POST", collection, body);
    EXPECT_EQ(r.status, 201) << collection << " " << r.body;
    return r.json.is_object() ? r.json.value("id", "") : "";
  }
  static json Worker(const std::string& number, const std::string& given, const std::string& home = "LA-SV") {
    json b = LaoWorker();
    b["given_names"] = given;
    b["native_name"] = nullptr;
    b["home_province"] = home;
    b["documents"][0]["number"] = number;
    return b;
  }
  static json Employer(const std::string& number, const std::string& province) {
    json b = VietnameseEmployer();
    b["name"] = "Employer " + number;
    b["native_name"] = nullptr;
    b["registration_number"] = number;
    b["province"] = province;
    return b;
  }

  // The world of the takeover: a Nghệ An (VN-N08) officer registered a Lao worker, who holds a
  // permit hosted in Thanh Hóa (VN-N10) that the national office registered.
  void BuildWorld() {
    n08_ = AddUserWithToken("n08.officer", "registry_officer", "VN", std::string("VN-N08"));
    n10_ = AddUserWithToken("n10.officer", "registry_officer", "VN", std::string("VN-N10"));
    e10_ = Created(token_, "/api/v1/employers", Employer("2900000010", "VN-N10"));
    e08_ = Created(n08_, "/api/v1/employers", Employer("2900000008", "VN-N08"));
    p08_ = Created(n08_, "/api/v1/persons", Worker("P7000001", "SOMPHONE"));
    json w = {{"person_id", p08_},         {"employer_id", e10_},        {"host_country", "VN"},
              {"host_province", "VN-N10"}, {"occupation", "8153"},       {"permit_number", "WP-N10-0001"},
              {"issued", "2026-01-10"},    {"valid_from", "2026-01-10"}, {"valid_until", "2027-12-31"},
              {"status", "issued"}};
    w10_ = Created(token_, "/api/v1/permits", w);
  }

  // id, version, host_province, permit_number, valid_from of a permit row.
  std::string PermitRow(const std::string& id) {
    auto rows = testdb_->Query(
        "SELECT version, host_province, permit_number, valid_from, valid_until, employer_id FROM work_permits WHERE "
        "id = '" +
        id + "'");
    if (rows.empty()) return "missing";
    const auto& r = rows.front();
    return std::to_string(r.Int(0)) + "|" + r.Str(1) + "|" + r.Str(2) + "|" + r.Str(3) + "|" + r.Str(4) + "|" +
           r.Str(5);
  }
  std::string PersonRow(const std::string& id) {
    auto rows =
        testdb_->Query("SELECT version, nationality, home_province, phone FROM persons WHERE id = '" + id + "'");
    if (rows.empty()) return "missing";
    const auto& r = rows.front();
    return std::to_string(r.Int(0)) + "|" + r.Str(1) + "|" + (r.IsNull(2) ? "" : r.Str(2));
  }
  std::string EmployerRow(const std::string& id) {
    auto rows = testdb_->Query("SELECT version, country, province FROM employers WHERE id = '" + id + "'");
    if (rows.empty()) return "missing";
    const auto& r = rows.front();
    return std::to_string(r.Int(0)) + "|" + r.Str(1) + "|" + (r.IsNull(2) ? "" : r.Str(2));
  }

  // The audit entries about one record: "action" per entry, oldest first.
  std::vector<std::string> Actions(const std::string& entity_id) {
    EXPECT_TRUE(node_->audit().Flush());
    std::vector<std::string> out;
    for (const auto& r :
         testdb_->Query("SELECT action FROM audit_log WHERE entity_id = '" + entity_id + "' ORDER BY seq")) {
      out.push_back(r.Str(0));
    }
    return out;
  }
  json LastChanges(const std::string& entity_id, const std::string& action) {
    EXPECT_TRUE(node_->audit().Flush());
    auto rows = testdb_->Query("SELECT changes FROM audit_log WHERE entity_id = '" + entity_id + "' AND action = '" +
                               action + "' ORDER BY seq DESC");
    if (rows.empty() || rows.front().IsNull(0)) return nullptr;
    return json::parse(rows.front().Str(0));
  }

  access::Principal PrincipalOf(const std::string& name) {
    auto u = node_->users().FindByName(name);
    EXPECT_TRUE(u && *u) << name;
    return (u && *u) ? (*u)->AsPrincipal() : access::Principal{};
  }

  struct ImportRun {
    core::Result<files::ImportSummary> result = core::Fail(core::Error::Internal("not run"));
    std::vector<files::Issue> issues;
    bool Has(const std::string& column, const std::string& code) const {
      for (const auto& i : issues) {
        if (i.column == column && i.code == code) return true;
      }
      return false;
    }
    std::string Describe() const {
      std::string out;
      for (const auto& i : issues) out += std::to_string(i.row) + ":" + i.column + ":" + i.code + " ";
      return out;
    }
  };
  ImportRun Import(const access::Principal& actor, files::Kind kind, std::string text) {
    files::ImportOptions options;
    options.kind = kind;
    options.confirm_new = true;
    auto source = files::CsvReader::FromString(std::move(text));
    files::Importer importer(node_->db(), node_->registry(), &node_->audit());
    ImportRun run;
    run.result = importer.Run(actor, *source, options, [&](const files::Issue& i) { run.issues.push_back(i); }, {});
    return run;
  }

  std::string n08_, n10_, e10_, e08_, p08_, w10_;
};

// --- 1. writes keep to the record's current place ------------------------------------------------

TEST_P(SecurityScopeTest, AProvinceOfficerCannotTakeOverAnotherProvincesPermitByPatch) {
  BuildWorld();
  ASSERT_FALSE(HasFatalFailure());
  // Reading is wider than writing: the holder's registering province reads the permit.
  ASSERT_EQ(As(n08_, "GET", "/api/v1/permits/" + w10_).status, 200);
  const std::string before = PermitRow(w10_);
  const auto actions_before = Actions(w10_);

  // The takeover: host province to their own, a new number and new dates.
  auto r = As(n08_, "PATCH", "/api/v1/permits/" + w10_,
              json{{"host_province", "VN-N08"},
                   {"permit_number", "WP-N08-TAKEN"},
                   {"valid_from", "2026-02-01"},
                   {"valid_until", "2027-01-31"}},
              {{"if-match", "*"}});
  EXPECT_THAT(r.status, ::testing::AnyOf(403, 404)) << r.body;
  EXPECT_EQ(PermitRow(w10_), before) << "the permit was changed";
  EXPECT_EQ(Actions(w10_), actions_before) << "a refused write left an audit entry";
  // An invalid takeover learns nothing from validation either: the place is checked first.
  auto invalid = As(n08_, "PATCH", "/api/v1/permits/" + w10_,
                    json{{"host_province", "VN-N08"}, {"valid_until", "not a date"}}, {{"if-match", "*"}});
  EXPECT_EQ(invalid.status, 403) << invalid.body;
  EXPECT_THAT(FieldErrors(invalid), ::testing::ElementsAre("host_province:outside_scope"));
  EXPECT_EQ(PermitRow(w10_), before);

  // The permit's own province keeps it, and may still edit it.
  EXPECT_EQ(As(n10_, "PATCH", "/api/v1/permits/" + w10_, json{{"occupation", "7112"}}, {{"if-match", "*"}}).status,
            200);
}

TEST_P(SecurityScopeTest, AProvinceOfficerCannotMoveARecordOutOfTheirProvinceNamingTheField) {
  BuildWorld();
  ASSERT_FALSE(HasFatalFailure());
  struct Case {
    std::string what, target;
    json patch;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"permit host_province", "/api/v1/permits/" + w10_, json{{"host_province", "VN-N08"}},
       "host_province:move_not_allowed"},
      {"employer province", "/api/v1/employers/" + e08_, json{{"province", "VN-N10"}}, "province:move_not_allowed"},
      {"employer country", "/api/v1/employers/" + e08_, json{{"country", "LA"}, {"province", "LA-AT"}},
       "country:move_not_allowed"},
      {"person home_province", "/api/v1/persons/" + p08_, json{{"home_province", "LA-VT"}},
       "home_province:move_not_allowed"},
      {"person nationality", "/api/v1/persons/" + p08_, json{{"nationality", "TH"}}, "nationality:move_not_allowed"},
  };
  for (const auto& c : cases) {
    const std::string token = c.what.starts_with("permit") ? n10_ : n08_;  // each within its officer's place
    const std::string before = PermitRow(w10_) + EmployerRow(e08_) + PersonRow(p08_);
    auto r = As(token, "PATCH", c.target, c.patch, {{"if-match", "*"}});
    EXPECT_EQ(r.status, 403) << c.what << " " << r.body;
    EXPECT_EQ(r.json.value("type", ""), "urn:labourbridge:problem:forbidden") << c.what;
    EXPECT_THAT(FieldErrors(r), ::testing::Contains(c.error)) << c.what << " " << r.body;
    EXPECT_EQ(PermitRow(w10_) + EmployerRow(e08_) + PersonRow(p08_), before) << c.what << " wrote";
  }
  // Edits that leave the place alone still work.
  EXPECT_EQ(
      As(n08_, "PATCH", "/api/v1/persons/" + p08_, json{{"phone", "+856 20 1111 2222"}}, {{"if-match", "*"}}).status,
      200);
  EXPECT_EQ(As(n08_, "PATCH", "/api/v1/employers/" + e08_, json{{"address", "Vinh"}}, {{"if-match", "*"}}).status, 200);
}

TEST_P(SecurityScopeTest, ACountryWideOfficerMovesARecordAndTheAuditEntryIsAMove) {
  BuildWorld();
  ASSERT_FALSE(HasFatalFailure());
  auto w = As(token_, "PATCH", "/api/v1/permits/" + w10_, json{{"host_province", "VN-N08"}}, {{"if-match", "*"}});
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(w.json.value("host_province", ""), "VN-N08");
  EXPECT_EQ(Actions(w10_).back(), "permit.move");
  EXPECT_EQ(LastChanges(w10_, "permit.move"), (json{{"host_province", {{"before", "VN-N10"}, {"after", "VN-N08"}}}}));
  // Moved: now Nghệ An's to edit, no longer Thanh Hóa's.
  EXPECT_EQ(As(n08_, "PATCH", "/api/v1/permits/" + w10_, json{{"occupation", "7112"}}, {{"if-match", "*"}}).status,
            200);
  EXPECT_EQ(As(n10_, "PATCH", "/api/v1/permits/" + w10_, json{{"occupation", "8153"}}, {{"if-match", "*"}}).status,
            404);

  auto e = As(token_, "PATCH", "/api/v1/employers/" + e08_, json{{"province", "VN-N10"}}, {{"if-match", "*"}});
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(Actions(e08_).back(), "employer.move");
  EXPECT_EQ(LastChanges(e08_, "employer.move"), (json{{"province", {{"before", "VN-N08"}, {"after", "VN-N10"}}}}));

  auto p = As(token_, "PATCH", "/api/v1/persons/" + p08_, json{{"home_province", "LA-VT"}}, {{"if-match", "*"}});
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_THAT(Actions(p08_), ::testing::Contains("person.move"));
  EXPECT_EQ(LastChanges(p08_, "person.move"), (json{{"home_province", {{"before", "LA-SV"}, {"after", "LA-VT"}}}}));
  // An edit that leaves the place alone stays an update.
  ASSERT_EQ(
      As(token_, "PATCH", "/api/v1/employers/" + e08_, json{{"address", "Thanh Hoa"}}, {{"if-match", "*"}}).status,
      200);
  EXPECT_EQ(Actions(e08_).back(), "employer.update");
}

TEST_P(SecurityScopeTest, AnImportCannotTakeOverAnotherProvincesPermit) {
  BuildWorld();
  ASSERT_FALSE(HasFatalFailure());
  const std::string before = PermitRow(w10_);
  const auto actions_before = Actions(w10_);
  // The file names the Thanh Hóa permit by its number, moves it to Nghệ An with the officer's
  // own employer and new dates.
  auto run = Import(PrincipalOf("n08.officer"), files::Kind::kPermits,
                    std::string(kPermitHeader) +
                        "WP-N10-0001,VN,VN-N08,8153,2026-02-01,2027-01-31,issued,passport,P7000001,LA,2900000008,VN\n");
  EXPECT_FALSE(run.result) << "the import succeeded";
  EXPECT_TRUE(run.Has("host_province", "outside_scope")) << run.Describe();
  EXPECT_EQ(PermitRow(w10_), before);
  EXPECT_EQ(Actions(w10_), actions_before);
}

TEST_P(SecurityScopeTest, AnImportCannotMoveRecordsForAProvinceOfficerButDoesForACountryWideOne) {
  BuildWorld();
  ASSERT_FALSE(HasFatalFailure());
  const auto n08 = PrincipalOf("n08.officer");
  const std::string person_before = PersonRow(p08_), employer_before = EmployerRow(e08_);
  auto persons =
      Import(n08, files::Kind::kPersons,
             std::string(kPersonHeader) +
                 "VORACHITH,SOMPHONE,,M,1978-05,LA,LA-VT,+856 20 5555 1234,passport,P7000001,LA,2030-01-31\n");
  EXPECT_FALSE(persons.result);
  EXPECT_TRUE(persons.Has("home_province", "move_not_allowed")) << persons.Describe();
  EXPECT_EQ(PersonRow(p08_), person_before);
  auto employers = Import(n08, files::Kind::kEmployers,
                          std::string(kEmployerHeader) + "Employer 2900000008,2900000008,VN,VN-N10,C\n");
  EXPECT_FALSE(employers.result);
  EXPECT_TRUE(employers.Has("province", "move_not_allowed")) << employers.Describe();
  EXPECT_EQ(EmployerRow(e08_), employer_before);

  // The national office may: the same file moves the employer, audited as a move.
  auto national = Import(PrincipalOf("tester"), files::Kind::kEmployers,
                         std::string(kEmployerHeader) + "Employer 2900000008,2900000008,VN,VN-N10,C\n");
  ASSERT_TRUE(national.result) << national.Describe();
  EXPECT_EQ(national.result->updated, 1);
  EXPECT_EQ(Actions(e08_).back(), "employer.move");
}

// --- 2. the audit API keeps to the auditor's scope -----------------------------------------------

TEST_P(SecurityScopeTest, AProvinceAuditorReadsOnlyTheAuditEntriesOfRecordsInTheirScope) {
  BuildWorld();
  ASSERT_FALSE(HasFatalFailure());
  // A Thanh Hóa worker, and an edit of the Nghệ An worker with personal data in it.
  const std::string p10 = Created(n10_, "/api/v1/persons", Worker("P7000010", "KHAMLA", "LA-AT"));
  ASSERT_EQ(
      As(n08_, "PATCH", "/api/v1/persons/" + p08_, json{{"phone", "+856 20 9999 0000"}}, {{"if-match", "*"}}).status,
      200);
  const std::string p_only08 = Created(n08_, "/api/v1/persons", Worker("P7000002", "VANH", "LA-VT"));
  const std::string auditor10 = AddUserWithToken("n10.auditor", "auditor", "VN", std::string("VN-N10"));
  const std::string auditor_vn = AddUserWithToken("vn.auditor", "auditor", "VN");

  // The registry hides the Nghệ An-only worker from the Thanh Hóa auditor...
  ASSERT_EQ(As(auditor10, "GET", "/api/v1/persons/" + p_only08).status, 404);
  // ...and so does the audit API: 404 for the entity, as for one that does not exist.
  auto one = As(auditor10, "GET", "/api/v1/audit?entity=person:" + p_only08);
  EXPECT_EQ(one.status, 404) << one.body;
  EXPECT_EQ(one.body.find("VANH"), std::string::npos);
  EXPECT_EQ(one.body.find("P7000002"), std::string::npos);
  // Lists leave the entries of records they cannot see out.
  for (const std::string& target : {std::string("/api/v1/audit?entity=person"), std::string("/api/v1/audit"),
                                    std::string("/api/v1/audit?actor=n08.officer")}) {
    auto list = As(auditor10, "GET", target + (target.find('?') == std::string::npos ? "?" : "&") + "limit=1000");
    ASSERT_EQ(list.status, 200) << target << " " << list.body;
    std::set<std::string> ids;
    for (const auto& e : list.json["items"]) ids.insert(e.value("entity_type", "") + ":" + e.value("entity_id", ""));
    EXPECT_FALSE(ids.contains("person:" + p_only08)) << target << " leaked the Nghệ An worker";
    EXPECT_EQ(list.body.find("P7000002"), std::string::npos) << target;
    if (target.find("actor") == std::string::npos) {
      EXPECT_TRUE(ids.contains("person:" + p10)) << target << " lost the auditor's own province";
    }
    // Visible through the permit hosted in Thanh Hóa.
    if (target.find("entity=person") != std::string::npos) {
      EXPECT_TRUE(ids.contains("person:" + p08_)) << target;
    }
  }
  // The national auditor sees both.
  auto national = As(auditor_vn, "GET", "/api/v1/audit?entity=person:" + p_only08);
  ASSERT_EQ(national.status, 200) << national.body;
  EXPECT_FALSE(national.json["items"].empty());

  // The person page's history keeps to the same visibility.
  auto history = node_->registry().PersonHistory(PrincipalOf("n10.auditor"), p_only08);
  ASSERT_FALSE(history);
  EXPECT_EQ(history.error().code, core::ErrorCode::kNotFound);
}

// --- 3. lists and searches write read entries -----------------------------------------------------

// Only auditors read the log: a viewer and an officer of the province whose records are in it
// get 403, an anonymous caller 401, and none of them sees an entry.
TEST_P(SecurityScopeTest, OnlyAuditorsReadTheAuditLog) {
  BuildWorld();
  ASSERT_FALSE(HasFatalFailure());
  const std::string viewer08 = AddUserWithToken("n08.viewer", "viewer", "VN", std::string("VN-N08"));
  for (const std::string& target : {std::string("/api/v1/audit"), std::string("/api/v1/audit?entity=person:") + p08_}) {
    for (const std::string& token : {viewer08, n08_, n10_}) {
      auto r = As(token, "GET", target);
      EXPECT_EQ(r.status, 403) << target << " " << r.body;
      EXPECT_EQ(r.body.find("\"items\""), std::string::npos) << target;
    }
    auto anonymous = Send("GET", target, "", {}, /*auth=*/false);
    EXPECT_EQ(anonymous.status, 401) << target << " " << anonymous.body;
    EXPECT_EQ(anonymous.body.find("\"items\""), std::string::npos) << target;
  }
}

TEST_P(SecurityScopeTest, AListOrSearchOfPersonsWritesOneReadEntryNamingTheIdsItReturned) {
  std::set<std::string> ids;
  ids.insert(Created(token_, "/api/v1/persons", Worker("P7100001", "SOMPHONE")));
  ids.insert(Created(token_, "/api/v1/persons", Worker("P7100002", "KHAMLA")));
  ids.insert(Created(token_, "/api/v1/persons", Worker("P7100003", "VANH")));
  const std::string viewer = AddUserWithToken("reader", "viewer", "VN");
  ASSERT_TRUE(node_->audit().Flush());
  auto read_entries = [&](const std::string& action) {
    EXPECT_TRUE(node_->audit().Flush());
    std::vector<std::set<std::string>> out;
    for (const auto& r : testdb_->Query("SELECT changes FROM audit_log WHERE actor = 'reader' AND action = '" + action +
                                        "' ORDER BY seq")) {
      std::set<std::string> s;
      if (!r.IsNull(0)) {
        for (const auto& id : json::parse(r.Str(0)).value("ids", json::array())) s.insert(id.get<std::string>());
      }
      out.push_back(s);
    }
    return out;
  };

  auto list = As(viewer, "GET", "/api/v1/persons");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json["items"].size(), 3u);
  EXPECT_THAT(read_entries("person.list"), ::testing::ElementsAre(ids));

  auto search = As(viewer, "GET", "/api/v1/search?q=KHAMLA");
  ASSERT_EQ(search.status, 200);
  std::set<std::string> found;
  for (const auto& h : search.json["items"]) found.insert(h["person"].value("id", ""));
  ASSERT_FALSE(found.empty());
  EXPECT_THAT(read_entries("person.search"), ::testing::ElementsAre(found));

  // Employers and permits lists too.
  const std::string employer = Created(token_, "/api/v1/employers", Employer("2900000100", "VN-N08"));
  ASSERT_EQ(As(viewer, "GET", "/api/v1/employers").status, 200);
  EXPECT_THAT(read_entries("employer.list"), ::testing::ElementsAre(std::set<std::string>{employer}));
  json w = {{"person_id", *ids.begin()}, {"employer_id", employer},    {"host_country", "VN"},
            {"host_province", "VN-N08"}, {"occupation", "8153"},       {"permit_number", "WP-LIST-1"},
            {"issued", "2026-01-10"},    {"valid_from", "2026-01-10"}, {"valid_until", "2027-12-31"},
            {"status", "issued"}};
  const std::string permit = Created(token_, "/api/v1/permits", w);
  ASSERT_EQ(As(viewer, "GET", "/api/v1/permits").status, 200);
  EXPECT_THAT(read_entries("permit.list"), ::testing::ElementsAre(std::set<std::string>{permit}));

  // An empty page read nobody: no entry.
  ASSERT_EQ(As(viewer, "GET", "/api/v1/persons?nationality=TH").status, 200);
  EXPECT_EQ(read_entries("person.list").size(), 1u);
}

}  // namespace

LB_INSTANTIATE_BACKENDS(SecurityScopeTest);

}  // namespace lb::testing
