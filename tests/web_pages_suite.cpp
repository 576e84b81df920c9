// The web pages on both backends, in-process through the node's router: the language
// setting (saved, audited, CSRF-protected), forms that reject bad input and change nothing,
// the conflict page for a stale edit, and pages that need a session or a role.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "features/cooperation/seed.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOfficer[] = "web.officer";
constexpr char kPassword[] = "Mekong-Ferry-7q!Vx2";
constexpr char kForm[] = "application/x-www-form-urlencoded";

std::string Encode(const std::string& s) {
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

std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + k + "=" + Encode(v);
  return out;
}

class WebPagesSuite : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    Login(kOfficer, "registry_officer");
  }

  void Login(const std::string& name, const std::string& role) {
    auto user =
        node_->users().Add(access::Principal::System("VN"), {name, role, "VN", std::nullopt, std::nullopt, kPassword});
    ASSERT_TRUE(user) << user.error().message;
    user_id_ = user->id;
    auto r = Send("POST", "/login", FormBody({{"name", name}, {"password", kPassword}}),
                  // As a browser posts the login form: with its Origin.
                  {{"Content-Type", kForm}, {"Accept", "text/html"}, {"Host", "lb.test"}, {"Origin", "http://lb.test"}},
                  false);
    ASSERT_EQ(r.status, 303) << r.body;
    const std::string set = r.Header("set-cookie");
    cookie_ = set.substr(0, set.find(';'));
    auto home = Page("GET", "/");
    ASSERT_EQ(home.status, 200) << home.body;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(home.body, m, std::regex("name=\"csrf_token\" value=\"([^\"]+)\"")));
    csrf_ = m[1];
  }

  ApiResponse Page(const std::string& method, const std::string& target,
                   std::vector<std::pair<std::string, std::string>> fields = {}, bool with_csrf = true) {
    if (method == "POST" && with_csrf) fields.emplace_back("csrf_token", csrf_);
    return Send(method, target, FormBody(fields),
                {{"Content-Type", kForm}, {"Accept", "text/html"}, {"Cookie", cookie_}}, false);
  }

  std::string SavedLanguage() {
    auto rows = storage::InTransaction(node_->db(), false, [&](storage::Transaction& tx) {
      return tx.Query("SELECT language FROM users WHERE id = $1", {user_id_});
    });
    return rows && !rows->empty() ? rows->at(0).Str(0) : "?";
  }

  std::string cookie_, csrf_, user_id_;
};

