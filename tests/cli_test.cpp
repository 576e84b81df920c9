// The labourbridge command line, run as a user would: exit codes, messages, tokens,
// migrations, and serve stopping cleanly on SIGTERM.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/cli_fixture.h"

extern char** environ;

namespace lb {
namespace {

namespace fs = std::filesystem;

using testing::CliRun;
using testing::Slurp;

class CliTest : public testing::CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    db_ = "sqlite:" + (dir_ / "cli.db").string();
  }
  std::string db_;
};

TEST_F(CliTest, VersionPrintsAndExitsZero) {
  CliRun r = Exec("version");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.rfind("labourbridge ", 0), 0u) << r.out;
}

TEST_F(CliTest, HelpListsEverySubcommand) {
  CliRun r = Exec("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* sub : {"serve", "migrate", "token", "version"}) EXPECT_NE(r.out.find(sub), std::string::npos) << sub;
  CliRun s = Exec("serve --help");
  EXPECT_EQ(s.code, 0);
  for (const char* opt : {"--db", "--listen", "--node", "--threads", "--demo", "--body-limit"}) {
    EXPECT_NE(s.out.find(opt), std::string::npos) << opt;
  }
}

TEST_F(CliTest, UsageErrorsExitOneWithOneLine) {
  CliRun none = Exec("");
  EXPECT_EQ(none.code, 1);
  CliRun unknown = Exec("frobnicate");
  EXPECT_EQ(unknown.code, 1);
  EXPECT_NE(unknown.err.find("labourbridge: error:"), std::string::npos) << unknown.err;
  CliRun node = Exec("serve --node TH --db " + db_);
  EXPECT_EQ(node.code, 1);
  EXPECT_NE(node.err.find("--node"), std::string::npos) << node.err;
  CliRun listen = Exec("serve --listen nowhere --db " + db_);
  EXPECT_EQ(listen.code, 1);
  EXPECT_NE(listen.err.find("HOST:PORT"), std::string::npos) << listen.err;
}

TEST_F(CliTest, MigrateCreatesTheSchemaOnceAndReportsIt) {
  CliRun first = Exec("migrate --db " + db_);
  EXPECT_EQ(first.code, 0) << first.err;
  int applied = 0, version = 0;
  ASSERT_EQ(std::sscanf(first.out.c_str(), "migrations applied: %d; schema version %d", &applied, &version), 2)
      << first.out;
  EXPECT_GE(applied, 1);
  // Every migration, from an empty database; numbers are reserved per feature, so the highest
  // may exceed the count while some features are still unmerged.
  EXPECT_LE(applied, version);
  CliRun second = Exec("migrate --db " + db_);
  EXPECT_EQ(second.code, 0);
  EXPECT_NE(second.out.find("migrations applied: 0; schema version " + std::to_string(version)), std::string::npos)
      << second.out;
}

TEST_F(CliTest, BadDatabaseUrlIsRejected) {
  CliRun r = Exec("migrate --db mysql://x");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("sqlite:"), std::string::npos) << r.err;
  CliRun pg = Exec("migrate --db 'postgresql://nobody@127.0.0.1:1/none?connect_timeout=2'");
  EXPECT_EQ(pg.code, 3) << pg.err;
  EXPECT_EQ(std::count(pg.err.begin(), pg.err.end(), '\n'), 1) << pg.err;
}

TEST_F(CliTest, UsersAreAddedListedAndManaged) {
  CliRun weak = Exec(
      "user add alice --role registry_officer --country LA --province LA-SV --password-stdin --db " + db_, "short\n");
  EXPECT_EQ(weak.code, 2);
  EXPECT_NE(weak.err.find("at least 12 characters"), std::string::npos) << weak.err;
  CliRun palindrome = Exec("user add alice --role viewer --country LA --password-stdin --db " + db_, "abcdeffedcba\n");
  EXPECT_EQ(palindrome.code, 2);
  EXPECT_NE(palindrome.err.find("too weak"), std::string::npos) << palindrome.err;
  CliRun bad_role =
      Exec("user add alice --role emperor --country LA --password-stdin --db " + db_, "Sav4nnakhet-2026!\n");
  EXPECT_EQ(bad_role.code, 2);
  EXPECT_NE(bad_role.err.find("role must be"), std::string::npos) << bad_role.err;
  CliRun wrong_province = Exec(
      "user add alice --role viewer --country LA --province VN-22 --password-stdin --db " + db_, "Sav4nnakhet-2026!\n");
  EXPECT_EQ(wrong_province.code, 2);
  CliRun ok = Exec("user add alice --role registry_officer --country LA --province LA-SV --password-stdin --db " + db_,
                   "Sav4nnakhet-2026!\n");
  ASSERT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(ok.out, "");  // the password is never echoed
  EXPECT_EQ(Exec("user add alice --role viewer --country LA --password-stdin --db " + db_, "Sav4nnakhet-2026!\n").code,
            2);
  CliRun list = Exec("user list --db " + db_);
  EXPECT_EQ(list.code, 0);
  EXPECT_NE(list.out.find("alice"), std::string::npos);
  EXPECT_NE(list.out.find("registry_officer"), std::string::npos);
  EXPECT_NE(list.out.find("LA-SV"), std::string::npos);
  EXPECT_EQ(list.out.find("Sav4nnakhet"), std::string::npos);
  EXPECT_EQ(list.out.find("argon2"), std::string::npos);
  EXPECT_EQ(Exec("user set-role alice viewer --db " + db_).code, 0);
  EXPECT_NE(Exec("user list --db " + db_).out.find("viewer"), std::string::npos);
  EXPECT_EQ(Exec("user set-role alice pope --db " + db_).code, 2);
  EXPECT_EQ(Exec("user disable alice --db " + db_).code, 0);
  EXPECT_EQ(Exec("user disable alice --db " + db_).code, 2);
  EXPECT_EQ(Exec("user disable nobody --db " + db_).code, 2);
  CliRun token = Exec("token create --user alice --db " + db_);
  EXPECT_EQ(token.code, 2);
  EXPECT_NE(token.err.find("disabled"), std::string::npos) << token.err;
}

