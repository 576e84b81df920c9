// User management in the admin pages on both backends: re-enable a disabled user, change a
// role and province, reset a password — each audited with the admin as actor, CSRF-protected,
// refused to everyone but admins, and never leaving the node without an active admin.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "page_session.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kNewPassword[] = "Plain-of-Jars-42!quiet";

class UserManagementSuite : public PageFixture {
 protected:
  void SetUp() override {
    PageFixture::SetUp();
    admin_ = SignIn("um.admin", "admin");
    clerk_ = SignIn("um.clerk", "registry_officer");
  }
  std::string Column(const std::string& user, const std::string& column) {
    auto r = storage::InTransaction(node_->db(), false, [&](storage::Transaction& tx) {
      return tx.Query("SELECT " + column + " FROM users WHERE name = $1", {user});
    });
    if (!r || r->empty()) return "<none>";
    return r->front().IsNull(0) ? "<null>" : r->front().Str(0);
  }
  int LoginStatus(const std::string& name, const std::string& password) {
    return Send("POST", "/login", EncodeForm({{"name", name}, {"password", password}}),
                {{"Content-Type", kFormType},
                 {"Accept", "text/html"},
                 {"Host", "lb.test"},
                 {"Origin", "http://lb.test"}},
                false)
        .status;
  }
  Browser admin_, clerk_;
};

TEST_P(UserManagementSuite, AnAdminReEnablesADisabledUserWithAnAuditEntry) {
  // Disabled earlier (its revocation long written and forgotten).
  ASSERT_TRUE(storage::InTransaction(node_->db(), true, [&](storage::Transaction& tx) {
    return tx.Exec("UPDATE users SET status = 'disabled' WHERE name = 'um.clerk'", {});
  }));
  EXPECT_EQ(LoginStatus("um.clerk", kPagePassword), 401);
  auto page = Visit(admin_, "GET", "/admin/users/um.clerk");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("action=\"/admin/users/um.clerk/enable\""));
  auto r = Visit(admin_, "POST", "/admin/users/um.clerk/enable");
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("location"), "/admin/users/um.clerk");
  EXPECT_EQ(Column("um.clerk", "status"), "active");
  auto entries = EntriesOf("user.enable");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].event.actor, "um.admin");
  EXPECT_EQ(entries[0].event.changes["status"]["before"], "disabled");
  EXPECT_EQ(entries[0].event.changes["status"]["after"], "active");
  EXPECT_EQ(LoginStatus("um.clerk", kPagePassword), 303);
  // Enabling an active user is refused and writes nothing.
  EXPECT_EQ(Visit(admin_, "POST", "/admin/users/um.clerk/enable").status, 409);
  EXPECT_EQ(EntriesOf("user.enable").size(), 1u);
}

TEST_P(UserManagementSuite, AUserDisabledMomentsAgoIsNotReEnabledUntilTheRevocationIsWritten) {
  ASSERT_EQ(Visit(admin_, "POST", "/admin/users/um.clerk/disable").status, 303);
  EXPECT_EQ(Column("um.clerk", "status"), "disabled");
  auto r = Visit(admin_, "POST", "/admin/users/um.clerk/enable");
  EXPECT_EQ(r.status, 409);
  EXPECT_THAT(r.body, HasSubstr("moments ago"));
  EXPECT_EQ(Column("um.clerk", "status"), "disabled");
  EXPECT_TRUE(EntriesOf("user.enable").empty());
}

TEST_P(UserManagementSuite, AnAdminChangesARoleAndProvinceWithBothValuesInTheAuditEntry) {
  auto r = Visit(admin_, "POST", "/admin/users/um.clerk/access", {{"role", "viewer"}, {"province", "VN-N08"}});
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Column("um.clerk", "role"), "viewer");
  EXPECT_EQ(Column("um.clerk", "province"), "VN-N08");
  auto entries = EntriesOf("user.change_access");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].event.actor, "um.admin");
  EXPECT_EQ(entries[0].event.changes["role"]["before"], "registry_officer");
  EXPECT_EQ(entries[0].event.changes["role"]["after"], "viewer");
  EXPECT_EQ(entries[0].event.changes["province"]["before"], nullptr);
  EXPECT_EQ(entries[0].event.changes["province"]["after"], "VN-N08");
  // The clerk's own session now acts as a viewer of Nghệ An: no more writes.
  EXPECT_EQ(Visit(clerk_, "GET", "/persons/new").status, 403);
  // Back to the whole country.
  r = Visit(admin_, "POST", "/admin/users/um.clerk/access", {{"role", "registry_officer"}, {"province", ""}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Column("um.clerk", "province"), "<null>");
}

