// Security review of access, on both backends: login throttling and lockout under concurrent
// attempts, audit entries for account and token changes made on the admin pages, unknown login
// names kept out of the audit log, and login CSRF (Origin / Referer / pre-login token).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <latch>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "platform/access/users.h"
#include "platform/audit/audit_log.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kAlice[] = "alice.officer";
constexpr char kAlicePassword[] = "Mekong-Ferry-7q!Vx2";
constexpr char kAdmin[] = "root.admin";
constexpr char kAdminPassword[] = "Vientiane-Bridge#2026x";
constexpr char kWrongPassword[] = "Not-The-Password-55z";
constexpr char kHost[] = "lb.example.gov";
constexpr char kOrigin[] = "http://lb.example.gov";
constexpr char kForm[] = "application/x-www-form-urlencoded";
constexpr int kParallel = 24;
constexpr int kThreshold = 5;  // docs/security.md: failures before a wait / a lock

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += k + '=';
    for (unsigned char c : v) {
      if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
        out += static_cast<char>(c);
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        out += buf;
      }
    }
  }
  return out;
}

class SecurityAccessSuite : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    auto alice = node_->users().Add(access::Principal::System("VN"),
                                    {kAlice, "registry_officer", "VN", std::nullopt, std::nullopt, kAlicePassword});
    ASSERT_TRUE(alice) << alice.error().message;
    alice_id_ = alice->id;
    auto admin = node_->users().Add(access::Principal::System("VN"),
                                    {kAdmin, "admin", "VN", std::nullopt, std::nullopt, kAdminPassword});
    ASSERT_TRUE(admin) << admin.error().message;
  }

  // A request as the server hands it to the node: from `remote`, with the node's Host.
  ApiResponse Call(const std::string& method, const std::string& target, const std::string& body,
                   std::map<std::string, std::string> headers, const std::string& remote = "198.51.100.10") const {
    http::Request req;
    req.method = method;
    EXPECT_TRUE(http::ParseTarget(target, req.path, req.query));
    req.headers["host"] = kHost;
    for (auto& [k, v] : headers) req.headers[http::ToLowerAscii(k)] = v;
    req.body = body;
    req.remote = remote;
    ApiResponse out;
    out.raw = node_->Handle(req);
    out.status = out.raw.status;
    out.body = out.raw.body;
    out.json = json::parse(out.body, nullptr, false);
    if (out.json.is_discarded()) out.json = nullptr;
    return out;
  }

  ApiResponse JsonLogin(const std::string& name, const std::string& password, const std::string& remote,
                        std::map<std::string, std::string> headers = {}) const {
    headers.emplace("Content-Type", "application/json");
    return Call("POST", "/login", json{{"name", name}, {"password", password}}.dump(), std::move(headers), remote);
  }

  storage::Rows Rows(std::string_view sql, std::initializer_list<storage::Value> params = {}) {
    auto rows =
        storage::InTransaction(node_->db(), false, [&](storage::Transaction& tx) { return tx.Query(sql, params); });
    EXPECT_TRUE(rows) << rows.error().message << " " << rows.error().internal;
    return rows ? std::move(*rows) : storage::Rows{};
  }

  std::vector<audit::Entry> AuditOf(const std::string& action) {
    auto entries = node_->audit().List({.limit = 1000});
    EXPECT_TRUE(entries) << entries.error().message;
    std::vector<audit::Entry> out;
    if (!entries) return out;
    for (auto& e : *entries) {
      if (e.event.action == action) out.push_back(std::move(e));
    }
    return out;
  }

  std::pair<int64_t, std::string> AuditHead() {
    auto rows = Rows("SELECT seq, hash FROM audit_head");
    return rows.empty() ? std::pair<int64_t, std::string>{0, ""} : std::pair{rows[0].Int(0), rows[0].Str(1)};
  }

  // Runs `fn(i)` on kParallel threads that start together.
  template <typename Fn>
  static void InParallel(Fn fn) {
    std::latch start(kParallel);
    std::vector<std::thread> threads;
    for (int i = 0; i < kParallel; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        fn(i);
      });
    }
    for (auto& t : threads) t.join();
  }

  std::string alice_id_;
};

// --- 1. Throttling and lockout under concurrent attempts -------------------------------------

