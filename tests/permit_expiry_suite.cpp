// Permits expire by themselves, on both backends: a permit in force whose end date has passed
// reads as expired everywhere (API, list filters, exports, report figures) before anything is
// written; the expiry job then records the transition once, by the system, audited, in
// bounded batches, and writes nothing more when run again.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "core/date.h"
#include "expiry_support.h"
#include "features/registry/expiry.h"
#include "features/registry/kinds.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;

constexpr char kPermits[] = "/api/v1/permits";

class PermitExpirySuite : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    base_ = PermitInVietnam();
  }

  // An issued permit valid from `from` until `until`; its id.
  std::string NewPermit(const std::string& number, const std::string& from, const std::string& until) {
    auto r = Post(kPermits, IssuedPermit(base_, number, from, until));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.value("id", "");
  }

  // Moves the node's clock to 09:00 UTC of `day`.
  void MoveTo(const std::string& day) { clock_->Set(core::TimePoint(*core::ParseDate(day)) + std::chrono::hours(9)); }

  std::string StoredStatus(const std::string& id) {
    auto rows = testdb_->Query("SELECT status FROM work_permits WHERE id = '" + id + "'");
    return rows.empty() ? "?" : rows.at(0).Str(0);
  }
  int64_t SystemEntries(const std::string& id) {
    return testdb_
        ->Query("SELECT COUNT(*) FROM audit_log WHERE entity_type = 'permit' AND entity_id = '" + id +
                "' AND actor = 'system' AND action = 'permit.transition'")
        .at(0)
        .Int(0);
  }
  // Every entry by the system actor: the job's writes (the readers' own entries, which a backend
  // may write a moment later, are not the job's).
  int64_t AllEntries() { return testdb_->Query("SELECT COUNT(*) FROM audit_log WHERE actor = 'system'").at(0).Int(0); }

  std::vector<std::string> ListedIds(const std::string& query) {
    auto r = Get(std::string(kPermits) + "?limit=200&" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    std::vector<std::string> ids;
    for (const auto& item : r.json["items"]) ids.push_back(item.value("id", ""));
    return ids;
  }

  json base_;
};

TEST_P(PermitExpirySuite, ALapsedPermitReadsExpiredBeforeTheJobAndTheJobRecordsItOnceBySystem) {
  const std::string lapsing = NewPermit("WP-LAPSING", "2026-01-10", "2026-06-30");
  const std::string running = NewPermit("WP-RUNNING", "2026-01-10", "2027-12-31");
  // The day after the last valid day: valid until yesterday.
  MoveTo("2026-07-01");

  // Reads: the permit is expired although nothing was written yet.
  auto read = Get(std::string(kPermits) + "/" + lapsing);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json["status"], "expired");
  EXPECT_EQ(Get(std::string(kPermits) + "/" + running).json["status"], "issued");
  EXPECT_EQ(StoredStatus(lapsing), "issued") << "reads write nothing";
  EXPECT_THAT(ListedIds("status=issued"), ::testing::ElementsAre(running));
  EXPECT_THAT(ListedIds("status=expired"), ::testing::ElementsAre(lapsing));
  EXPECT_THAT(ListedIds("status=issued&expiring_before=2026-07-01"), ::testing::IsEmpty())
      << "the issue's example: no lapsed permit shows as issued";
  for (const auto& item : Get(std::string(kPermits) + "?limit=200").json["items"]) {
    EXPECT_EQ(item["status"], item["id"] == lapsing ? "expired" : "issued");
  }

  // A lapsed permit cannot be extended or revoked any more: it has expired.
  auto extend = Post(std::string(kPermits) + "/" + lapsing + "/transitions",
                     {{"to", "extended"}, {"date", "2026-07-01"}, {"valid_until", "2027-06-30"}});
  EXPECT_EQ(extend.status, 409) << extend.body;
  ASSERT_FALSE(extend.json["errors"].empty()) << extend.body;
  EXPECT_EQ(extend.json["errors"][0]["code"], "lapsed");
  EXPECT_EQ(StoredStatus(lapsing), "issued");

  // The job records the expiry: stored, with its transition and one audit entry by the system.
  const int64_t entries = AllEntries();
  auto n = registry::RecordAllExpiries(node_->registry());
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(StoredStatus(lapsing), "expired");
  EXPECT_EQ(StoredStatus(running), "issued");
  EXPECT_EQ(SystemEntries(lapsing), 1);
  EXPECT_EQ(AllEntries(), entries + 1);
  auto after = Get(std::string(kPermits) + "/" + lapsing);
  EXPECT_EQ(after.json["status"], "expired");
  EXPECT_EQ(after.json["version"], 2);
  const json& last = after.json["transitions"].back();
  EXPECT_EQ(last["from"], "issued");
  EXPECT_EQ(last["to"], "expired");
  EXPECT_EQ(last["date"], "2026-07-01") << "the first day the permit was no longer valid";
  EXPECT_EQ(last["actor"], "system");

  // Idempotent: a second run finds nothing and writes nothing.
  const int64_t transitions = Count("permit_transitions");
  auto again = registry::RecordAllExpiries(node_->registry());
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(AllEntries(), entries + 1);
  EXPECT_EQ(Count("permit_transitions"), transitions);
  EXPECT_EQ(Get(std::string(kPermits) + "/" + lapsing).json["version"], 2);
}

