// A permit's dates read dd/mm/yyyy on its page, its list and its edit form in each language,
// and the date inputs say the order (placeholder and hint); on both backends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "page_session.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class DayFirstDatesSuite : public PageFixture {
 protected:
  std::string NewPermit(bool applied = true) {
    // Applied, so that its edit form has date inputs (a permit in force shows its dates
    // read-only: docs/security.md, the extension rule).
    auto body = PermitInVietnam();  // valid 2026-01-10 .. 2027-12-31
    if (applied) {
      body["status"] = "applied";
      body.erase("issued");
    }
    auto created = Post("/api/v1/permits", body);
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json.value("id", "");
  }
};

TEST_P(DayFirstDatesSuite, APermitsDatesReadDayFirstInEveryLanguage) {
  const std::string id = NewPermit();
  auto officer = SignIn("dates.officer", "registry_officer");
  for (const char* lang : {"en", "vi", "lo"}) {
    ASSERT_EQ(Visit(officer, "POST", "/language", {{"lang", lang}, {"next", "/"}}).status, 303);
    auto page = Visit(officer, "GET", "/permits/" + id);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_THAT(page.body, HasSubstr("10/01/2026")) << lang << ": valid from";
    EXPECT_THAT(page.body, HasSubstr("31/12/2027")) << lang << ": valid until";
    EXPECT_THAT(page.body, Not(HasSubstr("2027-12-31"))) << lang;
    EXPECT_THAT(page.body, Not(HasSubstr("Dec 31"))) << lang;

    auto list = Visit(officer, "GET", "/permits");
    ASSERT_EQ(list.status, 200);
    EXPECT_THAT(list.body, HasSubstr("31/12/2027")) << lang << ": the list";

    auto edit = Visit(officer, "GET", "/permits/" + id + "/edit");
    ASSERT_EQ(edit.status, 200) << edit.body;
    EXPECT_THAT(edit.body, HasSubstr("value=\"31/12/2027\"")) << lang << ": the input shows the stored date day first";
    EXPECT_THAT(edit.body, HasSubstr("placeholder=\"")) << lang;
    EXPECT_THAT(edit.body, HasSubstr("31/12/2026")) << lang << ": the hint's example";
  }
}

TEST_P(DayFirstDatesSuite, TheListFilterTakesADayFirstDate) {
  NewPermit();
  auto officer = SignIn("dates.filter", "registry_officer");
  auto before = Visit(officer, "GET", "/permits?expiring_before=01/01/2028");
  ASSERT_EQ(before.status, 200);
  EXPECT_THAT(before.body, HasSubstr("31/12/2027")) << "the permit ends before 01/01/2028";
  EXPECT_THAT(before.body, Not(HasSubstr("aria-invalid=\"true\"")));
  auto earlier = Visit(officer, "GET", "/permits?expiring_before=31-12-2027");
  ASSERT_EQ(earlier.status, 200);
  EXPECT_THAT(earlier.body, Not(HasSubstr(">31/12/2027<"))) << "a permit ending on the day is not before it";
  auto bad = Visit(officer, "GET", "/permits?expiring_before=31/02/2027");
  ASSERT_EQ(bad.status, 200);
  EXPECT_THAT(bad.body, HasSubstr("aria-invalid=\"true\""));
}

TEST_P(DayFirstDatesSuite, AStatusChangeTakesADayFirstDate) {
  const std::string id = NewPermit(/*applied=*/false);
  auto officer = SignIn("dates.transition", "registry_officer");
  auto page = Visit(officer, "GET", "/permits/" + id);
  ASSERT_EQ(page.status, 200);
  const std::string version = std::to_string(Get("/api/v1/permits/" + id).json.value("version", int64_t{0}));
  auto r = Visit(officer, "POST", "/permits/" + id + "/transition",
                 {{"to", "revoked"}, {"effective_on", "13/01/2026"}, {"reason", "test"}, {"version", version}});
  EXPECT_EQ(r.status, 303) << r.body;
  auto permit = Get("/api/v1/permits/" + id);
  EXPECT_EQ(permit.json.value("status", ""), "revoked") << permit.body;
  auto after = Visit(officer, "GET", "/permits/" + id);
  EXPECT_THAT(after.body, HasSubstr("13/01/2026"));
}

LB_INSTANTIATE_BACKENDS(DayFirstDatesSuite);

}  // namespace
}  // namespace lb::testing
