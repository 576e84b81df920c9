#pragma once
// The writes behind a logout, a token revocation and a user disable, shared by the services
// (which queue them on the Revocations) and by the revocation journal's replay after a restart
// (RevocationTypes). Each is idempotent: what is already revoked is done.
#include <map>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "platform/access/revocation_journal.h"
#include "platform/access/users.h"
#include "storage/database.h"

namespace lb::audit {
class AuditLog;
}

namespace lb::access {

// Ends the session whose id hashes to `id_hash`, at `at`, with its "logout" audit entry.
core::Status WriteLogout(storage::Transaction& tx, audit::AuditLog* log, const std::string& id_hash,
                         const std::string& at);
// Revokes the active tokens named `name_or_id`, at `at`, each with its "token.revoke" entry.
core::Status WriteTokenRevocation(storage::Transaction& tx, audit::AuditLog& log, const std::string& actor_name,
                                  const std::string& name_or_id, const std::string& at);
// Disables the user named `name` (never the actor), with the "user.disable" entry; the row as
// written goes to `out` when given.
core::Status WriteUserDisable(storage::Transaction& tx, const core::Clock& clock, audit::AuditLog& log,
                              const std::string& actor_name, const std::string& actor_id, const std::string& name,
                              std::optional<User>* out);

// The three as the revocation journal replays and checks them ("logout", "token.revoke",
// "user.disable"; see revocation_journal.h), with what the services journal for each.
std::map<std::string, RevocationType> RevocationTypes(audit::AuditLog& log, const core::Clock& clock);

}  // namespace lb::access
