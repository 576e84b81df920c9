// The expiring-permits worklist when some ticked rows are recorded and others refused: the
// answer names the recorded ones (a link to each) beside the errors, so it does not read as if
// nothing was done.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "expiry_support.h"
#include "page_session.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr char kPermits[] = "/api/v1/permits";

class WorklistPartialSuite : public PageFixture {
 protected:
  std::string NewPermit(const json& base, const std::string& number, const std::string& from,
                        const std::string& until) {
    auto r = Post(kPermits, IssuedPermit(base, number, from, until));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.value("id", "");
  }
  json Permit(const std::string& id) { return Get(std::string(kPermits) + "/" + id).json; }
};

// Test clock: 2026-01-15.
TEST_P(WorklistPartialSuite, PartialSuccessListsRecordedRows) {
  const json base = PermitInVietnam();
  const std::string a = NewPermit(base, "WP-PART-A", "2025-12-01", "2026-01-31");
  const std::string b = NewPermit(base, "WP-PART-B", "2025-12-01", "2026-02-10");
  const std::string c = NewPermit(base, "WP-PART-C", "2025-12-01", "2026-02-05");
  const Browser officer = SignIn("partial.officer", "registry_officer", "VN-N08");
  // A and C extend (and leave the 30-day list); B's new end date is before its current one.
  auto r = Visit(officer, "POST", "/permits/expiring",
                 {{"within", "30"},
                  {"action", "extend"},
                  {"effective_on", "2026-01-15"},
                  {"pick_" + a, "1"},
                  {"version_" + a, "1"},
                  {"until_" + a, "2026-12-31"},
                  {"pick_" + b, "1"},
                  {"version_" + b, "1"},
                  {"until_" + b, "2026-01-31"},
                  {"pick_" + c, "1"},
                  {"version_" + c, "1"},
                  {"until_" + c, "2027-01-31"}});
  EXPECT_EQ(r.status, 422) << r.body;
  ASSERT_EQ(Permit(a)["status"], "extended");
  ASSERT_EQ(Permit(c)["status"], "extended");
  ASSERT_EQ(Permit(b)["status"], "issued");
  // The recorded rows are named, each a link to its permit, though they left the list.
  EXPECT_THAT(r.body, HasSubstr("href=\"/permits/" + a + "\""));
  EXPECT_THAT(r.body, HasSubstr("WP-PART-A"));
  EXPECT_THAT(r.body, HasSubstr("href=\"/permits/" + c + "\""));
  EXPECT_THAT(r.body, HasSubstr("WP-PART-C"));
  EXPECT_THAT(r.body, HasSubstr("id=\"recorded\""));
  // And the refused one is still there to fix.
  EXPECT_THAT(r.body, HasSubstr("href=\"#row-" + b + "\""));
}

LB_INSTANTIATE_BACKENDS(WorklistPartialSuite);

}  // namespace
}  // namespace lb::testing
