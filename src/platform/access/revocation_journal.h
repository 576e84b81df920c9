#pragma once
// The revocation journal: logouts, token revocations and disables answered while the database
// writer is busy (see Revocations) survive the process being killed. Each is appended to a
// file and fsynced before it is marked and answered; a node starting over the same database
// replays the file (the keys are marked at once, the writes queued) and empties it once the
// database has every change in it. One journal per node, opened by the node and held by its
// Revocations (Revocations::Journal appends to it).
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

// One open journal file: appends, and a thread that empties the file once the database has
// every revocation in it.
class RevocationJournal {
 public:
  virtual ~RevocationJournal() = default;
  // Appends a revocation of `type` (its keys and what its write needs) and fsyncs it.
  virtual core::Status Append(const std::string& type, const std::vector<Revocations::Key>& keys,
                              const nlohmann::json& data) = 0;
};

// Opens (creating it, mode 0600) the journal at `path` over `db`, replays what it holds into
// `revocations` (marked at once, written when the writer is free) and sets it as their journal.
core::Status OpenRevocationJournal(Revocations& revocations, storage::Database& db, const std::string& path,
                                   std::map<std::string, RevocationType> types);

// Stops the journal of `revocations` (what it still holds is replayed at the next start).
void CloseRevocationJournal(Revocations& revocations);

}  // namespace lb::access
