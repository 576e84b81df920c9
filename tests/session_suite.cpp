// Web sessions on both backends: password login into a cookie session, its timeouts, CSRF,
// logout, throttling per client address and lockout per account, and the attacks of issue 4
// (same answer for unknown user, wrong password and disabled user; forged CSRF; reused
// session id; fixation; oversized credentials) — through a router with the session routes and
// two protected routes that authenticate with AuthenticateRequest.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "platform/access/sessions.h"
#include "platform/access/tokens.h"
#include "platform/audit/audit_log.h"
#include "rest/authenticate.h"
#include "rest/session_routes.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

constexpr char kAlice[] = "alice.officer";
constexpr char kAlicePassword[] = "Mekong-Ferry-7q!Vx2";
constexpr char kBob[] = "bob.viewer";
constexpr char kBobPassword[] = "Savannakhet#Bridge-94k";
constexpr char kWrongPassword[] = "Not-The-Password-55z";
constexpr char kBadCredentials[] = "Unknown user name or wrong password.";
constexpr char kHome[] = "198.51.100.10";
constexpr char kElsewhere[] = "203.0.113.77";

class SessionSuite : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    sessions_ = std::make_unique<access::SessionService>(node_->db(), *clock_, node_->users(), &node_->audit());
    access::RegisterSessionRoutes(router_, *sessions_);
    auto whoami = [this](const http::Request& req, const http::PathParams&) -> core::Result<http::Response> {
      LB_TRY(who, access::AuthenticateRequest(req, node_->tokens(), *sessions_));
      return http::JsonResponse(200, json{{"user", who.user_name}, {"via_session", !who.session_id.empty()}}.dump());
    };
    router_.Add("GET", "/api/v1/whoami", whoami);
    router_.Add("POST", "/api/v1/echo", whoami);
    router_.Add("DELETE", "/api/v1/echo", whoami);
    auto alice = node_->users().Add(access::Principal::System("VN"),
                                    {kAlice, "registry_officer", "LA", "LA-SV", std::nullopt, kAlicePassword});
    ASSERT_TRUE(alice) << alice.error().message;
    alice_id_ = alice->id;
  }

  // This fixture's session service writes its queued idle-clock moves when it goes, so it goes
  // before the node and its database.
  void TearDown() override {
    sessions_.reset();
    ApiFixture::TearDown();
  }

  void AddBob() {
    auto bob = node_->users().Add(access::Principal::System("VN"),
                                  {kBob, "viewer", "VN", std::nullopt, std::nullopt, kBobPassword});
    ASSERT_TRUE(bob) << bob.error().message;
  }

  ApiResponse Call(const std::string& method, const std::string& target, const std::string& body = "",
                   std::map<std::string, std::string> headers = {}, const std::string& remote = kHome) {
    http::Request req;
    req.method = method;
    EXPECT_TRUE(http::ParseTarget(target, req.path, req.query));
    for (auto& [k, v] : headers) req.headers[http::ToLowerAscii(k)] = v;
    req.body = body;
    req.remote = remote;
    ApiResponse out;
    out.raw = router_.Handle(req);
    out.status = out.raw.status;
    out.body = out.raw.body;
    out.json = json::parse(out.body, nullptr, false);
    if (out.json.is_discarded()) out.json = nullptr;
    return out;
  }

  ApiResponse Login(const std::string& name, const std::string& password, const std::string& remote = kHome,
                    std::map<std::string, std::string> headers = {}) {
    return Call("POST", "/login", json{{"name", name}, {"password", password}}.dump(), std::move(headers), remote);
  }

  // The session id from a login's Set-Cookie.
  static std::string CookieValue(const ApiResponse& r) {
    const std::string set = r.Header("set-cookie");
    const std::string prefix = "lb_session=";
    if (!set.starts_with(prefix)) return "";
    return set.substr(prefix.size(), set.find(';') - prefix.size());
  }

  struct Session {
    std::string id;
    std::string csrf;
    std::string Cookie() const { return "theme=dark; lb_session=" + id; }
  };

  Session LoginAlice(const std::string& remote = kHome) {
    auto r = Login(kAlice, kAlicePassword, remote);
    EXPECT_EQ(r.status, 200) << r.body;
    return {CookieValue(r), r.json.value("csrf_token", "")};
  }

  ApiResponse WhoAmI(const Session& s) { return Call("GET", "/api/v1/whoami", "", {{"Cookie", s.Cookie()}}); }

  storage::Rows Rows(std::string_view sql, std::initializer_list<storage::Value> params = {}) {
    auto rows =
        storage::InTransaction(node_->db(), false, [&](storage::Transaction& tx) { return tx.Query(sql, params); });
    EXPECT_TRUE(rows) << rows.error().message << " " << rows.error().internal;
    return rows ? std::move(*rows) : storage::Rows{};
  }

  std::vector<audit::Entry> AuditOf(const std::string& action) {
    auto entries = node_->audit().List({});
    EXPECT_TRUE(entries) << entries.error().message;
    std::vector<audit::Entry> out;
    if (!entries) return out;
    for (auto& e : *entries) {
      if (e.event.action == action) out.push_back(std::move(e));
    }
    return out;
  }

  std::unique_ptr<access::SessionService> sessions_;
  http::Router router_;
  std::string alice_id_;
};

