// The audit log on both databases: the hash chain, concurrent appenders, the append-only
// triggers, read events, listing, checkpoints, and verify catching tampering done directly
// in the database by someone who can drop the triggers.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "platform/audit/audit_log.h"
#include "platform/audit/chain.h"
#include "platform/audit/checkpoint.h"
#include "platform/audit/checkpointer.h"
#include "platform/audit/signing.h"
#include "platform/audit/verify.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using audit::Finding;
using nlohmann::json;
using storage::Transaction;

constexpr std::string_view kSelectEntries =
    "SELECT seq, at, node, actor, action, entity_type, entity_id, changes, prev_hash, hash FROM audit_log ORDER BY seq";
constexpr std::string_view kInsertEntry =
    "INSERT INTO audit_log (seq, at, node, actor, action, entity_type, entity_id, changes, prev_hash, hash)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

class AuditTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    testdb_ = std::make_unique<TestDatabase>(GetParam());
    log_ = std::make_unique<audit::AuditLog>(testdb_->db(), clock_, "VN");
  }
  void TearDown() override {
    log_.reset();
    testdb_.reset();
  }

  storage::Database& db() { return testdb_->db(); }
  bool Postgres() const { return testdb_->backend() == Backend::kPostgres; }

  static audit::Event PersonUpdate(int i) {
    return {
        "officer.a", "person.update", "person", "p-" + std::to_string(i),
        json{{"phone", {{"before", "+856 20 " + std::to_string(i)}, {"after", "+856 20 " + std::to_string(i + 1)}}}}};
  }

  core::Status AppendOne(const audit::Event& e) {
    auto r = storage::InTransaction(db(), true, [&](Transaction& tx) -> core::Result<bool> {
      LB_CHECK(log_->Append(tx, e));
      return true;
    });
    if (!r) return core::Fail(r.error());
    return {};
  }

  void AppendMany(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(AppendOne(PersonUpdate(static_cast<int>(Count("audit_log")) + 1)));
      clock_.Advance(std::chrono::seconds(1));
    }
  }

  int64_t Count(const std::string& table) { return testdb_->Query("SELECT COUNT(*) FROM " + table)[0].Int(0); }

  audit::VerifyReport VerifyWith(audit::VerifyOptions options = {}) {
    auto r = audit::Verify(db(), options);
    EXPECT_TRUE(r) << r.error().message << " " << r.error().internal;
    return r ? *r : audit::VerifyReport{};
  }
  audit::VerifyReport VerifyTrusting(const audit::NodeKey& key) {
    audit::VerifyOptions o;
    o.trusted_public_keys.push_back(key.PublicKeyHex());
    return VerifyWith(o);
  }

  audit::Checkpoint Checkpoint(const audit::NodeKey& key) {
    auto c = audit::CreateCheckpoint(db(), clock_, key, "VN");
    EXPECT_TRUE(c) << c.error().message;
    clock_.Advance(std::chrono::seconds(1));
    return c ? *c : audit::Checkpoint{};
  }

  // What an attacker with database access does first.
  void DropTriggers() {
    for (const char* table : {"audit_log", "audit_checkpoints"}) {
      for (const char* what : {"update", "delete"}) {
        const std::string name = std::string(table) + "_no_" + what;
        testdb_->Query(Postgres() ? "DROP TRIGGER " + name + " ON " + table : "DROP TRIGGER " + name);
      }
    }
  }

  std::vector<audit::StoredEntry> StoredEntries() {
    std::vector<audit::StoredEntry> out;
    for (const auto& r : testdb_->Query(std::string(kSelectEntries))) {
      out.push_back(
          {r.Int(0), r.Str(1), r.Str(2), r.Str(3), r.Str(4), r.Str(5), r.Str(6), r.Opt(7), r.Str(8), r.Str(9)});
    }
    return out;
  }

  // Rewrites the entries from `from_seq` on with `mutate` and recomputes every hash after
  // it, then moves the head: a consistent forgery that only a signed checkpoint exposes.
  void RewriteChain(int64_t from_seq, const std::function<void(audit::StoredEntry&)>& mutate) {
    auto entries = StoredEntries();
    auto tx = Transaction::Begin(db(), true);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(tx->Exec("DELETE FROM audit_log WHERE seq >= $1", {from_seq}));
    std::string prev;
    for (auto& e : entries) {
      if (e.seq >= from_seq) {
        mutate(e);
        e.prev_hash = prev;
        e.hash = audit::HashEntry(e);
        ASSERT_TRUE(tx->Exec(kInsertEntry, {e.seq, e.at, e.node, e.actor, e.action, e.entity_type, e.entity_id,
                                            storage::Opt(e.changes), e.prev_hash, e.hash}));
      }
      prev = e.hash;
    }
    ASSERT_TRUE(tx->Exec("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1",
                         {entries.empty() ? int64_t{0} : entries.back().seq, prev}));
    ASSERT_TRUE(tx->Commit());
  }

  // Removes the entries after `keep` and moves the head back so the rest looks whole.
  void TruncateAfter(int64_t keep) {
    auto entries = StoredEntries();
    testdb_->Query("DELETE FROM audit_log WHERE seq > " + std::to_string(keep));
    auto tx = Transaction::Begin(db(), true);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(tx->Exec("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1",
                         {keep, keep ? entries.at(keep - 1).hash : std::string()}));
    ASSERT_TRUE(tx->Commit());
  }

  // Runs a statement in its own write transaction; returns the error text or "" on success.
  std::string ExecError(const std::string& sql) {
    auto tx = Transaction::Begin(db(), true);
    if (!tx) return "begin failed";
    auto r = tx->Exec(sql, {});
    if (!r) return r.error().internal.empty() ? r.error().message : r.error().internal;
    return tx->Commit() ? "" : "commit failed";
  }

  core::ManualClock clock_{TestEpoch()};
  std::unique_ptr<TestDatabase> testdb_;
  std::unique_ptr<audit::AuditLog> log_;
};

