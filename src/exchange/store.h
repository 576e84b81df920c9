#pragma once
// SQL of the exchange: the natural keys already in the database, read in pages at the start
// of an import so rows for new records skip the per-row lookup.
#include <functional>
#include <string>

#include "core/error.h"
#include "exchange/table.h"
#include "storage/database.h"

namespace lb::exchange::store {

// Calls `each` with every natural key of `kind` ("country|kind|number" for persons'
// documents, "country|registration_number" for employers, "host_country|permit_number" for
// permits), in pages, within the caller's transaction.
core::Status ForEachNaturalKey(storage::Transaction& tx, Kind kind, const std::function<void(std::string_view)>& each);

// SQLite maps up to 256 MiB of the database file into memory for reads, which counts as
// resident memory once a bulk run has touched every page. Bulk runs switch it off for their
// connection (plain reads through SQLite's page cache) and restore it when done.
class NoMemoryMap {
 public:
  explicit NoMemoryMap(storage::Connection& conn);
  ~NoMemoryMap();
  NoMemoryMap(const NoMemoryMap&) = delete;
  NoMemoryMap& operator=(const NoMemoryMap&) = delete;

 private:
  storage::Connection& conn_;
  std::string previous_;
};

}  // namespace lb::exchange::store