TEST_P(SessionSuite, ANewPasswordEndsTheUsersOpenSessions) {
  const Session before = LoginAlice();
  ASSERT_EQ(WhoAmI(before).status, 200);
  auto changed = node_->users().SetPassword(access::Principal::System("VN"), kAlice, "Fresh-Vientiane-Password-77");
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(WhoAmI(before).status, 401) << "a session opened with the old password must end";
  EXPECT_EQ(Login(kAlice, kAlicePassword).status, 401);
  EXPECT_EQ(Login(kAlice, "Fresh-Vientiane-Password-77").status, 200);
}

TEST_P(SessionSuite, LoginSetsAStrictCookieAndStoresOnlyTheHash) {
  auto r = Login(kAlice, kAlicePassword);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.Header("set-cookie"), MatchesRegex("lb_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax"))
      << "a browser-session cookie unless 'keep me signed in' is ticked (SessionLifetimeSuite)";
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  EXPECT_EQ(r.json.value("user", ""), kAlice);
  EXPECT_EQ(r.json.value("role", ""), "registry_officer");
  EXPECT_EQ(r.json.value("country", ""), "LA");
  EXPECT_EQ(r.json.value("province", ""), "LA-SV");
  EXPECT_EQ(r.json.value("csrf_token", "").size(), 43u);
  EXPECT_EQ(r.json.value("expires_at", ""), "2026-01-15T21:00:00.000Z");
  EXPECT_EQ(r.body.find("password"), std::string::npos);

  const std::string id = CookieValue(r);
  auto rows = Rows(
      "SELECT id_hash, user_id, csrf_token, client_address, created_at, last_seen_at, expires_at,"
      " revoked_at FROM sessions");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Str(0), access::Sha256Hex(id));
  EXPECT_EQ(rows[0].Str(1), alice_id_);
  EXPECT_EQ(rows[0].Str(2), r.json.value("csrf_token", ""));
  EXPECT_EQ(rows[0].Str(3), kHome);
  EXPECT_EQ(rows[0].Str(4), "2026-01-15T09:00:00.000Z");
  EXPECT_EQ(rows[0].Str(5), "2026-01-15T09:00:00.000Z");
  EXPECT_EQ(rows[0].Str(6), "2026-01-15T21:00:00.000Z");
  EXPECT_TRUE(rows[0].IsNull(7));
  for (size_t i = 0; i < rows[0].size(); ++i) EXPECT_THAT(rows[0].Str(i), Not(HasSubstr(id))) << "column " << i;

  auto me = Call("GET", "/api/v1/session", "", {{"Cookie", "lb_session=" + id}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json.value("user", ""), kAlice);
  EXPECT_EQ(me.json.value("csrf_token", ""), r.json.value("csrf_token", ""));
}