TEST_P(AuditTest, AppendsFormAChainThatVerifies) {
  AppendMany(5);
  auto entries = log_->List({});
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 5u);
  for (size_t i = 0; i < entries->size(); ++i) {
    const auto& e = (*entries)[i];
    EXPECT_EQ(e.seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(e.node, "VN");
    EXPECT_EQ(e.event.actor, "officer.a");
    EXPECT_EQ(e.event.action, "person.update");
    EXPECT_EQ(e.event.entity_type, "person");
    EXPECT_EQ(e.event.entity_id, "p-" + std::to_string(i + 1));
    EXPECT_EQ(e.event.changes, PersonUpdate(static_cast<int>(i + 1)).changes);
    EXPECT_EQ(e.prev_hash, i == 0 ? "" : (*entries)[i - 1].hash);
    EXPECT_EQ(e.hash.size(), 64u);
  }
  EXPECT_EQ(entries->front().at, "2026-01-15T09:00:00.000Z");
  EXPECT_EQ(entries->back().at, "2026-01-15T09:00:04.000Z");
  // The stored text is what is hashed, and it is canonical JSON.
  auto stored = StoredEntries();
  EXPECT_EQ(*stored[0].changes, R"({"phone":{"after":"+856 20 2","before":"+856 20 1"}})");
  for (const auto& s : stored) EXPECT_EQ(audit::HashEntry(s), s.hash);
  auto head = testdb_->Query("SELECT seq, hash FROM audit_head");
  EXPECT_EQ(head[0].Int(0), 5);
  EXPECT_EQ(head[0].Str(1), entries->back().hash);

  auto report = VerifyWith();
  EXPECT_TRUE(report.intact()) << report.message;
  EXPECT_EQ(report.entries, 5);
  EXPECT_EQ(report.message, "audit log intact: 5 entries");
}

TEST_P(AuditTest, AnEmptyLogVerifies) {
  auto report = VerifyWith();
  EXPECT_TRUE(report.intact());
  EXPECT_EQ(report.message, "audit log intact: 0 entries");
}

