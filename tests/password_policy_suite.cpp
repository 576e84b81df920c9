// Common passwords are refused wherever a password is set: a new user (the service, which the
// console and the admin page call) and an admin's new password for a user — compared without
// case and with trailing digits and symbols taken off ("Welcome12345" is "welcome").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "page_session.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kCommon[] = {"password1234", "Welcome12345",  "qwertyuiop12",
                                   "iloveyou1234", "PASSWORD!2026", "Dragon123456!"};

class PasswordPolicySuite : public PageFixture {};

TEST_P(PasswordPolicySuite, CommonPasswordsAreRefused) {
  const Browser admin = SignIn("pw.admin", "admin");
  const Browser clerk = SignIn("pw.clerk", "registry_officer");
  const int64_t users = Count("users");
  const size_t set_entries = EntriesOf("user.set_password").size();
  for (const char* password : kCommon) {
    // The service (the console's `user add` and the admin page call it).
    auto added = node_->users().Add(access::Principal::System("VN"),
                                    {"pw.new", "viewer", "VN", std::nullopt, std::nullopt, password});
    ASSERT_FALSE(added) << password << " was accepted";
    ASSERT_FALSE(added.error().fields.empty()) << password;
    EXPECT_EQ(added.error().fields[0].field, "password") << password;
    EXPECT_EQ(added.error().fields[0].code, "common") << password;
    // The admin's add-user form.
    auto page = Visit(admin, "POST", "/admin/users",
                      {{"name", "pw.new"}, {"role", "viewer"}, {"country", "VN"}, {"password", password}});
    EXPECT_EQ(page.status, 422) << password;
    EXPECT_THAT(page.body, HasSubstr("href=\"#f-password\"")) << password;
    // The admin's new password for a user.
    auto set = Visit(admin, "POST", "/admin/users/pw.clerk/password", {{"password", password}});
    EXPECT_EQ(set.status, 422) << password;
    EXPECT_THAT(set.body, HasSubstr("href=\"#f-password\"")) << password;
    auto direct = node_->users().SetPassword(access::Principal::System("VN"), "pw.clerk", password);
    EXPECT_FALSE(direct) << password;
  }
  EXPECT_EQ(Count("users"), users);
  EXPECT_EQ(EntriesOf("user.set_password").size(), set_entries);
  // The clerk's password is what it was.
  auto login = node_->sessions().Login("pw.clerk", kPagePassword, "192.0.2.30");
  EXPECT_TRUE(login) << login.error().message;
  // A long passphrase that merely starts with a common word is fine.
  auto fine = node_->users().Add(access::Principal::System("VN"), {"pw.fine", "viewer", "VN", std::nullopt,
                                                                   std::nullopt, "dragon boat on the Mekong 7"});
  EXPECT_TRUE(fine) << fine.error().message;
}

LB_INSTANTIATE_BACKENDS(PasswordPolicySuite);

}  // namespace
}  // namespace lb::testing
