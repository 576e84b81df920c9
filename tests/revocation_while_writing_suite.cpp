// Logout, token revocation and disabling a user take effect at once, even while a long import
// holds the database's one write transaction (SQLite): the refusal comes from an in-memory
// revocation set consulted on every authentication, and the change reaches the database once
// the writer is free (found in review: these waited for the import, so a stolen session or
// token kept working until the import ended).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "support/test_support.h"
#include "support/writer_hold.h"

namespace lb::testing {
namespace {

using nlohmann::json;
constexpr char kPassword[] = "Mekong-Ferry-7q!Vx2";

class RevocationWhileWritingSuite : public ApiFixture {
 protected:
  struct Login {
    std::string cookie, csrf;
  };
  Login LogIn(const std::string& name) {
    auto r = Send("POST", "/login", json{{"name", name}, {"password", kPassword}}.dump(), {}, false);
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set_cookie = r.Header("set-cookie");
    return {set_cookie.substr(0, set_cookie.find(';')), r.json.value("csrf_token", "")};
  }
  void AddUser(const std::string& name, const std::string& role) {
    auto u =
        node_->users().Add(access::Principal::System("VN"), {name, role, "VN", std::nullopt, std::nullopt, kPassword});
    ASSERT_TRUE(u) << u.error().message;
  }
  // Sends on another thread and gives up after `limit` (the call would otherwise wait for the writer).
  ApiResponse SendWithin(std::chrono::seconds limit, std::string method, std::string target, std::string body,
                         std::map<std::string, std::string> headers, bool auth, bool* finished) {
    auto f = std::async(std::launch::async, [=, this] { return Send(method, target, body, headers, auth); });
    *finished = f.wait_for(limit) == std::future_status::ready;
    if (!*finished) {
      pending_.push_back(std::move(f));
      return {};
    }
    return f.get();
  }
  std::string One(const std::string& sql) {
    auto rows = testdb_->Query(sql);
    return rows.empty() ? "" : rows.front().Str(0);
  }
  // Polls until `sql`'s first value equals `want` (the revocation is written once the writer is free).
  bool Eventually(const std::string& sql, const std::string& want) {
    for (int i = 0; i < 200; ++i) {
      if (One(sql) == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  std::vector<std::future<ApiResponse>> pending_;
};

TEST_P(RevocationWhileWritingSuite, LogoutRevokeAndDisableTakeEffectAtOnceWhileTheWriterIsHeld) {
  AddUser("chief", "admin");
  AddUser("leaver", "viewer");
  AddUser("thief", "viewer");
  const Login admin = LogIn("chief");
  const Login leaver = LogIn("leaver");
  const Login thief = LogIn("thief");
  const std::string leaver_token = AddUserWithToken("stolen", "viewer", "VN");
  const std::string thief_token = AddUserWithToken("thief2", "viewer", "VN");
  // The tokens work and are cached by the node before the writer is taken.
  ASSERT_EQ(Send("GET", "/api/v1/persons?limit=1", "", {{"Authorization", "Bearer " + leaver_token}}, false).status,
            200);
  ASSERT_EQ(Send("GET", "/api/v1/persons?limit=1", "", {{"Authorization", "Bearer " + thief_token}}, false).status,
            200);
  const std::string token_id = One("SELECT id FROM api_tokens WHERE name = 'stolen-token'");
  ASSERT_FALSE(token_id.empty());

  WriterHold hold(node_->db());
  const std::chrono::seconds limit(10);

  // Logout: answered while the writer is held, the cookie cleared, the session refused.
  bool finished = false;
  auto out = SendWithin(limit, "POST", "/logout", "", {{"Cookie", leaver.cookie}, {"X-CSRF-Token", leaver.csrf}}, false,
                        &finished);
  EXPECT_TRUE(finished) << "logout waited for the writer";
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_NE(out.Header("set-cookie").find("Max-Age=0"), std::string::npos) << out.Header("set-cookie");
  EXPECT_EQ(Send("GET", "/api/v1/session", "", {{"Cookie", leaver.cookie}}, false).status, 401);

  // Token revoke (the admin page): answered, and the token refused at once (despite the cache).
  auto revoke = SendWithin(limit, "POST", "/admin/tokens/" + token_id + "/revoke", "",
                           {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}}, false, &finished);
  EXPECT_TRUE(finished) << "token revoke waited for the writer";
  EXPECT_EQ(revoke.status, 303) << revoke.body;
  EXPECT_EQ(Send("GET", "/api/v1/persons?limit=1", "", {{"Authorization", "Bearer " + leaver_token}}, false).status,
            401);

  // Disable: the user's session and token are refused at once.
  auto disable = SendWithin(limit, "POST", "/admin/users/thief/disable", "",
                            {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}}, false, &finished);
  EXPECT_TRUE(finished) << "disable waited for the writer";
  EXPECT_EQ(disable.status, 303) << disable.body;
  EXPECT_EQ(Send("GET", "/api/v1/session", "", {{"Cookie", thief.cookie}}, false).status, 401);
  auto disable2 = SendWithin(limit, "POST", "/admin/users/thief2/disable", "",
                             {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}}, false, &finished);
  EXPECT_TRUE(finished) << "disable waited for the writer";
  EXPECT_EQ(Send("GET", "/api/v1/persons?limit=1", "", {{"Authorization", "Bearer " + thief_token}}, false).status,
            401);
  // Others are untouched.
  EXPECT_EQ(Send("GET", "/api/v1/session", "", {{"Cookie", admin.cookie}}, false).status, 200);

