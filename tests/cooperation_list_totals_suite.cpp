// The cooperation lists say how many records their filter matches, as the registry's lists
// do ("Showing 1–50 of 73"), and the same number as the API; on both backends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "features/cooperation/seed.h"
#include "page_session.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;

class CooperationListTotalsSuite : public PageFixture {
 protected:
  void SetUp() override {
    PageFixture::SetUp();
    auto s = cooperation::LoadSeed(node_->cooperation(), access::Principal::System("VN"));
    ASSERT_TRUE(s) << s.error().message << " " << s.error().internal;
  }
  // Every record of an API list, through its pages.
  size_t ApiCount(const std::string& path) {
    size_t n = 0;
    std::string cursor;
    for (int i = 0; i < 100; ++i) {
      auto r = Get(path + (path.find('?') == std::string::npos ? "?" : "&") + "limit=200" +
                   (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(r.status, 200) << r.body;
      n += r.json["items"].size();
      if (!r.json["next_cursor"].is_string()) break;
      cursor = r.json["next_cursor"];
    }
    return n;
  }
};

TEST_P(CooperationListTotalsSuite, EveryListShowsItsTotal) {
  auto officer = SignIn("coop.totals", "cooperation_officer");
  for (const char* kind : {"conferences", "agreements", "commitments", "activities", "organisations", "twinnings"}) {
    const size_t total = ApiCount(std::string("/api/v1/cooperation/") + kind);
    auto page = Visit(officer, "GET", std::string("/cooperation/") + kind);
    ASSERT_EQ(page.status, 200) << kind << page.body;
    const std::string shown =
        total == 0 ? "Showing 0 of 0"
                   : "Showing 1–" + std::to_string(std::min<size_t>(total, 50)) + " of " + std::to_string(total);
    EXPECT_THAT(page.body, HasSubstr(shown)) << kind;
  }
}

TEST_P(CooperationListTotalsSuite, AFilteredListCountsWhatItShowsAndTheNextPageKnowsItsPlace) {
  auto officer = SignIn("coop.filtered", "cooperation_officer");
  const size_t all = ApiCount("/api/v1/cooperation/commitments");
  const size_t done = ApiCount("/api/v1/cooperation/commitments?status=done");
  ASSERT_GT(all, done);
  auto page = Visit(officer, "GET", "/cooperation/commitments?status=done");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr(" of " + std::to_string(done) + "<")) << page.body.substr(0, 200);
  if (all > 50) {
    auto first = Visit(officer, "GET", "/cooperation/commitments");
    EXPECT_THAT(first.body, HasSubstr("Showing 1–50 of " + std::to_string(all)));
    std::smatch m;
    ASSERT_TRUE(
        std::regex_search(first.body, m, std::regex("href=\"(/cooperation/commitments\\?[^\"]*cursor=[^\"]+)\"")));
    std::string next = m[1];
    for (size_t at; (at = next.find("&amp;")) != std::string::npos;) next.replace(at, 5, "&");
    auto second = Visit(officer, "GET", next);
    EXPECT_THAT(second.body, HasSubstr("Showing 51–")) << "the second page counts the first";
  }
}

TEST_P(CooperationListTotalsSuite, InVietnameseTheLineIsTranslated) {
  auto officer = SignIn("coop.vi", "cooperation_officer");
  ASSERT_EQ(Visit(officer, "POST", "/language", {{"lang", "vi"}, {"next", "/"}}).status, 303);
  auto page = Visit(officer, "GET", "/cooperation/conferences");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, ::testing::Not(HasSubstr("Showing ")));
}

LB_INSTANTIATE_BACKENDS(CooperationListTotalsSuite);

}  // namespace
}  // namespace lb::testing