TEST_P(SecurityAccessSuite, ParallelWrongPasswordsAreAllCountedAndLockTheAccountAtTheThreshold) {
  // From 24 addresses, so only the account's own brake applies.
  std::vector<int> status(kParallel);
  InParallel([&](int i) { status[i] = JsonLogin(kAlice, kWrongPassword, "192.0.2." + std::to_string(i + 1)).status; });
  for (int s : status) EXPECT_EQ(s, 401);

  // Every attempt whose password was actually checked is counted, and no more than the
  // threshold were checked: the lock took effect for the attempts still in flight.
  const auto checked = AuditOf("login.failure");
  int64_t wrong = 0, locked = 0;
  for (const auto& e : checked) {
    const std::string reason = e.event.changes.value("reason", "");
    wrong += reason == "wrong_password";
    locked += reason == "locked";
  }
  EXPECT_EQ(wrong + locked, kParallel);
  auto user = Rows("SELECT failed_logins, locked_until FROM users WHERE name = $1", {std::string(kAlice)});
  ASSERT_EQ(user.size(), 1u);
  EXPECT_EQ(user[0].Int(0), wrong) << "the counter must equal the failures actually checked";
  EXPECT_EQ(wrong, kThreshold);
  EXPECT_FALSE(user[0].IsNull(1)) << "the account must be locked";
  EXPECT_GT(user[0].Opt(1).value_or(""), core::FormatRfc3339(clock_->Now()));

  // Locked: even the right password is refused, from a fresh address.
  EXPECT_EQ(JsonLogin(kAlice, kAlicePassword, "203.0.113.200").status, 401);
  EXPECT_EQ(AuditOf("login.failure").back().event.changes.value("reason", ""), "locked");
}

TEST_P(SecurityAccessSuite, ParallelAttemptsFromOneAddressStopAtTheDocumentedLimit) {
  // Different unknown names, so no account lockout is involved: only the address's brake.
  std::vector<ApiResponse> answers(kParallel);
  InParallel([&](int i) { answers[i] = JsonLogin("ghost" + std::to_string(i), kWrongPassword, "198.51.100.99"); });
  int unauthorized = 0, throttled = 0;
  for (const auto& a : answers) {
    unauthorized += a.status == 401;
    throttled += a.status == 429;
    if (a.status == 429) {
      EXPECT_FALSE(a.Header("retry-after").empty());
    }
  }
  EXPECT_EQ(unauthorized, kThreshold) << "no address gets more than 5 attempts before 429";
  EXPECT_EQ(throttled, kParallel - kThreshold);
  EXPECT_EQ(AuditOf("login.failure").size(), static_cast<size_t>(kThreshold));
  auto row = Rows("SELECT failures FROM login_throttle WHERE client_address = '198.51.100.99'");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0].Int(0), kThreshold);

  // Another address is unaffected; this one waits even with the right password.
  EXPECT_EQ(JsonLogin(kAlice, kAlicePassword, "198.51.100.99").status, 429);
  EXPECT_EQ(JsonLogin(kAlice, kAlicePassword, "198.51.100.100").status, 200);
}

TEST_P(SecurityAccessSuite, ARightPasswordAmongParallelWrongOnesDoesNotLeaveTheAddressBlocked) {
  // One right and three wrong, together: four slots taken, the right one given back.
  InParallel([&](int i) {
    if (i < 4)
      (void)JsonLogin(i == 0 ? kAlice : "ghost" + std::to_string(i), i == 0 ? kAlicePassword : kWrongPassword,
                      "198.51.100.50");
  });
  auto row = Rows("SELECT failures, blocked_until FROM login_throttle WHERE client_address = '198.51.100.50'");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0].Int(0), 3);
  EXPECT_TRUE(row[0].IsNull(1));
  EXPECT_EQ(AuditOf("login.success").size(), 1u);
}

// --- 2. Admin pages: every change is audited, with the signed-in admin as actor -------------

