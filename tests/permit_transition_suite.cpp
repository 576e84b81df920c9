// A transition's effective date lies within the permit's life: not before its last transition
// (or its issue date) and not after today (the node's local day); an expiry dated before the
// permit's end date ends a permit in force early, so it needs a reason as a revocation does —
// through the API and the expiring-permits worklist.
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

class PermitTransitionSuite : public PageFixture {
 protected:
  json Permit(const std::string& id) { return Get(std::string(kPermits) + "/" + id).json; }
  ApiResponse Transition(const std::string& id, const json& body) {
    return Post(std::string(kPermits) + "/" + id + "/transitions", body);
  }
  std::string NewPermit(const json& base, const std::string& number, const std::string& from,
                        const std::string& until) {
    auto r = Post(kPermits, IssuedPermit(base, number, from, until));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.value("id", "");
  }
  // The first field an answer names.
  static std::string FieldOf(const ApiResponse& r) {
    if (!r.json.contains("errors") || r.json["errors"].empty()) return "";
    return r.json["errors"][0].value("field", "");
  }
};

// Test clock: 2026-01-15 (the node's local day).
TEST_P(PermitTransitionSuite, EffectiveDateWithinThePermitsLife) {
  const json base = PermitInVietnam();
  const std::string id = NewPermit(base, "WP-LIFE-1", "2025-12-01", "2026-02-05");

  // The API: before the issue date, far in the past, or in the future — refused by name.
  for (const json& body : {json{{"to", "extended"}, {"date", "1900-01-01"}, {"valid_until", "2026-12-31"}},
                           json{{"to", "extended"}, {"date", "2025-11-30"}, {"valid_until", "2026-12-31"}},
                           json{{"to", "extended"}, {"date", "2026-01-16"}, {"valid_until", "2026-12-31"}},
                           json{{"to", "expired"}, {"date", "1900-01-01"}, {"reason", "contract ended"}},
                           json{{"to", "revoked"}, {"date", "2027-01-01"}, {"reason", "fraud"}}}) {
    auto r = Transition(id, body);
    EXPECT_EQ(r.status, 422) << body.dump() << " " << r.body;
    EXPECT_EQ(FieldOf(r), "date") << body.dump() << " " << r.body;
  }
  // An expiry before the end date (2026-02-05) without a reason ends a permit in force early.
  auto early = Transition(id, {{"to", "expired"}, {"date", "2026-01-14"}});
  EXPECT_EQ(early.status, 422) << early.body;
  EXPECT_EQ(FieldOf(early), "reason") << early.body;
  json now = Permit(id);
  EXPECT_EQ(now["status"], "issued");
  EXPECT_EQ(now["version"], 1);
  EXPECT_EQ(now["transitions"].size(), 1u);

  // Within the life: an extension today, then nothing may be dated before it.
  auto ext = Transition(id, {{"to", "extended"}, {"date", "2026-01-15"}, {"valid_until", "2026-12-31"}});
  ASSERT_EQ(ext.status, 200) << ext.body;
  auto before_last = Transition(id, {{"to", "revoked"}, {"date", "2026-01-10"}, {"reason", "fraud"}});
  EXPECT_EQ(before_last.status, 422) << before_last.body;
  EXPECT_EQ(FieldOf(before_last), "date");
  // An early expiry with its reason is recorded.
  auto with_reason = Transition(id, {{"to", "expired"}, {"date", "2026-01-15"}, {"reason", "the worker went home"}});
  EXPECT_EQ(with_reason.status, 200) << with_reason.body;
  EXPECT_EQ(Permit(id)["status"], "expired");

  // The worklist: the same rules, row by row; nothing is recorded for a refused row.
  const std::string a = NewPermit(base, "WP-LIFE-A", "2025-12-01", "2026-01-31");
  const std::string b = NewPermit(base, "WP-LIFE-B", "2025-12-01", "2026-02-10");
  const Browser officer = SignIn("life.officer", "registry_officer", "VN-N08");
  auto old = Visit(officer, "POST", "/permits/expiring",
                   {{"within", "30"},
                    {"action", "extend"},
                    {"effective_on", "1900-01-01"},
                    {"pick_" + a, "1"},
                    {"version_" + a, "1"},
                    {"until_" + a, "2026-12-31"}});
  EXPECT_EQ(old.status, 422) << old.body;
  EXPECT_THAT(old.body, HasSubstr("href=\"#row-" + a + "\""));
  EXPECT_EQ(Permit(a)["version"], 1);
  auto bulk_expiry = Visit(officer, "POST", "/permits/expiring",
                           {{"within", "30"},
                            {"action", "expire"},
                            {"effective_on", "2026-01-15"},
                            {"pick_" + a, "1"},
                            {"version_" + a, "1"},
                            {"pick_" + b, "1"},
                            {"version_" + b, "1"}});
  EXPECT_EQ(bulk_expiry.status, 422) << bulk_expiry.body;
  EXPECT_THAT(bulk_expiry.body, HasSubstr("href=\"#row-" + b + "\""));
  EXPECT_EQ(Permit(a)["status"], "issued");
  EXPECT_EQ(Permit(b)["status"], "issued");
  // With a reason the early expiries are recorded, the reason kept on each.
  auto reasoned = Visit(officer, "POST", "/permits/expiring",
                        {{"within", "30"},
                         {"action", "expire"},
                         {"effective_on", "2026-01-15"},
                         {"reason", "employer closed"},
                         {"pick_" + a, "1"},
                         {"version_" + a, "1"},
                         {"pick_" + b, "1"},
                         {"version_" + b, "1"}});
  EXPECT_EQ(reasoned.status, 303) << reasoned.body;
  EXPECT_EQ(Permit(a)["status"], "expired");
  EXPECT_EQ(Permit(b)["transitions"].back().value("reason", ""), "employer closed");
}

LB_INSTANTIATE_BACKENDS(PermitTransitionSuite);

}  // namespace
}  // namespace lb::testing
