#include "storage/database.h"
#include "storage/postgres/pg_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace lb::storage {

core::Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, size_t pool_size) {
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);  // sqlite://relative or sqlite:///abs
    if (path.empty()) {
      return core::Fail(
          core::Error::Field("db", "invalid_url", "--db sqlite: needs a file path, e.g. sqlite:labourbridge.db"));
    }
    auto db = OpenSqlite(path, pool_size);
    if (auto p = db->Ping(); !p) return core::Fail(p.error());
    return db;
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://") || url.starts_with("postgresql:")) {
    std::string conninfo = url;
    // "postgresql:" alone means: take everything from the PG* environment variables.
    if (url == "postgresql:" || url == "postgresql://") conninfo = "";
    auto db = OpenPostgres(conninfo, pool_size);
    if (auto p = db->Ping(); !p) return core::Fail(p.error());
    return db;
  }
  return core::Fail(
      core::Error::Field("db", "invalid_url", "--db must start with sqlite: or postgresql:// (got an unknown scheme)"));
}

}  // namespace lb::storage