TEST_F(CliTest, TokensAreCreatedOnceListedAndRevoked) {
  ASSERT_EQ(
      Exec("user add integrator --role viewer --country VN --password-stdin --db " + db_, "Ha-Noi-Vientiane-1962\n")
          .code,
      0);
  EXPECT_EQ(Exec("token create --user nobody --db " + db_).code, 2);
  CliRun created = Exec("token create --user integrator --name integrator --expires 30 --db " + db_);
  ASSERT_EQ(created.code, 0) << created.err;
  EXPECT_EQ(created.out.rfind("lb_", 0), 0u) << created.out;
  EXPECT_NE(created.err.find("not shown again"), std::string::npos);
  CliRun dup = Exec("token create --user integrator --name integrator --db " + db_);
  EXPECT_EQ(dup.code, 2);
  EXPECT_NE(dup.err.find("already exists"), std::string::npos) << dup.err;
  CliRun list = Exec("token list --db " + db_);
  EXPECT_EQ(list.code, 0);
  EXPECT_NE(list.out.find("integrator"), std::string::npos);
  EXPECT_EQ(list.out.find(created.out.substr(0, 20)), std::string::npos) << "secret must never be listed";
  EXPECT_EQ(Exec("token revoke integrator --db " + db_).code, 0);
  CliRun again = Exec("token revoke integrator --db " + db_);
  EXPECT_EQ(again.code, 2);
  EXPECT_EQ(Exec("token create --db " + db_).code, 1);  // --user is required
  EXPECT_EQ(Exec("token create --user integrator --expires 0 --db " + db_).code, 1);
}

TEST_F(CliTest, ConfigFileIsReadAndFlagsOverrideIt) {
  std::ofstream(dir_ / "lb.toml") << "db = \"" << db_ << "\"\nnode = \"XX\"\n";
  CliRun bad = Exec("--config " + (dir_ / "lb.toml").string() + " migrate");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("VN or LA"), std::string::npos) << bad.err;
  std::ofstream(dir_ / "lb.toml") << "db = \"" << db_ << "\"\nnode = \"LA\"\n";
  CliRun ok = Exec("--config " + (dir_ / "lb.toml").string() + " migrate");
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_TRUE(fs::exists(dir_ / "cli.db"));
}

TEST_F(CliTest, ServeStopsCleanlyOnSigterm) {
  std::string printed;
  const pid_t pid = SpawnDemoNode(db_, 50, "listening on", 300, printed);
  ASSERT_NE(pid, 0);
  ASSERT_NE(printed.find("listening on http://127.0.0.1:"), std::string::npos) << printed << Slurp(dir_ / "serve.err");
  EXPECT_NE(printed.find("Demo API token"), std::string::npos);
  EXPECT_NE(printed.find("Demo login: admin / "), std::string::npos);
  EXPECT_NE(printed.find("Demo data loaded: 50 persons"), std::string::npos) << printed;
  kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(Slurp(dir_ / "serve.err").find("database closed"), std::string::npos);
}

TEST_F(CliTest, ServeReportsAPortInUse) {
  // Hold a port, then ask serve for it.
  const fs::path out = dir_ / "a.out";
  std::string cmd = std::string(LB_BINARY) + " serve --db " + db_ + " --node-key " + (dir_ / "a.key").string() +
                    " --listen 127.0.0.1:0 > " + out.string() + " 2>/dev/null & echo $!";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  int pid = 0;
  ASSERT_EQ(fscanf(p, "%d", &pid), 1);
  pclose(p);
  std::string printed;
  for (int i = 0; i < 200 && printed.find("listening on") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    printed = Slurp(out);
  }
  auto pos = printed.find("127.0.0.1:");
  ASSERT_NE(pos, std::string::npos) << printed;
  const std::string port = printed.substr(pos + 10, printed.find(' ', pos) - pos - 10);
  CliRun r = Exec("serve --db " + db_ + " --node-key " + (dir_ / "b.key").string() + " --listen 127.0.0.1:" + port);
  kill(pid, SIGTERM);
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("cannot listen"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace lb
