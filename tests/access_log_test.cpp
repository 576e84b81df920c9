// The access log is written off the I/O threads: lines arrive in order, a full queue drops and
// counts instead of waiting, shutdown writes what is queued, and a sink that stalls (a slow
// disk) does not hold the server's answers.
#include "http/access_log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/server.h"
#include "support/raw_http_client.h"

namespace lb::http {
namespace {

// Collects what the sink is given, optionally stalling each write until released.
struct Collected {
  std::mutex mu;
  std::vector<std::string> lines;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  bool stall = false;
  std::atomic<bool> release_sent{false};

  AccessLog::Sink Sink() {
    return [this](std::string_view line) {
      if (stall) released.wait();
      std::lock_guard lock(mu);
      lines.emplace_back(line);
    };
  }
  void Release() {
    if (!release_sent.exchange(true)) release.set_value();
  }
  std::vector<std::string> Lines() {
    std::lock_guard lock(mu);
    return lines;
  }
};

TEST(AccessLog, LinesArriveInTheOrderTheyWereAdded) {
  Collected got;
  {
    AccessLog log(100000, got.Sink());
    for (int i = 0; i < 5000; ++i) EXPECT_TRUE(log.Add("line " + std::to_string(i)));
  }  // the destructor writes what is queued
  const auto lines = got.Lines();
  ASSERT_EQ(lines.size(), 5000u);
  for (int i = 0; i < 5000; ++i) EXPECT_EQ(lines[static_cast<size_t>(i)], "line " + std::to_string(i));
}

TEST(AccessLog, StopWritesEveryQueuedLineBeforeItReturns) {
  Collected got;
  got.stall = true;
  AccessLog log(1000, got.Sink());
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(log.Add(std::to_string(i)));
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    got.Release();
  });
  log.Stop();
  releaser.join();
  const auto lines = got.Lines();
  ASSERT_EQ(lines.size(), 50u);
  EXPECT_EQ(lines.front(), "0");
  EXPECT_EQ(lines.back(), "49");
  EXPECT_FALSE(log.Add("after stop")) << "a stopped log takes nothing";
  EXPECT_EQ(log.dropped(), 1u);
}

TEST(AccessLog, AFullQueueDropsAndCountsInsteadOfWaiting) {
  Collected got;
  got.stall = true;
  AccessLog log(4, got.Sink());
  int accepted = 0;
  for (int i = 0; i < 100; ++i) accepted += log.Add(std::to_string(i)) ? 1 : 0;
  // The logger may have taken one batch before stalling on it: at most 4 + 4 lines are held.
  EXPECT_LE(accepted, 8);
  EXPECT_GE(accepted, 4);
  EXPECT_EQ(log.dropped(), static_cast<uint64_t>(100 - accepted));
  got.Release();
  log.Stop();
  const auto lines = got.Lines();
  ASSERT_EQ(lines.size(), static_cast<size_t>(accepted));
  for (size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i], std::to_string(i)) << "kept lines stay in order";
}

// The server: one line per answered request, in order, all written once Run() returns; and a
// stalled sink never holds an answer (the I/O threads only queue the line).
TEST(AccessLog, TheServerQueuesItsLinesAndShutdownWritesThem) {
  Collected got;
  got.stall = true;  // the "disk" is stuck until the requests are done
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 1;  // one I/O thread: had it written the log, the second request would hang
  o.access_log = true;
  o.access_log_sink = got.Sink();
  Server server(o, [](const Request& r) {
    Response res;
    res.body = r.path;
    res.content_type = "text/plain";
    return res;
  });
  auto port = server.Start();
  ASSERT_TRUE(port.has_value());
  std::thread runner([&] { server.Run(); });
  {
    lb::testing::RawHttpClient client(*port);
    for (int i = 0; i < 20; ++i) {
      client.Send("GET /r/" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n");
      const std::string r = client.ReadResponse();
      ASSERT_NE(r.find("200"), std::string::npos) << r;
    }
  }
  EXPECT_TRUE(got.Lines().empty()) << "nothing written while the sink stalls";
  server.Stop();
  got.Release();
  runner.join();
  const auto lines = got.Lines();
  ASSERT_EQ(lines.size(), 20u);
  for (int i = 0; i < 20; ++i) {
    const std::string& line = lines[static_cast<size_t>(i)];
    EXPECT_TRUE(line.starts_with("access ")) << line;
    EXPECT_NE(line.find(" GET /r/" + std::to_string(i) + " 200 "), std::string::npos) << line;
  }
  EXPECT_EQ(server.AccessLogDropped(), 0u);
}

}  // namespace
}  // namespace lb::http
