#pragma once
// Walks the audit chain in seq order, checking what a verifier checks for every entry.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "platform/audit/chain.h"
#include "platform/audit/verify.h"
#include "storage/database.h"

namespace lb::audit {

// The first place the chain does not verify.
struct ChainBreak {
  Finding finding = Finding::kChanged;
  int64_t seq = 0;
  std::string message;
};

struct WalkResult {
  std::optional<ChainBreak> broken;
  int64_t entries = 0;    // entries that verified
  int64_t last_seq = 0;   // the last entry that verified (from_seq when none)
  std::string last_hash;  // its hash
};

// Checks the entries after `from_seq`, whose hash is `from_hash` ("" before entry 1): no seq
// is missing, each hash matches its contents, each prev_hash is the previous entry's hash.
// `on_entry` may add checks of its own for each entry that passed. Reads in pages.
core::Result<WalkResult> WalkChain(storage::Transaction& tx, int64_t from_seq, const std::string& from_hash,
                                   const std::function<std::optional<ChainBreak>(const StoredEntry&)>& on_entry = {});

}  // namespace lb::audit
