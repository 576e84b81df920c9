// SIGTERM stops a running import promptly: the import is cancelled at the signal (not when the
// node's objects are torn down), rolls back, and the node exits cleanly (found in review: the
// process ran on until the import ended, since the shutdown's last write waited behind it).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "storage/database.h"
#include "storage/sqlite/sqlite_database.h"
#include "support/cli_fixture.h"
#include "support/raw_http_client.h"

extern char** environ;

namespace lb::testing {
namespace {

namespace fs = std::filesystem;

std::string BigCsv(int rows) {
  std::string csv =
      "family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,document_kind,"
      "document_number,document_country,document_expires\r\n";
  for (int i = 0; i < rows; ++i) {
    char number[16];
    std::snprintf(number, sizeof number, "P%07d", 3000000 + i);
    const int day = 1 + i % 28;
    csv += std::string("SOUVANNA,Khamla,,M,1990-04-") + (day < 10 ? "0" : "") + std::to_string(day) +
           ",LA,LA-VT,,passport," + number + ",LA,\r\n";
  }
  return csv;
}

class ShutdownDuringImportTest : public CliFixture {
 protected:
  ShutdownDuringImportTest() : CliFixture("lbshutdown") {}
};

TEST_F(ShutdownDuringImportTest, SigtermStopsARunningImportAndRollsItBack) {
  const std::string db = "sqlite:" + (dir_ / "node.db").string();
  const fs::path err = dir_ / "serve.err";
  std::string printed;
  const pid_t pid = SpawnDemoNode(db, 10, "Try: curl", 600, printed);
  ASSERT_NE(pid, 0);
  const auto at = printed.find("127.0.0.1:");
  const auto tok = printed.find("lb_");
  ASSERT_TRUE(at != std::string::npos && tok != std::string::npos) << printed << Slurp(err);
  const auto port = static_cast<unsigned short>(std::stoi(printed.substr(at + 10)));
  const std::string token = printed.substr(tok, printed.find_first_of(" \n'", tok) - tok);

  auto count_persons = [&] {
    auto d = storage::OpenSqlite((dir_ / "node.db").string(), 1);
    auto rows = storage::InTransaction(
        *d, false, [](storage::Transaction& tx) { return tx.Query("SELECT COUNT(*) FROM persons", {}); });
    return rows && !rows->empty() ? rows->front().Int(0) : -1;
  };
  const int64_t before = count_persons();

  const std::string csv = BigCsv(200000);
  RawHttpClient upload(port);
  upload.Send(
      "POST /api/v1/imports?kind=persons&confirm_new=true HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\n"
      "Authorization: Bearer " +
      token + "\r\nContent-Length: " + std::to_string(csv.size()) + "\r\n\r\n" + csv);
  const std::string accepted = upload.ReadResponse();
  ASSERT_NE(accepted.find("202 Accepted"), std::string::npos) << accepted.substr(0, 600);
  const auto id_at = accepted.find("\"id\":\"");
  ASSERT_NE(id_at, std::string::npos);
  const std::string job = accepted.substr(id_at + 6, accepted.find('"', id_at + 6) - id_at - 6);

  // Wait until rows are being written.
  bool running = false;
  for (int i = 0; i < 600 && !running; ++i) {
    RawHttpClient c(port);
    c.Send("GET /api/v1/imports/" + job + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token +
           "\r\nConnection: close\r\n\r\n");
    const std::string r = c.ReadResponse();
    const auto body = nlohmann::json::parse(r.substr(r.find("\r\n\r\n") + 4), nullptr, false);
    running = body.is_object() && body.value("state", "") == "running" && body.value("rows_read", 0) > 1000;
    ASSERT_FALSE(body.is_object() && body.value("state", "") == "succeeded") << "the import ended before the test";
    if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(running);

  kill(pid, SIGTERM);
  int status = 0;
  bool exited = false;
  for (int i = 0; i < 600 && !exited; ++i) {  // up to 30 s (the grace is 10 s)
    exited = waitpid(pid, &status, WNOHANG) == pid;
    if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!exited) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  EXPECT_TRUE(exited) << "the node was still running 30 s after SIGTERM (waiting for the import)";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << Slurp(err);
  EXPECT_NE(Slurp(err).find("database closed"), std::string::npos) << Slurp(err);
  EXPECT_EQ(count_persons(), before) << "the import was not rolled back";
}

}  // namespace
}  // namespace lb::testing
