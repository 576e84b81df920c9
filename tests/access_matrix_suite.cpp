// The access matrix of issue 4, on both backends: every role × scope × record kind × action
// (list, list by province, read, create, PATCH, archive, transition), through the API, with
// records inside and outside the acting user's scope. Each case checks the exact status, for
// lists exactly which records come back, and that a refusal (or a read) changed nothing in the
// registry. Then the attacks the issue names: a province officer reaching for another
// province's person, a viewer writing, a user changing their own role, a disabled user's token
// and a token of another node.
//
// The expectations are written out as tables (the spec), not derived from the code under test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/id.h"
#include "features/registry/service.h"
#include "http/message.h"
#include "platform/access/principal.h"
#include "platform/access/users.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using Labels = std::set<std::string>;

constexpr char kNoSuchId[] = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";

enum class Kind { kPerson = 0, kEmployer = 1, kPermit = 2 };
constexpr Kind kKinds[] = {Kind::kPerson, Kind::kEmployer, Kind::kPermit};

const char* KindName(Kind k) {
  static constexpr const char* kNames[] = {"person", "employer", "permit"};
  return kNames[static_cast<int>(k)];
}
std::string Collection(Kind k) {
  static constexpr const char* kPaths[] = {"/api/v1/persons", "/api/v1/employers", "/api/v1/permits"};
  return kPaths[static_cast<int>(k)];
}

// --- the rules, as tables ----------------------------------------------------------------------

// What each role may do with registry records (any other action answers 403).
struct RoleRule {
  const char* role;
  std::array<bool, 3> read;  // persons, employers, permits
  bool write;                // create, PATCH, archive, transition on all three
};
constexpr RoleRule kRoles[] = {
    {"admin", {true, true, true}, true},
    {"registry_officer", {true, true, true}, true},
    {"viewer", {true, true, true}, false},
    {"auditor", {true, true, true}, false},
    {"partner_node", {true, true, true}, false},
    {"welfare_officer", {true, false, false}, false},
    {"cooperation_officer", {false, false, false}, false},
    {"training_officer", {false, false, false}, false},
};

const RoleRule& RuleOf(const std::string& role) {
  for (const auto& r : kRoles) {
    if (r.role == role) return r;
  }
  throw std::invalid_argument("no rule for role " + role);
}

// The world every matrix run starts from. Who registered a record sets its registered scope,
// so some records are registered by a province officer and by an organisation officer.
// "tester" is the fixture's admin (VN, whole country).
struct RegistrarSeed {
  const char* name;
  const char* role;
  const char* country;
  const char* province;   // nullptr: whole country
  const char* org_label;  // the employer that is the registrar's organisation, or nullptr
};
constexpr RegistrarSeed kRegistrars[] = {
    {"la_admin", "admin", "LA", nullptr, nullptr},
    {"n08_officer", "registry_officer", "VN", "VN-N08", nullptr},
    {"org_officer", "registry_officer", "VN", nullptr, "E_N08"},
};

struct EmployerSeed {
  const char* label;
  const char* registrar;
  const char* country;
  const char* province;  // nullptr: none
};
constexpr EmployerSeed kEmployerSeeds[] = {
    {"E_N08", "tester", "VN", "VN-N08"},        // Nghệ An (2025 code)
    {"E_N10", "tester", "VN", "VN-N10"},        // Thanh Hóa (2025 code)
    {"E_LA", "la_admin", "LA", "LA-AT"},        // Attapeu, registered on the Lao side
    {"E_REG08", "n08_officer", "VN", nullptr},  // no province: in Nghệ An by its registered scope
    {"E_ORG", "org_officer", "VN", "VN-N10"},   // registered by E_N08's organisation officer
};

struct PersonSeed {
  const char* label;
  const char* registrar;
  const char* given_names;
  const char* nationality;
  const char* home_province;
};
constexpr PersonSeed kPersonSeeds[] = {
    {"P_SV", "tester", "SOMPHONE", "LA", "LA-SV"},        // permit W_N08 in Nghệ An
    {"P_AT", "tester", "KHAMLA", "LA", "LA-AT"},          // permit W_N10 in Thanh Hóa
    {"P_LA", "la_admin", "VANH", "LA", "LA-VT"},          // Lao side only: permit W_LA in Attapeu
    {"P_VN", "tester", "THI HOA", "VN", "VN-22"},         // Vietnamese, home Nghệ An (old code)
    {"P_REG08", "n08_officer", "BOUA", "LA", "LA-VT"},    // registered in Nghệ An; permit W_REG in Thanh Hóa
    {"P_ORG", "org_officer", "VAN NAM", "VN", "VN-N01"},  // registered by E_N08's organisation, no permit
};

struct PermitSeed {
  const char* label;
  const char* registrar;
  const char* person;
  const char* employer;
  const char* host_country;
  const char* host_province;
};
constexpr PermitSeed kPermitSeeds[] = {
    {"W_N08", "tester", "P_SV", "E_N08", "VN", "VN-N08"},  {"W_N10", "tester", "P_AT", "E_N10", "VN", "VN-N10"},
    {"W_LA", "la_admin", "P_LA", "E_LA", "LA", "LA-AT"},   {"W_REG", "tester", "P_REG08", "E_N10", "VN", "VN-N10"},
    {"W_VN", "tester", "P_VN", "E_REG08", "VN", "VN-N08"},
};

