// Cookie tossing: a request carrying two `lb_session` cookies (one planted by a sibling
// subdomain or a narrower Path is sent first) is refused with 400 on the API and on the pages,
// instead of using whichever comes first. And a page with a repeated query parameter answers
// the HTML error page (it answered problem+json, echoing the parameter's name).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
constexpr char kPassword[] = "Mekong-Ferry-7q!Vx2";

class SessionCookieSuite : public ApiFixture {
 protected:
  std::string SignIn(const std::string& name) {
    auto u = node_->users().Add(access::Principal::System("VN"),
                                {name, "viewer", "VN", std::nullopt, std::nullopt, kPassword});
    EXPECT_TRUE(u) << u.error().message;
    auto s = node_->sessions().Login(name, kPassword, "127.0.0.1");
    EXPECT_TRUE(s) << s.error().message;
    return s ? s->session_id : "";
  }
};

TEST_P(SessionCookieSuite, TwoSessionCookiesAreRefused) {
  const std::string mine = SignIn("victim.user");
  const std::string planted = SignIn("attacker.user");
  for (const std::string& cookie : {"lb_session=" + planted + "; lb_session=" + mine,
                                    "lb_session=" + mine + "; lb_lang=vi; lb_session=" + planted}) {
    auto api = Send("GET", "/api/v1/persons?limit=1", "", {{"Cookie", cookie}}, false);
    EXPECT_EQ(api.status, 400) << cookie << " " << api.body;
    EXPECT_THAT(api.body, HasSubstr("lb_session"));
    auto page = Send("GET", "/persons", "", {{"Cookie", cookie}, {"Accept", "text/html"}}, false);
    EXPECT_EQ(page.status, 400) << cookie;
    EXPECT_THAT(page.raw.content_type, HasSubstr("text/html"));
  }
  // One cookie is fine.
  EXPECT_EQ(Send("GET", "/api/v1/persons?limit=1", "", {{"Cookie", "lb_session=" + mine}}, false).status, 200);
  EXPECT_EQ(Send("GET", "/persons", "", {{"Cookie", "lb_session=" + mine}}, false).status, 200);
}

TEST_P(SessionCookieSuite, ARepeatedParameterOnAPageAnswersTheHtmlErrorPage) {
  const std::string mine = SignIn("page.user");
  auto page = Send("GET", "/persons?q=a&q=%0D%0ASet-Cookie:x", "",
                   {{"Cookie", "lb_session=" + mine}, {"Accept", "text/html"}}, false);
  EXPECT_EQ(page.status, 400);
  EXPECT_THAT(page.raw.content_type, HasSubstr("text/html"));
  EXPECT_THAT(page.body, HasSubstr("<html"));
  EXPECT_THAT(page.body, Not(HasSubstr("Set-Cookie")));
  // The API still answers problem+json naming the parameter.
  auto api = Get("/api/v1/persons?limit=1&limit=2");
  EXPECT_EQ(api.status, 400);
  EXPECT_EQ(api.raw.content_type, "application/problem+json");
}

LB_INSTANTIATE_BACKENDS(SessionCookieSuite);

}  // namespace
}  // namespace lb::testing
