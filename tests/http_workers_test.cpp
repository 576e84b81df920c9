// Handlers run on a worker pool, not on the I/O threads: a slow handler on one connection does
// not hold up another connection, even with one I/O thread; order on one connection is kept;
// a full queue is answered 503 with Retry-After at once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "core/config.h"
#include "http/server.h"
#include "http/worker_pool.h"
#include "support/raw_http_client.h"

namespace lb::http {
namespace {

using Client = lb::testing::RawHttpClient;

// How long a blocked handler waits for the test to release it before giving up on its own:
// long enough never to be reached while the server behaves, short enough that a server that
// does hold the other connection fails the test instead of hanging it.
constexpr auto kGiveUp = std::chrono::seconds(8);

class RunningServer {
 public:
  RunningServer(RequestHandler handler, ServerOptions options) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.access_log = false;
    server_ = std::make_unique<Server>(options, std::move(handler));
    auto port = server_->Start();
    if (!port) throw std::runtime_error(port.error().message);
    port_ = *port;
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~RunningServer() {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  unsigned short port() const { return port_; }

 private:
  std::unique_ptr<Server> server_;
  unsigned short port_ = 0;
  std::thread thread_;
};

// A handler that blocks requests to /slow* until Release() (or kGiveUp), and answers the rest
// at once.
class Gate {
 public:
  Response Handle(const Request& r) {
    if (r.path.starts_with("/slow")) {
      entered_.fetch_add(1);
      released_future_.wait_for(kGiveUp);
      finished_.fetch_add(1);
    }
    Response res;
    res.content_type = "text/plain";
    res.body = r.method + " " + r.path;
    return res;
  }
  // Waits until `n` slow requests are inside the handler.
  bool WaitEntered(int n) {
    const auto deadline = std::chrono::steady_clock::now() + kGiveUp;
    while (entered_.load() < n) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }
  void Release() { released_.set_value(); }
  int finished() const { return finished_.load(); }
  RequestHandler AsHandler() {
    return [this](const Request& r) { return Handle(r); };
  }

