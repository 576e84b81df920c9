#pragma once
// Appending audit entries whose changes are already encoded (issue 16): bulk writers build the
// canonical JSON of a record's changes directly instead of through a JSON tree, and append
// them here — the same entries, the same bytes and the same chain as AuditLog::AppendAll.
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "storage/database.h"

namespace lb::audit {

// An event whose changes are the canonical JSON text (the bytes CanonicalJson makes of the
// tree), or nullopt when there are none.
struct EncodedEvent {
  std::string actor, action, entity_type, entity_id;
  std::optional<std::string> changes;
};

// Appends `events` in order in the caller's write transaction, with one head update, at time
// `at` (RFC 3339) on `node` (AuditLog::node()). Validates as AuditLog::Append does (actor,
// action and entity type required, UTF-8 without NUL); nothing is appended when one is invalid.
core::Status AppendEncoded(storage::Transaction& tx, const std::string& node, const std::string& at,
                           const std::vector<EncodedEvent>& events);

}  // namespace lb::audit
