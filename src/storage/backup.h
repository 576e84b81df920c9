#pragma once
// Backup and restore of a whole node (every table of the schema). SQLite: the online backup API copies a consistent
// snapshot while the server keeps running. PostgreSQL: pg_dump / pg_restore (custom format),
// which must be on PATH. A restore goes only into an empty database (no records, users or
// audit entries), so it never mixes two histories.
#include <string>

#include "core/error.h"
#include "storage/database.h"

namespace lb::storage {

struct BackupSummary {
  int64_t bytes = 0;
  std::string method;  // "sqlite online backup" or "pg_dump"
};

// Writes a backup of the database at `db_url` to `file` (which must not exist).
core::Result<BackupSummary> Backup(const std::string& db_url, const std::string& file);

// Fails with kConflict unless every table of the schema is empty (the tables are read from
// the database itself, so a feature's new tables count without being named here), but for
// the bookkeeping rows migrations write (schema_version, audit_head).
core::Status CheckEmpty(storage::Database& db);

// Restores `file` into the (empty, migrated) database at `db_url`; `db` is an open pool on
// it, used for the emptiness check and closed before the copy.
core::Status Restore(storage::Database& db, const std::string& db_url, const std::string& file);

}  // namespace lb::storage