TEST_P(SessionSuite, SecureCookieBehindTlsAndFormLogin) {
  auto r = Call("POST", "/login", "name=alice.officer&password=Mekong-Ferry-7q%21Vx2",
                {{"Content-Type", "application/x-www-form-urlencoded"},
                 {"X-Forwarded-Proto", "https"},
                 {"Host", "lb.test"},
                 {"Origin", "https://lb.test"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.Header("set-cookie"),
              MatchesRegex("lb_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax; Secure"));
  EXPECT_EQ(WhoAmI({CookieValue(r), ""}).status, 200);
}

TEST_P(SessionSuite, UnknownUserWrongPasswordAndDisabledUserGetTheSameAnswer) {
  AddBob();
  ASSERT_TRUE(node_->users().Disable(access::Principal::System("VN"), kBob));
  const std::vector<ApiResponse> answers = {Login("nobody.here", kWrongPassword), Login(kAlice, kWrongPassword),
                                            Login(kBob, kBobPassword)};
  for (const auto& r : answers) {
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(r.json.value("detail", ""), kBadCredentials);
    EXPECT_EQ(r.Header("set-cookie"), "");
    EXPECT_EQ(r.json.value("type", ""), "urn:labourbridge:problem:unauthorized");
  }
  EXPECT_EQ(answers[0].body, answers[1].body);
  EXPECT_EQ(answers[1].body, answers[2].body);
  EXPECT_EQ(Count("sessions"), 0);

  auto failures = AuditOf("login.failure");
  ASSERT_EQ(failures.size(), 3u);
  EXPECT_THAT(failures[0].event.actor, ::testing::StartsWith("unknown-name:"));  // not what was typed
  EXPECT_EQ(failures[0].event.entity_id, "");
  EXPECT_EQ(failures[0].event.changes.value("reason", ""), "unknown_user");
  EXPECT_EQ(failures[1].event.actor, kAlice);
  EXPECT_EQ(failures[1].event.entity_id, alice_id_);
  EXPECT_EQ(failures[1].event.changes.value("reason", ""), "wrong_password");
  EXPECT_EQ(failures[2].event.actor, kBob);
  EXPECT_EQ(failures[2].event.changes.value("reason", ""), "disabled");
}

TEST_P(SessionSuite, AnAddressThatKeepsFailingWaitsLongerEachTime) {
  // Unknown names, so no account lockout gets in the way.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Login("ghost" + std::to_string(i), kWrongPassword).status, 401);
  EXPECT_EQ(Count("login_throttle"), 1);
  auto fifth = Login("ghost4", kWrongPassword);
  EXPECT_EQ(fifth.status, 401);

  // Refused before the password is checked, even the right one; another address is unaffected.
  auto refused = Login(kAlice, kAlicePassword);
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(refused.Header("retry-after"), "30");
  EXPECT_EQ(refused.json.value("type", ""), "urn:labourbridge:problem:too-many-requests");
  EXPECT_THAT(refused.json.value("detail", ""), HasSubstr("try again in 30 seconds"));
  EXPECT_EQ(refused.Header("set-cookie"), "");
  EXPECT_EQ(Login(kAlice, kAlicePassword, kElsewhere).status, 200);

  clock_->Advance(std::chrono::seconds(10));
  EXPECT_EQ(Login(kAlice, kAlicePassword).Header("retry-after"), "20");

  // After the wait, one more failure doubles the delay.
  clock_->Advance(std::chrono::seconds(21));
  EXPECT_EQ(Login("ghost5", kWrongPassword).status, 401);
  auto again = Login(kAlice, kAlicePassword);
  EXPECT_EQ(again.status, 429);
  EXPECT_EQ(again.Header("retry-after"), "60");

  // Quiet for the window after the block: forgiven, and the right password works.
  clock_->Advance(std::chrono::seconds(60) + std::chrono::minutes(15));
  EXPECT_EQ(Login(kAlice, kAlicePassword).status, 200);

  auto failures = AuditOf("login.failure");
  ASSERT_EQ(failures.size(), 6u);
  EXPECT_FALSE(failures[3].event.changes.contains("address_blocked_seconds"));
  EXPECT_EQ(failures[4].event.changes.value("address_blocked_seconds", 0), 30);
  EXPECT_EQ(failures[5].event.changes.value("address_blocked_seconds", 0), 60);
  EXPECT_EQ(failures[5].event.changes.value("client_address", ""), kHome);
}

TEST_P(SessionSuite, FiveWrongPasswordsLockTheAccountUntilAnAdminUnlocksIt) {
  // From five addresses, so only the account's own count matters.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Login(kAlice, kWrongPassword, "192.0.2." + std::to_string(i)).status, 401);
  }
  auto locked = Login(kAlice, kAlicePassword, kElsewhere);
  EXPECT_EQ(locked.status, 401);
  EXPECT_EQ(locked.json.value("detail", ""), kBadCredentials);
  EXPECT_EQ(Count("sessions"), 0);

  auto failures = AuditOf("login.failure");
  ASSERT_EQ(failures.size(), 6u);
  EXPECT_TRUE(failures[4].event.changes.value("account_locked", false));
  EXPECT_EQ(failures[5].event.changes.value("reason", ""), "locked");

  ASSERT_TRUE(node_->users().Unlock(access::Principal::System("VN"), kAlice));
  EXPECT_EQ(Login(kAlice, kAlicePassword, kElsewhere).status, 200);
}

TEST_P(SessionSuite, IdleSessionsExpireAfterThirtyMinutes) {
  auto s = LoginAlice();
  clock_->Advance(std::chrono::minutes(20));
  EXPECT_EQ(WhoAmI(s).status, 200);  // activity moves the idle clock
  clock_->Advance(std::chrono::minutes(20));
  auto alive = WhoAmI(s);
  EXPECT_EQ(alive.status, 200);
  EXPECT_EQ(alive.json.value("user", ""), kAlice);
  EXPECT_TRUE(alive.json.value("via_session", false));

  clock_->Advance(std::chrono::minutes(31));
  auto idle = WhoAmI(s);
  EXPECT_EQ(idle.status, 401);
  EXPECT_THAT(idle.json.value("detail", ""), HasSubstr("30 minutes without activity"));
}

TEST_P(SessionSuite, SessionsEndTwelveHoursAfterLoginWhateverTheActivity) {
  auto s = LoginAlice();
  for (int i = 1; i < 36; ++i) {
    clock_->Advance(std::chrono::minutes(20));
    ASSERT_EQ(WhoAmI(s).status, 200) << "after " << i * 20 << " minutes";
  }
  clock_->Advance(std::chrono::minutes(20));  // 12 h
  auto ended = WhoAmI(s);
  EXPECT_EQ(ended.status, 401);
  EXPECT_THAT(ended.json.value("detail", ""), HasSubstr("12 hours"));
}

TEST_P(SessionSuite, StateChangingRequestsNeedTheSessionsCsrfToken) {
  auto s = LoginAlice();
  auto missing = Call("POST", "/api/v1/echo", "{}", {{"Cookie", s.Cookie()}});
  EXPECT_EQ(missing.status, 403);
  EXPECT_THAT(missing.json.value("detail", ""), HasSubstr("needs the session's CSRF token"));

  std::string forged = s.csrf;
  forged[0] = forged[0] == 'A' ? 'B' : 'A';
  for (const std::string& bad : {forged, std::string("short"), LoginAlice(kElsewhere).csrf}) {
    auto r = Call("DELETE", "/api/v1/echo", "", {{"Cookie", s.Cookie()}, {"X-CSRF-Token", bad}});
    EXPECT_EQ(r.status, 403) << bad;
    EXPECT_THAT(r.json.value("detail", ""), HasSubstr("does not match this session"));
  }

  EXPECT_EQ(Call("POST", "/api/v1/echo", "{}", {{"Cookie", s.Cookie()}, {"X-CSRF-Token", s.csrf}}).status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/echo", "csrf_token=" + s.csrf,
                 {{"Cookie", s.Cookie()}, {"Content-Type", "application/x-www-form-urlencoded"}})
                .status,
            200);
  EXPECT_EQ(WhoAmI(s).status, 200);  // reads need no token
}