// The labels of one kind, and the province a list filters it by (persons: home province,
// employers: province, permits: host province).
std::vector<std::pair<std::string, std::string>> Seeds(Kind k) {
  std::vector<std::pair<std::string, std::string>> out;
  switch (k) {
    case Kind::kPerson:
      for (const auto& s : kPersonSeeds) out.emplace_back(s.label, s.home_province);
      break;
    case Kind::kEmployer:
      for (const auto& s : kEmployerSeeds) out.emplace_back(s.label, s.province ? s.province : "");
      break;
    case Kind::kPermit:
      for (const auto& s : kPermitSeeds) out.emplace_back(s.label, s.host_province);
      break;
  }
  return out;
}

struct PermitPlan {
  const char* person;
  const char* employer;
  const char* host_country;
  const char* host_province;
};

// One scope a user can have, and what that user must see of the world above.
struct ScopeCase {
  std::string name;
  std::string country;
  std::optional<std::string> province;
  std::optional<std::string> org_label;  // the employer that is the user's organisation
  std::array<Labels, 3> visible;         // persons, employers, permits
  // Visible, but hosted outside the user's provinces (seen through the person's registered or
  // home province): a PATCH is refused with 403 host_province:outside_scope.
  Labels permits_not_editable;
  PermitPlan create_inside;   // a permit the user may register: 201
  PermitPlan create_outside;  // one outside their scope
  int outside_status;         // 403 outside_scope, or 422 when its parties are invisible (as if missing)
  std::vector<std::string> outside_errors;
};

const std::vector<ScopeCase>& Scopes() {
  static const std::vector<ScopeCase> kScopes = {
      {"VN national",
       "VN",
       std::nullopt,
       std::nullopt,
       {Labels{"P_SV", "P_AT", "P_VN", "P_REG08", "P_ORG"}, Labels{"E_N08", "E_N10", "E_REG08", "E_ORG"},
        Labels{"W_N08", "W_N10", "W_REG", "W_VN"}},
       {},
       {"P_SV", "E_N08", "VN", "VN-N08"},
       {"P_LA", "E_LA", "LA", "LA-AT"},
       422,
       {"person_id:not_found", "employer_id:not_found"}},
      {"VN-N08 province",
       "VN",
       "VN-N08",
       std::nullopt,
       {Labels{"P_SV", "P_VN", "P_REG08"}, Labels{"E_N08", "E_REG08"}, Labels{"W_N08", "W_REG", "W_VN"}},
       {"W_REG"},
       {"P_SV", "E_N08", "VN", "VN-N08"},
       {"P_SV", "E_N08", "VN", "VN-N10"},
       403,
       {"host_province:outside_scope"}},
      // The pre-2025 code of the same province: the same place, the same records.
      {"VN-22 province (old code)",
       "VN",
       "VN-22",
       std::nullopt,
       {Labels{"P_SV", "P_VN", "P_REG08"}, Labels{"E_N08", "E_REG08"}, Labels{"W_N08", "W_REG", "W_VN"}},
       {"W_REG"},
       {"P_SV", "E_N08", "VN", "VN-N08"},
       {"P_SV", "E_N08", "VN", "VN-N10"},
       403,
       {"host_province:outside_scope"}},
      {"VN-N10 province",
       "VN",
       "VN-N10",
       std::nullopt,
       {Labels{"P_AT", "P_REG08"}, Labels{"E_N10", "E_ORG"}, Labels{"W_N10", "W_REG"}},
       {},
       {"P_AT", "E_N10", "VN", "VN-N10"},
       {"P_AT", "E_N10", "VN", "VN-N08"},
       403,
       {"host_province:outside_scope"}},
      // The partner side: Lao nationals and everything hosted in Laos.
      {"LA national",
       "LA",
       std::nullopt,
       std::nullopt,
       {Labels{"P_SV", "P_AT", "P_LA", "P_REG08"}, Labels{"E_LA"}, Labels{"W_N08", "W_N10", "W_LA", "W_REG"}},
       {},
       {"P_LA", "E_LA", "LA", "LA-AT"},
       {"P_VN", "E_N08", "VN", "VN-N08"},
       422,
       {"person_id:not_found", "employer_id:not_found"}},
      {"LA-AT province",
       "LA",
       "LA-AT",
       std::nullopt,
       {Labels{"P_AT", "P_LA"}, Labels{"E_LA"}, Labels{"W_N10", "W_LA"}},
       {"W_N10"},
       {"P_LA", "E_LA", "LA", "LA-AT"},
       {"P_LA", "E_LA", "LA", "LA-SV"},
       403,
       {"host_province:outside_scope"}},
      {"VN org E_N08",
       "VN",
       std::nullopt,
       "E_N08",
       {Labels{"P_SV", "P_ORG"}, Labels{"E_N08", "E_ORG"}, Labels{"W_N08"}},
       {},
       {"P_SV", "E_N08", "VN", "VN-N08"},
       {"P_SV", "E_N10", "VN", "VN-N08"},
       403,
       {"employer_id:outside_scope"}},
  };
  return kScopes;
}

// "field:code" for each entry of a problem's errors[].
std::vector<std::string> FieldErrors(const ApiResponse& r) {
  std::vector<std::string> out;
  if (!r.json.is_object() || !r.json.contains("errors")) return out;
  for (const auto& e : r.json["errors"]) out.push_back(e.value("field", "?") + ":" + e.value("code", "?"));
  return out;
}

std::string ProblemType(const ApiResponse& r) { return r.json.is_object() ? r.json.value("type", "") : ""; }
std::string Detail(const ApiResponse& r) { return r.json.is_object() ? r.json.value("detail", "") : ""; }

// What the registry holds: every record's version and status, and the row counts of the
// tables around them.
struct Snapshot {
  std::map<std::string, std::pair<int64_t, std::string>> records;  // id -> (version, status)
  std::map<std::string, int64_t> counts;
  bool operator==(const Snapshot&) const = default;
};