TEST_P(SecurityAccessSuite, EveryAdminPageActionLeavesOneAuditEntry) {
  auto login = Call("POST", "/login", FormEncode({{"name", kAdmin}, {"password", kAdminPassword}}),
                    {{"Content-Type", kForm}, {"Accept", "text/html"}, {"Origin", kOrigin}});
  ASSERT_EQ(login.status, 303) << login.body;
  const std::string set = login.Header("set-cookie");
  const std::string cookie = set.substr(0, set.find(';'));
  auto home = Call("GET", "/", "", {{"Cookie", cookie}, {"Accept", "text/html"}});
  ASSERT_EQ(home.status, 200) << home.body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(home.body, m, std::regex("name=\"csrf_token\" value=\"([^\"]+)\"")));
  const std::string csrf = m[1];

  auto page = [&](const std::string& target, std::vector<std::pair<std::string, std::string>> fields) {
    fields.emplace_back("csrf_token", csrf);
    return Call("POST", target, FormEncode(fields),
                {{"Content-Type", kForm}, {"Accept", "text/html"}, {"Cookie", cookie}});
  };
  auto expect_one = [&](const std::string& what, int status, const std::string& action, auto&& act) {
    const auto before = AuditHead();
    ApiResponse r = act();
    EXPECT_EQ(r.status, status) << what << ": " << r.body.substr(0, 400);
    const auto after = AuditHead();
    EXPECT_EQ(after.first, before.first + 1) << what << " should leave exactly one audit entry";
    EXPECT_NE(after.second, before.second);
    auto last = node_->audit().List({.limit = 1, .newest_first = true});
    EXPECT_TRUE(last && !last->empty());
    if (last && !last->empty()) {
      EXPECT_EQ(last->front().event.action, action) << what;
      EXPECT_EQ(last->front().event.actor, kAdmin) << what;
    }
    return r;
  };

  constexpr char kNewPassword[] = "Luang-Prabang-77!Qz";
  expect_one("add a user", 303, "user.create", [&] {
    return page("/admin/users",
                {{"name", "new.clerk"}, {"role", "viewer"}, {"country", "VN"}, {"password", kNewPassword}});
  });
  auto created = expect_one("create a token", 201, "token.create", [&] {
    return page("/admin/tokens", {{"user", "new.clerk"}, {"label", "page-token"}, {"expires_days", "7"}});
  });
  std::smatch s;
  ASSERT_TRUE(std::regex_search(created.body, s, std::regex("lb_[A-Za-z0-9_-]{20,}")));
  const std::string secret = s[0];
  auto id = Rows("SELECT id FROM api_tokens WHERE name = 'page-token'");
  ASSERT_EQ(id.size(), 1u);
  expect_one("revoke the token", 303, "token.revoke",
             [&] { return page("/admin/tokens/" + id[0].Str(0) + "/revoke", {}); });
  expect_one("disable the user", 303, "user.disable", [&] { return page("/admin/users/new.clerk/disable", {}); });

  for (const auto& row : Rows("SELECT actor, changes FROM audit_log")) {
    for (int i = 0; i < 2; ++i) {
      const std::string text = row.Opt(i).value_or("");
      EXPECT_THAT(text, Not(HasSubstr(kNewPassword)));
      EXPECT_THAT(text, Not(HasSubstr(kAdminPassword)));
      EXPECT_THAT(text, Not(HasSubstr(secret.substr(3))));
    }
  }
}

// --- 3. A name no user has is not stored as typed ---------------------------------------------

TEST_P(SecurityAccessSuite, UnknownLoginNamesAreRecordedAsAKeyedHash) {
  // Someone types their password into the name field.
  EXPECT_EQ(JsonLogin(kAlicePassword, kAlicePassword, "192.0.2.1").status, 401);
  EXPECT_EQ(JsonLogin(kAlicePassword, "something-else-12", "192.0.2.2").status, 401);
  EXPECT_EQ(JsonLogin("nobody.here", kWrongPassword, "192.0.2.3").status, 401);
  EXPECT_EQ(JsonLogin(kAlice, kWrongPassword, "192.0.2.4").status, 401);

  auto failures = AuditOf("login.failure");
  ASSERT_EQ(failures.size(), 4u);
  EXPECT_THAT(failures[0].event.actor, StartsWith("unknown-name:"));
  EXPECT_NE(failures[0].event.actor, kAlicePassword);
  EXPECT_EQ(failures[0].event.actor, failures[1].event.actor) << "the same name gives the same actor";
  EXPECT_THAT(failures[2].event.actor, StartsWith("unknown-name:"));
  EXPECT_NE(failures[2].event.actor, failures[0].event.actor);
  EXPECT_EQ(failures[2].event.changes.value("reason", ""), "unknown_user");
  EXPECT_EQ(failures[3].event.actor, kAlice) << "a user's own name is recorded";
  EXPECT_EQ(failures[3].event.entity_id, alice_id_);

  for (const auto& row : Rows("SELECT actor, entity_id, changes FROM audit_log")) {
    for (int i = 0; i < 3; ++i) {
      EXPECT_THAT(row.Opt(i).value_or(""), Not(HasSubstr(kAlicePassword)));
      EXPECT_THAT(row.Opt(i).value_or(""), Not(HasSubstr("nobody.here")));
    }
  }
}

// --- 5. Login CSRF ------------------------------------------------------------------------------