TEST_P(SessionSuite, BearerTokensComeFirstAndNeverFallBackToTheCookie) {
  auto s = LoginAlice();
  auto token = Call("POST", "/api/v1/echo", "{}", {{"Authorization", "Bearer " + token_}});
  EXPECT_EQ(token.status, 200);
  EXPECT_EQ(token.json.value("user", ""), "tester");
  EXPECT_FALSE(token.json.value("via_session", true));

  auto bad = Call("GET", "/api/v1/whoami", "", {{"Authorization", "Bearer lb_nonsense"}, {"Cookie", s.Cookie()}});
  EXPECT_EQ(bad.status, 401);
  auto nothing = Call("GET", "/api/v1/whoami", "", {{"Cookie", "theme=dark"}});
  EXPECT_EQ(nothing.status, 401);
  EXPECT_THAT(nothing.json.value("detail", ""), HasSubstr("Log in"));
}

TEST_P(SessionSuite, LogoutEndsTheSessionForGood) {
  auto s = LoginAlice();
  auto no_csrf = Call("POST", "/logout", "", {{"Cookie", s.Cookie()}});
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(no_csrf.Header("set-cookie"), "");
  EXPECT_EQ(WhoAmI(s).status, 200);

  auto out = Call("POST", "/logout", "", {{"Cookie", s.Cookie()}, {"X-CSRF-Token", s.csrf}});
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_EQ(out.Header("set-cookie"), "lb_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");

  auto reused = WhoAmI(s);
  EXPECT_EQ(reused.status, 401);
  EXPECT_THAT(reused.json.value("detail", ""), HasSubstr("has ended"));
  EXPECT_EQ(Call("POST", "/api/v1/echo", "{}", {{"Cookie", s.Cookie()}, {"X-CSRF-Token", s.csrf}}).status, 401);
  EXPECT_EQ(Call("POST", "/logout", "", {{"Cookie", s.Cookie()}, {"X-CSRF-Token", s.csrf}}).status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/session", "", {{"Cookie", s.Cookie()}}).status, 401);

  auto rows = Rows("SELECT revoked_at FROM sessions WHERE id_hash = $1", {access::Sha256Hex(s.id)});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Str(0), "2026-01-15T09:00:00.000Z");
  auto logouts = AuditOf("logout");
  ASSERT_EQ(logouts.size(), 1u);
  EXPECT_EQ(logouts[0].event.actor, kAlice);
  EXPECT_EQ(logouts[0].event.entity_id, alice_id_);
}