// The ids whose row differs between two snapshots (added, removed or changed).
std::set<std::string> ChangedIds(const Snapshot& a, const Snapshot& b) {
  std::set<std::string> out;
  for (const auto& [id, v] : a.records) {
    auto it = b.records.find(id);
    if (it == b.records.end() || it->second != v) out.insert(id);
  }
  for (const auto& [id, v] : b.records) {
    if (!a.records.contains(id)) out.insert(id);
  }
  return out;
}

class AccessMatrixTest : public ApiFixture {
 protected:
  // One (role, scope) run of the matrix.
  struct Run {
    const RoleRule& rule;
    const ScopeCase& scope;
    std::string token;
    bool wrote = false;
    bool Reads(Kind k) const { return rule.read[static_cast<int>(k)]; }
    bool Sees(Kind k, const std::string& label) const { return scope.visible[static_cast<int>(k)].contains(label); }
    std::string Where(const std::string& what) const {
      return std::string("[role ") + rule.role + " | scope " + scope.name + " | " + what + "]";
    }
  };

  // --- the world ---------------------------------------------------------------------------

  // A new database and node (the fixture's), with nothing in it but the admin "tester".
  void Renew() {
    ApiFixture::TearDown();
    ApiFixture::SetUp();
    id_.clear();
    label_of_.clear();
    registrar_tokens_.clear();
  }

  std::string RegistrarToken(const std::string& name) {
    if (name == "tester") return token_;
    if (auto it = registrar_tokens_.find(name); it != registrar_tokens_.end()) return it->second;
    for (const auto& r : kRegistrars) {
      if (name != r.name) continue;
      std::optional<std::string> province, org;
      if (r.province) province = r.province;
      if (r.org_label) org = id_.at(r.org_label);
      return registrar_tokens_[name] = AddUserWithToken(r.name, r.role, r.country, province, org);
    }
    ADD_FAILURE() << "no registrar " << name;
    return "";
  }

  ApiResponse As(const std::string& token, const std::string& method, const std::string& target,
                 const json& body = nullptr, std::map<std::string, std::string> headers = {}) {
    headers["authorization"] = "Bearer " + token;
    return Send(method, target, body.is_null() ? "" : body.dump(), std::move(headers));
  }

  void Register(const std::string& registrar, Kind kind, const std::string& label, const json& body) {
    auto r = As(RegistrarToken(registrar), "POST", Collection(kind), body);
    ASSERT_EQ(r.status, 201) << "setting up " << label << ": " << r.body;
    const std::string id = r.json.value("id", "");
    id_[label] = id;
    label_of_[id] = label;
  }

  json PersonBody(const std::string& given_names, const std::string& nationality, const std::string& home) {
    char number[16];
    std::snprintf(number, sizeof number, "B%07d", ++serial_);
    return {{"family_name", "MATRIX"},
            {"given_names", given_names},
            {"sex", "F"},
            {"birth_date", "1990"},
            {"nationality", nationality},
            {"home_province", home},
            {"documents", {{{"kind", "passport"}, {"number", number}, {"issuing_country", nationality}}}}};
  }

  json EmployerBody(const std::string& label, const std::string& country, const char* province) {
    json b = {{"name", "Employer " + label},
              {"registration_number", "MX-" + std::to_string(++serial_)},
              {"country", country},
              {"sector", "C"}};
    if (province) b["province"] = province;
    return b;
  }

  json PermitBody(const std::string& person, const std::string& employer, const std::string& host_country,
                  const std::string& host_province) {
    return {{"person_id", id_.at(person)},  {"employer_id", id_.at(employer)},
            {"host_country", host_country}, {"host_province", host_province},
            {"occupation", "7112"},         {"permit_number", "WP-MX-" + std::to_string(++serial_)},
            {"issued", "2026-01-10"},       {"valid_from", "2026-01-10"},
            {"valid_until", "2026-12-31"},  {"status", "issued"}};
  }

  void BuildWorld() {
    for (const auto& e : kEmployerSeeds) {
      Register(e.registrar, Kind::kEmployer, e.label, EmployerBody(e.label, e.country, e.province));
      if (HasFatalFailure()) return;
    }
    for (const auto& p : kPersonSeeds) {
      Register(p.registrar, Kind::kPerson, p.label, PersonBody(p.given_names, p.nationality, p.home_province));
      if (HasFatalFailure()) return;
    }
    for (const auto& w : kPermitSeeds) {
      Register(w.registrar, Kind::kPermit, w.label, PermitBody(w.person, w.employer, w.host_country, w.host_province));
      if (HasFatalFailure()) return;
    }
  }

  Snapshot Take() {
    Snapshot s;
    auto c = node_->db().Acquire();
    if (!c) {
      ADD_FAILURE() << "cannot acquire a connection";
      return s;
    }
    for (const char* table : {"persons", "employers", "work_permits"}) {
      auto rows = (*c)->Query(std::string("SELECT id, version, status FROM ") + table, {});
      if (!rows) {
        ADD_FAILURE() << "snapshot of " << table << " failed";
        continue;
      }
      for (const auto& row : *rows) s.records[row.Str(0)] = {row.Int(1), row.Str(2)};
    }
    for (const char* table : {"person_documents", "permit_transitions", "idempotency_keys"}) {
      auto rows = (*c)->Query(std::string("SELECT COUNT(*) FROM ") + table, {});
      s.counts[table] = rows ? rows->at(0).Int(0) : -1;
    }
    return s;
  }

