#pragma once
// Appending audit entries whose changes are already encoded (issue 16): bulk writers build the
// canonical JSON of a record's changes directly instead of through a JSON tree, and append
// them here — the same entries, the same bytes and the same chain as AuditLog::AppendAll.
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "platform/audit/chain.h"
#include "storage/database.h"

namespace lb::audit {

// An event whose changes are the canonical JSON text (the bytes CanonicalJson makes of the
// tree), or nullopt when there are none.
struct EncodedEvent {
  std::string actor, action, entity_type, entity_id;
  std::optional<std::string> changes;
};

// The checks of an entry's text members that AuditLog::Append and AppendEncoded both make:
// actor, action and entity type required, each UTF-8 without NUL (422 naming the member).
core::Status ValidateEventText(const std::string& actor, const std::string& action, const std::string& entity_type,
                               const std::string& entity_id);

// Appends `events` in order in the caller's write transaction, with one head update, at time
// `at` (RFC 3339) on `node` (AuditLog::node()). Validates as AuditLog::Append does (actor,
// action and entity type required, UTF-8 without NUL); nothing is appended when one is invalid.
core::Status AppendEncoded(storage::Transaction& tx, const std::string& node, const std::string& at,
                           const std::vector<EncodedEvent>& events);

// Appends entries (all set but seq, prev_hash and hash) after the chain's head in the caller's
// transaction: numbers, links and hashes them, with one head update (AuditLog's batches and
// AppendEncoded both write through it, so the chain is the same either way).
core::Status AppendEntries(storage::Transaction& tx, std::vector<StoredEntry> entries);

}  // namespace lb::audit
