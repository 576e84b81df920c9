// The expiring-permits worklist and the dashboard's permit counts, on both backends, through
// the node's router: every dashboard number equals the total of the list it links to; the
// bulk action records extensions and expiries through the service (audited), shows each row's
// error without losing the others' input; and who may not see or change a permit cannot.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "core/date.h"
#include "expiry_support.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPermits[] = "/api/v1/permits";
constexpr char kPassword[] = "Mekong-Ferry-7q!Vx2";

std::string Unescape(std::string s) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"&#x3D;", "="}, {"&#61;", "="}, {"&amp;", "&"}, {"&#x2F;", "/"}, {"&#47;", "/"}}) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
      s.replace(at, from.size(), to);
  }
  return s;
}

// A signed-in browser: its session cookie and CSRF token.
struct Browser {
  std::string cookie, csrf;
};

class ExpiringWorklistSuite : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    base_ = PermitInVietnam();  // hosted in VN-N08 (Nghệ An); the worker is from Laos
  }

  Browser SignIn(const std::string& name, const std::string& role, const std::optional<std::string>& province) {
    auto user =
        node_->users().Add(access::Principal::System("VN"), {name, role, "VN", province, std::nullopt, kPassword});
    EXPECT_TRUE(user) << user.error().message;
    auto session = node_->sessions().Login(name, kPassword, "192.0.2.10");
    EXPECT_TRUE(session) << session.error().message;
    return {std::string(access::kSessionCookie) + "=" + session->session_id, session->csrf_token};
  }

  ApiResponse Page(const Browser* who, const std::string& method, const std::string& target,
                   std::vector<std::pair<std::string, std::string>> fields = {}, bool with_csrf = true) {
    std::string body;
    if (method == "POST" && who && with_csrf) fields.emplace_back("csrf_token", who->csrf);
    // Every value here (ids, dates, words, the base64url token) is safe in a form body as it is.
    for (const auto& [k, v] : fields) body += (body.empty() ? "" : "&") + k + "=" + v;
    std::map<std::string, std::string> headers{{"Content-Type", "application/x-www-form-urlencoded"},
                                               {"Accept", "text/html"}};
    if (who) headers["Cookie"] = who->cookie;
    return Send(method, target, body, headers, false);
  }

  std::string NewPermit(const std::string& number, const std::string& from, const std::string& until) {
    auto r = Post(kPermits, IssuedPermit(base_, number, from, until));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.value("id", "");
  }

  json Permit(const std::string& id) { return Get(std::string(kPermits) + "/" + id).json; }

  int64_t EntriesFor(const std::string& id) {
    return testdb_->Query("SELECT COUNT(*) FROM audit_log WHERE entity_id = '" + id + "'").at(0).Int(0);
  }

  // The number of permits an API list answers, over all its pages.
  int64_t ApiTotal(const std::string& query) {
    int64_t n = 0;
    std::string cursor;
    for (int i = 0; i < 100; ++i) {
      auto r = Get(std::string(kPermits) + "?limit=200&" + query + (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(r.status, 200) << r.body;
      n += static_cast<int64_t>(r.json["items"].size());
      if (!r.json.contains("next_cursor") || r.json["next_cursor"].is_null()) break;
      cursor = r.json["next_cursor"].get<std::string>();  // base64url
    }
    return n;
  }

  json base_;
};

// Test clock: 2026-01-15.
TEST_P(ExpiringWorklistSuite, EveryDashboardNumberIsALinkToAListWithThatTotal) {
  NewPermit("WP-10D", "2025-12-01", "2026-01-24");   // ends within 30 days
  NewPermit("WP-45D", "2025-12-01", "2026-02-28");   // within 60
  NewPermit("WP-80D", "2025-12-01", "2026-04-04");   // within 90
  NewPermit("WP-1Y", "2025-12-01", "2027-01-31");    // later
  NewPermit("WP-GONE", "2025-07-01", "2026-01-10");  // lapsed 5 days ago, not yet recorded
  const std::string ext = NewPermit("WP-EXT", "2025-07-01", "2026-01-20");
  ASSERT_EQ(Post(std::string(kPermits) + "/" + ext + "/transitions",
                 {{"to", "extended"}, {"date", "2026-01-15"}, {"valid_until", "2026-02-05"}})
                .status,
            200);  // extended, now ending within 30 days
  const std::string early = NewPermit("WP-EARLY", "2025-12-01", "2027-06-30");
  ASSERT_EQ(Post(std::string(kPermits) + "/" + early + "/transitions",
                 {{"to", "expired"}, {"date", "2026-01-12"}, {"reason", "left the employer"}})
                .status,
            200);  // recorded expired, its end date still ahead (so with a reason)

  const Browser officer = SignIn("counting.officer", "registry_officer", std::nullopt);
  auto home = Page(&officer, "GET", "/");
  ASSERT_EQ(home.status, 200) << home.body;
  std::map<std::string, int64_t> shown;
  const std::regex link(R"re(<a href="([^"]+)" class="count-link" data-count="(\d+)">)re");
  for (auto it = std::sregex_iterator(home.body.begin(), home.body.end(), link); it != std::sregex_iterator(); ++it) {
    shown[Unescape((*it)[1])] = std::stoll((*it)[2]);
  }
  const std::map<std::string, int64_t> expected = {{"/permits/expiring?within=30", 2},
                                                   {"/permits/expiring?within=60", 3},
                                                   {"/permits/expiring?within=90", 4},
                                                   {"/permits/expiring?within=lapsed", 1},
                                                   {"/permits?status=expired", 2}};
  EXPECT_EQ(shown, expected);
  EXPECT_THAT(home.body, HasSubstr("2 work permits end within 30 days."));

  for (const auto& [href, n] : shown) {
    SCOPED_TRACE(href);
    auto list = Page(&officer, "GET", href);
    ASSERT_EQ(list.status, 200) << list.body;
    if (href.starts_with("/permits/expiring")) {
      std::smatch m;
      ASSERT_TRUE(std::regex_search(list.body, m, std::regex(R"re(data-total="(\d+)")re")));
      EXPECT_EQ(std::stoll(m[1]), n);
      // As many rows as the total (all fit on one page here).
      const std::regex row("<tr id=\"row-");
      EXPECT_EQ(std::distance(std::sregex_iterator(list.body.begin(), list.body.end(), row), std::sregex_iterator()),
                n);
    } else {
      EXPECT_EQ(ApiTotal(href.substr(href.find('?') + 1)), n);
    }
  }
}

TEST_P(ExpiringWorklistSuite, TheBulkActionRecordsEachRowThroughTheServiceAndKeepsTheOthersInput) {
  const std::string a = NewPermit("WP-A", "2025-12-01", "2026-01-31");
  const std::string b = NewPermit("WP-B", "2025-12-01", "2026-02-10");
  const std::string c = NewPermit("WP-C", "2025-12-01", "2026-02-05");
  const Browser officer = SignIn("bulk.officer", "registry_officer", "VN-N08");
  auto list = Page(&officer, "GET", "/permits/expiring?within=30");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_THAT(list.body, HasSubstr("name=\"pick_" + a + "\""));

  // A extends properly; B's new end date is before its current one; C is not ticked.
  auto r = Page(&officer, "POST", "/permits/expiring",
                {{"within", "30"},
                 {"action", "extend"},
                 {"effective_on", "2026-01-15"},
                 {"pick_" + a, "1"},
                 {"version_" + a, "1"},
                 {"until_" + a, "2026-12-31"},
                 {"pick_" + b, "1"},
                 {"version_" + b, "1"},
                 {"until_" + b, "2026-01-31"},
                 {"version_" + c, "1"},
                 {"until_" + c, "2027-01-31"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_THAT(r.body, HasSubstr("1 work permit was updated."));
  EXPECT_THAT(r.body, HasSubstr("href=\"#row-" + b + "\""));
  EXPECT_THAT(r.body, HasSubstr("The new end date must be after the current one."));
  // B's input is kept: still ticked, its typed date shown; C's untouched input too.
  EXPECT_THAT(r.body, HasSubstr("name=\"pick_" + b + "\" value=\"1\" checked"));
  EXPECT_THAT(r.body, HasSubstr("value=\"2026-01-31\""));
  EXPECT_THAT(r.body, HasSubstr("value=\"2027-01-31\""));
  EXPECT_EQ(Permit(a)["status"], "extended");
  EXPECT_EQ(Permit(a)["valid_until"], "2026-12-31");
  EXPECT_EQ(Permit(b)["status"], "issued");
  EXPECT_EQ(Permit(b)["valid_until"], "2026-02-10");
  EXPECT_EQ(Permit(c)["version"], 1);
  auto entries = node_->audit().List({.entity_type = "permit", .entity_id = a});
  ASSERT_TRUE(entries);
  int by_officer = 0;
  for (const auto& e : *entries) by_officer += e.event.action == "permit.transition" && e.event.actor == "bulk.officer";
  EXPECT_EQ(by_officer, 1);

  // Expiries (before the end dates, so with a reason): every ticked row recorded, then back to
  // the list with the count.
  auto done = Page(&officer, "POST", "/permits/expiring",
                   {{"within", "30"},
                    {"action", "expire"},
                    {"effective_on", "2026-01-15"},
                    {"reason", "left the employer"},
                    {"pick_" + b, "1"},
                    {"version_" + b, "1"},
                    {"pick_" + c, "1"},
                    {"version_" + c, "1"}});
  EXPECT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.Header("location"), "/permits/expiring?within=30&done=2");
  EXPECT_EQ(Permit(b)["status"], "expired");
  EXPECT_EQ(Permit(c)["status"], "expired");

  // Bad form input names the field and changes nothing.
  const std::string d = NewPermit("WP-D", "2025-12-01", "2026-02-01");
  auto bad = Page(&officer, "POST", "/permits/expiring",
                  {{"within", "30"}, {"action", "renew"}, {"effective_on", "15/13/2026"}, {"pick_" + d, "1"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_THAT(bad.body, HasSubstr("href=\"#action\""));
  EXPECT_THAT(bad.body, HasSubstr("href=\"#effective_on\""));
  EXPECT_EQ(Permit(d)["version"], 1);
}

TEST_P(ExpiringWorklistSuite, ViewersOtherProvincesAndAnonymousCannotSeeOrChangeWhatIsNotTheirs) {
  const std::string id = NewPermit("WP-N08", "2025-12-01", "2026-01-31");
  const int64_t entries = EntriesFor(id);
  const std::vector<std::pair<std::string, std::string>> extend = {
      {"within", "30"},    {"action", "extend"},   {"effective_on", "2026-01-15"},
      {"pick_" + id, "1"}, {"version_" + id, "1"}, {"until_" + id, "2026-12-31"}};

  // A viewer sees the list without the form and may not post it.
  const Browser viewer = SignIn("list.viewer", "viewer", std::nullopt);
  auto seen = Page(&viewer, "GET", "/permits/expiring?within=30");
  ASSERT_EQ(seen.status, 200);
  EXPECT_THAT(seen.body, HasSubstr("WP-N08"));
  EXPECT_THAT(seen.body, Not(HasSubstr("name=\"pick_")));
  EXPECT_EQ(Page(&viewer, "POST", "/permits/expiring", extend).status, 403);

  // Anonymous: to the sign-in page, for the list and the action.
  auto anon = Page(nullptr, "GET", "/permits/expiring?within=30");
  EXPECT_EQ(anon.status, 303);
  EXPECT_EQ(anon.Header("location").substr(0, 6), "/login");
  EXPECT_EQ(Page(nullptr, "POST", "/permits/expiring", extend).status, 303);

  // An officer of another province neither sees nor changes it.
  const Browser other = SignIn("n10.officer", "registry_officer", "VN-N10");
  auto theirs = Page(&other, "GET", "/permits/expiring?within=30");
  ASSERT_EQ(theirs.status, 200);
  EXPECT_THAT(theirs.body, Not(HasSubstr("WP-N08")));
  EXPECT_THAT(theirs.body, HasSubstr("data-total=\"0\""));
  auto forged = Page(&other, "POST", "/permits/expiring", extend);
  EXPECT_EQ(forged.status, 422);
  EXPECT_THAT(forged.body, HasSubstr("This permit was not found in your scope."));

  // Without the CSRF token, even the right officer is refused.
  const Browser own = SignIn("n08.officer", "registry_officer", "VN-N08");
  EXPECT_EQ(Page(&own, "POST", "/permits/expiring", extend, false).status, 403);

  EXPECT_EQ(Permit(id)["status"], "issued");
  EXPECT_EQ(Permit(id)["version"], 1);
  EXPECT_EQ(EntriesFor(id), entries) << "no refused attempt wrote anything";

  // The province's own officer may.
  EXPECT_EQ(Page(&own, "POST", "/permits/expiring", extend).status, 303);
  EXPECT_EQ(Permit(id)["status"], "extended");
}

// One post ticks at most a page of permits: thousands of forged ticks were each answered with
// a row of the error page (20,000 ticks: a 2.5 MB page and ~21 MB of memory per request).
TEST_P(ExpiringWorklistSuite, TooManyTicksAreRefusedBeforeAnyIsRecorded) {
  const std::string a = NewPermit("WP-MANY", "2025-12-01", "2026-01-31");
  const Browser officer = SignIn("many.officer", "registry_officer", "VN-N08");
  std::vector<std::pair<std::string, std::string>> fields = {
      {"within", "30"}, {"action", "expire"}, {"effective_on", "2026-02-01"}, {"pick_" + a, "1"}};
  for (int i = 0; i < 5000; ++i) {
    char id[40];
    std::snprintf(id, sizeof id, "0190a0b0-0000-7000-8000-%012d", i);
    fields.emplace_back(std::string("pick_") + id, "1");
  }
  auto r = Page(&officer, "POST", "/permits/expiring", fields);
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(r.body, HasSubstr("at most 200 permits at a time"));
  EXPECT_LT(r.body.size(), 200u * 1024) << "the answer must not grow with the ticks";
  EXPECT_EQ(Permit(a)["version"], 1) << "nothing recorded";
}

TEST_P(ExpiringWorklistSuite, AnUnknownWindowIsRefusedByName) {
  const Browser officer = SignIn("window.officer", "registry_officer", std::nullopt);
  auto r = Page(&officer, "GET", "/permits/expiring?within=7");
  EXPECT_EQ(r.status, 422);
}

LB_INSTANTIATE_BACKENDS(ExpiringWorklistSuite);

}  // namespace
}  // namespace lb::testing