  std::string Describe(const std::set<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) {
      auto it = label_of_.find(id);
      out += (out.empty() ? "" : ", ") + (it == label_of_.end() ? id : it->second);
    }
    return "{" + out + "}";
  }

  Labels LabelsOf(const ApiResponse& r) {
    Labels out;
    if (!r.json.is_object() || !r.json.contains("items")) return out;
    for (const auto& item : r.json["items"]) {
      const std::string id = item.value("id", "");
      auto it = label_of_.find(id);
      out.insert(it == label_of_.end() ? "unknown:" + id : it->second);
    }
    return out;
  }

  // --- one request of the matrix -----------------------------------------------------------

  struct Outcome {
    ApiResponse response;
    Snapshot before, after;
  };

  // Sends a request as the run's user and checks the status. A read or a refusal must leave the
  // registry as it was; a 403 is problem+json "forbidden"; a 404 reads exactly like the answer
  // for an id that does not exist.
  Outcome Expect(Run& run, const std::string& what, int expected, const std::string& method, const std::string& target,
                 const json& body = nullptr, std::map<std::string, std::string> headers = {},
                 Kind kind = Kind::kPerson) {
    Outcome o;
    o.before = Take();
    o.response = As(run.token, method, target, body, std::move(headers));
    o.after = Take();
    const ApiResponse& r = o.response;
    const std::string where = run.Where(what);
    EXPECT_EQ(r.status, expected) << where << "\n  " << method << " " << target << "\n  -> " << r.body;
    if (r.status == 403) {
      EXPECT_EQ(ProblemType(r), "urn:labourbridge:problem:forbidden") << where << " " << r.body;
      EXPECT_FALSE(Detail(r).empty()) << where;
    }
    if (r.status == 404) {
      auto missing = As(token_, "GET", Collection(kind) + "/" + kNoSuchId);
      EXPECT_EQ(Detail(r), Detail(missing)) << where << ": a 404 must read like one for a missing id";
      EXPECT_EQ(ProblemType(r), ProblemType(missing)) << where;
    }
    const bool changed_allowed = method != "GET" && r.status >= 200 && r.status < 300;
    if (!changed_allowed) {
      EXPECT_TRUE(o.before == o.after) << where << " changed the registry: " << Describe(ChangedIds(o.before, o.after));
    } else {
      run.wrote = true;
    }
    return o;
  }

  // A successful write changed exactly `id` (a new record, or its version one up).
  void ExpectOnlyChanged(const Run& run, const std::string& what, const Outcome& o, const std::string& id) {
    const auto changed = ChangedIds(o.before, o.after);
    EXPECT_EQ(changed, std::set<std::string>{id}) << run.Where(what) << " changed " << Describe(changed);
    auto before = o.before.records.find(id);
    auto after = o.after.records.find(id);
    if (before != o.before.records.end() && after != o.after.records.end()) {
      EXPECT_EQ(after->second.first, before->second.first + 1) << run.Where(what) << ": version";
    }
    if (o.response.json.is_object() && after != o.after.records.end()) {
      EXPECT_EQ(o.response.json.value("version", int64_t{-1}), after->second.first) << run.Where(what);
    }
  }

  // --- the actions -------------------------------------------------------------------------

  void Lists(Run& run) {
    for (Kind k : kKinds) {
      const int status = run.Reads(k) ? 200 : 403;
      auto o = Expect(run, std::string("list ") + KindName(k) + "s", status, "GET", Collection(k) + "?limit=500");
      if (status == 200) {
        EXPECT_EQ(LabelsOf(o.response), run.scope.visible[static_cast<int>(k)])
            << run.Where(std::string("list ") + KindName(k) + "s") << " returned the wrong records";
      }
      // Filtering by each record's province: exactly the visible ones of that province.
      std::set<std::string> provinces;
      for (const auto& [label, province] : Seeds(k)) {
        if (!province.empty()) provinces.insert(province);
      }
      for (const auto& province : provinces) {
        const std::string what = std::string("list ") + KindName(k) + "s ?province=" + province;
        auto f = Expect(run, what, status, "GET", Collection(k) + "?province=" + province + "&limit=500");
        if (status != 200) continue;
        Labels expected;
        for (const auto& [label, p] : Seeds(k)) {
          if (p == province && run.Sees(k, label)) expected.insert(label);
        }
        EXPECT_EQ(LabelsOf(f.response), expected) << run.Where(what) << " returned the wrong records";
      }
    }
  }

  void Reads(Run& run) {
    for (Kind k : kKinds) {
      for (const auto& [label, province] : Seeds(k)) {
        const std::string what = std::string("get ") + KindName(k) + " " + label;
        const int status = !run.Reads(k) ? 403 : run.Sees(k, label) ? 200 : 404;
        auto o = Expect(run, what, status, "GET", Collection(k) + "/" + id_.at(label), nullptr, {}, k);
        if (status == 200) {
          EXPECT_EQ(o.response.json.value("id", ""), id_.at(label)) << run.Where(what);
        }
      }
    }
  }

  // Reads a record back as the run's user after creating it: a user sees what they registered.
  void ExpectCreated(Run& run, const std::string& what, Kind k, const Outcome& o) {
    const std::string id = o.response.json.is_object() ? o.response.json.value("id", "") : "";
    ExpectOnlyChanged(run, what, o, id);
    label_of_[id] = std::string("new ") + KindName(k);
    auto back = As(run.token, "GET", Collection(k) + "/" + id);
    EXPECT_EQ(back.status, run.Reads(k) ? 200 : 403) << run.Where(what) << ": reading it back -> " << back.body;
  }

  void Creates(Run& run) {
    const int write = run.rule.write ? 201 : 403;
    const std::optional<std::string> province = run.scope.province;
    {
      auto o = Expect(run, "create person", write, "POST", Collection(Kind::kPerson), PersonBody("NEW", "LA", "LA-SV"));
      if (o.response.status == 201) ExpectCreated(run, "create person", Kind::kPerson, o);
    }
    {
      auto o = Expect(run, "create employer", write, "POST", Collection(Kind::kEmployer),
                      EmployerBody("new", run.scope.country, nullptr));
      if (o.response.status == 201) ExpectCreated(run, "create employer", Kind::kEmployer, o);
    }
    {
      const auto& p = run.scope.create_inside;
      auto o = Expect(run, "create permit inside scope", write, "POST", Collection(Kind::kPermit),
                      PermitBody(p.person, p.employer, p.host_country, p.host_province));
      if (o.response.status == 201) ExpectCreated(run, "create permit inside scope", Kind::kPermit, o);
    }
    {
      const auto& p = run.scope.create_outside;
      const int status = run.rule.write ? run.scope.outside_status : 403;
      auto o = Expect(run, "create permit outside scope", status, "POST", Collection(Kind::kPermit),
                      PermitBody(p.person, p.employer, p.host_country, p.host_province));
      if (run.rule.write) {
        EXPECT_THAT(FieldErrors(o.response), ::testing::UnorderedElementsAreArray(run.scope.outside_errors))
            << run.Where("create permit outside scope") << " " << o.response.body;
      }
    }
    // A role that may not write learns nothing from validation: an empty body is 403 too.
    if (!run.rule.write) {
      for (Kind k : kKinds) {
        Expect(run, std::string("create ") + KindName(k) + " with an empty body", 403, "POST", Collection(k),
               json::object());
      }
    }
  }

  json PatchBody(Kind k) {
    switch (k) {
      case Kind::kPerson:
        return {{"phone", "+84 90 " + std::to_string(1000000 + ++serial_)}};
      case Kind::kEmployer:
        return {{"address", "Matrix street " + std::to_string(++serial_)}};
      case Kind::kPermit:
        return {{"occupation", "8153"}};
    }
    return nullptr;
  }

  void Patches(Run& run) {
    for (Kind k : kKinds) {
      for (const auto& [label, province] : Seeds(k)) {
        const std::string what = std::string("patch ") + KindName(k) + " " + label;
        const bool not_editable = k == Kind::kPermit && run.scope.permits_not_editable.contains(label);
        const int status = !run.rule.write ? 403 : !run.Sees(k, label) ? 404 : not_editable ? 403 : 200;
        auto o = Expect(run, what, status, "PATCH", Collection(k) + "/" + id_.at(label), PatchBody(k),
                        {{"if-match", "*"}}, k);
        if (o.response.status == 200) ExpectOnlyChanged(run, what, o, id_.at(label));
        if (run.rule.write && not_editable) {
          EXPECT_THAT(FieldErrors(o.response), ::testing::ElementsAre("host_province:outside_scope"))
              << run.Where(what);
        }
      }
    }
  }

  void Transitions(Run& run) {
    for (const auto& [label, province] : Seeds(Kind::kPermit)) {
      const std::string what = "revoke permit " + label;
      // A status change is a write like an edit: only on permits hosted in the officer's place.
      const bool not_editable = run.scope.permits_not_editable.contains(label);
      const int status = !run.rule.write ? 403 : !run.Sees(Kind::kPermit, label) ? 404 : not_editable ? 403 : 200;
      auto o = Expect(run, what, status, "POST", Collection(Kind::kPermit) + "/" + id_.at(label) + "/transitions",
                      {{"to", "revoked"}, {"date", "2026-01-15"}, {"reason", "access matrix"}}, {}, Kind::kPermit);
      if (run.rule.write && not_editable) {
        EXPECT_THAT(FieldErrors(o.response), ::testing::ElementsAre("host_province:outside_scope")) << run.Where(what);
      }
      if (o.response.status == 200) {
        ExpectOnlyChanged(run, what, o, id_.at(label));
        EXPECT_EQ(o.response.json.value("status", ""), "revoked") << run.Where(what);
        EXPECT_EQ(o.after.counts.at("permit_transitions"), o.before.counts.at("permit_transitions") + 1);
      }
    }
  }

  void Archives(Run& run) {
    for (Kind k : {Kind::kPerson, Kind::kEmployer}) {
      for (const auto& [label, province] : Seeds(k)) {
        const std::string what = std::string("archive ") + KindName(k) + " " + label;
        const int status = !run.rule.write ? 403 : !run.Sees(k, label) ? 404 : 200;
        auto o = Expect(run, what, status, "POST", Collection(k) + "/" + id_.at(label) + "/archive", nullptr,
                        {{"if-match", "*"}}, k);
        if (o.response.status == 200) {
          ExpectOnlyChanged(run, what, o, id_.at(label));
          EXPECT_EQ(o.response.json.value("status", ""), "archived") << run.Where(what);
        }
      }
    }
  }

  // Every scope for one role: a user of that role and scope against the world. A run that
  // changed the world is followed by a fresh database.
  void RunMatrix(const std::string& role) {
    const RoleRule& rule = RuleOf(role);
    bool fresh = true;
    for (size_t i = 0; i < Scopes().size(); ++i) {
      const ScopeCase& scope = Scopes()[i];
      if (!fresh) Renew();
      ASSERT_FALSE(HasFatalFailure());
      if (!fresh || i == 0) BuildWorld();
      ASSERT_FALSE(HasFatalFailure()) << "the world could not be built";
      std::optional<std::string> org;
      if (scope.org_label) org = id_.at(*scope.org_label);
      Run run{rule, scope,
              AddUserWithToken("m-" + role + "-" + std::to_string(i), role, scope.country, scope.province, org)};
      Lists(run);
      Reads(run);
      Creates(run);
      Patches(run);
      Transitions(run);
      Archives(run);
      fresh = !run.wrote;
      if (!rule.write) {
        EXPECT_FALSE(run.wrote) << "role " << role << " changed the registry";
      }
    }
  }

  std::map<std::string, std::string> id_;        // label -> id
  std::map<std::string, std::string> label_of_;  // id -> label
  std::map<std::string, std::string> registrar_tokens_;
  int serial_ = 0;
};