 private:
  std::promise<void> released_;
  std::shared_future<void> released_future_ = released_.get_future().share();
  std::atomic<int> entered_{0};
  std::atomic<int> finished_{0};
};

int StatusOf(const std::string& response) { return response.size() > 12 ? std::stoi(response.substr(9, 3)) : 0; }

TEST(HttpWorkers, ASlowHandlerDoesNotDelayAFastRequestOnAnotherConnection) {
  Gate gate;
  ServerOptions o;
  o.threads = 1;  // one I/O thread: a handler running on it would hold every connection
  o.workers = 2;
  RunningServer server(gate.AsHandler(), o);
  Client slow(server.port());
  slow.Send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(gate.WaitEntered(1));

  Client fast(server.port());
  fast.Send("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n");
  const std::string r = fast.ReadResponse();
  EXPECT_EQ(StatusOf(r), 200) << r;
  EXPECT_NE(r.find("GET /fast"), std::string::npos) << r;
  EXPECT_EQ(gate.finished(), 0) << "the fast request was answered only after the slow handler had finished";

  gate.Release();
  EXPECT_NE(slow.ReadResponse().find("GET /slow"), std::string::npos);
}

TEST(HttpWorkers, APipelinedFastRequestIsAnsweredAfterTheSlowOneBeforeIt) {
  Gate gate;
  ServerOptions o;
  o.threads = 1;
  RunningServer server(gate.AsHandler(), o);
  Client client(server.port());
  client.Send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\nGET /fast HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(gate.WaitEntered(1));
  gate.Release();
  const std::string first = client.ReadResponse();
  const std::string second = client.ReadResponse();
  EXPECT_NE(first.find("GET /slow"), std::string::npos) << first;
  EXPECT_NE(second.find("GET /fast"), std::string::npos) << second;
}

TEST(HttpWorkers, ALargeUploadsAdmissionDoesNotHoldTheIoThread) {
  // The admission of a large body authenticates it (a database lookup in the node): while it
  // runs, other connections are served.
  std::promise<void> released;
  std::shared_future<void> release = released.get_future().share();
  std::atomic<bool> admitting{false}, admitted{false};
  ServerOptions o;
  o.threads = 1;
  o.body_limit = 1024;
  o.admit = [&](const Request&, bool large) {
    Admission a;
    if (large) {
      admitting = true;
      release.wait_for(kGiveUp);
      admitted = true;
      a.body_limit = 1 << 20;
    }
    return a;
  };
  RunningServer server([](const Request& r) { return Response{200, "text/plain", {}, r.method + " " + r.path}; }, o);
  Client upload(server.port());
  upload.Send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 4096\r\n\r\n");
  const auto deadline = std::chrono::steady_clock::now() + kGiveUp;
  while (!admitting && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ASSERT_TRUE(admitting);

  Client fast(server.port());
  fast.Send("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n");
  const std::string r = fast.ReadResponse();
  EXPECT_EQ(StatusOf(r), 200) << r;
  EXPECT_FALSE(admitted) << "the fast request waited for the upload's admission";

  released.set_value();
  upload.Send(std::string(4096, 'a'));
  const std::string u = upload.ReadResponse();
  EXPECT_EQ(StatusOf(u), 200) << u;
  EXPECT_NE(u.find("POST /upload"), std::string::npos) << u;
}

TEST(HttpWorkers, AFullQueueIsAnswered503WithRetryAfterAtOnceAndTheConnectionStaysUsable) {
  Gate gate;
  ServerOptions o;
  o.threads = 1;
  o.workers = 1;
  o.max_queued = 0;  // nothing waits: while the one worker is busy, a read is refused
  RunningServer server(gate.AsHandler(), o);
  Client slow(server.port());
  slow.Send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(gate.WaitEntered(1));

  Client refused(server.port());
  refused.Send("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n");
  const std::string r = refused.ReadResponse();
  EXPECT_EQ(StatusOf(r), 503) << r;
  EXPECT_NE(r.find("Retry-After: 1"), std::string::npos) << r;
  EXPECT_NE(r.find("application/problem+json"), std::string::npos) << r;
  EXPECT_EQ(r.find("Connection: close"), std::string::npos) << r;
  EXPECT_EQ(gate.finished(), 0) << "the 503 waited for the busy worker";

  gate.Release();
  EXPECT_EQ(StatusOf(slow.ReadResponse()), 200);
  refused.Send("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(StatusOf(refused.ReadResponse()), 200);
}

// Found in review: one user's flood of report requests filled the read pool and its queue, and
// the liveness probe was answered 503 for 20 s (a supervisor would restart a working node).
TEST(HttpWorkers, TheLivenessProbeIsAnsweredWhileEveryWorkerIsBusyAndTheQueueFull) {
  Gate gate;
  ServerOptions o;
  o.threads = 1;
  o.workers = 1;
  o.max_queued = 0;
  o.inline_paths = {"/healthz"};
  RunningServer server(gate.AsHandler(), o);
  Client slow(server.port());
  slow.Send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(gate.WaitEntered(1));

  Client probe(server.port());
  probe.Send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
  const std::string r = probe.ReadResponse();
  EXPECT_EQ(StatusOf(r), 200) << r;
  EXPECT_NE(r.find("GET /healthz"), std::string::npos) << r;
  // Other reads are still queued for (here: refused by) the pool, not run on the I/O thread.
  probe.Send("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(StatusOf(probe.ReadResponse()), 503);
  EXPECT_EQ(gate.finished(), 0);
  gate.Release();
  EXPECT_EQ(StatusOf(slow.ReadResponse()), 200);
}

TEST(HttpWorkers, WritesHaveTheirOwnBoundedPoolAndDoNotHoldReads) {
  Gate gate;
  ServerOptions o;
  o.threads = 1;
  o.workers = 1;
  o.blocking_threads = 1;
  o.max_queued = 0;
  RunningServer server(gate.AsHandler(), o);
  Client write(server.port());
  write.Send("POST /slow HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}");
  ASSERT_TRUE(gate.WaitEntered(1));

  Client second_write(server.port());
  second_write.Send("POST /slow-too HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}");
  const std::string refused = second_write.ReadResponse();
  EXPECT_EQ(StatusOf(refused), 503) << refused;
  EXPECT_NE(refused.find("Retry-After"), std::string::npos) << refused;

  Client read(server.port());
  read.Send("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(StatusOf(read.ReadResponse()), 200);
  EXPECT_EQ(gate.finished(), 0);

  gate.Release();
  EXPECT_NE(write.ReadResponse().find("POST /slow"), std::string::npos);
}

TEST(WorkerPool, RefusesBeyondItsIdleThreadsAndWaitingPlacesAndRunsWhatItTookBeforeJoining) {
  std::promise<void> released;
  std::shared_future<void> release = released.get_future().share();
  std::atomic<int> ran{0};
  WorkerPool pool(1, 2);
  auto blocked = [&] {
    release.wait_for(kGiveUp);
    ran.fetch_add(1);
  };
  // One task for the thread and two waiting places, whether or not the thread has started or
  // taken the first yet: the fourth is refused.
  ASSERT_TRUE(pool.TryPost(blocked));
  EXPECT_TRUE(pool.TryPost(blocked));
  EXPECT_TRUE(pool.TryPost(blocked));
  EXPECT_FALSE(pool.TryPost(blocked));
  released.set_value();
  pool.Join();
  EXPECT_EQ(ran.load(), 3);
  EXPECT_FALSE(pool.TryPost([] {})) << "a joined pool takes no more work";
}

TEST(WorkersConfig, TakesWorkersFromTheFileAndDefaultsFromTheCores) {
  const auto dir = std::filesystem::temp_directory_path() / "lb-workers-config-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "ok.toml") << "workers = 6\n";
  std::ofstream(dir / "big.toml") << "workers = 5000\n";
  core::Config c;
  ASSERT_TRUE(core::LoadConfigFile((dir / "ok.toml").string(), c));
  EXPECT_EQ(c.workers, 6u);
  EXPECT_EQ(core::WorkerCount(c), 6u);
  core::Config big;
  auto refused = core::LoadConfigFile((dir / "big.toml").string(), big);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("'workers'"), std::string::npos) << refused.error().message;
  std::filesystem::remove_all(dir);

  core::Config defaults;
  EXPECT_GE(core::WorkerCount(defaults), 4u);
  EXPECT_GE(core::WorkerCount(defaults), 2 * std::thread::hardware_concurrency());
  defaults.workers = 5000;
  auto invalid = core::ValidateConfig(defaults);
  ASSERT_FALSE(invalid);
  ASSERT_EQ(invalid.error().fields.size(), 1u);
  EXPECT_EQ(invalid.error().fields[0].field, "workers");
}

}  // namespace
}  // namespace lb::http
