#pragma once
// PostgreSQL backend through libpq: pooled connections, statements prepared once per
// connection, parameters always bound.
#include <memory>
#include <string>

#include "storage/database.h"

namespace lb::storage {

// `conninfo` is a libpq connection string or postgresql:// URL.
std::unique_ptr<Database> OpenPostgres(const std::string& conninfo, size_t pool_size);

}  // namespace lb::storage
