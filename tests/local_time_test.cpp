// The node's time zone: "today" and the times people see are in it; the API stays in UTC.
#include "core/local_time.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/date.h"
#include "ui/i18n.h"

namespace lb {
namespace {

core::TimePoint At(const char* rfc3339) {
  // 2026-12-07T18:30:00Z style only; the tests below use whole minutes.
  int y, mo, d, h, mi;
  EXPECT_EQ(std::sscanf(rfc3339, "%d-%d-%dT%d:%dZ", &y, &mo, &d, &h, &mi), 5);
  const auto day = std::chrono::sys_days{std::chrono::year{y} / mo / d};
  return std::chrono::time_point_cast<std::chrono::milliseconds>(day + std::chrono::hours(h) +
                                                                 std::chrono::minutes(mi));
}

class LocalTimeTest : public ::testing::Test {
 protected:
  void TearDown() override { ASSERT_TRUE(core::SetLocalZone("UTC")); }
};

TEST_F(LocalTimeTest, UntilSetTheZoneIsUtc) {
  EXPECT_EQ(core::LocalZone(), "UTC");
  EXPECT_EQ(core::FormatDate(At("2026-12-07T18:30Z")), "2026-12-07");
}

TEST_F(LocalTimeTest, TodayTurnsAtMidnightInVientianeAndHanoiNotAtMidnightUtc) {
  for (const char* zone : {"Asia/Vientiane", "Asia/Ho_Chi_Minh"}) {
    ASSERT_TRUE(core::SetLocalZone(zone)) << zone;
    EXPECT_EQ(core::LocalOffset(At("2026-12-07T12:00Z")), std::chrono::hours(7)) << zone;
    // 16:59 UTC is 23:59 in UTC+7; 17:00 UTC is midnight, the next day.
    EXPECT_EQ(core::FormatDate(At("2026-12-07T16:59Z")), "2026-12-07") << zone;
    EXPECT_EQ(core::FormatDate(At("2026-12-07T17:00Z")), "2026-12-08") << zone;
    EXPECT_EQ(core::LocalDay(At("2026-12-31T18:00Z")), *core::ParseDate("2027-01-01")) << zone;
  }
}

TEST_F(LocalTimeTest, ANodeDefaultsToItsCountrysZone) {
  EXPECT_EQ(core::DefaultZoneFor("VN"), "Asia/Ho_Chi_Minh");
  EXPECT_EQ(core::DefaultZoneFor("LA"), "Asia/Vientiane");
  EXPECT_TRUE(core::IsKnownZone(core::DefaultZoneFor("VN")));
  EXPECT_TRUE(core::IsKnownZone(core::DefaultZoneFor("LA")));
}

TEST_F(LocalTimeTest, AnUnknownZoneIsRefusedNamingTheFieldAndChangesNothing) {
  ASSERT_TRUE(core::SetLocalZone("Asia/Vientiane"));
  auto r = core::SetLocalZone("Asia/Atlantis");
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "time_zone");
  EXPECT_EQ(r.error().fields[0].code, "unknown_zone");
  EXPECT_EQ(core::LocalZone(), "Asia/Vientiane");

  core::Config c;
  c.time_zone = "Asia/Atlantis";
  auto v = core::ValidateConfig(c);
  ASSERT_FALSE(v);
  ASSERT_EQ(v.error().fields.size(), 1u);
  EXPECT_EQ(v.error().fields[0].field, "time_zone");
  c.time_zone = "Asia/Vientiane";
  EXPECT_TRUE(core::ValidateConfig(c));
  c.time_zone = "";
  EXPECT_TRUE(core::ValidateConfig(c));
}

TEST_F(LocalTimeTest, PagesShowATimeInTheNodesZone) {
  ASSERT_TRUE(core::SetLocalZone("Asia/Vientiane"));
  const std::string shown = ui::Translator::For("en").Date("2026-12-07T18:30:00.000Z");
  EXPECT_NE(shown.find("08/12/2026"), std::string::npos) << shown;  // day first (ui/dates.h)
  EXPECT_NE(shown.find("01:30"), std::string::npos) << shown;
  // A calendar date is a date, not an instant: it is shown as it is, in any zone.
  EXPECT_EQ(ui::Translator::For("en").Date("2026-12-07"), "07/12/2026");
}

}  // namespace
}  // namespace lb