// --- the tables are complete ----------------------------------------------------------------------

TEST_P(AccessMatrixTest, TheMatrixCoversEveryRoleAndBothSidesOfEveryScope) {
  // Every role the system knows has a row, and RoleAllows (the one table the service decides
  // with) agrees with it cell by cell.
  std::set<std::string> in_table;
  for (const auto& r : kRoles) in_table.insert(r.role);
  std::set<std::string> known;
  for (int i = 0; i <= static_cast<int>(access::Role::kPartnerNode); ++i) {
    known.insert(std::string(access::RoleName(static_cast<access::Role>(i))));
  }
  EXPECT_EQ(in_table, known);
  for (const auto& r : kRoles) {
    auto role = access::ParseRole(r.role);
    ASSERT_TRUE(role) << r.role;
    for (Kind k : kKinds) {
      const auto record = static_cast<registry::RegistryRecord>(static_cast<int>(k));
      EXPECT_EQ(registry::RoleAllows(*role, record, registry::RegistryAction::kRead), r.read[static_cast<int>(k)])
          << r.role << " read " << KindName(k);
      EXPECT_EQ(registry::RoleAllows(*role, record, registry::RegistryAction::kWrite), r.write)
          << r.role << " write " << KindName(k);
    }
  }
  // The provinces a province user covers: the same place across Vietnam's 2025 merger, both ways.
  const std::vector<std::pair<std::string, Labels>> places = {
      {"VN-N08", {"VN-N08", "VN-22"}},          {"VN-22", {"VN-22", "VN-N08"}}, {"VN-N10", {"VN-N10", "VN-21"}},
      {"VN-N16", {"VN-N16", "VN-54", "VN-56"}}, {"LA-AT", {"LA-AT"}},
  };
  for (const auto& [province, expected] : places) {
    access::Principal p;
    p.country = province.substr(0, 2);
    p.province = province;
    const auto scope = node_->registry().ScopeOf(p);
    EXPECT_EQ(Labels(scope.provinces.begin(), scope.provinces.end()), expected) << province;
  }
  // Every scope has records of each kind inside it and outside it, so both columns are tested.
  for (const auto& s : Scopes()) {
    for (Kind k : kKinds) {
      Labels all;
      for (const auto& [label, province] : Seeds(k)) all.insert(label);
      const Labels& visible = s.visible[static_cast<int>(k)];
      EXPECT_FALSE(visible.empty()) << s.name << " sees no " << KindName(k);
      EXPECT_LT(visible.size(), all.size()) << s.name << " sees every " << KindName(k);
      for (const auto& l : visible) EXPECT_TRUE(all.contains(l)) << s.name << ": unknown label " << l;
    }
    for (const auto& l : s.permits_not_editable) EXPECT_TRUE(s.visible[2].contains(l)) << s.name << " " << l;
  }
}