TEST_P(UserManagementSuite, ABadRoleOrAProvinceOfAnotherCountryIsAFieldErrorAndChangesNothing) {
  auto r = Visit(admin_, "POST", "/admin/users/um.clerk/access", {{"role", "emperor"}, {"province", "LA-VT"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(r.body, HasSubstr("href=\"#f-role\""));
  EXPECT_THAT(r.body, HasSubstr("href=\"#f-province\""));
  EXPECT_EQ(Column("um.clerk", "role"), "registry_officer");
  EXPECT_EQ(Column("um.clerk", "province"), "<null>");
  EXPECT_TRUE(EntriesOf("user.change_access").empty());
}

TEST_P(UserManagementSuite, AnAdminResetsAPasswordTheOldOneAndTheUsersSessionsEnd) {
  auto weak = Visit(admin_, "POST", "/admin/users/um.clerk/password", {{"password", "short"}});
  EXPECT_EQ(weak.status, 422);
  EXPECT_THAT(weak.body, HasSubstr("href=\"#f-password\""));
  EXPECT_THAT(weak.body, Not(HasSubstr("value=\"short\"")));
  EXPECT_TRUE(EntriesOf("user.set_password").empty());
  auto r = Visit(admin_, "POST", "/admin/users/um.clerk/password", {{"password", kNewPassword}});
  EXPECT_EQ(r.status, 303) << r.body;
  auto entries = EntriesOf("user.set_password");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].event.actor, "um.admin");
  EXPECT_THAT(entries[0].event.changes.dump(), Not(HasSubstr(kNewPassword)));
  // The clerk's open session has ended; the old password no longer works, the new one does.
  EXPECT_EQ(Visit(clerk_, "GET", "/").status, 303);
  EXPECT_EQ(LoginStatus("um.clerk", kPagePassword), 401);
  EXPECT_EQ(LoginStatus("um.clerk", kNewPassword), 303);
}

TEST_P(UserManagementSuite, EveryChangeNeedsTheCsrfToken) {
  EXPECT_EQ(Visit(admin_, "POST", "/admin/users/um.clerk/access", {{"role", "viewer"}}, false).status, 403);
  EXPECT_EQ(Visit(admin_, "POST", "/admin/users/um.clerk/password", {{"password", kNewPassword}}, false).status, 403);
  ASSERT_TRUE(storage::InTransaction(node_->db(), true, [&](storage::Transaction& tx) {
    return tx.Exec("UPDATE users SET status = 'disabled' WHERE name = 'um.clerk'", {});
  }));
  EXPECT_EQ(Visit(admin_, "POST", "/admin/users/um.clerk/enable", {}, false).status, 403);
  EXPECT_EQ(Column("um.clerk", "role"), "registry_officer");
  EXPECT_EQ(Column("um.clerk", "status"), "disabled");
  EXPECT_TRUE(EntriesOf("user.change_access").empty());
  EXPECT_TRUE(EntriesOf("user.set_password").empty());
  EXPECT_TRUE(EntriesOf("user.enable").empty());
}

TEST_P(UserManagementSuite, OnlyAdminsManageUsers) {
  auto viewer = SignIn("um.viewer", "viewer");
  for (Browser* b : {&clerk_, &viewer}) {
    EXPECT_EQ(Visit(*b, "GET", "/admin/users/um.admin").status, 403);
    EXPECT_EQ(Visit(*b, "POST", "/admin/users/um.admin/access", {{"role", "viewer"}}).status, 403);
    EXPECT_EQ(Visit(*b, "POST", "/admin/users/um.viewer/password", {{"password", kNewPassword}}).status, 403);
    EXPECT_EQ(Visit(*b, "POST", "/admin/users/um.admin/enable").status, 403);
  }
  auto anonymous = Visit(Browser{}, "GET", "/admin/users/um.admin");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.Header("location"), "/login");
  EXPECT_EQ(Column("um.admin", "role"), "admin");
  EXPECT_TRUE(EntriesOf("user.change_access").empty());
  EXPECT_TRUE(EntriesOf("user.set_password").empty());
  EXPECT_EQ(Visit(admin_, "GET", "/admin/users/nobody.here").status, 404);
}

TEST_P(UserManagementSuite, AnAdminCannotChangeTheirOwnAccessAndTheNodeKeepsAnActiveAdmin) {
  auto own = Visit(admin_, "POST", "/admin/users/um.admin/access", {{"role", "viewer"}});
  EXPECT_EQ(own.status, 403);
  EXPECT_EQ(Column("um.admin", "role"), "admin");
  auto page = Visit(admin_, "GET", "/admin/users/um.admin");
  EXPECT_THAT(page.body, Not(HasSubstr("/admin/users/um.admin/access")));
  // The console demotes admins one by one; the last active one stays.
  const auto console = access::ConsoleOperator("VN");
  ASSERT_TRUE(node_->users().ChangeAccess(console, "tester", "viewer", std::nullopt));
  auto last = node_->users().ChangeAccess(console, "um.admin", "viewer", std::nullopt);
  ASSERT_FALSE(last);
  EXPECT_EQ(last.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(Column("um.admin", "role"), "admin");
  EXPECT_EQ(EntriesOf("user.change_access").size(), 1u);
}

LB_INSTANTIATE_BACKENDS(UserManagementSuite);

}  // namespace
}  // namespace lb::testing
