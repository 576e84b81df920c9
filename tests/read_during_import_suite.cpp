// A browser keeps working during a long import (issue 14): while tens of thousands of rows are
// imported through the importer, authenticated reads through the real HTTP server — a person
// and the persons list, with an API token and with a cookie session whose idle clock is due
// to move — complete while the import is still running. On SQLite the import is one long
// write transaction, so a read that waited for any write lock (a session touch, say) would
// only finish after the import. No latency figure is asserted: each read must end before the
// import does.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http/server.h"
#include "support/raw_http_client.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using Steady = std::chrono::steady_clock;

constexpr int kRows = 30000;
constexpr char kPassword[] = "Mekong-Ferry-7q!Vx2";

std::string ImportFile() {
  std::string csv =
      "family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,document_kind,"
      "document_number,document_country,document_expires\r\n";
  static const char* const kGiven[] = {"Khamla", "Bounmy", "Somphone", "Vilay", "Noy", "Phet", "Sengdao", "Kham"};
  static const char* const kFamily[] = {"PHOMMAVONG", "SOUVANNA", "KEOLA", "VONGSA", "SIHALATH"};
  for (int i = 0; i < kRows; ++i) {
    char number[16];
    std::snprintf(number, sizeof number, "P%07d", 2000000 + i);
    const int day = 1 + i % 28;
    csv += std::string(kFamily[i % 5]) + "," + kGiven[i % 8] + ",,M,1990-04-" + (day < 10 ? "0" : "") +
           std::to_string(day) + ",LA,LA-VT,,passport," + number + ",LA,\r\n";
  }
  return csv;
}

// One answer's status line and body, read on a fresh connection.
struct Answer {
  int status = 0;
  std::string body;
};

Answer GetOverHttp(unsigned short port, const std::string& target, const std::string& auth_header) {
  RawHttpClient client(port);
  client.Send("GET " + target + " HTTP/1.1\r\nHost: test\r\n" + auth_header + "\r\nConnection: close\r\n\r\n");
  const std::string raw = client.ReadResponse();
  Answer a;
  if (raw.size() > 12 && raw.starts_with("HTTP/1.1 ")) a.status = std::stoi(raw.substr(9, 3));
  auto end = raw.find("\r\n\r\n");
  if (end != std::string::npos) a.body = raw.substr(end + 4);
  return a;
}

class ReadDuringImportSuite : public ApiFixture {};

TEST_P(ReadDuringImportSuite, ReadsCompleteWhileALongImportIsStillRunning) {
  auto created = Post("/api/v1/persons", LaoWorker());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string person_id = created.json.value("id", "");

  auto user = node_->users().Add(access::Principal::System("VN"),
                                 {"reader", "registry_officer", "VN", std::nullopt, std::nullopt, kPassword});
  ASSERT_TRUE(user) << user.error().message;
  auto login = Send("POST", "/login", json{{"name", "reader"}, {"password", kPassword}}.dump(), {}, false);
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string set_cookie = login.Header("set-cookie");
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  ASSERT_TRUE(cookie.starts_with("lb_session=")) << set_cookie;

  http::ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 4;
  o.access_log = false;
  server::Node* n = node_.get();
  o.admit = [n](const http::Request& head, bool large) { return n->Admit(head, large); };
  http::Server server(o, [n](const http::Request& r) { return n->Handle(r); });
  auto port = server.Start();
  ASSERT_TRUE(port) << port.error().message;
  std::thread run([&] { server.Run(); });

  auto upload =
      Send("POST", "/api/v1/imports?kind=persons&confirm_new=true", ImportFile(), {{"Content-Type", "text/csv"}});
  ASSERT_EQ(upload.status, 202) << upload.body;
  const std::string job_id = upload.json.value("id", "");
  auto job_state = [&] {
    auto r = Send("GET", "/api/v1/imports/" + job_id);
    return r.json.is_object() ? r.json : json::object();
  };

  // The import's end, seen from outside: a watcher polls the job.
  std::atomic<bool> started{false}, finished{false};
  std::atomic<Steady::rep> started_at{0}, finished_at{0};
  std::thread watcher([&] {
    const auto give_up = Steady::now() + std::chrono::minutes(5);
    while (Steady::now() < give_up) {
      json j = job_state();
      const std::string state = j.value("state", "");
      if (!started && state == "running" && j.value("rows_read", 0) > 0) {
        started_at = Steady::now().time_since_epoch().count();
        started = true;
      }
      if (state == "succeeded" || state == "failed") {
        finished_at = Steady::now().time_since_epoch().count();
        finished = true;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  while (!started && !finished) std::this_thread::sleep_for(std::chrono::milliseconds(2));

  struct Read {
    std::string what;
    int status;
    Steady::time_point start, end;
  };
  std::vector<Read> reads;
  const std::string bearer = "Authorization: Bearer " + token_;
  const std::string session = "Cookie: " + cookie;
  const std::vector<std::pair<std::string, std::pair<std::string, std::string>>> kinds = {
      {"token: person", {"/api/v1/persons/" + person_id, bearer}},
      {"token: list", {"/api/v1/persons?limit=20", bearer}},
      {"session: person", {"/api/v1/persons/" + person_id, session}},
      {"session: list", {"/api/v1/persons?limit=20", session}},
  };
  for (int round = 0; round < 20 && !finished; ++round) {
    for (const auto& [what, request] : kinds) {
      if (finished) break;
      // A minute passes before each session read, so its idle clock is due to move (a write).
      if (what.starts_with("session")) clock_->Advance(std::chrono::seconds(61));
      Read r{what, 0, Steady::now(), {}};
      Answer a = GetOverHttp(*port, request.first, request.second);
      r.end = Steady::now();
      r.status = a.status;
      EXPECT_EQ(a.status, 200) << what << ": " << a.body;
      reads.push_back(r);
    }
  }
  watcher.join();
  server.Stop();
  run.join();
  node_->imports().WaitIdle();

  ASSERT_TRUE(finished) << "the import did not finish within 5 minutes";
  EXPECT_EQ(job_state().value("state", ""), "succeeded") << job_state().dump();
  EXPECT_EQ(Count("persons"), kRows + 1);
  ASSERT_TRUE(started) << "the import was never seen running";
  const auto import_start = Steady::time_point(Steady::duration(started_at.load()));
  const auto import_end = Steady::time_point(Steady::duration(finished_at.load()));
  // A read that starts in the last tenth of the import may end after it without having waited.
  const auto cutoff = import_end - (import_end - import_start) / 10;
  std::set<std::string> measured;
  for (const auto& r : reads) {
    if (r.start >= cutoff) continue;
    measured.insert(r.what);
    using std::chrono::milliseconds;
    const auto took = std::chrono::duration_cast<milliseconds>(r.end - r.start).count();
    const auto left = std::chrono::duration_cast<milliseconds>(import_end - r.start).count();
    EXPECT_LT(r.end, import_end) << r.what << " started " << left << " ms before the import ended and took " << took
                                 << " ms: it waited for the import";
  }
  EXPECT_EQ(measured.size(), kinds.size()) << "the import was too short to make every kind of read during it "
                                              "(raise kRows); reads made: "
                                           << reads.size();
}

LB_INSTANTIATE_BACKENDS(ReadDuringImportSuite);

}  // namespace
}  // namespace lb::testing
