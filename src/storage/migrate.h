#pragma once
// Schema migrations: numbered SQL files embedded in the binary, applied in order, each in
// its own transaction, recorded in schema_version.
#include <string>
#include <vector>

#include "core/clock.h"
#include "storage/database.h"

namespace lb::storage {

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
};

// The embedded migrations for a dialect, sorted by version.
std::vector<Migration> EmbeddedMigrations(Dialect dialect);

// Applies the pending migrations; returns how many were applied.
core::Result<int> Migrate(Database& db, const core::Clock& clock);

// Refuses a history that applying in order would get wrong: two files with one number, a
// database version this binary has no file for, or a file below the highest applied version
// that was never applied (it would be skipped silently).
core::Status CheckMigrationHistory(const std::vector<Migration>& files, const std::vector<int>& applied);

// The highest applied version (0 for an empty database).
core::Result<int> CurrentSchemaVersion(Database& db);

}  // namespace lb::storage
