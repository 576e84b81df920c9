#pragma once
// SQL for the audit tables: audit_log, audit_head and audit_checkpoints.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "platform/audit/chain.h"
#include "storage/database.h"

namespace lb::audit::store {

using storage::Transaction;

// The head of the chain: the last entry's seq and hash (0 and "" when empty).
struct Head {
  int64_t seq = 0;
  std::string hash;
};

// A checkpoint as stored.
struct StoredCheckpoint {
  int64_t id = 0;
  int64_t seq = 0;
  std::string head_hash, node, at, signature, public_key;
};

// Takes the next seq: bumps the head row and returns the new seq with the previous hash.
// On PostgreSQL the UPDATE holds the head row's lock until the transaction ends, which is
// what serialises concurrent appenders into one chain.
core::Result<Head> AdvanceHead(Transaction& tx);
// Reserves n sequence numbers at once; returns the last of them and the hash before them.
core::Result<Head> AdvanceHeadBy(Transaction& tx, int64_t n);
core::Status SetHeadHash(Transaction& tx, const std::string& hash);
core::Result<Head> ReadHead(Transaction& tx);
core::Status InsertEntry(Transaction& tx, const StoredEntry& e);
// Several entries, in order, in few statements.
core::Status InsertEntries(Transaction& tx, std::span<const StoredEntry> entries);

// Entries with seq > after_seq in seq order, at most `limit`.
core::Result<std::vector<StoredEntry>> EntriesAfter(Transaction& tx, int64_t after_seq, int limit);
core::Result<std::optional<StoredEntry>> EntryAt(Transaction& tx, int64_t seq);
core::Result<std::optional<StoredEntry>> LastEntry(Transaction& tx);

struct ListFilter {
  std::optional<std::string> entity_type, entity_id, actor, action, at_from, at_until;
  std::optional<int64_t> after_seq;
  bool newest_first = false;
  int limit = 100;
};
core::Result<std::vector<StoredEntry>> ListEntries(Transaction& tx, const ListFilter& f);

core::Status InsertCheckpoint(Transaction& tx, const StoredCheckpoint& c);
core::Result<std::vector<StoredCheckpoint>> ListCheckpoints(Transaction& tx);

}  // namespace lb::audit::store
