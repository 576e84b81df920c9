// A revocation answered while the database writer is busy survives the node being killed:
// a logout (204), a token revocation and a user disable (303) are appended to the node's
// revocation journal (fsync'd) before they are answered, and a node started after SIGKILL
// replays the journal: the session, token and user are refused at once and the rows and audit
// entries are written (found in the attack on revocations: after a SIGKILL they worked again
// and no audit entry existed).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "storage/database.h"
#include "storage/sqlite/sqlite_database.h"
#include "support/cli_fixture.h"
#include "support/raw_http_client.h"

extern char** environ;

namespace lb::testing {
namespace {

namespace fs = std::filesystem;
constexpr char kPassword[] = "Mekong-Ferry-7q!Vx2";

class RevocationJournalTest : public CliFixture {
 protected:
  RevocationJournalTest() : CliFixture("lbrevjournal") {}
  void SetUp() override {
    CliFixture::SetUp();
    path_ = (dir_ / "node.db").string();
    db_ = "sqlite:" + path_;
    ASSERT_EQ(Exec("migrate --db " + db_).code, 0);
    for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{
             {"chief", "admin"}, {"leaver", "viewer"}, {"quitter", "viewer"}}) {
      ASSERT_EQ(Exec("user add " + name + " --role " + role + " --country VN --password-stdin --db " + db_,
                     std::string(kPassword) + "\n")
                    .code,
                0);
    }
    CliRun t = Exec("token create --user leaver --name leaver-int --db " + db_);
    ASSERT_EQ(t.code, 0) << t.err;
    token_ = t.out.substr(0, t.out.find('\n'));
  }
  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    CliFixture::TearDown();
  }