  hold.Release();
  for (auto& f : pending_) f.wait();

  // Once the writer is free, every change is in the database, with its audit entry.
  const std::string leaver_id = One("SELECT id FROM users WHERE name = 'leaver'");
  EXPECT_TRUE(
      Eventually("SELECT COUNT(*) FROM sessions WHERE user_id = '" + leaver_id + "' AND revoked_at IS NOT NULL", "1"));
  EXPECT_TRUE(
      Eventually("SELECT COUNT(*) FROM api_tokens WHERE id = '" + token_id + "' AND revoked_at IS NOT NULL", "1"));
  EXPECT_TRUE(Eventually("SELECT status FROM users WHERE name = 'thief'", "disabled"));
  EXPECT_TRUE(Eventually("SELECT status FROM users WHERE name = 'thief2'", "disabled"));
  const std::string thief_id = One("SELECT id FROM users WHERE name = 'thief'");
  EXPECT_TRUE(
      Eventually("SELECT COUNT(*) FROM sessions WHERE user_id = '" + thief_id + "' AND revoked_at IS NULL", "0"));
  EXPECT_TRUE(Eventually("SELECT COUNT(*) FROM audit_log WHERE action = 'logout'", "1"));
  EXPECT_TRUE(Eventually("SELECT COUNT(*) FROM audit_log WHERE action = 'token.revoke'", "1"));
  EXPECT_TRUE(Eventually("SELECT COUNT(*) FROM audit_log WHERE action = 'user.disable'", "2"));
}

// Attacks on the changed routes: without the session's CSRF token, or without the admin role,
// nothing is revoked, not even in memory (the marks are set only after these checks).
TEST_P(RevocationWhileWritingSuite, NoRevocationWithoutTheCsrfTokenOrTheAdminRole) {
  AddUser("chief", "admin");
  AddUser("viewer.one", "viewer");
  const Login admin = LogIn("chief");
  const Login viewer = LogIn("viewer.one");
  const std::string token = AddUserWithToken("integrator", "viewer", "VN");
  const std::string token_id = One("SELECT id FROM api_tokens WHERE name = 'integrator-token'");

  WriterHold hold(node_->db());  // as during an import: a mark would be the whole effect
  auto logout = Send("POST", "/logout", "", {{"Cookie", viewer.cookie}}, false);
  EXPECT_EQ(logout.status, 403) << logout.body;
  EXPECT_EQ(logout.Header("set-cookie"), "");
  auto forged = Send("POST", "/logout", "", {{"Cookie", viewer.cookie}, {"X-CSRF-Token", admin.csrf}}, false);
  EXPECT_EQ(forged.status, 403) << forged.body;
  EXPECT_EQ(Send("GET", "/api/v1/session", "", {{"Cookie", viewer.cookie}}, false).status, 200);

  auto disable = Send("POST", "/admin/users/viewer.one/disable", "", {{"Cookie", admin.cookie}}, false);
  EXPECT_EQ(disable.status, 403) << disable.body;
  auto revoke = Send("POST", "/admin/tokens/" + token_id + "/revoke", "",
                     {{"Cookie", viewer.cookie}, {"X-CSRF-Token", viewer.csrf}}, false);
  EXPECT_EQ(revoke.status, 403) << revoke.body;
  auto self =
      Send("POST", "/admin/users/chief/disable", "", {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}}, false);
  EXPECT_EQ(self.status, 403) << self.body;

  EXPECT_EQ(Send("GET", "/api/v1/session", "", {{"Cookie", viewer.cookie}}, false).status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/session", "", {{"Cookie", admin.cookie}}, false).status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/persons?limit=1", "", {{"Authorization", "Bearer " + token}}, false).status, 200);
  hold.Release();
  EXPECT_EQ(One("SELECT COUNT(*) FROM sessions WHERE revoked_at IS NOT NULL"), "0");
  EXPECT_EQ(One("SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NOT NULL"), "0");
}

LB_INSTANTIATE_BACKENDS(RevocationWhileWritingSuite);

}  // namespace
}  // namespace lb::testing