// --- the matrix: one test per role, each over every scope, kind and action ----------------------

TEST_P(AccessMatrixTest, AdminDoesEverythingInsideItsScopeAndFindsNothingOutside) { RunMatrix("admin"); }
TEST_P(AccessMatrixTest, RegistryOfficerDoesEverythingInsideItsScopeAndFindsNothingOutside) {
  RunMatrix("registry_officer");
}
TEST_P(AccessMatrixTest, ViewerReadsItsScopeAndWritesNothing) { RunMatrix("viewer"); }
TEST_P(AccessMatrixTest, AuditorReadsItsScopeAndWritesNothing) { RunMatrix("auditor"); }
TEST_P(AccessMatrixTest, PartnerNodeReadsItsScopeAndWritesNothing) { RunMatrix("partner_node"); }
TEST_P(AccessMatrixTest, WelfareOfficerReadsPersonsOfItsScopeOnly) { RunMatrix("welfare_officer"); }
TEST_P(AccessMatrixTest, CooperationOfficerHasNoRegistryAccess) { RunMatrix("cooperation_officer"); }
TEST_P(AccessMatrixTest, TrainingOfficerHasNoRegistryAccess) { RunMatrix("training_officer"); }

// --- attacks -----------------------------------------------------------------------------------

TEST_P(AccessMatrixTest, AProvinceOfficerCannotReachAnotherProvincesPersonByIdOrByListFilter) {
  BuildWorld();
  ASSERT_FALSE(HasFatalFailure());
  const std::string thanh_hoa = AddUserWithToken("th_officer", "registry_officer", "VN", std::string("VN-N10"));
  const std::string nghe_an = AddUserWithToken("na_officer", "registry_officer", "VN", std::string("VN-22"));
  const std::string p_sv = id_.at("P_SV");  // a Nghệ An worker (permit W_N08)
  const Snapshot before = Take();

  // By id: 404, worded exactly like an id that does not exist.
  auto missing = As(thanh_hoa, "GET", "/api/v1/persons/" + std::string(kNoSuchId));
  ASSERT_EQ(missing.status, 404);
  for (const auto& [method, suffix, body] : std::vector<std::tuple<std::string, std::string, json>>{
           {"GET", "", nullptr}, {"PATCH", "", json{{"phone", "+84 90 1234567"}}}, {"POST", "/archive", nullptr}}) {
    auto r = As(thanh_hoa, method, "/api/v1/persons/" + p_sv + suffix, body, {{"if-match", "*"}});
    auto none = As(thanh_hoa, method, "/api/v1/persons/" + std::string(kNoSuchId) + suffix, body, {{"if-match", "*"}});
    EXPECT_EQ(r.status, 404) << method << suffix << " " << r.body;
    EXPECT_EQ(Detail(r), Detail(missing)) << method << suffix;
    // Byte for byte the answer for a missing id (but for the id echoed in "instance").
    std::string echoed = r.body;
    for (size_t at; (at = echoed.find(p_sv)) != std::string::npos;) echoed.replace(at, p_sv.size(), kNoSuchId);
    EXPECT_EQ(echoed, none.body) << method << suffix;
  }
  // By list filter: their home province, nationality, their permit's person and place, the
  // employer's province (both codes of Nghệ An).
  for (const std::string& target : std::vector<std::string>{
           "/api/v1/persons?province=LA-SV", "/api/v1/persons?province=VN-22", "/api/v1/permits?person=" + p_sv,
           "/api/v1/permits?province=VN-N08", "/api/v1/permits?province=VN-22", "/api/v1/employers?province=VN-N08",
           "/api/v1/employers?province=VN-22"}) {
    auto r = As(thanh_hoa, "GET", target);
    EXPECT_EQ(r.status, 200) << target << " " << r.body;
    EXPECT_TRUE(r.json["items"].empty()) << target << " leaked " << r.body;
  }
  auto lao = As(thanh_hoa, "GET", "/api/v1/persons?nationality=LA");
  EXPECT_EQ(LabelsOf(lao), (Labels{"P_AT", "P_REG08"}));  // their own province's Lao workers only
  EXPECT_TRUE(Take() == before) << "refused requests changed the registry";

  // The same requests by an officer of that province (old code) find the worker.
  EXPECT_EQ(As(nghe_an, "GET", "/api/v1/persons/" + p_sv).status, 200);
  EXPECT_EQ(LabelsOf(As(nghe_an, "GET", "/api/v1/persons?province=LA-SV")), Labels{"P_SV"});
  EXPECT_EQ(LabelsOf(As(nghe_an, "GET", "/api/v1/permits?person=" + p_sv)), Labels{"W_N08"});
}

