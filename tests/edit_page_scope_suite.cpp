// The registry's edit pages refuse everyone who may not make the change, as the API does:
// another province's officer (the record is outside their scope: 404, as a missing record),
// a viewer (403, on the form as on the post) and an anonymous client (303 to the login page).
// Nothing changes and no change is audited.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
constexpr char kPassword[] = "Mekong-Ferry-7q!Vx2";
constexpr char kForm[] = "application/x-www-form-urlencoded";

class EditPageScopeSuite : public ApiFixture {
 protected:
  struct Session {
    std::string cookie, csrf;
  };
  Session SignIn(const std::string& name, const std::string& role, const std::optional<std::string>& province) {
    auto u = node_->users().Add(access::Principal::System("VN"), {name, role, "VN", province, std::nullopt, kPassword});
    EXPECT_TRUE(u) << u.error().message;
    auto s = node_->sessions().Login(name, kPassword, "127.0.0.1");
    EXPECT_TRUE(s) << s.error().message;
    if (!s) return {};
    return {std::string(access::kSessionCookie) + "=" + s->session_id, s->csrf_token};
  }
  ApiResponse Page(const Session& who, const std::string& method, const std::string& target, std::string body = "") {
    std::map<std::string, std::string> h{{"Accept", "text/html"}, {"Content-Type", kForm}};
    if (!who.cookie.empty()) h["Cookie"] = who.cookie;
    if (method == "POST" && !who.csrf.empty())
      body += (body.empty() ? "" : "&") + std::string("csrf_token=") + who.csrf;
    return Send(method, target, body, h, false);
  }
  std::string Row(const std::string& table, const std::string& id) {
    auto rows = testdb_->Query("SELECT version, updated_at FROM " + table + " WHERE id = '" + id + "'");
    return rows.empty() ? "missing" : std::to_string(rows.front().Int(0)) + "|" + rows.front().Str(1);
  }
  // Audit entries of changes to the records (a change is always about its record; reads of
  // personal data are audited too, and are not changes).
  int64_t AuditEntries(const std::vector<std::string>& ids) {
    EXPECT_TRUE(node_->audit().Flush());
    std::string in;
    for (const auto& id : ids) in += (in.empty() ? "'" : ",'") + id + "'";
    return testdb_
        ->Query("SELECT COUNT(*) FROM audit_log WHERE entity_id IN (" + in +
                ") AND action NOT LIKE '%.read' AND action NOT LIKE '%.list'")
        .front()
        .Int(0);
  }
};

TEST_P(EditPageScopeSuite, EditPagesRefuseOtherProvincesViewersAndAnonymousClients) {
  const std::string n08 = AddUserWithToken("n08.owner", "registry_officer", "VN", std::string("VN-N08"));
  auto created = [&](const std::string& path, const json& body) {
    auto r = Send("POST", path, body.dump(), {{"Authorization", "Bearer " + n08}}, false);
    EXPECT_EQ(r.status, 201) << path << " " << r.body;
    return r.json.value("id", "");
  };
  json employer = VietnameseEmployer();
  employer["province"] = "VN-N08";
  const std::string e = created("/api/v1/employers", employer);
  const std::string p = created("/api/v1/persons", LaoWorker());
  const std::string w = created("/api/v1/permits", json{{"person_id", p},
                                                        {"employer_id", e},
                                                        {"host_country", "VN"},
                                                        {"host_province", "VN-N08"},
                                                        {"occupation", "8153"},
                                                        {"permit_number", "WP-N08-0001"},
                                                        {"issued", "2026-01-10"},
                                                        {"valid_from", "2026-01-10"},
                                                        {"valid_until", "2027-12-31"},
                                                        {"status", "issued"}});
  const Session other = SignIn("n10.page", "registry_officer", std::string("VN-N10"));
  const Session viewer = SignIn("viewer.page", "viewer", std::nullopt);
  const Session anonymous;

  struct Target {
    std::string table, id, path, form;
  };
  const std::vector<Target> targets = {
      {"persons", p, "/persons/" + p + "/edit", "version=1&family_name=CHANGED&given_names=X&sex=M"},
      {"employers", e, "/employers/" + e + "/edit", "version=1&name=Changed+Co"},
      {"work_permits", w, "/permits/" + w + "/edit", "version=1&occupation=9999"},
      {"work_permits", w, "/permits/" + w + "/transition", "version=1&to=revoked&effective_on=2026-01-20&reason=x"},
  };
  const int64_t audit_before = AuditEntries({p, e, w});
  for (const auto& t : targets) {
    const std::string before = Row(t.table, t.id);
    const bool is_form = !t.path.ends_with("/transition");
    if (is_form) {
      auto o = Page(other, "GET", t.path);
      EXPECT_TRUE(o.status == 404 || o.status == 403) << "other province GET " << t.path << ": " << o.status;
      auto v = Page(viewer, "GET", t.path);
      EXPECT_EQ(v.status, 403) << "viewer GET " << t.path;
      auto a = Page(anonymous, "GET", t.path);
      EXPECT_EQ(a.status, 303) << "anonymous GET " << t.path;
      EXPECT_EQ(a.Header("location"), "/login");
    }
    auto o = Page(other, "POST", t.path, t.form);
    EXPECT_TRUE(o.status == 404 || o.status == 403) << "other province POST " << t.path << ": " << o.status;
    auto v = Page(viewer, "POST", t.path, t.form);
    EXPECT_EQ(v.status, 403) << "viewer POST " << t.path;
    auto a = Page(anonymous, "POST", t.path, t.form);
    EXPECT_EQ(a.status, 303) << "anonymous POST " << t.path;
    EXPECT_EQ(Row(t.table, t.id), before) << t.path << " changed";
  }
  EXPECT_EQ(AuditEntries({p, e, w}), audit_before) << "a refused edit was audited as a change: " << [&] {
    std::string actions;
    for (const auto& row : testdb_->Query("SELECT action, actor FROM audit_log ORDER BY seq")) {
      actions += row.Str(0) + " by " + row.Str(1) + "; ";
    }
    return actions;
  }();
}

LB_INSTANTIATE_BACKENDS(EditPageScopeSuite);

}  // namespace
}  // namespace lb::testing
