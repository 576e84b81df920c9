// The demo data obeys the rules the registry service enforces, on both backends: every demo
// permit's fields pass validation, its history is a chain of lawful transitions ending in its
// status, an expired permit was recorded only after its end date, and no permit recorded as in
// force has lapsed.
#include <gtest/gtest.h>

#include "core/date.h"
#include "features/registry/demo.h"
#include "features/registry/expiry.h"
#include "features/registry/store.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

class DemoRulesSuite : public ApiFixture {};

TEST_P(DemoRulesSuite, EveryDemoPermitObeysTheServiceRules) {
  auto& registry = node_->registry();
  auto summary = registry::LoadDemoData(registry, node_->db(), *clock_, access::Principal::System("VN"), 300, 1963);
  ASSERT_TRUE(summary) << summary.error().message << " " << summary.error().internal;
  ASSERT_GT(summary->permits, 100);
  const std::string today = registry.Today();

  std::vector<registry::WorkPermit> permits;
  auto listed = storage::InTransaction(node_->db(), false, [&](storage::Transaction& tx) -> core::Status {
    std::optional<std::string> after;
    for (;;) {
      LB_TRY(page, registry::store::ListPermits(tx, {}, after, 500, nullptr));
      for (const auto& w : page) {
        LB_TRY(full, registry::store::GetPermit(tx, w.id, true));
        permits.push_back(*full);
      }
      if (page.size() < 500) break;
      after = page.back().id;
    }
    return {};
  });
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(static_cast<int64_t>(permits.size()), summary->permits);

  std::map<std::string, int> by_status;
  for (const auto& w : permits) {
    SCOPED_TRACE(w.permit_number + " " + w.status + " " + w.valid_from + ".." + w.valid_until);
    ++by_status[w.status];
    ASSERT_FALSE(w.transitions.empty());
    // Its history: from nothing to applied or issued, then only lawful steps, ending in its status.
    EXPECT_FALSE(w.transitions.front().from_status.has_value());
    std::string at = w.transitions.front().to_status;
    EXPECT_TRUE(at == "applied" || at == "issued") << at;
    int extensions = 0;
    for (size_t i = 1; i < w.transitions.size(); ++i) {
      const auto& t = w.transitions[i];
      EXPECT_EQ(t.from_status.value_or(""), at);
      EXPECT_TRUE(registry::IsLawfulTransition(at, t.to_status)) << at << " -> " << t.to_status;
      extensions += t.to_status == "extended";
      if (t.to_status == "expired") {
        EXPECT_GT(t.effective_on, w.valid_until) << "recorded as expired before its end date";
      }
      at = t.to_status;
    }
    EXPECT_EQ(at, w.status);
    EXPECT_EQ(extensions, w.extensions);
    // No permit recorded as in force has lapsed; an expired one has ended.
    EXPECT_FALSE(registry::IsLapsed(w, today));
    if (w.status == "expired") {
      EXPECT_LT(w.valid_until, today);
    }
    // Its fields pass the service's validation as first registered (the end date may have grown
    // by lawful extensions since).
    registry::WorkPermit first = w;
    first.status = w.transitions.front().to_status;
    auto errors = registry.ValidatePermitFields(first);
    if (w.extensions > 0) std::erase_if(errors, [](const core::FieldError& e) { return e.code == "too_long"; });
    for (const auto& e : errors) ADD_FAILURE() << e.field << ": " << e.code << " " << e.message;
  }
  // Every status is shown.
  for (const char* status : {"applied", "issued", "extended", "expired", "revoked", "refused", "withdrawn"}) {
    EXPECT_GT(by_status[status], 0) << status;
  }
  // Nothing is left for the expiry job.
  auto n = registry::RecordAllExpiries(registry);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);
}

LB_INSTANTIATE_BACKENDS(DemoRulesSuite);

}  // namespace
}  // namespace lb::testing
