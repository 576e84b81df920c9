#pragma once
// SQL of the exchange: the natural keys already in the database, read in pages at the start
// of an import so rows for new records skip the per-row lookup.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "features/files/table.h"
#include "storage/database.h"

namespace lb::files::store {

// Calls `each` with every natural key of `kind` ("country|kind|number" for persons'
// documents, "country|registration_number" for employers, "host_country|permit_number" for
// permits), in pages, within the caller's transaction.
core::Status ForEachNaturalKey(storage::Transaction& tx, Kind kind, const std::function<void(std::string_view)>& each);

// Connection settings for a bulk run on SQLite, restored when done. SQLite maps up to 256 MiB
// of the database file into memory for reads, which counts as resident memory once a bulk run
// has touched every page: switched off (plain reads through the page cache). Sorts for index
// builds go through temporary files rather than memory. (A larger page cache was tried: index
// builds then sort in memory up to its size, and peak RSS went past 250 MB on 100,000 rows;
// sorting on a second thread raised it by 30 MB for no gain on two cores.)
class BulkSettings {
 public:
  explicit BulkSettings(storage::Connection& conn);
  ~BulkSettings();
  BulkSettings(const BulkSettings&) = delete;
  BulkSettings& operator=(const BulkSettings&) = delete;

 private:
  storage::Connection& conn_;
  std::string mmap_size_, temp_store_;
};

// A large load into a table with secondary indexes in random order spends most of its time
// descending those index B-trees. (The name index was such a table until migration V011;
// its postings table now has no secondary index.) When the load is large next to what the table holds, the indexes are
// dropped inside the load's own transaction and built again at its end, by sorting. SQLite's
// DDL is transactional: a failed, rejected or killed load leaves the indexes as they were,
// and readers keep using them on their committed snapshot meanwhile. On PostgreSQL nothing
// is dropped (DROP INDEX would lock readers out of the table until the load commits).
class DeferredIndexes {
 public:
  // Drops the secondary indexes of `table` (their definitions are read from the schema, so
  // they are rebuilt exactly as the migrations made them).
  static core::Result<DeferredIndexes> Drop(storage::Transaction& tx, std::string_view table);
  // Builds them again; call before committing.
  core::Status Rebuild(storage::Transaction& tx);
  bool empty() const { return create_sql_.empty(); }

 private:
  std::vector<std::string> create_sql_;
};

}  // namespace lb::files::store
