#pragma once
// SQLite backend: WAL, foreign keys on, busy timeout, per-connection statement cache.
#include <memory>
#include <string>

#include "storage/database.h"

namespace lb::storage {

// Opens (creating if needed) the SQLite file at `path` (":memory:" is not shared between
// connections, so tests use a temp file). A new file is created with mode 0600 (and so are its
// -wal and -shm files); an existing file keeps its mode.
std::unique_ptr<Database> OpenSqlite(const std::string& path, size_t pool_size);

}  // namespace lb::storage