TEST_P(SessionSuite, LoginNeverAdoptsASessionIdTheClientOffers) {
  const std::string planted(43, 'A');
  auto r = Login(kAlice, kAlicePassword, kHome, {{"Cookie", "lb_session=" + planted}});
  ASSERT_EQ(r.status, 200);
  const std::string first = CookieValue(r);
  EXPECT_NE(first, planted);
  EXPECT_EQ(WhoAmI({planted, ""}).status, 401);
  EXPECT_EQ(Rows("SELECT 1 FROM sessions WHERE id_hash = $1", {access::Sha256Hex(planted)}).size(), 0u);

  auto second = LoginAlice();
  EXPECT_NE(second.id, first);
  EXPECT_NE(second.csrf, r.json.value("csrf_token", ""));
  EXPECT_EQ(Count("sessions"), 2);
}

TEST_P(SessionSuite, DisablingAUserEndsTheirSessions) {
  AddBob();
  auto r = Login(kBob, kBobPassword);
  ASSERT_EQ(r.status, 200);
  Session s{CookieValue(r), r.json.value("csrf_token", "")};
  EXPECT_EQ(WhoAmI(s).status, 200);
  ASSERT_TRUE(node_->users().Disable(access::Principal::System("VN"), kBob));
  EXPECT_EQ(WhoAmI(s).status, 401);
}

