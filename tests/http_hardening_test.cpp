// The HTTP server against hostile input, over real sockets on a loopback port: response
// headers that would split the response, control characters in the access log, and (below)
// large uploads: admission before the body, a cap on concurrent uploads, a minimum transfer
// rate, and bodies spooled to disk rather than memory.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "http/router.h"
#include "http/server.h"
#include "support/raw_http_client.h"

namespace lb::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using ::testing::HasSubstr;
using ::testing::Not;

// A running server on 127.0.0.1:<any free port> for one test.
class RunningServer {
 public:
  explicit RunningServer(RequestHandler handler, ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    if (options.threads == 1) options.threads = 2;
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

ServerOptions Quiet() {
  ServerOptions o;
  o.access_log = false;
  return o;
}

using Client = lb::testing::RawHttpClient;

int StatusOf(const std::string& response) { return response.size() > 12 ? std::stoi(response.substr(9, 3)) : 0; }

// ---- A: no header may split the response -----------------------------------------------

Response WithHeader(std::string name, std::string value) {
  Response r;
  r.status = 303;
  r.content_type = "text/plain";
  r.With(std::move(name), std::move(value));
  return r;
}

TEST(HttpHardening, AHeaderValueWithALineBreakBecomesA500NotASplitResponse) {
  RunningServer server([](const Request&) { return WithHeader("Location", "/\r\nSet-Cookie: planted=1"); }, Quiet());
  Client client(server.port());
  client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
  const std::string r = client.ReadResponse();
  EXPECT_EQ(StatusOf(r), 500) << r;
  EXPECT_THAT(r, HasSubstr("application/problem+json"));
  EXPECT_THAT(r, Not(HasSubstr("planted")));
  EXPECT_THAT(r, Not(HasSubstr("Location")));
}

TEST(HttpHardening, ControlCharactersInHeaderNamesAndValuesAreRefused) {
  const std::vector<std::pair<std::string, std::string>> bad = {{"Location", "/a\nb"},
                                                                {"Location", "/a\rb"},
                                                                {"X-Test", std::string("a\0b", 3)},
                                                                {"X-Test", "a\x7f"},
                                                                {"X-Te\r\nst", "1"},
                                                                {"X Test", "1"},
                                                                {"", "1"},
                                                                {"X-Test",
                                                                 "a\x01"
                                                                 "b"},
                                                                {"Set-Cookie\n", "x=1"}};
  for (const auto& [name, value] : bad) {
    RunningServer server([&](const Request&) { return WithHeader(name, value); }, Quiet());
    Client client(server.port());
    client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    const std::string r = client.ReadResponse();
    EXPECT_EQ(StatusOf(r), 500) << "header " << ::testing::PrintToString(name) << ": " << r;
  }
  // A horizontal tab inside a value is allowed (RFC 9110 field-content).
  RunningServer server([](const Request&) { return WithHeader("X-Test", "a\tb"); }, Quiet());
  Client client(server.port());
  client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
  const std::string r = client.ReadResponse();
  EXPECT_EQ(StatusOf(r), 303) << r;
  EXPECT_THAT(r, HasSubstr("X-Test: a\tb\r\n"));
}

// ---- C: the access log cannot be forged --------------------------------------------------

// Captures what the default logger writes while it lives.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    sink->set_pattern("%v");
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::vector<std::string> Lines() {
    spdlog::default_logger()->flush();
    std::vector<std::string> lines;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream out_;
};

Response Ok(const Request&) {
  Response r;
  r.content_type = "text/plain";
  r.body = "ok";
  return r;
}

TEST(HttpHardening, TheAccessLogEscapesControlCharactersAndCapsTheTarget) {
  LogCapture capture;
  {
    ServerOptions o;
    o.access_log = true;
    RunningServer server(Ok, o);
    Client client(server.port());
    client.Send("GET /a%0d%0aaccess%20forged-1%20127.0.0.1%20GET%20/admin%20200%0bz%1b HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(StatusOf(client.ReadResponse()), 200);
    client.Send("GET /" + std::string(5000, 'y') + " HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(StatusOf(client.ReadResponse()), 200);
  }
  std::vector<std::string> access;
  for (const auto& line : capture.Lines()) {
    if (line.starts_with("access ")) access.push_back(line);
  }
  ASSERT_EQ(access.size(), 2u) << ::testing::PrintToString(capture.Lines());
  EXPECT_THAT(access[0], HasSubstr("/a\\x0d\\x0aaccess forged-1 127.0.0.1 GET /admin 200\\x0bz\\x1b 200"));
  for (char c : access[0]) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20) << access[0];
  EXPECT_LT(access[1].size(), 400u);
  EXPECT_THAT(access[1], HasSubstr("yyy..."));
}

// ---- B: large uploads --------------------------------------------------------------------

constexpr size_t kDefaultLimit = 64 * 1024;
constexpr size_t kUploadLimit = 256u << 20;

// A server whose /upload route takes large bodies from a client sending "Authorization: ok".
ServerOptions Uploads() {
  ServerOptions o = Quiet();
  o.body_limit = kDefaultLimit;
  o.admit = [](const Request& head, bool large) {
    Admission a;
    if (head.path != "/upload") return a;
    a.body_limit = kUploadLimit;
    if (!large) return a;
    const auto auth = head.Header("authorization");
    if (!auth)
      a.refusal = ProblemResponse({core::ErrorCode::kUnauthorized, "sign in", {}, {}});
    else if (*auth != "ok")
      a.refusal = ProblemResponse({core::ErrorCode::kForbidden, "not you", {}, {}});
    return a;
  };
  return o;
}

// Answers with the body's size and a checksum of it.
Response Sum(const Request& r) {
  uint64_t sum = 0;
  for (unsigned char c : r.Body()) sum = sum * 31 + c;
  Response res;
  res.content_type = "text/plain";
  res.body = std::to_string(r.Body().size()) + " " + std::to_string(sum) + (r.body_spool ? " spooled" : " memory");
  return res;
}

std::string UploadHead(size_t length, const std::string& auth, bool expect_continue = false) {
  return "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Type: application/octet-stream\r\n" +
         (auth.empty() ? std::string() : "Authorization: " + auth + "\r\n") +
         (expect_continue ? "Expect: 100-continue\r\n" : "") + "Content-Length: " + std::to_string(length) + "\r\n\r\n";
}

TEST(HttpHardening, ALargeUploadIsRefusedFromItsHeadersBeforeAnyOfTheBody) {
  std::atomic<int> handled{0};
  RunningServer server(
      [&](const Request& r) {
        ++handled;
        return Sum(r);
      },
      Uploads());
  const size_t declared = 50u << 20;
  {
    Client client(server.port());
    client.Send(UploadHead(declared, ""));  // the headers only: the answer comes without the body
    const std::string r = client.ReadResponse();
    EXPECT_EQ(StatusOf(r), 401) << r;
    EXPECT_THAT(r, HasSubstr("Connection: close"));
    EXPECT_TRUE(client.ClosedAfterDraining());
  }
  {
    Client client(server.port());
    client.Send(UploadHead(declared, "someone else"));
    EXPECT_EQ(StatusOf(client.ReadResponse()), 403);
    EXPECT_TRUE(client.ClosedAfterDraining());
  }
  {
    // Chunked: no declared length, so it may be large: judged the same way.
    Client client(server.port());
    client.Send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
    EXPECT_EQ(StatusOf(client.ReadResponse()), 401);
  }
  {
    // A small body on the same route is read as usual (the handler decides).
    Client client(server.port());
    client.Send(UploadHead(5, "") + "hello");
    const std::string r = client.ReadResponse();
    EXPECT_EQ(StatusOf(r), 200) << r;
    EXPECT_THAT(r, HasSubstr("5 "));
    EXPECT_THAT(r, HasSubstr("memory"));
  }
  {
    // An admitted client gets its "100 Continue".
    Client client(server.port());
    client.Send(UploadHead(declared, "ok", true));
    EXPECT_EQ(StatusOf(client.ReadResponse()), 100);
  }
  EXPECT_EQ(handled.load(), 1);
}

TEST(HttpHardening, OnlyAFewLargeUploadsAreTakenAtOnce) {
  ServerOptions o = Uploads();
  o.max_large_uploads = 1;
  RunningServer server(Sum, o);
  const std::string body(2u << 20, 'b');
  Client first(server.port());
  first.Send(UploadHead(body.size(), "ok") + body.substr(0, 100000));  // holds the one place
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  {
    Client second(server.port());
    second.Send(UploadHead(body.size(), "ok"));  // refused before its body
    const std::string r = second.ReadResponse();
    EXPECT_EQ(StatusOf(r), 503) << r;
    EXPECT_THAT(r, HasSubstr("Retry-After: "));
  }
  first.Send(std::string_view(body).substr(100000));
  std::string r = first.ReadResponse();
  EXPECT_EQ(StatusOf(r), 200) << r;
  EXPECT_THAT(r, HasSubstr(std::to_string(body.size()) + " "));
  EXPECT_THAT(r, HasSubstr("spooled"));
  // The place is free again, on the same keep-alive connection too.
  first.Send(UploadHead(body.size(), "ok") + body);
  EXPECT_EQ(StatusOf(first.ReadResponse()), 200);
}

TEST(HttpHardening, ATricklingClientIsCutWithinTheWindow) {
  ServerOptions o = Uploads();
  o.min_body_bytes = 1000;
  o.body_window_seconds = 1;
  RunningServer server(Sum, o);
  Client client(server.port());
  client.Send(UploadHead(100000, "ok"));
  const auto start = std::chrono::steady_clock::now();
  bool cut = false;
  std::string answer;
  for (int i = 0; i < 40 && !cut; ++i) {  // one byte every 250 ms, for up to 10 s
    if (client.Send("x")) cut = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  answer = client.ReadResponse();  // a 408, or nothing when the server just closed
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(answer.empty() || StatusOf(answer) == 408) << answer;
  EXPECT_TRUE(client.ClosedAfterDraining());
  EXPECT_LT(took, std::chrono::seconds(4))
      << "the connection was held for " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
}

TEST(HttpHardening, HeadersTricklingInAreCutAtTheReadTimeout) {
  ServerOptions o = Quiet();
  o.read_timeout_seconds = 1;
  RunningServer server(Ok, o);
  Client client(server.port());
  const auto start = std::chrono::steady_clock::now();
  const std::string head = "GET / HTTP/1.1\r\nHost: t\r\nX-Slow: " + std::string(200, 'z');
  bool cut = false;
  for (size_t i = 0; i < head.size() && !cut; ++i) {
    cut = static_cast<bool>(client.Send(head.substr(i, 1)));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(client.ClosedAfterDraining());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
}

// Kilobytes of anonymous memory (heap) the process holds now.
long RssAnonKb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("RssAnon:")) return std::stol(line.substr(8));
  }
  return -1;
}

TEST(HttpHardening, LargeUploadsGoToDiskNotMemory) {
  ServerOptions o = Uploads();
  o.max_large_uploads = 2;
  const std::string dir = ::testing::TempDir() + "lb-uploads-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  o.upload_dir = dir;
  std::atomic<size_t> files_seen{0};
  RunningServer server(
      [&](const Request& r) {
        // The spool file is unlinked as soon as it is made: nothing in the directory, ever.
        files_seen += static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
        return Sum(r);
      },
      o);
  const size_t size = 32u << 20;
  std::string body(size, '\0');
  for (size_t i = 0; i < size; ++i) body[i] = static_cast<char>('a' + i % 23);
  uint64_t expected = 0;
  for (unsigned char c : body) expected = expected * 31 + c;

  const long base = RssAnonKb();
  std::atomic<long> peak{base};
  std::atomic<bool> sampling{true};
  std::thread sampler([&] {
    while (sampling) {
      long now = RssAnonKb();
      if (now > peak) peak = now;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  std::atomic<int> ok{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < 2; ++t) {
    senders.emplace_back([&] {
      Client client(server.port());
      for (int i = 0; i < 3; ++i) {
        client.Send(UploadHead(size, "ok"));
        for (size_t at = 0; at < size; at += 1u << 20) client.Send(std::string_view(body).substr(at, 1u << 20));
        const std::string r = client.ReadResponse();
        if (StatusOf(r) == 200 &&
            r.find(std::to_string(size) + " " + std::to_string(expected) + " spooled") != std::string::npos) {
          ++ok;
        }
      }
    });
  }
  for (auto& t : senders) t.join();
  sampling = false;
  sampler.join();
  const long grew_mb = (peak - base) / 1024;
  const size_t sent_mb = 6 * (size >> 20);
  std::printf("uploaded %zu MB in 6 bodies, 2 at a time; anonymous memory grew by at most %ld MB\n", sent_mb, grew_mb);
  EXPECT_EQ(ok.load(), 6);
  EXPECT_EQ(files_seen.load(), 0u);
  // Held in memory, two bodies in flight would take 64 MB at least.
  EXPECT_LT(grew_mb, 24) << "anonymous memory grew by " << grew_mb << " MB for " << sent_mb << " MB sent";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lb::http
