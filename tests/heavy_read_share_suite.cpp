// Heavy reads (reports, exports) are shared out per user: one user's flood of PDF reports no
// longer fills the read pool (found in review: it queued every other user's reads for
// seconds). Each user runs at most a few heavy requests at once; more are answered 429 with
// Retry-After and a message naming the limit, and another user's reports still run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "support/node_server.h"
#include "support/raw_http_client.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kReport[] = "/api/v1/cooperation/reports/evaluation?from=2024-01-01&to=2026-12-31&lang=en&format=pdf";

class HeavyReadShareSuite : public ApiFixture {};

TEST_P(HeavyReadShareSuite, OneUsersFloodOfReportsLeavesRoomForAnotherUsersReports) {
  const std::string flooder = AddUserWithToken("flooder", "admin", "VN");
  const std::string other = AddUserWithToken("other", "admin", "VN");
  http::ServerOptions o;
  o.threads = 2;
  o.workers = 4;
  auto server = std::make_unique<NodeServer>(*node_, o);
  const auto port = std::optional<unsigned short>(server->port());

  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<std::string> refused;  // the flooder's 429 answers
  std::atomic<int> flood_ok{0}, flood_busy{0};
  std::vector<std::thread> flood;
  for (int c = 0; c < 12; ++c) {
    flood.emplace_back([&] {
      RawHttpClient client(*port);
      while (!stop) {
        client.Send(std::string("GET ") + kReport + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + flooder +
                    "\r\n\r\n");
        const std::string r = client.ReadResponse();
        const int status = StatusOf(r);
        if (status == 200) ++flood_ok;
        if (status == 503) ++flood_busy;
        if (status == 429) {
          std::lock_guard lock(mu);
          if (refused.size() < 5) refused.push_back(r);
        }
        if (status == 0) return;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // The other user's reports, while the flood goes on.
  std::vector<int> statuses;
  for (int i = 0; i < 5; ++i) {
    RawHttpClient client(*port);
    client.Send(std::string("GET ") + kReport + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + other +
                "\r\nConnection: close\r\n\r\n");
    statuses.push_back(StatusOf(client.ReadResponse()));
  }
  stop = true;
  for (auto& t : flood) t.join();
  server.reset();

  for (int s : statuses) EXPECT_EQ(s, 200) << "another user's report was not run";
  EXPECT_GT(flood_ok.load(), 0);
  EXPECT_EQ(flood_busy.load(), 0);
  ASSERT_FALSE(refused.empty()) << "the flooder ran every report it asked for (no per-user share)";
  EXPECT_THAT(refused.front(), HasSubstr("Retry-After: "));
  EXPECT_THAT(refused.front(), HasSubstr("2 reports or exports at a time per user")) << refused.front();
}

LB_INSTANTIATE_BACKENDS(HeavyReadShareSuite);

}  // namespace
}  // namespace lb::testing
