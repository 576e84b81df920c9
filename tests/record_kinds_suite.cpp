// One field added through the employer kind's field table (features/registry/kinds.cpp):
// `website`, end to end on both backends — the API (JSON in and out, merge patch, the 422 that
// names it), the employer page, CSV import and export, and the database column (V012).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <string>

#include "features/files/csv_reader.h"
#include "features/files/exporter.h"
#include "features/files/importer.h"
#include "features/registry/service.h"
#include "platform/audit/audit_log.h"
#include "support/file_exchange_fixture.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr char kEmployers[] = "/api/v1/employers";
constexpr char kSite[] = "https://nghean-garment.example.vn/about";

class EmployerWebsiteApi : public ApiFixture {
 protected:
  std::string StoredWebsite(const std::string& id) {
    auto rows = storage::InTransaction(node_->db(), false, [&](storage::Transaction& tx) {
      return tx.Query("SELECT website FROM employers WHERE id = $1", {id});
    });
    if (!rows || rows->empty()) return "<no row>";
    auto v = rows->front().Opt(0);
    return v ? *v : "<null>";
  }
};

TEST_P(EmployerWebsiteApi, TheWebsiteRoundTripsThroughCreateReadListAndMergePatch) {
  json body = VietnameseEmployer();
  body["website"] = kSite;
  auto created = Post(kEmployers, body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json["website"], kSite);
  const std::string id = created.json["id"];
  EXPECT_EQ(StoredWebsite(id), kSite);
  auto read = Get(std::string(kEmployers) + "/" + id);
  EXPECT_EQ(read.json["website"], kSite);
  auto list = Get(kEmployers);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json["items"][0]["website"], kSite);

  auto patched = Patch(std::string(kEmployers) + "/" + id, {{"website", "http://ngheangarment.example"}}, "\"1\"");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json["website"], "http://ngheangarment.example");
  EXPECT_EQ(patched.json["version"], 2);
  EXPECT_EQ(patched.json["name"], body["name"]) << "a merge patch keeps the other fields";
  auto cleared = Patch(std::string(kEmployers) + "/" + id, {{"website", nullptr}}, "\"2\"");
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(cleared.json["website"].is_null());
  EXPECT_EQ(StoredWebsite(id), "<null>");

  // An employer without one answers null.
  json other = LaoEmployer();
  auto plain = Post(kEmployers, other);
  ASSERT_EQ(plain.status, 201) << plain.body;
  EXPECT_TRUE(plain.json.contains("website"));
  EXPECT_TRUE(plain.json["website"].is_null());
}

TEST_P(EmployerWebsiteApi, ABadWebsiteIs422NamingWebsiteAndWritesNothing) {
  const int64_t before = Count("employers");
  for (const json& bad : {json("ftp://files.example.vn"), json("nghean-garment.example.vn"), json("https://"),
                          json("https://a b.example"), json("https://x.example/" + std::string(190, 'a')), json(42)}) {
    json body = VietnameseEmployer();
    body["website"] = bad;
    auto r = Post(kEmployers, body);
    EXPECT_EQ(r.status, 422) << bad.dump() << " -> " << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/problem+json");
    ASSERT_TRUE(r.json.contains("errors")) << r.body;
    ASSERT_EQ(r.json["errors"].size(), 1u) << r.body;
    EXPECT_EQ(r.json["errors"][0]["field"], "website") << r.body;
  }
  EXPECT_EQ(Count("employers"), before);
  // And through a merge patch, with the record unchanged.
  auto created = Post(kEmployers, VietnameseEmployer());
  ASSERT_EQ(created.status, 201);
  const std::string id = created.json["id"];
  auto r = Patch(std::string(kEmployers) + "/" + id, {{"website", "javascript:alert(1)"}}, "\"1\"");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json["errors"][0]["field"], "website");
  EXPECT_EQ(Get(std::string(kEmployers) + "/" + id).json["version"], 1);
}

// Addresses that show a reader something other than where they lead (found in review):
// user info before the host, bidirectional and zero-width characters, non-ASCII look-alike
// hosts (write them in punycode), impossible ports.
TEST_P(EmployerWebsiteApi, AMisleadingWebsiteIs422NamingWebsite) {
  const int64_t before = Count("employers");
  for (const std::string bad : {"https://gov.vn@evil.example/", "https://evil.example/\u202Egpj.exe",
                                "https://evil.example/a\u200Bb", "https://\u0430pple.example/",
                                "https://x.example:99999999999/", "https://x.example:/", "https://x.example:8o/"}) {
    json body = VietnameseEmployer();
    body["website"] = json::parse("\"" + bad + "\"");
    auto r = Post(kEmployers, body);
    EXPECT_EQ(r.status, 422) << bad << " -> " << r.body;
    ASSERT_TRUE(r.json.contains("errors")) << r.body;
    ASSERT_EQ(r.json["errors"].size(), 1u) << r.body;
    EXPECT_EQ(r.json["errors"][0]["field"], "website") << r.body;
  }
  EXPECT_EQ(Count("employers"), before);
  // Ordinary addresses still pass: a port, a path, a query, punycode.
  for (const std::string good : {"https://molisa.gov.vn:8443/vi/", "http://xn--80ak6aa92e.example/?a=1#b"}) {
    json body = VietnameseEmployer();
    body["website"] = good;
    body["registration_number"] = "29" + std::to_string(20000000 + good.size());
    auto r = Post(kEmployers, body);
    EXPECT_EQ(r.status, 201) << good << " -> " << r.body;
  }
}

LB_INSTANTIATE_BACKENDS(EmployerWebsiteApi);