  // Starts `labourbridge serve` on a free port.
  void Start() {
    const fs::path out = dir_ / "serve.out", err = dir_ / "serve.err";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> args = {LB_BINARY,  "serve",       "--db",       db_,
                                     "--listen", "127.0.0.1:0", "--node-key", (dir_ / "node.key").string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ASSERT_EQ(posix_spawn(&pid_, LB_BINARY, &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    std::string printed;
    for (int i = 0; i < 600 && printed.find("listening on") == std::string::npos; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      printed = Slurp(out);
    }
    const auto at = printed.find("127.0.0.1:");
    ASSERT_NE(at, std::string::npos) << printed << Slurp(err);
    port_ = static_cast<unsigned short>(std::stoi(printed.substr(at + 10)));
  }
  void Kill() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

  std::string Ask(const std::string& method, const std::string& target, const std::string& headers,
                  const std::string& body = "") {
    RawHttpClient c(port_);
    c.Send(method + " " + target + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n" + headers +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    return c.ReadResponse();
  }
  struct Login {
    std::string cookie, csrf;
  };
  Login LogIn(const std::string& name) {
    const std::string r = Ask("POST", "/login", "Content-Type: application/json\r\n",
                              nlohmann::json{{"name", name}, {"password", kPassword}}.dump());
    EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 200") << r;
    std::smatch m;
    Login l;
    if (std::regex_search(r, m, std::regex("Set-Cookie: (lb_session=[^;]+)"))) l.cookie = m[1];
    if (std::regex_search(r, m, std::regex("\"csrf_token\":\"([^\"]+)\""))) l.csrf = m[1];
    return l;
  }
  static int Status(const std::string& raw) { return raw.size() > 12 ? std::stoi(raw.substr(9, 3)) : 0; }
  std::string One(const std::string& sql) {
    auto d = storage::OpenSqlite(path_, 1);
    auto rows = storage::InTransaction(*d, false, [&](storage::Transaction& tx) { return tx.Query(sql, {}); });
    return rows && !rows->empty() ? rows->front().Str(0) : "";
  }

  std::string path_, db_, token_;
  pid_t pid_ = 0;
  unsigned short port_ = 0;
};

TEST_F(RevocationJournalTest, ARevocationAnsweredWhileTheWriterIsHeldSurvivesSigkill) {
  Start();
  const Login chief = LogIn("chief");
  const Login leaver = LogIn("leaver");
  ASSERT_FALSE(chief.cookie.empty());
  ASSERT_FALSE(leaver.cookie.empty());
  ASSERT_EQ(Status(Ask("GET", "/api/v1/session", "Cookie: " + leaver.cookie + "\r\n")), 200);
  ASSERT_EQ(Status(Ask("GET", "/api/v1/persons?limit=1", "Authorization: Bearer " + token_ + "\r\n")), 200);
  const std::string token_id = One("SELECT id FROM api_tokens WHERE name = 'leaver-int'");
  ASSERT_FALSE(token_id.empty());

  // Another process holds the database's writer (as a long import does).
  std::promise<void> release;
  std::promise<void> held;
  std::thread holder([&] {
    auto d = storage::OpenSqlite(path_, 2);
    auto r = d->RunWrite([&](storage::Transaction& tx) -> core::Status {
      LB_TRY(n, tx.Exec("UPDATE node_secrets SET value = value WHERE name = 'nothing'", {}));
      (void)n;
      held.set_value();
      release.get_future().wait();
      return {};
    });
    EXPECT_TRUE(r) << r.error().message;
  });
  held.get_future().wait();

  const std::string csrf = "X-CSRF-Token: ";
  EXPECT_EQ(Status(Ask("POST", "/logout", "Cookie: " + leaver.cookie + "\r\n" + csrf + leaver.csrf + "\r\n")), 204);
  EXPECT_EQ(Status(Ask("POST", "/admin/tokens/" + token_id + "/revoke",
                       "Cookie: " + chief.cookie + "\r\n" + csrf + chief.csrf + "\r\n")),
            303);
  EXPECT_EQ(Status(Ask("POST", "/admin/users/quitter/disable",
                       "Cookie: " + chief.cookie + "\r\n" + csrf + chief.csrf + "\r\n")),
            303);
  // In force at once...
  EXPECT_EQ(Status(Ask("GET", "/api/v1/session", "Cookie: " + leaver.cookie + "\r\n")), 401);
  EXPECT_EQ(Status(Ask("GET", "/api/v1/persons?limit=1", "Authorization: Bearer " + token_ + "\r\n")), 401);
  // ... and the node is killed before the writer is free.
  Kill();
  release.set_value();
  holder.join();
  ASSERT_EQ(One("SELECT status FROM users WHERE name = 'quitter'"), "active") << "written before the kill";

  Start();
  EXPECT_EQ(Status(Ask("GET", "/api/v1/session", "Cookie: " + leaver.cookie + "\r\n")), 401)
      << "the ended session works again after the restart";
  EXPECT_EQ(Status(Ask("GET", "/api/v1/persons?limit=1", "Authorization: Bearer " + token_ + "\r\n")), 401)
      << "the revoked token works again after the restart";
  const std::string quitter_login = Ask("POST", "/login", "Content-Type: application/json\r\n",
                                        nlohmann::json{{"name", "quitter"}, {"password", kPassword}}.dump());
  EXPECT_EQ(Status(quitter_login), 401) << "the disabled user signs in again after the restart";
  // The database has the rows and the audit entries, and the journal is emptied.
  bool written = false;
  for (int i = 0; i < 100 && !written; ++i) {
    written = One("SELECT status FROM users WHERE name = 'quitter'") == "disabled" &&
              !One("SELECT revoked_at FROM api_tokens WHERE id = '" + token_id + "'").empty() &&
              One("SELECT COUNT(*) FROM audit_log WHERE action IN ('logout', 'token.revoke', 'user.disable')") == "3";
    if (!written) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(written) << One("SELECT status FROM users WHERE name = 'quitter'") << " "
                       << One("SELECT COUNT(*) FROM audit_log WHERE action IN ('logout', 'token.revoke', "
                              "'user.disable')");
  bool emptied = false;
  for (int i = 0; i < 100 && !emptied; ++i) {
    emptied = fs::exists(path_ + "-revocations") && fs::file_size(path_ + "-revocations") == 0;
    if (!emptied) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(emptied) << "the journal was not emptied once the database had the rows";
}

}  // namespace
}  // namespace lb::testing