TEST_P(SecurityAccessSuite, ALoginPostedFromAnotherSiteIsRefused) {
  const auto form = FormEncode({{"name", kAlice}, {"password", kAlicePassword}});
  const std::vector<std::map<std::string, std::string>> foreign = {
      {{"Content-Type", kForm}, {"Accept", "text/html"}, {"Origin", "https://evil.example"}},
      {{"Content-Type", kForm}, {"Origin", "null"}},
      {{"Content-Type", kForm}, {"Origin", "http://lb.example.gov.evil.example"}},
      {{"Content-Type", kForm}, {"Origin", "https://lb.example.gov"}},  // the node is reached over http
      {{"Content-Type", kForm}, {"Referer", "https://evil.example/login?next=/"}},
      {{"Content-Type", kForm}, {"Accept", "text/html"}},  // no Origin, no Referer, no pre-login token
      {{"Content-Type", kForm}, {"Cookie", "lb_prelogin=abc"}},
  };
  for (const auto& headers : foreign) {
    auto r = Call("POST", "/login", form, headers);
    EXPECT_EQ(r.status, 403) << json(headers).dump() << " " << r.body.substr(0, 300);
    EXPECT_EQ(r.Header("set-cookie").find("lb_session="), std::string::npos) << json(headers).dump();
  }
  auto json_foreign = JsonLogin(kAlice, kAlicePassword, "198.51.100.10", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(json_foreign.status, 403);
  EXPECT_THAT(json_foreign.json.value("detail", ""), HasSubstr("another site"));
  EXPECT_EQ(Count("sessions"), 0);
  EXPECT_TRUE(AuditOf("login.success").empty());
  EXPECT_TRUE(AuditOf("login.failure").empty()) << "refused before any password check";
}

TEST_P(SecurityAccessSuite, TheLoginPageFormAndSameOriginClientsStillSignIn) {
  // The page hands out a pre-login token: in a SameSite=Strict cookie and in a hidden field.
  auto page = Call("GET", "/login", "", {{"Accept", "text/html"}});
  ASSERT_EQ(page.status, 200);
  const std::string set = page.Header("set-cookie");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(set, m, std::regex("^lb_prelogin=([A-Za-z0-9_-]{43});")));
  const std::string token = m[1];
  EXPECT_THAT(set, HasSubstr("HttpOnly"));
  EXPECT_THAT(set, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(page.body, HasSubstr("name=\"prelogin\" value=\"" + token + "\""));

  // A browser that sends neither Origin nor Referer: the token pair lets it in.
  auto with_token =
      Call("POST", "/login", FormEncode({{"name", kAlice}, {"password", kAlicePassword}, {"prelogin", token}}),
           {{"Content-Type", kForm}, {"Accept", "text/html"}, {"Cookie", "lb_prelogin=" + token}});
  EXPECT_EQ(with_token.status, 303) << with_token.body.substr(0, 300);
  // A wrong pair does not.
  auto mismatch =
      Call("POST", "/login", FormEncode({{"name", kAlice}, {"password", kAlicePassword}, {"prelogin", token + "x"}}),
           {{"Content-Type", kForm}, {"Cookie", "lb_prelogin=" + token}});
  EXPECT_EQ(mismatch.status, 403);

  const auto form = FormEncode({{"name", kAlice}, {"password", kAlicePassword}});
  // Browsers send Origin on a POST: the node's own is fine (default port or not).
  EXPECT_EQ(
      Call("POST", "/login", form, {{"Content-Type", kForm}, {"Accept", "text/html"}, {"Origin", kOrigin}}).status,
      303);
  EXPECT_EQ(Call("POST", "/login", form, {{"Content-Type", kForm}, {"Origin", "http://LB.example.gov:80"}}).status,
            200);
  EXPECT_EQ(Call("POST", "/login", form, {{"Content-Type", kForm}, {"Referer", "http://lb.example.gov/login"}}).status,
            200);
  // Behind a TLS proxy that says so.
  EXPECT_EQ(Call("POST", "/login", form,
                 {{"Content-Type", kForm}, {"Origin", "https://lb.example.gov"}, {"X-Forwarded-Proto", "https"}})
                .status,
            200);
  EXPECT_EQ(Call("POST", "/login", form,
                 {{"Content-Type", kForm},
                  {"Host", "127.0.0.1:8080"},
                  {"Origin", "https://public.example.gov:8443"},
                  {"X-Forwarded-Host", "public.example.gov:8443"},
                  {"X-Forwarded-Proto", "https"}})
                .status,
            200);
  // JSON clients (curl, scripts) send no Origin and need no token.
  EXPECT_EQ(JsonLogin(kAlice, kAlicePassword, "198.51.100.10").status, 200);
}

LB_INSTANTIATE_BACKENDS(SecurityAccessSuite);

}  // namespace
}  // namespace lb::testing
