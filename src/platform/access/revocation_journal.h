#pragma once
// The revocation journal: logouts, token revocations and disables answered while the database
// writer is busy (see Revocations) survive the process being killed. Each is appended to a
// file and fsynced before it is marked and answered; a node starting over the same database
// replays the file (the keys are marked at once, the writes queued) and empties it once the
// database has every change in it. One journal per database, opened by the node.
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "platform/access/revocations.h"
#include "storage/database.h"

namespace lb::access {

// How a journaled revocation of one type is written again, and how to tell it is written.
struct RevocationType {
  std::function<core::Status(storage::Transaction&, const nlohmann::json& data)> write;  // idempotent
  std::function<core::Result<bool>(storage::Transaction&, const nlohmann::json& data)> written;
};

// Opens (creating it, mode 0600) the journal of `db` at `path` and replays what it holds into
// Revocations::For(db).
core::Status OpenRevocationJournal(storage::Database& db, const std::string& path,
                                   std::map<std::string, RevocationType> types);

// Appends a revocation of `type` (its keys and what its write needs) to the journal of `db`
// and fsyncs it; does nothing when `db` has no journal. An error when it cannot be written:
// the caller then changes nothing.
core::Status JournalRevocation(storage::Database& db, const std::string& type,
                               const std::vector<Revocations::Key>& keys, const nlohmann::json& data);

// Stops the journal of `db` (what it still holds is replayed at the next start).
void CloseRevocationJournal(storage::Database& db);

}  // namespace lb::access
