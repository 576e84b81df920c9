// The per-user share of heavy reads covers the web pages as well as the API: the report page
// (`GET /cooperation/report?...&format=pdf`) builds the same PDF as the API, so one user's flood
// of it must not fill the read pool either. Routes are marked heavy where they are registered;
// the node takes the share for every heavy route, page or API. A refused page is the HTML error
// page with status 429 and Retry-After; another user's reports still run.
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

constexpr char kPassword[] = "Mekong-Ferry-7q!Vx2";
constexpr char kReportPage[] = "/cooperation/report?from=2024-01-01&to=2026-12-31&lang=en&format=pdf";

class HeavySharePageSuite : public ApiFixture {
 protected:
  // A signed-in user's session cookie ("lb_session=...").
  std::string SessionCookie(const std::string& name, const std::string& role) {
    auto user =
        node_->users().Add(access::Principal::System("VN"), {name, role, "VN", std::nullopt, std::nullopt, kPassword});
    EXPECT_TRUE(user) << user.error().message;
    auto session = node_->sessions().Login(name, kPassword, "127.0.0.1");
    EXPECT_TRUE(session) << session.error().message;
    return session ? std::string(access::kSessionCookie) + "=" + session->session_id : std::string();
  }
};

TEST_P(HeavySharePageSuite, TheReportPageTakesTheSameShareAsTheApi) {
  const std::string flooder = SessionCookie("page.flooder", "admin");
  const std::string other = SessionCookie("page.other", "admin");
  // The page is a heavy route, as the API's report and export are (marked where registered).
  EXPECT_TRUE(node_->router().IsHeavy(http::Request{.method = "GET", .path = "/cooperation/report"}));
  EXPECT_TRUE(
      node_->router().IsHeavy(http::Request{.method = "GET", .path = "/api/v1/cooperation/reports/evaluation"}));
  EXPECT_TRUE(node_->router().IsHeavy(http::Request{.method = "HEAD", .path = "/api/v1/exports/persons"}));
  EXPECT_FALSE(node_->router().IsHeavy(http::Request{.method = "GET", .path = "/persons"}));
  http::ServerOptions o;
  o.threads = 2;
  o.workers = 4;
  auto server = std::make_unique<NodeServer>(*node_, o);
  const unsigned short port = server->port();
  const auto ask = [](RawHttpClient& client, const std::string& cookie, bool close) {
    client.Send(std::string("GET ") + kReportPage + " HTTP/1.1\r\nHost: t\r\nAccept: text/html\r\nCookie: " + cookie +
                (close ? "\r\nConnection: close" : "") + "\r\n\r\n");
    return client.ReadResponse();
  };
  {
    RawHttpClient client(port);
    const std::string first = ask(client, flooder, true);
    ASSERT_EQ(StatusOf(first), 200) << first.substr(0, 400);
    ASSERT_THAT(first, HasSubstr("application/pdf"));
  }

  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<std::string> refused;  // the flooder's 429 answers
  std::atomic<int> flood_ok{0}, flood_busy{0}, refused_with_token{0};
  std::vector<std::thread> flood;
  for (int c = 0; c < 10; ++c) {
    // Half of them also send a bogus API token: a page is its session's, whatever else comes.
    const std::string cookie = c % 2 ? flooder : flooder + "\r\nAuthorization: Bearer lb_bogus";
    flood.emplace_back([&, cookie] {
      RawHttpClient client(port);
      while (!stop) {
        const std::string r = ask(client, cookie, false);
        const int status = StatusOf(r);
        if (status == 200) ++flood_ok;
        if (status == 503) ++flood_busy;
        if (status == 429 && cookie == flooder) {
          std::lock_guard lock(mu);
          if (refused.size() < 5) refused.push_back(r);
        }
        if (status == 429 && cookie != flooder) ++refused_with_token;
        if (status == 0) return;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::vector<int> statuses;
  for (int i = 0; i < 5; ++i) {
    RawHttpClient client(port);
    statuses.push_back(StatusOf(ask(client, other, true)));
  }
  stop = true;
  for (auto& t : flood) t.join();
  server.reset();

  for (int s : statuses) EXPECT_EQ(s, 200) << "another user's report page was not answered";
  EXPECT_GT(flood_ok.load(), 0);
  EXPECT_EQ(flood_busy.load(), 0) << "the flood filled the node's queue";
  ASSERT_FALSE(refused.empty()) << "the flooder ran every report page it asked for (no per-user share)";
  const std::string& r = refused.front();
  EXPECT_THAT(r, HasSubstr("Retry-After: 1"));
  EXPECT_THAT(r, HasSubstr("text/html")) << "a page's refusal is a page";
  EXPECT_THAT(r, HasSubstr("<html")) << r.substr(0, 400);
  EXPECT_GT(refused_with_token.load(), 0) << "a bogus API token took the page out of its session's share";
}

// The API's share is the same share: a user holding page reports is refused on the API too,
// and their refusal there is problem+json.
TEST_P(HeavySharePageSuite, ARefusedApiReportIsProblemJsonNamingTheLimit) {
  const std::string flooder = AddUserWithToken("api.flooder", "admin", "VN");
  http::ServerOptions o;
  o.threads = 2;
  o.workers = 4;
  auto server = std::make_unique<NodeServer>(*node_, o);
  const unsigned short port = server->port();
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::string refused;
  std::vector<std::thread> flood;
  for (int c = 0; c < 8; ++c) {
    flood.emplace_back([&] {
      RawHttpClient client(port);
      while (!stop) {
        client.Send(
            "GET /api/v1/cooperation/reports/evaluation?from=2024-01-01&to=2026-12-31&lang=en&format=pdf "
            "HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
            flooder + "\r\n\r\n");
        const std::string r = client.ReadResponse();
        if (StatusOf(r) == 429) {
          std::lock_guard lock(mu);
          if (refused.empty()) refused = r;
        }
        if (StatusOf(r) == 0) return;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  stop = true;
  for (auto& t : flood) t.join();
  server.reset();
  ASSERT_FALSE(refused.empty());
  EXPECT_THAT(refused, HasSubstr("application/problem+json"));
  EXPECT_THAT(refused, HasSubstr("Retry-After: 1"));
  EXPECT_THAT(refused, HasSubstr("2 reports or exports at a time per user"));
}

LB_INSTANTIATE_BACKENDS(HeavySharePageSuite);

}  // namespace
}  // namespace lb::testing