TEST_P(AccessMatrixTest, AViewerWritingIsRefusedWith403AndNothingIsWritten) {
  BuildWorld();
  ASSERT_FALSE(HasFatalFailure());
  const std::string viewer = AddUserWithToken("viewer", "viewer", "VN");
  ASSERT_TRUE(node_->audit().Flush());
  const Snapshot before = Take();
  const int64_t audit_before = Count("audit_log");

  std::vector<std::tuple<std::string, std::string, json>> writes = {
      {"POST", "/api/v1/persons", PersonBody("NEW", "LA", "LA-SV")},
      {"POST", "/api/v1/persons", json::object()},  // invalid too: still 403, not 422
      {"POST", "/api/v1/employers", EmployerBody("new", "VN", "VN-N08")},
      {"POST", "/api/v1/permits", PermitBody("P_SV", "E_N08", "VN", "VN-N08")},
      {"POST", "/api/v1/permits", json{{"person_id", "x"}}},
      {"PATCH", "/api/v1/persons/" + id_.at("P_SV"), json{{"phone", "+84 90 1234567"}}},
      {"PATCH", "/api/v1/employers/" + id_.at("E_N08"), json{{"address", "Elsewhere"}}},
      {"PATCH", "/api/v1/permits/" + id_.at("W_N08"), json{{"occupation", "8153"}}},
      {"POST", "/api/v1/persons/" + id_.at("P_SV") + "/archive", nullptr},
      {"POST", "/api/v1/employers/" + id_.at("E_N08") + "/archive", nullptr},
      {"POST", "/api/v1/permits/" + id_.at("W_N08") + "/transitions",
       json{{"to", "revoked"}, {"date", "2026-01-15"}, {"reason", "viewer"}}},
      {"PATCH", "/api/v1/persons/" + std::string(kNoSuchId), json{{"phone", "+84 90 1234567"}}},
  };
  for (const auto& [method, target, body] : writes) {
    // With and without an Idempotency-Key: no key row is stored either.
    for (bool keyed : {false, true}) {
      std::map<std::string, std::string> headers{{"if-match", "*"}};
      if (keyed) headers["idempotency-key"] = "viewer-" + std::to_string(++serial_);
      auto r = As(viewer, method, target, body, headers);
      EXPECT_EQ(r.status, 403) << method << " " << target << " -> " << r.body;
      EXPECT_EQ(ProblemType(r), "urn:labourbridge:problem:forbidden") << r.body;
      EXPECT_NE(Detail(r).find("viewer"), std::string::npos) << "the message names the role: " << r.body;
      EXPECT_TRUE(FieldErrors(r).empty()) << "no validation details for a forbidden caller: " << r.body;
    }
  }
  ASSERT_TRUE(node_->audit().Flush());
  EXPECT_TRUE(Take() == before) << "changed: " << Describe(ChangedIds(before, Take()));
  EXPECT_EQ(Count("idempotency_keys"), 0);
  EXPECT_EQ(Count("audit_log"), audit_before) << "a refused write left an audit entry";
}