TEST_P(SessionSuite, OversizedOrMalformedCredentialsAreRefusedWithoutAPasswordCheck) {
  const std::string big(access::kMaxCredentialBytes + 1, 'x');
  auto long_password = Login(kAlice, big);
  EXPECT_EQ(long_password.status, 422);
  ASSERT_TRUE(long_password.json.contains("errors"));
  EXPECT_EQ(long_password.json["errors"][0].value("field", ""), "password");
  EXPECT_EQ(long_password.json["errors"][0].value("code", ""), "too_long");
  EXPECT_EQ(Login(big, kAlicePassword).status, 422);
  EXPECT_EQ(Call("POST", "/login", std::string(100000, 'a')).status, 422);
  EXPECT_EQ(Call("POST", "/login", json{{"name", kAlice}}.dump()).status, 422);
  EXPECT_EQ(
      Call("POST", "/login", json{{"name", kAlice}, {"password", kAlicePassword}, {"role", "admin"}}.dump()).status,
      422);
  EXPECT_EQ(Call("POST", "/login", "name=alice.officer%FF&password=x",
                 {{"Content-Type", "application/x-www-form-urlencoded"},
                  {"Host", "lb.test"},
                  {"Origin", "http://lb.test"}})  // a same-site form (login CSRF is checked first)
                .status,
            422);
  EXPECT_EQ(Call("POST", "/login", "alice", {{"Content-Type", "text/plain"}}).status, 400);

  // Nothing counted against the account or the address.
  EXPECT_EQ(Count("login_throttle"), 0);
  EXPECT_TRUE(AuditOf("login.failure").empty());
  EXPECT_EQ(Rows("SELECT failed_logins FROM users WHERE name = $1", {std::string(kAlice)})[0].Int(0), 0);
}

TEST_P(SessionSuite, LoginsAreAuditedWithoutThePassword) {
  auto ok = Login(kAlice, kAlicePassword);
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(Login(kAlice, kWrongPassword).status, 401);

  auto rows = Rows(
      "SELECT actor, action, entity_type, entity_id, changes FROM audit_log"
      " WHERE action LIKE 'login.%' ORDER BY seq");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Str(0), kAlice);
  EXPECT_EQ(rows[0].Str(1), "login.success");
  EXPECT_EQ(rows[0].Str(2), "user");
  EXPECT_EQ(rows[0].Str(3), alice_id_);
  EXPECT_EQ(json::parse(rows[0].Str(4)).value("session", ""), access::Sha256Hex(CookieValue(ok)).substr(0, 16));
  EXPECT_EQ(rows[1].Str(0), kAlice);
  EXPECT_EQ(rows[1].Str(1), "login.failure");
  EXPECT_EQ(json::parse(rows[1].Str(4)).value("reason", ""), "wrong_password");
  for (const auto& row : Rows("SELECT changes FROM audit_log")) {
    EXPECT_THAT(row.Str(0), Not(HasSubstr(kAlicePassword)));
    EXPECT_THAT(row.Str(0), Not(HasSubstr(kWrongPassword)));
    EXPECT_THAT(row.Str(0), Not(HasSubstr(CookieValue(ok))));
  }
}

#ifdef LB_SQLITE_SUITES  // no database: once is enough
TEST(SessionCookie, FindsTheSessionIdAmongOtherCookies) {
  EXPECT_EQ(access::SessionIdFromCookie("lb_session=abc"), "abc");
  EXPECT_EQ(access::SessionIdFromCookie("a=1;  lb_session=\"abc\" ; b=2"), "abc");
  EXPECT_EQ(access::SessionIdFromCookie("xlb_session=abc; lb_sessionx=def"), std::nullopt);
  EXPECT_EQ(access::SessionIdFromCookie(""), std::nullopt);
  EXPECT_TRUE(access::NeedsCsrf("POST"));
  EXPECT_TRUE(access::NeedsCsrf("PATCH"));
  EXPECT_FALSE(access::NeedsCsrf("GET"));
  EXPECT_FALSE(access::NeedsCsrf("HEAD"));
}
#endif

LB_INSTANTIATE_BACKENDS(SessionSuite);

}  // namespace
}  // namespace lb::testing