// The employer page: the form shows the website and saves it.
class EmployerWebsitePage : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    constexpr char kPassword[] = "Mekong-Ferry-7q!Vx2";
    auto user = node_->users().Add(access::Principal::System("VN"),
                                   {"web.kinds", "registry_officer", "VN", std::nullopt, std::nullopt, kPassword});
    ASSERT_TRUE(user) << user.error().message;
    auto r = Send("POST", "/login", std::string("name=web.kinds&password=Mekong-Ferry-7q%21Vx2"),
                  {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Accept", "text/html"},
                   {"Host", "lb.test"},
                   {"Origin", "http://lb.test"}},
                  false);
    ASSERT_EQ(r.status, 303) << r.body;
    const std::string set = r.Header("set-cookie");
    cookie_ = set.substr(0, set.find(';'));
    auto home = Html("/");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(home.body, m, std::regex("name=\"csrf_token\" value=\"([^\"]+)\"")));
    csrf_ = m[1];
  }
  ApiResponse Html(const std::string& target) {
    return Send("GET", target, "", {{"Accept", "text/html"}, {"Cookie", cookie_}}, false);
  }
  std::string cookie_, csrf_;
};

TEST_P(EmployerWebsitePage, TheEmployerFormShowsAndSavesTheWebsite) {
  json body = VietnameseEmployer();
  body["website"] = kSite;
  auto created = Post(kEmployers, body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json["id"];
  auto page = Html("/employers/" + id + "/edit");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("name=\"website\""));
  EXPECT_THAT(page.body, HasSubstr("type=\"url\""));
  EXPECT_THAT(page.body, HasSubstr(std::string("value=\"") + kSite + "\""));
  // In Vietnamese, the label is translated.
  auto vi = Send("GET", "/employers/" + id + "/edit", "",
                 {{"Accept", "text/html"}, {"Cookie", cookie_ + "; lb_lang=vi"}}, false);
  EXPECT_THAT(vi.body, HasSubstr("Trang web"));

  const std::string form = "csrf_token=" + csrf_ +
                           "&version=1&name=Nghe+An+Garment+Company&registration_number=2900123456&country=VN"
                           "&province=VN-22&sector=C&website=https%3A%2F%2Fnew.example.vn";
  auto saved = Send(
      "POST", "/employers/" + id + "/edit", form,
      {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "text/html"}, {"Cookie", cookie_}}, false);
  EXPECT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(Get(std::string(kEmployers) + "/" + id).json["website"], "https://new.example.vn");
}

LB_INSTANTIATE_BACKENDS(EmployerWebsitePage);

// CSV: the website column is imported, exported and imports back unchanged.
class EmployerWebsiteCsv : public FileExchangeTest {
 protected:
  core::Result<files::ImportSummary> Import(std::string text, std::vector<files::Issue>& issues) {
    files::ImportOptions options;
    options.kind = files::Kind::kEmployers;
    auto source = files::CsvReader::FromString(std::move(text));
    Outcome o = RunImport(*source, options);
    issues.insert(issues.end(), o.issues.begin(), o.issues.end());
    return std::move(o.result);
  }
  std::string Export(files::Lang lang) { return ExportCsv(files::Kind::kEmployers, lang); }
};

TEST_P(EmployerWebsiteCsv, TheWebsiteColumnImportsExportsAndImportsBackUnchanged) {
  std::vector<files::Issue> issues;
  auto first = Import(
      "name,registration_number,country,website\n"
      "Mekong Build Co,0101234567,VN,https://mekong-build.example.vn\n"
      "Song Da Lao,0207654321,VN,\n",
      issues);
  ASSERT_TRUE(first) << (issues.empty() ? first.error().message : issues.front().message);
  EXPECT_EQ(first->created, 2);
  auto rows = testdb_->Query("SELECT website FROM employers ORDER BY registration_number");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Opt(0), "https://mekong-build.example.vn");
  EXPECT_EQ(rows[1].Opt(0), std::nullopt);

  const std::string en = Export(files::Lang::kEn);
  EXPECT_THAT(en, HasSubstr(",website"));
  EXPECT_THAT(en, HasSubstr("https://mekong-build.example.vn"));
  EXPECT_THAT(Export(files::Lang::kVi), HasSubstr("trang web"));
  EXPECT_THAT(Export(files::Lang::kLo), HasSubstr("ເວັບໄຊ"));
  for (auto lang : {files::Lang::kEn, files::Lang::kVi, files::Lang::kLo}) {
    issues.clear();
    auto again = Import(Export(lang), issues);
    ASSERT_TRUE(again) << (issues.empty() ? again.error().message : issues.front().message);
    EXPECT_EQ(again->unchanged, 2);
  }
  // A file without the column keeps the stored website; a bad one is an issue in its column.
  issues.clear();
  auto kept = Import("name,registration_number,country\nMekong Build Co,0101234567,VN\n", issues);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->unchanged, 1);
  issues.clear();
  auto bad = Import("name,registration_number,country,website\nMekong Build Co,0101234567,VN,mekong\n", issues);
  EXPECT_FALSE(bad && bad->committed && bad->updated > 0);
  ASSERT_FALSE(issues.empty());
  EXPECT_EQ(issues.front().column, "website");
  EXPECT_EQ(testdb_->Query("SELECT website FROM employers WHERE registration_number = '0101234567'")[0].Opt(0),
            "https://mekong-build.example.vn");
}

LB_INSTANTIATE_BACKENDS(EmployerWebsiteCsv);

}  // namespace
}  // namespace lb::testing
