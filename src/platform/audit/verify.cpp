#include "platform/audit/verify.h"

#include <algorithm>
#include <map>

#include "platform/audit/chain.h"
#include "platform/audit/store.h"
#include "platform/audit/walk.h"

namespace lb::audit {
namespace {

std::string N(int64_t seq) { return std::to_string(seq); }

// What a signed checkpoint says the log holds at one seq.
struct Expectation {
  std::string hash;
  std::string label;  // "checkpoint 3 (2026-01-15T09:00:00.000Z)" or "the checkpoint file (...)"
};

}  // namespace

std::string_view FindingName(Finding f) {
  switch (f) {
    case Finding::kIntact:
      return "intact";
    case Finding::kChanged:
      return "changed";
    case Finding::kMissing:
      return "missing";
    case Finding::kBadPrevHash:
      return "bad_prev_hash";
    case Finding::kBadSignature:
      return "bad_signature";
    case Finding::kUnknownKey:
      return "unknown_key";
    case Finding::kCheckpointMismatch:
      return "checkpoint_mismatch";
    case Finding::kTruncated:
      return "truncated";
    case Finding::kHeadMismatch:
      return "head_mismatch";
  }
  return "unknown";
}

core::Result<VerifyReport> Verify(storage::Database& db, const VerifyOptions& options) {
  return storage::InTransaction(db, false, [&](storage::Transaction& tx) -> core::Result<VerifyReport> {
    if (tx.conn().dialect() == storage::Dialect::kPostgres) {
      // One snapshot for the entries, the checkpoints and the head (SQLite reads are snapshots).
      if (auto r = tx.conn().ExecScript("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"); !r) {
        return core::Fail(storage::ToError(r.error()));
      }
    }
    VerifyReport report;
    auto fail = [&](Finding f, int64_t seq, std::string message) {
      report.finding = f;
      report.seq = seq;
      report.message = std::move(message);
      return report;
    };

    std::vector<std::string> trusted = options.trusted_public_keys;
    std::multimap<int64_t, Expectation> expected;  // seq -> what a checkpoint signed there

    if (const auto& file = options.checkpoint_file) {
      ++report.checkpoints;
      if (!file->SignatureValid()) {
        return fail(Finding::kBadSignature, file->seq,
                    "the checkpoint file (entry " + N(file->seq) + ") has a signature mismatch: it was altered");
      }
      trusted.push_back(file->public_key);
      expected.emplace(file->seq, Expectation{file->head_hash, "the checkpoint file (signed " + file->at + ")"});
    }

    LB_TRY(stored, store::ListCheckpoints(tx));
    for (const auto& c : stored) {
      ++report.checkpoints;
      const std::string label = "checkpoint " + N(c.id) + " (signed " + c.at + ")";
      if (!VerifySignature(EncodeCheckpoint(c.seq, c.head_hash, c.node, c.at), c.signature, c.public_key)) {
        return fail(Finding::kBadSignature, c.seq,
                    label + " at entry " + N(c.seq) + " has a signature mismatch: it was altered or forged");
      }
      if (!trusted.empty() && std::find(trusted.begin(), trusted.end(), c.public_key) == trusted.end()) {
        return fail(Finding::kUnknownKey, c.seq,
                    label + " at entry " + N(c.seq) + " is signed by a key that is not the node's: it was forged");
      }
      expected.emplace(c.seq, Expectation{c.head_hash, label});
    }
    for (const auto& [seq, exp] : expected) {
      if (seq == 0 && !exp.hash.empty()) {
        return fail(Finding::kCheckpointMismatch, 0, exp.label + " signs an empty log with a non-empty hash");
      }
    }

    LB_TRY(walk, WalkChain(tx, 0, "", [&](const StoredEntry& e) -> std::optional<ChainBreak> {
             auto [b, end] = expected.equal_range(e.seq);
             for (auto it = b; it != end; ++it) {
               if (it->second.hash != e.hash) {
                 return ChainBreak{
                     Finding::kCheckpointMismatch, e.seq,
                     "entry " + N(e.seq) + " is not the entry " + it->second.label + " signed: the log was rewritten"};
               }
             }
             return std::nullopt;
           }));
    report.entries = walk.entries;
    if (walk.broken) return fail(walk.broken->finding, walk.broken->seq, std::move(walk.broken->message));

    if (auto it = expected.upper_bound(walk.last_seq); it != expected.end()) {
      const auto& [seq, exp] = *it;
      return fail(Finding::kTruncated, walk.last_seq + 1,
                  "the log was truncated after a checkpoint: it ends at entry " + N(walk.last_seq) + " but " +
                      exp.label + " covers entry " + N(seq));
    }

    LB_TRY(head, store::ReadHead(tx));
    if (head.seq > walk.last_seq) {
      return fail(
          Finding::kTruncated, walk.last_seq + 1,
          "the log was truncated: it ends at entry " + N(walk.last_seq) + " but its head records entry " + N(head.seq));
    }
    if (head.seq != walk.last_seq || head.hash != walk.last_hash) {
      return fail(Finding::kHeadMismatch, head.seq,
                  "the audit head (entry " + N(head.seq) + ") disagrees with the last entry (" + N(walk.last_seq) +
                      "): entries were written around the log");
    }
    report.message = "audit log intact: " + N(report.entries) + " entries";
    return report;
  });
}

}  // namespace lb::audit