TEST_P(AuditTest, AnEntryExistsExactlyWhenItsTransactionCommits) {
  auto failed = storage::InTransaction(db(), true, [&](Transaction& tx) -> core::Result<bool> {
    LB_CHECK(log_->Append(tx, PersonUpdate(1)));
    return core::Fail(core::Error::Conflict("the change itself failed"));
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(Count("audit_log"), 0);
  EXPECT_EQ(testdb_->Query("SELECT seq FROM audit_head")[0].Int(0), 0) << "no seq is used up";
  AppendMany(2);
  auto entries = log_->List({});
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ(entries->front().seq, 1);
  EXPECT_TRUE(VerifyWith().intact());
}

TEST_P(AuditTest, InvalidEventsAreRejectedAndWriteNothing) {
  auto empty_actor = AppendOne({"", "person.update", "person", "p-1", nullptr});
  ASSERT_FALSE(empty_actor);
  EXPECT_EQ(empty_actor.error().code, core::ErrorCode::kValidation);
  EXPECT_EQ(empty_actor.error().fields.at(0).field, "actor");
  auto bad_utf8 = AppendOne({"officer.a", "person.update", "person", "p-\xff", nullptr});
  ASSERT_FALSE(bad_utf8);
  EXPECT_EQ(bad_utf8.error().fields.at(0).field, "entity_id");
  EXPECT_EQ(Count("audit_log"), 0);
  // Null changes are stored as NULL, not as the text "null".
  ASSERT_TRUE(AppendOne({"officer.a", "login.success", "session", "", nullptr}));
  EXPECT_TRUE(testdb_->Query("SELECT changes FROM audit_log")[0].IsNull(0));
  EXPECT_TRUE(VerifyWith().intact());
}

TEST_P(AuditTest, ConcurrentAppendsFromEightThreadsFormOneUnbrokenChain) {
  constexpr int kThreads = 8, kPerThread = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        audit::Event e{"officer." + std::to_string(t), "person.update", "person",
                       "p-" + std::to_string(t) + "-" + std::to_string(i),
                       json{{"n", {{"before", i}, {"after", i + 1}}}}};
        // Some transactions append two entries, as a change plus a derived change would.
        auto r = storage::InTransaction(db(), true, [&](Transaction& tx) -> core::Result<bool> {
          LB_CHECK(log_->Append(tx, e));
          if (i % 5 == 0) LB_CHECK(log_->Append(tx, e));
          return true;
        });
        if (!r) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(failures.load(), 0);
  constexpr int64_t kExpected = kThreads * kPerThread + kThreads * 5;
  auto stats = testdb_->Query("SELECT COUNT(*), MIN(seq), MAX(seq), COUNT(DISTINCT prev_hash) FROM audit_log");
  EXPECT_EQ(stats[0].Int(0), kExpected);
  EXPECT_EQ(stats[0].Int(1), 1);
  EXPECT_EQ(stats[0].Int(2), kExpected);
  EXPECT_EQ(stats[0].Int(3), kExpected) << "no two entries share a predecessor: the chain never forked";
  auto report = VerifyWith();
  EXPECT_TRUE(report.intact()) << report.message;
  EXPECT_EQ(report.entries, kExpected);
}

TEST_P(AuditTest, TriggersRejectUpdateAndDelete) {
  AppendMany(3);
  auto key = audit::NodeKey::Generate();
  Checkpoint(key);
  for (const char* sql : {"UPDATE audit_log SET actor = 'mallory' WHERE seq = 2", "DELETE FROM audit_log WHERE seq = 3",
                          "DELETE FROM audit_log", "UPDATE audit_checkpoints SET seq = 2",
                          "DELETE FROM audit_checkpoints", "DELETE FROM audit_head"}) {
    const std::string error = ExecError(sql);
    EXPECT_FALSE(error.empty()) << sql << " was allowed";
    EXPECT_TRUE(error.find("append-only") != std::string::npos ||
                error.find("cannot be deleted") != std::string::npos || error.find("rejected") != std::string::npos)
        << sql << ": " << error;
  }
  if (Postgres()) {
    EXPECT_NE(ExecError("TRUNCATE audit_log").find("append-only"), std::string::npos);
    EXPECT_NE(ExecError("TRUNCATE audit_checkpoints").find("append-only"), std::string::npos);
  }
  EXPECT_EQ(Count("audit_log"), 3);
  EXPECT_EQ(Count("audit_checkpoints"), 1);
  EXPECT_EQ(testdb_->Query("SELECT actor FROM audit_log WHERE seq = 2")[0].Str(0), "officer.a");
  EXPECT_TRUE(VerifyTrusting(key).intact());
}

TEST_P(AuditTest, VerifyCatchesAChangedFieldOfAMiddleEntry) {
  AppendMany(5);
  DropTriggers();
  testdb_->Query("UPDATE audit_log SET actor = 'someone.else' WHERE seq = 3");
  auto report = VerifyWith();
  EXPECT_EQ(report.finding, Finding::kChanged);
  EXPECT_EQ(report.seq, 3);
  EXPECT_EQ(report.message, "entry 3 was changed: its hash does not match its contents");
  EXPECT_EQ(report.entries, 2);
}

TEST_P(AuditTest, VerifyCatchesChangedBeforeAndAfterValues) {
  AppendMany(4);
  DropTriggers();
  testdb_->Query(
      R"(UPDATE audit_log SET changes = '{"phone":{"after":"+856 20 9","before":"+856 20 2"}}' WHERE seq = 2)");
  auto report = VerifyWith();
  EXPECT_EQ(report.finding, Finding::kChanged);
  EXPECT_EQ(report.seq, 2);
}

TEST_P(AuditTest, VerifyCatchesARewrittenEntryWhoseHashWasRecomputed) {
  AppendMany(5);
  DropTriggers();
  auto e = StoredEntries()[2];  // seq 3
  e.actor = "someone.else";
  const std::string forged = audit::HashEntry(e);
  testdb_->Query("UPDATE audit_log SET actor = 'someone.else', hash = '" + forged + "' WHERE seq = 3");
  auto report = VerifyWith();
  EXPECT_EQ(report.finding, Finding::kBadPrevHash);
  EXPECT_EQ(report.seq, 4);
  EXPECT_NE(report.message.find("entry 4 has a bad prev_hash"), std::string::npos) << report.message;
  EXPECT_NE(report.message.find("entry 3 was rewritten"), std::string::npos) << report.message;
}

TEST_P(AuditTest, VerifyCatchesADeletedMiddleEntry) {
  AppendMany(5);
  DropTriggers();
  testdb_->Query("DELETE FROM audit_log WHERE seq = 3");
  auto report = VerifyWith();
  EXPECT_EQ(report.finding, Finding::kMissing);
  EXPECT_EQ(report.seq, 3);
  EXPECT_EQ(report.message, "entry 3 is missing: the log goes from entry 2 to entry 4");
}

TEST_P(AuditTest, VerifyCatchesADeletedFirstEntry) {
  AppendMany(3);
  DropTriggers();
  testdb_->Query("DELETE FROM audit_log WHERE seq = 1");
  auto report = VerifyWith();
  EXPECT_EQ(report.finding, Finding::kMissing);
  EXPECT_EQ(report.seq, 1);
  EXPECT_EQ(report.message, "entry 1 is missing: the log starts at entry 2");
}

TEST_P(AuditTest, VerifyCatchesATruncatedTailThroughTheHead) {
  AppendMany(5);
  DropTriggers();
  testdb_->Query("DELETE FROM audit_log WHERE seq > 3");
  auto report = VerifyWith();
  EXPECT_EQ(report.finding, Finding::kTruncated);
  EXPECT_EQ(report.seq, 4);
  EXPECT_NE(report.message.find("ends at entry 3 but its head records entry 5"), std::string::npos) << report.message;
}

TEST_P(AuditTest, VerifyCatchesATailTruncatedAfterACheckpoint) {
  auto key = audit::NodeKey::Generate();
  AppendMany(6);
  const audit::Checkpoint file = Checkpoint(key);
  ASSERT_EQ(file.seq, 6);
  AppendMany(2);
  DropTriggers();
  TruncateAfter(4);  // removes entries 5..8, moving the head back to entry 4

  // The stored checkpoint still says entry 6 existed.
  auto report = VerifyTrusting(key);
  EXPECT_EQ(report.finding, Finding::kTruncated);
  EXPECT_EQ(report.seq, 5);
  EXPECT_NE(report.message.find("truncated after a checkpoint: it ends at entry 4"), std::string::npos)
      << report.message;
  EXPECT_NE(report.message.find("covers entry 6"), std::string::npos) << report.message;

  // Removing the stored checkpoints too hides it from the database alone, which is why an
  // auditor keeps checkpoint files off the server; the file catches it.
  testdb_->Query("DELETE FROM audit_checkpoints");
  EXPECT_TRUE(VerifyWith().intact());
  audit::VerifyOptions with_file;
  with_file.checkpoint_file = file;
  report = VerifyWith(with_file);
  EXPECT_EQ(report.finding, Finding::kTruncated);
  EXPECT_EQ(report.seq, 5);
  EXPECT_NE(report.message.find("the checkpoint file"), std::string::npos) << report.message;
}

TEST_P(AuditTest, VerifyCatchesAForgedCheckpointSignature) {
  auto key = audit::NodeKey::Generate();
  AppendMany(3);
  Checkpoint(key);
  AppendMany(2);
  DropTriggers();
  // Move the checkpoint forward without the key to re-sign it.
  const std::string hash5 = StoredEntries()[4].hash;
  testdb_->Query("UPDATE audit_checkpoints SET seq = 5, head_hash = '" + hash5 + "'");
  auto report = VerifyTrusting(key);
  EXPECT_EQ(report.finding, Finding::kBadSignature);
  EXPECT_EQ(report.seq, 5);
  EXPECT_NE(report.message.find("signature mismatch"), std::string::npos) << report.message;

  // A signature edited in place is caught the same way, with or without a trusted key.
  testdb_->Query("DELETE FROM audit_checkpoints");
  auto c = Checkpoint(key);
  std::string sig = c.signature;
  sig[0] = sig[0] == 'a' ? 'b' : 'a';
  testdb_->Query("UPDATE audit_checkpoints SET signature = '" + sig + "'");
  report = VerifyWith();
  EXPECT_EQ(report.finding, Finding::kBadSignature);
}

TEST_P(AuditTest, VerifyCatchesAChainReplacedConsistentlyAfterACheckpoint) {
  auto key = audit::NodeKey::Generate();
  AppendMany(5);
  const audit::Checkpoint file = Checkpoint(key);
  DropTriggers();
  // Every entry rewritten, every hash recomputed, the head moved: the chain itself verifies.
  RewriteChain(1, [](audit::StoredEntry& e) { e.actor = "someone.else"; });

  auto report = VerifyTrusting(key);
  EXPECT_EQ(report.finding, Finding::kCheckpointMismatch);
  EXPECT_EQ(report.seq, 5);
  EXPECT_NE(report.message.find("entry 5 is not the entry checkpoint"), std::string::npos) << report.message;
  EXPECT_NE(report.message.find("the log was rewritten"), std::string::npos) << report.message;

  // The attacker re-signs the forged head with a key of their own: not the node's.
  auto mallory = audit::NodeKey::Generate();
  testdb_->Query("DELETE FROM audit_checkpoints");
  Checkpoint(mallory);
  report = VerifyTrusting(key);
  EXPECT_EQ(report.finding, Finding::kUnknownKey);
  EXPECT_NE(report.message.find("not the node's"), std::string::npos) << report.message;

  // Without any checkpoint in the database, the auditor's checkpoint file catches it.
  testdb_->Query("DELETE FROM audit_checkpoints");
  audit::VerifyOptions with_file;
  with_file.checkpoint_file = file;
  report = VerifyWith(with_file);
  EXPECT_EQ(report.finding, Finding::kCheckpointMismatch);
  EXPECT_EQ(report.seq, 5);
  EXPECT_NE(report.message.find("the checkpoint file"), std::string::npos) << report.message;
}

TEST_P(AuditTest, VerifyCatchesAnAlteredCheckpointFile) {
  auto key = audit::NodeKey::Generate();
  AppendMany(3);
  audit::Checkpoint file = Checkpoint(key);
  file.seq = 2;
  file.head_hash = StoredEntries()[1].hash;
  audit::VerifyOptions o;
  o.checkpoint_file = file;
  auto report = VerifyWith(o);
  EXPECT_EQ(report.finding, Finding::kBadSignature);
  EXPECT_NE(report.message.find("checkpoint file"), std::string::npos) << report.message;
}

TEST_P(AuditTest, VerifyCatchesAHeadThatDisagreesWithTheLog) {
  AppendMany(3);
  testdb_->Query("UPDATE audit_head SET hash = 'x' WHERE id = 1");
  auto report = VerifyWith();
  EXPECT_EQ(report.finding, Finding::kHeadMismatch);
  // The next append chains onto the bad head, which verify then names.
  ASSERT_TRUE(AppendOne(PersonUpdate(4)));
  report = VerifyWith();
  EXPECT_EQ(report.finding, Finding::kBadPrevHash);
  EXPECT_EQ(report.seq, 4);
}

TEST_P(AuditTest, CheckpointsAreStoredSignedAndVerified) {
  auto key = audit::NodeKey::Generate();
  auto empty = Checkpoint(key);
  EXPECT_EQ(empty.seq, 0);
  EXPECT_EQ(empty.head_hash, "");
  AppendMany(4);
  auto c = Checkpoint(key);
  EXPECT_EQ(c.seq, 4);
  EXPECT_EQ(c.head_hash, StoredEntries()[3].hash);
  EXPECT_EQ(c.node, "VN");
  EXPECT_EQ(c.at, "2026-01-15T09:00:05.000Z");
  EXPECT_EQ(c.public_key, key.PublicKeyHex());
  EXPECT_TRUE(c.SignatureValid());
  auto stored = testdb_->Query("SELECT seq, head_hash, signature, public_key FROM audit_checkpoints ORDER BY id");
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[1].Int(0), 4);
  EXPECT_EQ(stored[1].Str(2), c.signature);
  audit::VerifyOptions o;
  o.trusted_public_keys.push_back(key.PublicKeyHex());
  o.checkpoint_file = c;
  auto report = VerifyWith(o);
  EXPECT_TRUE(report.intact()) << report.message;
  EXPECT_EQ(report.checkpoints, 3);
}

TEST_P(AuditTest, ACheckpointRefusesToSignATamperedChain) {
  auto key = audit::NodeKey::Generate();
  AppendMany(3);
  Checkpoint(key);
  AppendMany(2);
  DropTriggers();
  testdb_->Query("UPDATE audit_log SET action = 'person.read' WHERE seq = 4");
  auto c = audit::CreateCheckpoint(db(), clock_, key, "VN");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, core::ErrorCode::kConflict);
  EXPECT_NE(c.error().message.find("entry 4 was changed"), std::string::npos) << c.error().message;
  EXPECT_EQ(Count("audit_checkpoints"), 1);
}

