// "Keep me signed in" on both backends: the session cookie lives only as long as the browser
// (no Max-Age, no Expires) unless the officer ticks the box; the server ends the session after
// the same lifetime either way.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "page_session.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class SessionLifetimeSuite : public PageFixture {
 protected:
  ApiResponse JsonLogin(const std::string& name, const nlohmann::json& extra) {
    nlohmann::json body = {{"name", name}, {"password", kPagePassword}};
    if (extra.is_object()) body.update(extra);
    return Send("POST", "/login", body.dump(), {{"Content-Type", "application/json"}}, false);
  }
};

TEST_P(SessionLifetimeSuite, WithoutTheBoxTheCookieEndsWithTheBrowser) {
  auto b = SignIn("cookie.plain", "registry_officer");
  EXPECT_THAT(b.set_cookie, HasSubstr("lb_session="));
  EXPECT_THAT(b.set_cookie, Not(HasSubstr("Max-Age")));
  EXPECT_THAT(b.set_cookie, Not(HasSubstr("Expires")));
  EXPECT_THAT(b.set_cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(b.set_cookie, HasSubstr("SameSite=Lax"));
  EXPECT_THAT(b.set_cookie, HasSubstr("Path=/"));
}

TEST_P(SessionLifetimeSuite, WithTheBoxTheCookieLastsAsLongAsTheSession) {
  auto b = SignIn("cookie.kept", "registry_officer", std::nullopt, /*remember=*/true);
  EXPECT_THAT(b.set_cookie, HasSubstr("Max-Age=43200"));
  EXPECT_THAT(b.set_cookie, HasSubstr("HttpOnly"));
}

TEST_P(SessionLifetimeSuite, TheServerEndsTheSessionAfterTheSameTimeEitherWay) {
  auto plain = SignIn("cookie.a", "registry_officer");
  auto kept = SignIn("cookie.b", "registry_officer", std::nullopt, true);
  EXPECT_EQ(Visit(plain, "GET", "/").status, 200);
  EXPECT_EQ(Visit(kept, "GET", "/").status, 200);
  // Sessions also end after 30 idle minutes; keep both in use while the clock runs to 12 h.
  for (int i = 0; i < 24; ++i) {
    clock_->Advance(std::chrono::minutes(29));
    EXPECT_EQ(Visit(plain, "GET", "/").status, 200);
    EXPECT_EQ(Visit(kept, "GET", "/").status, 200);
  }
  clock_->Advance(std::chrono::minutes(25));  // 12 h 1 min after signing in
  EXPECT_EQ(Visit(plain, "GET", "/").status, 303);
  EXPECT_EQ(Visit(kept, "GET", "/").status, 303);
}

TEST_P(SessionLifetimeSuite, TheJsonLoginTakesRememberToo) {
  ASSERT_TRUE(node_->users().Add(access::Principal::System("VN"),
                                 {"cookie.json", "registry_officer", "VN", std::nullopt, std::nullopt, kPagePassword}));
  auto r = JsonLogin("cookie.json", {});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.Header("set-cookie"), Not(HasSubstr("Max-Age")));
  r = JsonLogin("cookie.json", {{"remember", true}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.Header("set-cookie"), HasSubstr("Max-Age=43200"));
  r = JsonLogin("cookie.json", {{"remember", "yes"}});
  EXPECT_EQ(r.status, 422);
}

TEST_P(SessionLifetimeSuite, TheLoginPageOffersTheBoxUnticked) {
  auto r = Send("GET", "/login", "", {{"Accept", "text/html"}}, false);
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("type=\"checkbox\" id=\"remember\" name=\"remember\" value=\"1\""));
  EXPECT_THAT(r.body, Not(HasSubstr("checked")));
}

TEST_P(SessionLifetimeSuite, LogoutStillClearsTheCookie) {
  auto b = SignIn("cookie.out", "registry_officer");
  auto r = Visit(b, "POST", "/logout");
  EXPECT_EQ(r.status, 303);
  EXPECT_THAT(r.Header("set-cookie"), HasSubstr("Max-Age=0"));
}

LB_INSTANTIATE_BACKENDS(SessionLifetimeSuite);

}  // namespace
}  // namespace lb::testing