TEST_P(PermitExpirySuite, AnExtendedPermitLapsesLikeAnIssuedOneAndItsLastDayIsStillValid) {
  const std::string id = NewPermit("WP-EXT", "2026-01-10", "2026-03-31");
  auto ext = Post(std::string(kPermits) + "/" + id + "/transitions",
                  {{"to", "extended"}, {"date", "2026-01-15"}, {"valid_until", "2026-09-30"}});  // today
  ASSERT_EQ(ext.status, 200) << ext.body;
  MoveTo("2026-09-30");
  EXPECT_EQ(Get(std::string(kPermits) + "/" + id).json["status"], "extended") << "the last day is a valid day";
  EXPECT_EQ(*registry::RecordAllExpiries(node_->registry()), 0);
  MoveTo("2026-10-01");
  EXPECT_EQ(Get(std::string(kPermits) + "/" + id).json["status"], "expired");
  EXPECT_THAT(ListedIds("status=extended"), ::testing::IsEmpty());
  EXPECT_EQ(*registry::RecordAllExpiries(node_->registry()), 1);
  EXPECT_EQ(StoredStatus(id), "expired");
  EXPECT_EQ(SystemEntries(id), 1);
}

TEST_P(PermitExpirySuite, TheJobWorksInBoundedBatches) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(NewPermit("WP-B" + std::to_string(i), "2026-01-10", "2026-02-2" + std::to_string(i)));
  MoveTo("2026-03-01");
  auto first = node_->registry().RecordExpiries(2);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->found, 2);
  EXPECT_EQ(first->recorded, 2);
  // The oldest end dates first.
  EXPECT_EQ(StoredStatus(ids[0]), "expired");
  EXPECT_EQ(StoredStatus(ids[1]), "expired");
  EXPECT_EQ(StoredStatus(ids[2]), "issued");
  auto rest = registry::RecordAllExpiries(node_->registry(), 2);
  ASSERT_TRUE(rest);
  EXPECT_EQ(*rest, 3);
  for (const auto& id : ids) {
    EXPECT_EQ(StoredStatus(id), "expired");
    EXPECT_EQ(SystemEntries(id), 1);
  }
}

TEST_P(PermitExpirySuite, TheScheduledJobRunsAtStartAndStopsCleanly) {
  const std::string id = NewPermit("WP-JOB", "2026-01-10", "2026-06-30");
  MoveTo("2026-07-15");
  {
    // An interval far longer than the test: only the pass at start runs.
    registry::ExpiryJob job(node_->registry(), std::chrono::hours(24));
    job.Start();
    for (int i = 0; i < 1000 && job.passes() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(job.passes(), 1);
    job.Stop();
  }
  EXPECT_EQ(StoredStatus(id), "expired");
  EXPECT_EQ(SystemEntries(id), 1);
}

TEST_P(PermitExpirySuite, ExportsAndReportFiguresShowTheEffectiveStatus) {
  const std::string lapsing = NewPermit("WP-FIG-1", "2026-01-10", "2026-06-30");
  NewPermit("WP-FIG-2", "2026-01-10", "2027-12-31");
  MoveTo("2026-07-01");
  const auto admin = access::Principal::System("VN");
  auto figures = node_->registry().CountPermitsByStatus(admin);
  ASSERT_TRUE(figures) << figures.error().message;
  EXPECT_THAT(*figures, ::testing::ElementsAre(std::pair<std::string, int64_t>{"expired", 1},
                                               std::pair<std::string, int64_t>{"issued", 1}));
  // The export's status column (right after the kind's exported fields), and its status filter.
  const auto fields = registry::PermitFields();
  const auto status_column =
      static_cast<size_t>(std::count_if(fields.begin(), fields.end(), [](const auto& f) { return f.exported; }));
  auto rows = storage::InTransaction(node_->db(), false, [&](storage::Transaction& tx) {
    registry::PermitFilter f;
    f.status = "issued";
    return node_->registry().FileRowsIn(tx, node_->registry().ScopeOf(admin), f, std::nullopt, 100);
  });
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][status_column], "issued");
  auto expired = storage::InTransaction(node_->db(), false, [&](storage::Transaction& tx) {
    return node_->registry().FileRowsIn(tx, node_->registry().ScopeOf(admin), registry::PermitFilter{}, std::nullopt,
                                        100);
  });
  ASSERT_TRUE(expired);
  ASSERT_EQ(expired->rows.size(), 2u);
  int shown_expired = 0;
  for (const auto& r : expired->rows) shown_expired += r[status_column] == "expired";
  EXPECT_EQ(shown_expired, 1);
  EXPECT_EQ(StoredStatus(lapsing), "issued");
}

LB_INSTANTIATE_BACKENDS(PermitExpirySuite);

}  // namespace
}  // namespace lb::testing