TEST_P(WebPagesSuite, TheLanguageSwitchSavesTheUsersSettingWithAnAuditEntry) {
  auto r = Page("POST", "/language", {{"lang", "lo"}, {"next", "/persons"}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.Header("location"), "/persons");
  EXPECT_THAT(r.Header("set-cookie"), HasSubstr("lb_lang=lo"));
  EXPECT_EQ(SavedLanguage(), "lo");
  // The setting wins over the browser's wishes, with no language cookie sent.
  auto page = Send("GET", "/persons", "", {{"Cookie", cookie_}, {"Accept-Language", "vi"}}, false);
  EXPECT_THAT(page.body, HasSubstr("<html lang=\"lo\">"));
  EXPECT_THAT(page.body, HasSubstr("ແຮງງານ"));
  auto entries = node_->audit().List({.entity_type = "user", .entity_id = user_id_});
  ASSERT_TRUE(entries);
  int changes = 0;
  for (const auto& e : *entries) changes += e.event.action == "user.set_language";
  EXPECT_EQ(changes, 1);
  // Only a local path is followed afterwards.
  r = Page("POST", "/language", {{"lang", "vi"}, {"next", "//evil.example/x"}});
  EXPECT_EQ(r.Header("location"), "/");
}

TEST_P(WebPagesSuite, TheLanguageSwitchNeedsTheCsrfTokenWhenSignedInAndAKnownLanguage) {
  auto r = Page("POST", "/language", {{"lang", "lo"}, {"next", "/"}}, false);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(SavedLanguage(), "");
  r = Page("POST", "/language", {{"lang", "fr"}, {"next", "/"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(SavedLanguage(), "");
}

TEST_P(WebPagesSuite, AnInvalidPersonFormShowsEveryErrorKeepsTheValuesEscapedAndWritesNothing) {
  const int64_t before = Count("persons");
  auto r = Page("POST", "/persons/new",
                {{"family_name", "NGUYEN"},
                 {"native_name", "<script>alert(1)</script>"},
                 {"sex", "F"},
                 {"birth_date", "1990-02-30"},
                 {"nationality", "VN"},
                 {"phone", "call me"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(r.body, HasSubstr("href=\"#f-given_names\""));
  EXPECT_THAT(r.body, HasSubstr("href=\"#f-birth_date\""));
  EXPECT_THAT(r.body, HasSubstr("href=\"#f-phone\""));
  EXPECT_THAT(r.body, HasSubstr("value=\"1990-02-30\""));
  EXPECT_THAT(r.body, HasSubstr("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
  EXPECT_THAT(r.body, Not(HasSubstr("<script>alert")));
  EXPECT_EQ(Count("persons"), before);
}

TEST_P(WebPagesSuite, AFormPostWithoutTheCsrfTokenIsRefusedAndWritesNothing) {
  const int64_t before = Count("persons");
  auto r = Page("POST", "/persons/new", {{"given_names", "BOUNMY"}, {"sex", "F"}, {"nationality", "LA"}}, false);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Count("persons"), before);
  r = Page("POST", "/persons/new", {{"given_names", "BOUNMY"}, {"sex", "F"}, {"nationality", "LA"}});
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Count("persons"), before + 1);
}

TEST_P(WebPagesSuite, AStaleEditShowsBothVersionsAndChangesNothing) {
  auto created = Post("/api/v1/persons", LaoWorker());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json["id"];
  auto patched = Patch("/api/v1/persons/" + id, {{"phone", "+856 20 1111 1111"}}, "\"1\"");
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto r = Page("POST", "/persons/" + id + "/edit",
                {{"version", "1"},
                 {"family_name", "VORACHITH"},
                 {"given_names", "BOUNNHANG"},
                 {"sex", "M"},
                 {"nationality", "LA"},
                 {"phone", "+856 20 2222 2222"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_THAT(r.body, HasSubstr("+856 20 1111 1111"));
  EXPECT_THAT(r.body, HasSubstr("+856 20 2222 2222"));
  EXPECT_THAT(r.body, HasSubstr("name=\"version\" value=\"2\""));
  auto now = Get("/api/v1/persons/" + id);
  EXPECT_EQ(now.json["version"], 2);
  EXPECT_EQ(now.json["phone"], "+856 20 1111 1111");
}

TEST_P(WebPagesSuite, PagesNeedASessionAndTheRole) {
  auto r = Send("GET", "/persons", "", {{"Accept", "text/html"}}, false);
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.Header("location"), "/login");
  r = Send("POST", "/persons/new", "given_names=X", {{"Content-Type", kForm}}, false);
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Page("GET", "/admin/users").status, 403) << "a registry officer is not an admin";
  Login("web.viewer", "viewer");
  EXPECT_EQ(Page("GET", "/persons/new").status, 403);
  EXPECT_EQ(Page("GET", "/persons").status, 200);
  EXPECT_EQ(Page("GET", "/persons/01a21703-0000-7000-8000-000000000000").status, 404);
}

LB_INSTANTIATE_BACKENDS(WebPagesSuite);

// The cooperation pages, signed in as a cooperation officer over the real seed (the 9th
// conference, its MoU and commitments).
class CoopPagesSuite : public WebPagesSuite {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    auto seeded = cooperation::LoadSeed(node_->cooperation(), access::Principal::System("VN"));
    ASSERT_TRUE(seeded) << seeded.error().message;
    Login("coop.officer", "cooperation_officer");
  }
  // The id of the first record whose JSON has `key` equal to `value`.
  std::string IdOf(const std::string& collection, const std::string& key, const nlohmann::json& value) {
    auto r = Get("/api/v1/cooperation/" + collection + "?limit=500");
    for (const auto& item : r.json["items"]) {
      if (item.value(key, nlohmann::json()) == value) return item["id"];
    }
    ADD_FAILURE() << "no " << collection << " with " << key << " = " << value.dump();
    return "";
  }
};

TEST_P(CoopPagesSuite, ACommitmentDueBeforeItsConferenceShowsTheErrorOnTheDueDateAndStoresNothing) {
  const int64_t before = Count("coop_commitments");
  const std::string c9 = IdOf("conferences", "number", 9);
  auto r = Page("POST", "/cooperation/commitments/new",
                {{"text_en", "<script>alert(1)</script> train 200 teachers"},
                 {"text_lo", "ຝຶກອົບຮົມຄູ"},
                 {"field", "vocational_education"},
                 {"conference_id", c9},
                 {"due_on", "2025-01-01"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_THAT(r.body, HasSubstr("href=\"#f-due_on\""));
  EXPECT_THAT(r.body, HasSubstr("must not be before the conference"));
  EXPECT_THAT(r.body, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt; train 200 teachers"));
  EXPECT_THAT(r.body, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(r.body, HasSubstr("ຝຶກອົບຮົມຄູ")) << "what was typed is kept";
  EXPECT_EQ(Count("coop_commitments"), before);

  r = Page("POST", "/cooperation/commitments/new",
           {{"text_en", "Train 200 teachers"},
            {"field", "vocational_education"},
            {"conference_id", c9},
            {"due_on", "2026-06-30"}});
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Count("coop_commitments"), before + 1);
  EXPECT_THAT(r.Header("location"), HasSubstr("/cooperation/commitments/"));
}

TEST_P(CoopPagesSuite, HtmlInATitleIsShownAsTextOnEveryPage) {
  auto r = Page("POST", "/cooperation/agreements/new",
                {{"kind", "mou"}, {"title_en", "<img src=x onerror=alert(1)> MoU"}, {"signed_on", "2025-11-12"}});
  ASSERT_EQ(r.status, 303) << r.body;
  const std::string page = r.Header("location");
  for (const std::string& target : {page, std::string("/cooperation/agreements")}) {
    auto shown = Page("GET", target);
    EXPECT_EQ(shown.status, 200);
    EXPECT_THAT(shown.body, HasSubstr("&lt;img src=x onerror=alert(1)&gt; MoU")) << target;
    EXPECT_THAT(shown.body, Not(HasSubstr("<img src=x"))) << target;
  }
}

TEST_P(CoopPagesSuite, TheDashboardShowsEachChartWithItsTableAndWhatIsOverdue) {
  auto r = Page("GET", "/cooperation");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr("<svg"));
  EXPECT_THAT(r.body, HasSubstr("role=\"img\""));
  EXPECT_THAT(r.body, HasSubstr("<caption class=\"visually-hidden\">Commitments by field and status</caption>"));
  EXPECT_THAT(r.body, HasSubstr("Overdue commitments"));
  EXPECT_THAT(r.body, HasSubstr("Next to host a delegation exchange"));
  EXPECT_THAT(r.body, HasSubstr("href=\"/cooperation\" aria-current=\"page\""));
  Page("POST", "/language", {{"lang", "lo"}, {"next", "/cooperation"}});
  r = Page("GET", "/cooperation");
  EXPECT_THAT(r.body, HasSubstr("ຂໍ້ຕົກລົງທີ່ກາຍກຳນົດ"));
  EXPECT_THAT(r.body, HasSubstr("ການຄົ້ນຫາ ແລະ ສົ່ງຄືນອັດຖິ")) << "field names come from the catalog";
}

TEST_P(CoopPagesSuite, TheReportButtonServesThePdfAndAReversedPeriodIsAnError) {
  auto r = Page("GET", "/cooperation/report?from=2025-12-31&to=2024-01-01&lang=vi&format=pdf");
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(r.body, HasSubstr("href=\"#f-to\""));
  EXPECT_THAT(r.body, HasSubstr("value=\"31/12/2025\""));  // kept as typed, shown day first
  r = Page("GET", "/cooperation/report?from=2024-01-01&to=2025-12-31&lang=lo&format=pdf");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "application/pdf");
  EXPECT_THAT(r.Header("content-disposition"), HasSubstr("evaluation-2024-01-01-2025-12-31-lo.pdf"));
  EXPECT_EQ(r.body.substr(0, 5), "%PDF-");
  r = Page("GET", "/cooperation/report?from=2024-01-01&to=2025-12-31&lang=en&format=xlsx");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.substr(0, 2), "PK");
}

TEST_P(CoopPagesSuite, ProgressIsRecordedWithItsEvidenceAndAFutureDateIsRefused) {
  const std::string c9 = IdOf("conferences", "number", 9);
  auto created = Page("POST", "/cooperation/commitments/new",
                      {{"text_vi", "Đào tạo 200 giáo viên"},
                       {"field", "vocational_education"},
                       {"conference_id", c9},
                       {"due_on", "2026-06-30"}});
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string page = created.Header("location");
  const std::string id = page.substr(page.rfind('/') + 1);
  auto r = Page("POST", page + "/progress", {{"version", "1"}, {"date", "2099-01-01"}, {"status", "in_progress"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(r.body, HasSubstr("href=\"#f-date\""));
  EXPECT_EQ(Get("/api/v1/cooperation/commitments/" + id).json["status"], "planned");
  r = Page("POST", page + "/progress",
           {{"version", "1"},
            {"date", "2026-01-15"},
            {"status", "in_progress"},
            {"note", "Khóa 1 khai giảng"},
            {"evidence", "CV 123/BNV-HTQT"}});
  EXPECT_EQ(r.status, 303) << r.body;
  auto shown = Page("GET", page);
  EXPECT_THAT(shown.body, HasSubstr("CV 123/BNV-HTQT"));
  EXPECT_THAT(shown.body, HasSubstr("Khóa 1 khai giảng"));
  EXPECT_EQ(Get("/api/v1/cooperation/commitments/" + id).json["status"], "in_progress");
}

TEST_P(CoopPagesSuite, SearchingTheOldMinistryFindsItsSuccessorAndAViewerCannotRecord) {
  auto r = Page("GET", "/cooperation/organisations?q=thuong%20binh");
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("VN-MOLISA"));
  EXPECT_THAT(r.body, HasSubstr("VN-MOHA"));
  const int64_t before = Count("coop_conferences");
  Login("coop.viewer", "viewer");
  EXPECT_EQ(Page("GET", "/cooperation").status, 200);
  EXPECT_EQ(Page("GET", "/cooperation/conferences/new").status, 403);
  r = Page("POST", "/cooperation/conferences/new",
           {{"kind", "ministerial"}, {"number", "11"}, {"held_on", "2029-11-01"}, {"host_country", "VN"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Count("coop_conferences"), before);
}

TEST_P(CoopPagesSuite, ARepeatedConferenceNumberIsAnErrorOnTheNumber) {
  const int64_t before = Count("coop_conferences");
  auto r = Page("POST", "/cooperation/conferences/new",
                {{"kind", "ministerial"},
                 {"number", "9"},
                 {"held_on", "2025-11-12"},
                 {"host_country", "VN"},
                 {"place_vi", "Ninh Bình"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_THAT(r.body, HasSubstr("href=\"#f-number\""));
  EXPECT_THAT(r.body, HasSubstr("already used by another record"));
  r = Page("POST", "/cooperation/conferences/new",
           {{"kind", "ministerial"}, {"number", "nine"}, {"held_on", "2025-11-12"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(r.body, HasSubstr("href=\"#f-number\""));
  EXPECT_EQ(Count("coop_conferences"), before);
}

TEST_P(CoopPagesSuite, AStaleConferenceEditShowsBothVersionsAndChangesNothing) {
  const std::string c10 = IdOf("conferences", "number", 10);
  auto patched = Patch("/api/v1/cooperation/conferences/" + c10, {{"note", "moved to Champasak"}}, "*");
  ASSERT_EQ(patched.status, 200) << patched.body;
  const int64_t version = patched.json["version"];
  auto r = Page("POST", "/cooperation/conferences/" + c10 + "/edit",
                {{"version", std::to_string(version - 1)},
                 {"kind", "ministerial"},
                 {"number", "10"},
                 {"held_on", "2027-12-31"},
                 {"status", "planned"},
                 {"host_country", "LA"},
                 {"note", "Vientiane"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_THAT(r.body, HasSubstr("moved to Champasak"));
  EXPECT_THAT(r.body, HasSubstr("Vientiane"));
  EXPECT_THAT(r.body, HasSubstr("name=\"version\" value=\"" + std::to_string(version) + "\""));
  auto now = Get("/api/v1/cooperation/conferences/" + c10);
  EXPECT_EQ(now.json["version"], version);
  EXPECT_EQ(now.json["note"], "moved to Champasak");
}

TEST_P(CoopPagesSuite, ASignedPdfIsUploadedFromTheFormWithItsCsrfTokenAndDownloadedUnderItsName) {
  const std::string mou = IdOf("agreements", "kind", "mou");
  const std::string pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
  auto upload = [&](const std::string& file_name, const std::string& content, bool with_csrf) {
    const std::string boundary = "----lbtest7MA4YWxkTrZu0gW";
    std::string body;
    if (with_csrf) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + csrf_ + "\r\n";
    }
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file_name +
            "\"\r\nContent-Type: application/pdf\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
    return Send("POST", "/cooperation/agreements/" + mou + "/attachments", body,
                {{"Content-Type", "multipart/form-data; boundary=" + boundary}, {"Cookie", cookie_}}, false);
  };
  const int64_t before = Count("coop_attachments");
  EXPECT_EQ(upload("mou.pdf", pdf, false).status, 403);
  auto r = upload("not.pdf", "<html>no</html>", true);
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(r.body, HasSubstr("href=\"#f-file\""));
  EXPECT_EQ(Count("coop_attachments"), before);
  r = upload("Biên bản ký.pdf", pdf, true);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Count("coop_attachments"), before + 1);
  auto page = Page("GET", "/cooperation/agreements/" + mou);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex("href=\"(/cooperation/attachments/[0-9a-f-]{36})\"")));
  auto file = Page("GET", m[1]);
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body, pdf);
  EXPECT_EQ(file.Header("content-disposition"),
            "attachment; filename=\"Bi__n b___n k__.pdf\"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20k%C3%BD.pdf");
}

LB_INSTANTIATE_BACKENDS(CoopPagesSuite);

}  // namespace
}  // namespace lb::testing
