// The HTTP server over real sockets on a loopback port: keep-alive, body limit, malformed
// requests, read timeout, graceful shutdown.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <future>
#include <thread>

#include "http/router.h"
#include "http/server.h"
#include "support/raw_http_client.h"

namespace lb::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// A running server on 127.0.0.1:<any free port> for one test.
class RunningServer {
 public:
  RunningServer(RequestHandler handler, ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    options.access_log = false;
    server_ = std::make_unique<Server>(options, std::move(handler));
    auto port = server_->Start();
    if (!port) throw std::runtime_error(port.error().message);
    port_ = *port;
    thread_ = std::thread([this] {
      server_->Run();
      stopped_ = true;
    });
  }
  ~RunningServer() {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  unsigned short port() const { return port_; }
  Server& server() { return *server_; }
  std::thread& thread() { return thread_; }
  bool stopped() const { return stopped_; }

 private:
  std::unique_ptr<Server> server_;
  unsigned short port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopped_{false};
};

using Client = lb::testing::RawHttpClient;

Response Echo(const Request& r) {
  Response res;
  res.body = r.method + " " + r.path + " " + std::to_string(r.Body().size());
  res.content_type = "text/plain";
  return res;
}

int StatusOf(const std::string& response) { return response.size() > 12 ? std::stoi(response.substr(9, 3)) : 0; }

TEST(HttpServer, ServesSeveralRequestsOnOneKeepAliveConnection) {
  RunningServer server(Echo);
  Client client(server.port());
  for (int i = 0; i < 3; ++i) {
    client.Send("GET /x/" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n");
    std::string r = client.ReadResponse();
    EXPECT_EQ(StatusOf(r), 200);
    EXPECT_NE(r.find("GET /x/" + std::to_string(i) + " 0"), std::string::npos) << r;
  }
}

TEST(HttpServer, HandlesPipelinedRequestsInOrder) {
  RunningServer server(Echo);
  Client client(server.port());
  client.Send("GET /a HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_NE(client.ReadResponse().find("GET /a"), std::string::npos);
  EXPECT_NE(client.ReadResponse().find("GET /b"), std::string::npos);
}

TEST(HttpServer, DecodesPathAndQuery) {
  std::promise<Request> seen;
  RunningServer server([&](const Request& r) {
    seen.set_value(r);
    return Response{};
  });
  Client client(server.port());
  client.Send("GET /api/v1/search?q=Nguy%E1%BB%85n+Th%E1%BB%8B&kind=person HTTP/1.1\r\nHost: t\r\nX-Thing: 1\r\n\r\n");
  EXPECT_EQ(StatusOf(client.ReadResponse()), 200);
  Request r = seen.get_future().get();
  EXPECT_EQ(r.path, "/api/v1/search");
  EXPECT_EQ(r.Query("q").value_or(""), "Nguyễn Thị");
  EXPECT_EQ(r.Query("kind").value_or(""), "person");
  EXPECT_EQ(r.Header("x-thing").value_or(""), "1");
}

TEST(HttpServer, RejectsBodyOverTheLimitWith413AndCloses) {
  ServerOptions o;
  o.body_limit = 1024;
  RunningServer server(Echo, o);
  Client client(server.port());
  client.Send("POST /p HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n" +
              std::string(5000, 'a'));
  std::string r = client.ReadResponse();
  EXPECT_EQ(StatusOf(r), 413) << r;
  EXPECT_NE(r.find("application/problem+json"), std::string::npos);
  EXPECT_NE(r.find("1024"), std::string::npos);
}

TEST(HttpServer, A413ReachesAClientStillSendingALargeBody) {
  RunningServer server(Echo);  // default limit: 1 MiB
  for (int attempt = 0; attempt < 5; ++attempt) {
    Client client(server.port());
    const std::string body(3 * 1024 * 1024, 'x');
    std::thread sender([&] {
      try {
        client.Send("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                    body);
      } catch (const std::exception&) {
        // the server may stop reading once it has drained enough; the answer still counts
      }
    });
    std::string r = client.ReadResponse();
    sender.join();
    EXPECT_EQ(StatusOf(r), 413) << "attempt " << attempt << ": " << r.substr(0, 200);
  }
}

TEST(HttpServer, AnswersHeadLikeGetWithoutABody) {
  Router router;
  router.Add("GET", "/healthz", [](const Request&, const PathParams&) -> core::Result<Response> {
    return JsonResponse(200, R"({"status":"ok"})");
  });
  RunningServer server([&](const Request& r) { return router.Handle(r); });
  Client client(server.port());
  client.Send("HEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
  std::string head = client.ReadHeaders();
  EXPECT_EQ(StatusOf(head), 200) << head;
  EXPECT_NE(head.find("Content-Length: 15"), std::string::npos) << head;
  // The connection stays usable: the next answer starts right after the headers.
  client.Send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
  std::string get = client.ReadResponse();
  EXPECT_EQ(StatusOf(get), 200) << get;
  EXPECT_NE(get.find(R"({"status":"ok"})"), std::string::npos) << get;
}

TEST(HttpServer, AcceptsBodyJustUnderTheLimit) {
  ServerOptions o;
  o.body_limit = 1024;
  RunningServer server(Echo, o);
  Client client(server.port());
  client.Send("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n" + std::string(1024, 'a'));
  std::string r = client.ReadResponse();
  EXPECT_EQ(StatusOf(r), 200);
  EXPECT_NE(r.find("POST /p 1024"), std::string::npos);
}

// A route that takes files gets its own limit; every other route keeps the default, and a
// declared length over the limit is refused before the body is read.
TEST(HttpServer, AppliesARoutesOwnBodyLimit) {
  Router router;
  auto echo = [](const Request& r, const PathParams&) -> core::Result<Response> { return Echo(r); };
  router.Add("POST", "/upload/{kind}", echo, 8 * 1024);
  router.Add("POST", "/small", echo);
  router.Add("POST", "/big", echo, 2 * 1024 * 1024);
  ServerOptions o;
  o.body_limit = 1024;
  o.admit = [&](const Request& head, bool) { return Admission{router.BodyLimit(head.method, head.path), {}}; };
  RunningServer server([&](const Request& r) { return router.Handle(r); }, o);
  {
    Client client(server.port());
    client.Send("POST /upload/persons?mode=x HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" +
                std::string(5000, 'a'));
    std::string r = client.ReadResponse();
    EXPECT_EQ(StatusOf(r), 200) << r;
    EXPECT_NE(r.find("POST /upload/persons 5000"), std::string::npos) << r;
    client.Send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'a'));
    r = client.ReadResponse();
    EXPECT_EQ(StatusOf(r), 413) << r;
    EXPECT_NE(r.find("1024 bytes"), std::string::npos) << r;
  }
  {
    Client client(server.port());
    client.Send("POST /upload/persons HTTP/1.1\r\nHost: t\r\nContent-Length: 9000\r\n\r\n" + std::string(9000, 'a'));
    std::string r = client.ReadResponse();
    EXPECT_EQ(StatusOf(r), 413) << r;
    EXPECT_NE(r.find("8192 bytes"), std::string::npos) << r;
  }
  {
    // A route limit above Beast's own default (1 MB) holds too: a 1.5 MB declared body is read.
    Client client(server.port());
    const size_t n = 1536 * 1024;
    client.Send("POST /big HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(n) + "\r\n\r\n" +
                std::string(n, 'a'));
    std::string r = client.ReadResponse();
    EXPECT_EQ(StatusOf(r), 200) << r.substr(0, 300);
    EXPECT_NE(r.find("POST /big " + std::to_string(n)), std::string::npos) << r.substr(0, 300);
  }
  EXPECT_EQ(router.BodyLimit("POST", "/upload/x"), 8u * 1024);
  EXPECT_EQ(router.BodyLimit("GET", "/upload/x"), 0u);
  EXPECT_EQ(router.BodyLimit("POST", "/nowhere"), 0u);
}

TEST(HttpServer, AnswersExpect100ContinueThenReadsTheBody) {
  RunningServer server(Echo);
  Client client(server.port());
  client.Send("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  std::string interim = client.ReadHeaders();
  EXPECT_EQ(StatusOf(interim), 100) << interim;
  client.Send("abcd");
  std::string r = client.ReadResponse();
  EXPECT_EQ(StatusOf(r), 200) << r;
  EXPECT_NE(r.find("POST /p 4"), std::string::npos) << r;
}

TEST(HttpServer, RefusesExpect100ContinueOverTheLimitWithoutWaitingForTheBody) {
  ServerOptions o;
  o.body_limit = 1024;
  RunningServer server(Echo, o);
  Client client(server.port());
  client.Send("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 50000000\r\nExpect: 100-continue\r\n\r\n");
  std::string r = client.ReadResponse();
  EXPECT_EQ(StatusOf(r), 413) << r;
}

TEST(HttpServer, AnswersMalformedRequestsWith400) {
  RunningServer server(Echo);
  {
    Client client(server.port());
    client.Send("THIS IS NOT HTTP\r\n\r\n");
    EXPECT_EQ(StatusOf(client.ReadResponse()), 400);
  }
  {
    Client client(server.port());
    client.Send("GET /bad%zz HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(StatusOf(client.ReadResponse()), 400);
  }
  {
    Client client(server.port());
    client.Send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(20000, 'x') + "\r\n\r\n");
    EXPECT_EQ(StatusOf(client.ReadResponse()), 400);
  }
}

TEST(HttpServer, ClosesAConnectionThatStallsMidRequest) {
  ServerOptions o;
  o.read_timeout_seconds = 1;
  RunningServer server(Echo, o);
  Client client(server.port());
  client.Send("GET / HTTP/1.1\r\nHost:");  // never finished
  EXPECT_TRUE(client.ClosedByServer());
}

TEST(HttpServer, HonoursConnectionClose) {
  RunningServer server(Echo);
  Client client(server.port());
  client.Send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  std::string r = client.ReadResponse();
  EXPECT_EQ(StatusOf(r), 200);
  EXPECT_NE(r.find("Connection: close"), std::string::npos) << r;
  EXPECT_TRUE(client.ClosedByServer());
}

TEST(HttpServer, ShutdownFinishesInFlightRequestsAndClosesIdleConnections) {
  std::promise<void> entered;
  std::atomic<bool> entered_once{false};
  RunningServer server([&](const Request& r) {
    if (r.path == "/slow") {
      if (!entered_once.exchange(true)) entered.set_value();
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    return Echo(r);
  });
  Client idle(server.port());
  idle.Send("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_EQ(StatusOf(idle.ReadResponse()), 200);

  Client busy(server.port());
  busy.Send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
  entered.get_future().wait();
  const auto start = std::chrono::steady_clock::now();
  server.server().Stop();
  std::string r = busy.ReadResponse();
  EXPECT_EQ(StatusOf(r), 200) << "in-flight request must complete";
  EXPECT_NE(r.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(idle.ClosedByServer());
  server.thread().join();
  EXPECT_TRUE(server.stopped());
  // Well within the 10 s grace period: the server stops as soon as connections drain.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // New connections are refused.
  EXPECT_THROW(Client(server.port()), boost::system::system_error);
}

TEST(HttpServer, ReportsAPortInUse) {
  RunningServer first(Echo);
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = first.port();
  Server second(o, Echo);
  auto r = second.Start();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("cannot listen"), std::string::npos);
}

TEST(Router, MatchesParamsAndAnswers405And404) {
  Router router;
  router.Add("GET", "/api/v1/persons/{id}", [](const Request&, const PathParams& p) -> core::Result<Response> {
    return JsonResponse(200, "\"" + p.at("id") + "\"");
  });
  Request r;
  r.method = "GET";
  r.path = "/api/v1/persons/abc";
  EXPECT_EQ(router.Handle(r).body, "\"abc\"");
  r.method = "DELETE";
  Response not_allowed = router.Handle(r);
  EXPECT_EQ(not_allowed.status, 405);
  ASSERT_FALSE(not_allowed.headers.empty());
  EXPECT_EQ(not_allowed.headers.back().first, "Allow");
  EXPECT_EQ(not_allowed.headers.back().second, "GET");
  r.method = "GET";
  r.path = "/api/v1/persons/";
  EXPECT_EQ(router.Handle(r).status, 404);
  r.path = "/api/v1/persons/abc/extra";
  EXPECT_EQ(router.Handle(r).status, 404);
}

TEST(Router, MapsHandlerExceptionsTo500WithoutLeakingDetail) {
  Router router;
  router.Add("GET", "/boom", [](const Request&, const PathParams&) -> core::Result<Response> {
    throw std::runtime_error("secret internal detail");
  });
  Request r;
  r.method = "GET";
  r.path = "/boom";
  Response res = router.Handle(r);
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.content_type, "application/problem+json");
  EXPECT_EQ(res.body.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace lb::http
