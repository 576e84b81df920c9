#pragma once
// A user's saved interface language (users.language), read for every page and written by
// the language switcher, with an audit entry for the change.
#include <optional>
#include <string>

#include "core/error.h"
#include "platform/access/principal.h"
#include "platform/audit/audit_log.h"
#include "storage/database.h"

namespace lb::ui {

core::Result<std::optional<std::string>> SavedLanguage(storage::Database& db, const std::string& user_id);

// Saves `lang` (en, vi, lo) as the actor's own language; a no-op when it is already theirs.
core::Status SaveLanguage(storage::Database& db, audit::AuditLog* audit, const access::Principal& actor,
                          const std::string& lang);

}  // namespace lb::ui
