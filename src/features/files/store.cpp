#include "features/files/store.h"

namespace lb::exchange::store {
namespace {

constexpr int64_t kPage = 20000;

// Keyset pages over each table's unique index.
constexpr std::string_view kPersonKeysFirst =
    "SELECT issuing_country, kind, number FROM person_documents ORDER BY issuing_country, kind, number LIMIT $1";
constexpr std::string_view kPersonKeysNext =
    "SELECT issuing_country, kind, number FROM person_documents WHERE (issuing_country, kind, number) > ($2, $3, $4)"
    " ORDER BY issuing_country, kind, number LIMIT $1";
constexpr std::string_view kEmployerKeysFirst =
    "SELECT country, registration_number FROM employers ORDER BY country, registration_number LIMIT $1";
constexpr std::string_view kEmployerKeysNext =
    "SELECT country, registration_number FROM employers WHERE (country, registration_number) > ($2, $3)"
    " ORDER BY country, registration_number LIMIT $1";
constexpr std::string_view kPermitKeysFirst =
    "SELECT host_country, permit_number FROM work_permits ORDER BY host_country, permit_number LIMIT $1";
constexpr std::string_view kPermitKeysNext =
    "SELECT host_country, permit_number FROM work_permits WHERE (host_country, permit_number) > ($2, $3)"
    " ORDER BY host_country, permit_number LIMIT $1";

}  // namespace

core::Status ForEachNaturalKey(storage::Transaction& tx, Kind kind, const std::function<void(std::string_view)>& each) {
  const std::string_view first = kind == Kind::kPersons     ? kPersonKeysFirst
                                 : kind == Kind::kEmployers ? kEmployerKeysFirst
                                                            : kPermitKeysFirst;
  const std::string_view next = kind == Kind::kPersons     ? kPersonKeysNext
                                : kind == Kind::kEmployers ? kEmployerKeysNext
                                                           : kPermitKeysNext;
  std::vector<storage::Value> params = {kPage};
  std::string key;
  for (bool start = true;; start = false) {
    auto rows = tx.conn().Query(start ? first : next, params);
    if (!rows) return core::Fail(storage::ToError(rows.error()));
    for (const auto& r : *rows) {
      key.clear();
      for (size_t i = 0; i < r.size(); ++i) {
        if (i) key.push_back('|');
        key += r.Str(i);
      }
      each(key);
    }
    if (rows->size() < static_cast<size_t>(kPage)) return {};
    const auto& last = rows->back();
    params.resize(1);
    for (size_t i = 0; i < last.size(); ++i) params.emplace_back(last.Str(i));
  }
}

namespace {

// A value SQLite itself returned for a numeric pragma, kept to its digits and sign.
std::string Numeric(std::string_view v) {
  std::string out;
  for (char c : v) {
    if ((c >= '0' && c <= '9') || (c == '-' && out.empty())) out.push_back(c);
  }
  return out;
}

std::string Pragma(storage::Connection& conn, std::string_view name) {
  auto rows = conn.Query("PRAGMA " + std::string(name), {});
  if (!rows || rows->empty()) return "";
  return Numeric(rows->front().Str(0));
}

}  // namespace

BulkSettings::BulkSettings(storage::Connection& conn) : conn_(conn) {
  if (conn_.dialect() != storage::Dialect::kSqlite) return;
  mmap_size_ = Pragma(conn_, "mmap_size");
  temp_store_ = Pragma(conn_, "temp_store");
  // Index builds sort through temporary files, not memory: a sort of millions of rows in
  // memory would be the largest thing in the process.
  (void)conn_.ExecScript("PRAGMA mmap_size=0; PRAGMA temp_store=FILE");
}

BulkSettings::~BulkSettings() {
  if (!mmap_size_.empty()) (void)conn_.ExecScript("PRAGMA mmap_size=" + mmap_size_);
  if (!temp_store_.empty()) (void)conn_.ExecScript("PRAGMA temp_store=" + temp_store_);
}

core::Result<DeferredIndexes> DeferredIndexes::Drop(storage::Transaction& tx, std::string_view table) {
  DeferredIndexes d;
  if (tx.conn().dialect() != storage::Dialect::kSqlite) return d;
  // sql IS NULL for the automatic indexes of PRIMARY KEY and UNIQUE constraints, which stay.
  LB_TRY(rows, tx.Query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1"
                        " AND sql IS NOT NULL ORDER BY name",
                        {std::string(table)}));
  for (const auto& r : rows) {
    const std::string name = r.Str(0);
    // Index names come from the schema, never from input; quoted all the same.
    LB_TRY(dropped, tx.Exec("DROP INDEX \"" + name + "\"", {}));
    (void)dropped;
    d.create_sql_.push_back(r.Str(1));
  }
  return d;
}

core::Status DeferredIndexes::Rebuild(storage::Transaction& tx) {
  for (const auto& sql : create_sql_) {
    LB_TRY(created, tx.Exec(sql, {}));
    (void)created;
  }
  create_sql_.clear();
  return {};
}

}  // namespace lb::exchange::store
