// The employer's website on the employer page: a link (rel="noopener noreferrer") only for an
// http:// or https:// address; whatever else a row holds — javascript:, data:, a scheme-relative
// //host — is shown as text, never as a link. And the ways in refuse such an address naming the
// field: the API (422) and a CSV import (an issue in the website column).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "features/files/csv_reader.h"
#include "features/files/importer.h"
#include "support/file_exchange_fixture.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class EmployerWebsiteLink : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    constexpr char kPassword[] = "Mekong-Ferry-7q!Vx2";
    auto user = node_->users().Add(access::Principal::System("VN"),
                                   {"web.link", "registry_officer", "VN", std::nullopt, std::nullopt, kPassword});
    ASSERT_TRUE(user) << user.error().message;
    auto r = Send("POST", "/login", std::string("name=web.link&password=Mekong-Ferry-7q%21Vx2"),
                  {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Accept", "text/html"},
                   {"Host", "lb.test"},
                   {"Origin", "http://lb.test"}},
                  false);
    ASSERT_EQ(r.status, 303) << r.body;
    const std::string set = r.Header("set-cookie");
    cookie_ = set.substr(0, set.find(';'));
  }
  ApiResponse Html(const std::string& target) {
    return Send("GET", target, "", {{"Accept", "text/html"}, {"Cookie", cookie_}}, false);
  }
  std::string NewEmployer(const json& website) {
    json body = VietnameseEmployer();
    body["website"] = website;
    auto created = Post("/api/v1/employers", body);
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json.value("id", "");
  }
  // What the page shows in the website's <dd>.
  static std::string WebsiteCell(const std::string& page) {
    std::smatch m;
    if (!std::regex_search(page, m, std::regex("<dt>Website</dt><dd>(.*?)</dd>"))) return "<no website row>";
    return m[1];
  }
  std::string cookie_;
};

TEST_P(EmployerWebsiteLink, AnHttpsWebsiteIsALinkWithoutReferrerOrOpener) {
  const std::string id = NewEmployer("https://nghean-garment.example.vn/about?a=1&b=2");
  auto page = Html("/employers/" + id);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(WebsiteCell(page.body),
            "<a href=\"https://nghean-garment.example.vn/about?a=1&amp;b=2\" rel=\"noopener noreferrer\">"
            "https://nghean-garment.example.vn/about?a=1&amp;b=2</a>");
}

TEST_P(EmployerWebsiteLink, NoWebsiteIsADashAndNoLink) {
  const std::string id = NewEmployer(nullptr);
  auto page = Html("/employers/" + id);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(WebsiteCell(page.body), "–");
}

// A row that holds what the service would refuse (written by an older version, another node's
// file, or by hand): shown as escaped text, never as a link.
TEST_P(EmployerWebsiteLink, AStoredJavascriptOrDataUrlIsNeverALink) {
  const std::string id = NewEmployer("https://placeholder.example.vn");
  for (const std::string bad : {"javascript:alert(document.cookie)", "JavaScript:alert(1)", " javascript:alert(1)",
                                "data:text/html,<script>alert(1)</script>", "//evil.example/",
                                "https://x.example/\"onmouseover=\"alert(1)", "vbscript:msgbox(1)"}) {
    auto set = storage::InTransaction(node_->db(), true, [&](storage::Transaction& tx) {
      return tx.Exec("UPDATE employers SET website = $1 WHERE id = $2", {bad, id});
    });
    ASSERT_TRUE(set) << set.error().message;
    auto page = Html("/employers/" + id);
    ASSERT_EQ(page.status, 200) << page.body;
    const std::string cell = WebsiteCell(page.body);
    if (bad.starts_with("https://")) {
      // An http(s) address with a quote in it stays one attribute: the quote is escaped.
      EXPECT_THAT(cell, HasSubstr("&quot;onmouseover=&quot;")) << cell;
      EXPECT_THAT(cell, Not(HasSubstr("\"onmouseover"))) << cell;
      continue;
    }
    EXPECT_THAT(cell, Not(HasSubstr("<a"))) << bad << " -> " << cell;
    EXPECT_THAT(page.body, Not(HasSubstr("href=\"" + bad.substr(0, 10)))) << bad;
    EXPECT_THAT(page.body, Not(HasSubstr("<script>alert"))) << bad;
  }
}

TEST_P(EmployerWebsiteLink, TheApiRefusesAJavascriptUrlNamingTheField) {
  json body = VietnameseEmployer();
  body["website"] = "javascript:alert(1)";
  auto r = Post("/api/v1/employers", body);
  EXPECT_EQ(r.status, 422) << r.body;
  ASSERT_TRUE(r.json.contains("errors")) << r.body;
  EXPECT_EQ(r.json["errors"][0]["field"], "website");
  EXPECT_EQ(testdb_->Query("SELECT COUNT(*) FROM employers")[0].Int(0), 0);
  body["website"] = "https://" + std::string(200, 'a') + ".example";
  r = Post("/api/v1/employers", body);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json["errors"][0]["field"], "website");
}

LB_INSTANTIATE_BACKENDS(EmployerWebsiteLink);

class EmployerWebsiteCsvLink : public FileExchangeTest {};

TEST_P(EmployerWebsiteCsvLink, ACsvImportRefusesAJavascriptUrlInTheWebsiteColumn) {
  files::ImportOptions options;
  options.kind = files::Kind::kEmployers;
  auto source = files::CsvReader::FromString(
      "name,registration_number,country,website\nMekong Build Co,0101234567,VN,javascript:alert(1)\n");
  Outcome o = RunImport(*source, options);
  ASSERT_FALSE(o.issues.empty());
  EXPECT_EQ(o.issues.front().column, "website");
  EXPECT_EQ(testdb_->Query("SELECT COUNT(*) FROM employers WHERE website LIKE 'javascript:%'")[0].Int(0), 0);
}

LB_INSTANTIATE_BACKENDS(EmployerWebsiteCsvLink);

}  // namespace
}  // namespace lb::testing