TEST_P(AuditTest, RecordedReadsAreWrittenByFlush) {
  ASSERT_TRUE(AppendOne(PersonUpdate(1)));
  for (int i = 0; i < 3; ++i) {
    log_->Record({"viewer.b", "person.read", "person", "p-" + std::to_string(i), nullptr});
    clock_.Advance(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(log_->Flush());
  EXPECT_EQ(log_->Pending(), 0u);
  audit::AuditLog::Filter f;
  f.actor = "viewer.b";
  auto reads = log_->List(f);
  ASSERT_TRUE(reads);
  ASSERT_EQ(reads->size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*reads)[i].event.action, "person.read");
    EXPECT_EQ((*reads)[i].event.entity_id, "p-" + std::to_string(i));
    EXPECT_EQ((*reads)[i].at, "2026-01-15T09:00:00.0" + std::to_string(i) + "0Z") << "the time of the read";
  }
  auto report = VerifyWith();
  EXPECT_TRUE(report.intact()) << report.message;
  EXPECT_EQ(report.entries, 4);
}

TEST_P(AuditTest, RecordedReadsAreWrittenInTheBackground) {
  log_->Record({"viewer.b", "person.read", "person", "p-1", nullptr});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (Count("audit_log") < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(Count("audit_log"), 1);
  EXPECT_TRUE(VerifyWith().intact());
}

TEST_P(AuditTest, DestroyingTheLogWritesWhatIsQueued) {
  {
    audit::AuditLog other(db(), clock_, "VN");
    other.Record({"viewer.b", "person.read", "person", "p-1", nullptr});
    other.Record({"viewer.b", "employer.read", "employer", "e-1", nullptr});
  }
  EXPECT_EQ(Count("audit_log"), 2);
  EXPECT_TRUE(VerifyWith().intact());
}

TEST_P(AuditTest, InvalidRecordedEventsAreDropped) {
  log_->Record({"", "person.read", "person", "p-1", nullptr});
  log_->Record({"viewer.b", "person.read", "person", "p-2", nullptr});
  ASSERT_TRUE(log_->Flush());
  EXPECT_EQ(Count("audit_log"), 1);
}

TEST_P(AuditTest, ListFiltersAndPagesBySeq) {
  auto add = [&](const std::string& actor, const std::string& type, const std::string& id) {
    ASSERT_TRUE(AppendOne({actor, type + ".update", type, id, nullptr}));
  };
  add("officer.a", "person", "p-1");    // 1
  add("officer.b", "person", "p-2");    // 2
  add("officer.a", "employer", "e-1");  // 3
  add("officer.a", "person", "p-1");    // 4
  add("officer.b", "person", "p-1");    // 5
  auto seqs = [&](const audit::AuditLog::Filter& f) {
    std::vector<int64_t> out;
    auto r = log_->List(f);
    EXPECT_TRUE(r);
    if (r)
      for (const auto& e : *r) out.push_back(e.seq);
    return out;
  };
  audit::AuditLog::Filter f;
  f.entity_type = "person";
  EXPECT_EQ(seqs(f), (std::vector<int64_t>{1, 2, 4, 5}));
  f.entity_id = "p-1";
  EXPECT_EQ(seqs(f), (std::vector<int64_t>{1, 4, 5}));
  f.actor = "officer.a";
  EXPECT_EQ(seqs(f), (std::vector<int64_t>{1, 4}));

  audit::AuditLog::Filter page;
  page.limit = 2;
  EXPECT_EQ(seqs(page), (std::vector<int64_t>{1, 2}));
  page.after_seq = 2;
  EXPECT_EQ(seqs(page), (std::vector<int64_t>{3, 4}));
  page.after_seq = 4;
  EXPECT_EQ(seqs(page), (std::vector<int64_t>{5}));

  audit::AuditLog::Filter newest;
  newest.newest_first = true;
  newest.limit = 2;
  EXPECT_EQ(seqs(newest), (std::vector<int64_t>{5, 4}));
  newest.after_seq = 4;
  EXPECT_EQ(seqs(newest), (std::vector<int64_t>{3, 2}));

  audit::AuditLog::Filter none;
  none.entity_type = "permit";
  EXPECT_TRUE(seqs(none).empty());
}

TEST_P(AuditTest, ADiffIsStoredAsCanonicalJson) {
  json before = {{"phone", "+84 90 1"}, {"home_province", "VN-44"}, {"version", 1}};
  json after = {{"phone", "+84 90 2"}, {"home_province", "VN-44"}, {"version", 2}};
  ASSERT_TRUE(AppendOne({"officer.a", "person.update", "person", "p-1", audit::Diff(before, after)}));
  auto stored = StoredEntries();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(*stored[0].changes,
            R"({"phone":{"after":"+84 90 2","before":"+84 90 1"},"version":{"after":2,"before":1}})");
  auto listed = log_->List({});
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->at(0).event.changes["phone"]["after"], "+84 90 2");
  EXPECT_EQ(audit::ToJson(listed->at(0))["changes"]["version"]["before"], 1);
}

