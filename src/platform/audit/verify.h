#pragma once
// Verification of the audit log: recomputes the hash chain from entry 1, checks every stored
// checkpoint's signature and that the log still holds the entry each one signed, and
// optionally the same for a checkpoint file kept off the server.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "platform/audit/checkpoint.h"
#include "storage/database.h"

namespace lb::audit {

struct VerifyOptions {
  // Public keys (hex) whose checkpoints are trusted: the node's own, normally. When empty,
  // each stored checkpoint is only checked against the key stored beside it, which an
  // attacker with write access to the database could replace along with it.
  std::vector<std::string> trusted_public_keys;
  // A checkpoint file the auditor kept; its key is trusted too.
  std::optional<Checkpoint> checkpoint_file;
};

// Why verification failed.
enum class Finding {
  kIntact,
  kChanged,             // an entry's hash does not match its contents
  kMissing,             // a seq is missing (an entry was deleted)
  kBadPrevHash,         // an entry does not chain to the one before it
  kBadSignature,        // a checkpoint's signature does not verify
  kUnknownKey,          // a checkpoint is signed by a key that is not trusted
  kCheckpointMismatch,  // the entry at a checkpoint's seq is not the one it signed
  kTruncated,           // the log ends before a checkpoint's seq (or before the head)
  kHeadMismatch,        // audit_head disagrees with the last entry
};

std::string_view FindingName(Finding f);

struct VerifyReport {
  Finding finding = Finding::kIntact;
  int64_t entries = 0;         // entries checked
  int64_t checkpoints = 0;     // signed checkpoints checked (stored, plus the file)
  std::optional<int64_t> seq;  // the first entry (or checkpoint seq) that fails
  std::string message;         // "audit log intact: N entries" or what failed, naming the entry

  bool intact() const { return finding == Finding::kIntact; }
};

// Reads the log in one consistent snapshot. Fails (Result error) only when the database does;
// tampering is reported in the VerifyReport.
core::Result<VerifyReport> Verify(storage::Database& db, const VerifyOptions& options);

}  // namespace lb::audit
