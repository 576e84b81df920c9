// The console refuses common passwords for a new user, naming the reason.
#include <gtest/gtest.h>

#include <string>

#include "support/cli_fixture.h"

namespace lb::testing {
namespace {

class PasswordPolicyCliTest : public CliFixture {
 protected:
  PasswordPolicyCliTest() : CliFixture("lbpwcli") {}
  void SetUp() override {
    CliFixture::SetUp();
    db_ = "sqlite:" + (dir_ / "pw.db").string();
  }
  std::string db_;
};

TEST_F(PasswordPolicyCliTest, CommonPasswordsAreRefused) {
  for (const char* password : {"password1234", "Welcome12345", "qwertyuiop12", "iloveyou1234"}) {
    CliRun r =
        Exec("user add pw.user --role viewer --country LA --password-stdin --db " + db_, std::string(password) + "\n");
    EXPECT_EQ(r.code, 2) << password << ": " << r.err;
    EXPECT_NE(r.err.find("common"), std::string::npos) << password << ": " << r.err;
  }
  CliRun list = Exec("user list --db " + db_);
  EXPECT_EQ(list.out.find("pw.user"), std::string::npos) << list.out;
  CliRun ok = Exec("user add pw.user --role viewer --country LA --password-stdin --db " + db_, "Sav4nnakhet-2026!\n");
  EXPECT_EQ(ok.code, 0) << ok.err;
}

}  // namespace
}  // namespace lb::testing
