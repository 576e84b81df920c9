#pragma once
// Signed-in browser sessions for page tests: users made through the UserService with a
// password, signed in through the login form, and form posts with the session's CSRF token.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "support/test_support.h"

namespace lb::testing {

inline constexpr char kPagePassword[] = "Mekong-Ferry-7q!Vx2";
inline constexpr char kFormType[] = "application/x-www-form-urlencoded";

inline std::string FormEncode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

inline std::string EncodeForm(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + k + "=" + FormEncode(v);
  return out;
}

// One browser: its session cookie and CSRF token.
struct Browser {
  std::string cookie, csrf, user_id, set_cookie;
};

class PageFixture : public ApiFixture {
 protected:
  // Adds the user (when new) and signs them in through the login form.
  Browser SignIn(const std::string& name, const std::string& role,
                 const std::optional<std::string>& province = std::nullopt, bool remember = false) {
    Browser b;
    auto user =
        node_->users().Add(access::Principal::System("VN"), {name, role, "VN", province, std::nullopt, kPagePassword});
    EXPECT_TRUE(user) << user.error().message;
    if (user) b.user_id = user->id;
    std::vector<std::pair<std::string, std::string>> fields{{"name", name}, {"password", kPagePassword}};
    if (remember) fields.emplace_back("remember", "1");
    auto r =
        Send("POST", "/login", EncodeForm(fields),
             {{"Content-Type", kFormType}, {"Accept", "text/html"}, {"Host", "lb.test"}, {"Origin", "http://lb.test"}},
             false);
    EXPECT_EQ(r.status, 303) << r.body;
    b.set_cookie = r.Header("set-cookie");
    b.cookie = b.set_cookie.substr(0, b.set_cookie.find(';'));
    auto home = Visit(b, "GET", "/");
    EXPECT_EQ(home.status, 200) << home.body;
    std::smatch m;
    if (std::regex_search(home.body, m, std::regex("name=\"csrf_token\" value=\"([^\"]+)\""))) b.csrf = m[1];
    EXPECT_FALSE(b.csrf.empty());
    return b;
  }

  // A page request as `b` (nullptr: not signed in); posts carry the CSRF token unless told not to.
  ApiResponse Visit(const Browser& b, const std::string& method, const std::string& target,
                    std::vector<std::pair<std::string, std::string>> fields = {}, bool with_csrf = true) {
    if (method == "POST" && with_csrf) fields.emplace_back("csrf_token", b.csrf);
    std::map<std::string, std::string> headers{{"Content-Type", kFormType}, {"Accept", "text/html"}};
    if (!b.cookie.empty()) headers["Cookie"] = b.cookie;
    return Send(method, target, EncodeForm(fields), headers, false);
  }

  // The audit entries of `action` (written ones and queued reads).
  std::vector<audit::Entry> EntriesOf(const std::string& action) {
    EXPECT_TRUE(node_->audit().Flush());
    std::vector<audit::Entry> out;
    audit::AuditLog::Filter f;
    f.action = action;
    f.limit = 1000;
    auto entries = node_->audit().List(f);
    EXPECT_TRUE(entries) << entries.error().message;
    if (entries) out = std::move(*entries);
    return out;
  }

  int64_t AuditCount() { return (void)node_->audit().Flush(), Count("audit_log"); }
};

}  // namespace lb::testing