TEST_P(AccessMatrixTest, NobodyChangesTheirOwnRoleAndOnlyAdminsChangeRoles) {
  AddUserWithToken("officer", "registry_officer", "VN", std::string("VN-N08"));
  AddUserWithToken("other", "viewer", "VN");
  auto& users = node_->users();
  auto principal = [&](const std::string& name) {
    auto u = users.FindByName(name);
    EXPECT_TRUE(u && *u) << name;
    return (u && *u) ? (*u)->AsPrincipal() : access::Principal{};
  };
  auto role_of = [&](const std::string& name) {
    auto u = users.FindByName(name);
    return (u && *u) ? std::string(access::RoleName((*u)->role)) : std::string("?");
  };
  const auto admin = principal("tester");
  const auto officer = principal("officer");
  const auto viewer = principal("other");

  struct Attempt {
    const char* who;
    access::Principal actor;
    const char* target;
    const char* role;
  };
  const std::vector<Attempt> attempts = {
      {"an officer making themselves admin", officer, "officer", "admin"},
      {"a viewer making themselves admin", viewer, "other", "admin"},
      {"an admin changing their own role", admin, "tester", "viewer"},
      {"an officer making a viewer admin", officer, "other", "admin"},
      {"a viewer demoting the admin", viewer, "tester", "viewer"},
  };
  for (const auto& a : attempts) {
    auto r = users.SetRole(a.actor, a.target, a.role);
    ASSERT_FALSE(r) << a.who << " succeeded";
    EXPECT_EQ(r.error().code, core::ErrorCode::kForbidden) << a.who << ": " << r.error().message;
    EXPECT_FALSE(r.error().message.empty()) << a.who;
  }
  EXPECT_EQ(role_of("tester"), "admin");
  EXPECT_EQ(role_of("officer"), "registry_officer");
  EXPECT_EQ(role_of("other"), "viewer");
  // Nor disables their own account, nor (without being admin) anyone's.
  auto self = users.Disable(admin, "tester");
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code, core::ErrorCode::kForbidden);
  auto other = users.Disable(officer, "other");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, core::ErrorCode::kForbidden);
  // The escalated-from token still carries the old role.
  const std::string officer_token = AddUserWithToken("officer2", "registry_officer", "VN");
  EXPECT_FALSE(users.SetRole(principal("officer2"), "officer2", "admin"));
  EXPECT_EQ(As(officer_token, "POST", "/api/v1/persons", PersonBody("NEW", "LA", "LA-SV")).status, 201);
  EXPECT_EQ(role_of("officer2"), "registry_officer");
  // What an admin may do to someone else works (the refusals above are about who, not how).
  auto allowed = users.SetRole(admin, "other", "auditor");
  ASSERT_TRUE(allowed) << allowed.error().message;
  EXPECT_EQ(role_of("other"), "auditor");
}

TEST_P(AccessMatrixTest, ADisabledUsersTokenIs401) {
  const std::string token = AddUserWithToken("leaver", "registry_officer", "VN");
  ASSERT_EQ(As(token, "GET", "/api/v1/persons").status, 200);  // the token is now cached
  auto admin = node_->users().FindByName("tester");
  ASSERT_TRUE(admin && *admin);
  ASSERT_TRUE(node_->users().Disable((*admin)->AsPrincipal(), "leaver"));
  clock_->Advance(std::chrono::seconds(6));  // past the token cache's lifetime (5 s)
  for (const auto& [method, target, body] : std::vector<std::tuple<std::string, std::string, json>>{
           {"GET", "/api/v1/persons", nullptr}, {"POST", "/api/v1/persons", PersonBody("NEW", "LA", "LA-SV")}}) {
    auto r = As(token, method, target, body);
    EXPECT_EQ(r.status, 401) << method << " " << target << " " << r.body;
    EXPECT_EQ(ProblemType(r), "urn:labourbridge:problem:unauthorized");
    EXPECT_EQ(r.Header("WWW-Authenticate"), "Bearer");
  }
  EXPECT_EQ(Count("persons"), 0);
}

TEST_P(AccessMatrixTest, ATokenOfAnotherNodeIs401) {
  // A second node on its own database, with a user of the same name and role as ours.
  TestDatabase other_db(GetParam());
  core::Config config;
  config.node = "LA";
  auto other = server::Node::Open(other_db.Take(), config, *clock_);
  ASSERT_TRUE(other) << other.error().message;
  auto inserted = storage::InTransaction((*other)->db(), true, [&](storage::Transaction& tx) {
    return tx.Exec(
        "INSERT INTO users (id, name, role, country, province, org, status, failed_logins, version, created_at,"
        " updated_at) VALUES ($1, 'tester', 'admin', 'LA', NULL, NULL, 'active', 0, 1, $2, $2)",
        {core::NewUuidV7(*clock_), core::FormatRfc3339(clock_->Now())});
  });
  ASSERT_TRUE(inserted) << inserted.error().message;
  auto foreign = (*other)->tokens().Create(access::Principal::System("VN"), "tester", "tester-token", std::nullopt);
  ASSERT_TRUE(foreign) << foreign.error().message;

  // It works where it was made...
  http::Request req;
  req.method = "GET";
  req.path = "/api/v1/persons";
  req.headers["authorization"] = "Bearer " + foreign->secret;
  EXPECT_EQ((*other)->Handle(req).status, 200);
  // ...and nowhere else.
  for (const auto& [method, target, body] : std::vector<std::tuple<std::string, std::string, json>>{
           {"GET", "/api/v1/persons", nullptr},
           {"GET", "/api/v1/permits", nullptr},
           {"POST", "/api/v1/employers", EmployerBody("new", "LA", "LA-AT")}}) {
    auto r = As(foreign->secret, method, target, body);
    EXPECT_EQ(r.status, 401) << method << " " << target << " " << r.body;
    EXPECT_EQ(ProblemType(r), "urn:labourbridge:problem:unauthorized");
  }
  EXPECT_EQ(Count("employers"), 0);
  other->reset();
}

}  // namespace

LB_INSTANTIATE_BACKENDS(AccessMatrixTest);

}  // namespace lb::testing
