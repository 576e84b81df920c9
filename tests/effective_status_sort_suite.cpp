// Sorting permits by status orders them by the status the list shows: a permit whose end date
// has passed sorts as expired even before the expiry job records it; on both backends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/date.h"
#include "page_session.h"

namespace lb::testing {
namespace {

using ::testing::ElementsAre;

class EffectiveStatusSortSuite : public PageFixture {
 protected:
  void MoveTo(const std::string& day) { clock_->Set(core::TimePoint(*core::ParseDate(day)) + std::chrono::hours(9)); }

  // WP-LAPSE (issued, ends 31/03/2026) and WP-EXT (extended to 30/06/2027), on 15/04/2026:
  // stored, "extended" sorts before "issued"; shown, "expired" sorts before "extended".
  void TwoPermits() {
    nlohmann::json body = PermitInVietnam();
    body["permit_number"] = "WP-LAPSE";
    body["valid_until"] = "2026-03-31";
    auto lapse = Post("/api/v1/permits", body);
    ASSERT_EQ(lapse.status, 201) << lapse.body;
    body["permit_number"] = "WP-EXT";
    body["valid_until"] = "2026-06-30";
    auto ext = Post("/api/v1/permits", body);
    ASSERT_EQ(ext.status, 201) << ext.body;
    auto extended = Post("/api/v1/permits/" + ext.json.value("id", "") + "/transitions",
                         {{"to", "extended"}, {"date", "2026-01-15"}, {"valid_until", "2027-06-30"}});
    ASSERT_EQ(extended.status, 200) << extended.body;
    MoveTo("2026-04-15");
  }

  std::vector<std::string> Numbers(const std::string& query) {
    auto r = Get("/api/v1/permits?" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    for (const auto& i : r.json["items"]) out.push_back(i.value("permit_number", "") + ":" + i.value("status", ""));
    return out;
  }
};

TEST_P(EffectiveStatusSortSuite, TheApiSortsByTheShownStatus) {
  TwoPermits();
  EXPECT_THAT(Numbers("sort=status&dir=asc"), ElementsAre("WP-LAPSE:expired", "WP-EXT:extended"));
  EXPECT_THAT(Numbers("sort=status&dir=desc"), ElementsAre("WP-EXT:extended", "WP-LAPSE:expired"));
}

TEST_P(EffectiveStatusSortSuite, ThePageSortsByTheShownStatusAndPagesOnIt) {
  TwoPermits();
  auto officer = SignIn("sort.officer", "registry_officer");
  auto page = Visit(officer, "GET", "/permits?sort=status&dir=asc");
  ASSERT_EQ(page.status, 200) << page.body;
  const auto lapse = page.body.find(">WP-LAPSE<"), ext = page.body.find(">WP-EXT<");
  ASSERT_NE(lapse, std::string::npos);
  ASSERT_NE(ext, std::string::npos);
  EXPECT_LT(lapse, ext) << "expired before extended";
  // The keyset cursor of the effective order: one per page, both reached, none twice.
  auto first = Get("/api/v1/permits?sort=status&dir=asc&limit=1");
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.json["items"].size(), 1u);
  EXPECT_EQ(first.json["items"][0].value("permit_number", ""), "WP-LAPSE");
  const std::string next = first.json.value("next_cursor", "");
  ASSERT_FALSE(next.empty()) << first.body;
  auto second = Get("/api/v1/permits?sort=status&dir=asc&limit=1&cursor=" + next);
  ASSERT_EQ(second.status, 200) << second.body;
  ASSERT_EQ(second.json["items"].size(), 1u);
  EXPECT_EQ(second.json["items"][0].value("permit_number", ""), "WP-EXT");
}

LB_INSTANTIATE_BACKENDS(EffectiveStatusSortSuite);

}  // namespace
}  // namespace lb::testing
