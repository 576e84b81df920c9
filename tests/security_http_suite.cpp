// Security of the HTTP edge on both backends, through the Node: redirect targets taken from
// requests, and large uploads that must be authenticated from their headers before any of
// the body is read.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <thread>

#include "http/server.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class SecurityHttpSuite : public ApiFixture {
 protected:
  ApiResponse SwitchLanguage(const std::string& encoded_next) {
    return Send("POST", "/language", "lang=lo&next=" + encoded_next,
                {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "text/html"}}, false);
  }
};

TEST_P(SecurityHttpSuite, TheLanguageSwitchRedirectsOnlyToALocalPath) {
  struct Case {
    const char* next;      // as the form sends it (url-encoded)
    const char* location;  // where the answer sends the browser
  };
  const Case cases[] = {
      {"%2F%0d%0aSet-Cookie%3Aplanted%3D1", "/"},                      // header injection
      {"%2F%0aSet-Cookie%3Aplanted%3D1", "/"},                         // a bare LF
      {"%2F%09%2Fevil.example", "/"},                                  // a tab browsers drop: //evil.example
      {"%2F%20%2Fevil.example", "/"},                                  // whitespace
      {"%2F%2Fevil.example", "/"},                                     // protocol-relative
      {"%2F%5Cevil.example", "/"},                                     // /\ is // to browsers
      {"https%3A%2F%2Fevil.example%2F", "/"},                          // another site
      {"javascript%3Aalert(1)", "/"},                                  // a scheme
      {"%2Fpersons%3Fq%3D%00", "/"},                                   // NUL
      {"", "/"},                                                       // nothing
      {"%2Fpersons%3Fq%3Dnam%26limit%3D5", "/persons?q=nam&limit=5"},  // a real page
      {"%2Fcooperation", "/cooperation"},
  };
  for (const auto& c : cases) {
    auto r = SwitchLanguage(c.next);
    EXPECT_EQ(r.status, 303) << c.next;
    EXPECT_EQ(r.Header("location"), c.location) << c.next;
    for (const auto& [k, v] : r.raw.headers) {
      EXPECT_THAT(v, Not(HasSubstr("planted"))) << k;
    }
  }
}

// ---- large uploads are authenticated from their headers ---------------------------------

// The node behind a real server on a loopback port, wired as `serve` wires it.
class LiveNode {
 public:
  explicit LiveNode(server::Node& n) {
    http::ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.threads = 2;
    o.access_log = false;
    server::Node* node = &n;
    o.admit = [node](const http::Request& head, bool large) { return node->Admit(head, large); };
    server_ = std::make_unique<http::Server>(o, [node](const http::Request& r) { return node->Handle(r); });
    auto port = server_->Start();
    if (!port) throw std::runtime_error(port.error().message);
    port_ = *port;
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~LiveNode() {
    server_->Stop();
    thread_.join();
  }
  // Sends `raw` and returns what comes back until the first response's headers end (or the
  // connection closes); never sends more than it is given.
  std::string Exchange(const std::string& raw, bool whole = false) {
    namespace asio = boost::asio;
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port_});
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(raw), ec);
    std::string out;
    char buf[4096];
    for (;;) {
      const size_t got = socket.read_some(asio::buffer(buf), ec);
      out.append(buf, got);
      if (ec || (!whole && out.find("\r\n\r\n") != std::string::npos)) break;
    }
    return out;
  }

 private:
  std::unique_ptr<http::Server> server_;
  unsigned short port_ = 0;
  std::thread thread_;
};

int StatusOf(const std::string& response) { return response.size() > 12 ? std::stoi(response.substr(9, 3)) : 0; }

std::string Head(const std::string& target, size_t length, const std::string& extra) {
  return "POST " + target + " HTTP/1.1\r\nHost: x\r\n" + extra + "Content-Length: " + std::to_string(length) +
         "\r\n\r\n";
}

constexpr size_t k50MB = 50u << 20;

TEST_P(SecurityHttpSuite, ALargeAnonymousUploadIs401BeforeTheBodyIsSent) {
  LiveNode live(*node_);
  const std::string targets[] = {"/api/v1/imports?kind=persons", "/import",
                                 "/api/v1/cooperation/agreements/0190b7c2-0000-7000-8000-000000000000/attachments",
                                 "/cooperation/agreements/0190b7c2-0000-7000-8000-000000000000/attachments"};
  for (const auto& target : targets) {
    const std::string r = live.Exchange(Head(target, k50MB, "Content-Type: text/csv\r\n"));
    EXPECT_EQ(StatusOf(r), 401) << target << ": " << r;
    EXPECT_THAT(r, HasSubstr("Connection: close")) << target;
    // A bad token or a stale session is no better.
    EXPECT_EQ(StatusOf(live.Exchange(Head(target, k50MB, "Authorization: Bearer lb_nonsense\r\n"))), 401) << target;
    EXPECT_EQ(
        StatusOf(live.Exchange(Head(target, k50MB, "Cookie: lb_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n"))),
        401)
        << target;
  }
}

TEST_P(SecurityHttpSuite, ALargeUploadByAViewerIs403BeforeTheBodyIsSent) {
  LiveNode live(*node_);
  const std::string viewer = AddUserWithToken("viewer.one", "viewer", "VN");
  const std::string auth = "Authorization: Bearer " + viewer + "\r\n";
  EXPECT_EQ(StatusOf(live.Exchange(Head("/api/v1/imports?kind=persons", k50MB, auth))), 403);
  EXPECT_EQ(StatusOf(live.Exchange(
                Head("/api/v1/cooperation/agreements/0190b7c2-0000-7000-8000-000000000000/attachments", k50MB, auth))),
            403);
  // The administrator is admitted: the server asks for the body.
  const std::string admin = "Authorization: Bearer " + token_ + "\r\nExpect: 100-continue\r\n";
  EXPECT_EQ(StatusOf(live.Exchange(Head("/api/v1/imports?kind=persons", k50MB, admin))), 100);
}

TEST_P(SecurityHttpSuite, AnUploadOfAFewMegabytesStillWorksEndToEnd) {
  LiveNode live(*node_);
  std::string file =
      "family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,document_kind,"
      "document_number,document_country,document_expires\r\n"
      "PHOMMAVONG,Khamla,,M,1990-04-02,LA,LA-VT,,passport,P1000001,LA,\r\n";
  while (file.size() < (3u << 20)) file += "# a comment line that no header names\r\n";
  const std::string r =
      live.Exchange(Head("/api/v1/imports?kind=persons&mode=dry-run", file.size(),
                         "Authorization: Bearer " + token_ + "\r\nContent-Type: text/csv\r\nConnection: close\r\n") +
                        file,
                    true);
  ASSERT_EQ(StatusOf(r), 202) << r.substr(0, 400);
  const auto body = nlohmann::json::parse(r.substr(r.find("\r\n\r\n") + 4));
  EXPECT_EQ(body.at("bytes_total"), file.size());
  node_->imports().WaitIdle();
}

LB_INSTANTIATE_BACKENDS(SecurityHttpSuite);

}  // namespace
}  // namespace lb::testing