TEST_P(AuditTest, TheCheckpointerSignsPeriodicallyAndSkipsAnUnchangedHead) {
  AppendMany(2);
  auto key = audit::NodeKey::Generate();
  const std::string public_key = key.PublicKeyHex();
  audit::Checkpointer checkpointer(db(), clock_, std::move(key), "VN", std::chrono::milliseconds(20));
  checkpointer.Start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (checkpointer.checkpoints_taken() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  checkpointer.Stop();
  EXPECT_EQ(checkpointer.checkpoints_taken(), 1) << "one checkpoint, then skipped while nothing changed";
  EXPECT_EQ(Count("audit_checkpoints"), 1);
  EXPECT_EQ(testdb_->Query("SELECT seq FROM audit_checkpoints")[0].Int(0), 2);

  auto skipped = checkpointer.Tick();
  ASSERT_TRUE(skipped);
  EXPECT_FALSE(*skipped);
  AppendMany(1);
  auto taken = checkpointer.Tick();
  ASSERT_TRUE(taken);
  ASSERT_TRUE(*taken);
  EXPECT_EQ((*taken)->seq, 3);

  audit::VerifyOptions o;
  o.trusted_public_keys.push_back(public_key);
  auto report = VerifyWith(o);
  EXPECT_TRUE(report.intact()) << report.message;
  EXPECT_EQ(report.checkpoints, 2);
}

TEST_P(AuditTest, TheCheckpointerStopsWithoutWaitingForItsInterval) {
  audit::Checkpointer checkpointer(db(), clock_, audit::NodeKey::Generate(), "VN", std::chrono::hours(1));
  checkpointer.Start();
  checkpointer.Stop();  // would hang for an hour if the wait ignored the stop flag
  EXPECT_EQ(checkpointer.checkpoints_taken(), 0);
  EXPECT_EQ(Count("audit_checkpoints"), 0);
}

LB_INSTANTIATE_BACKENDS(AuditTest);

}  // namespace
}  // namespace lb::testing
