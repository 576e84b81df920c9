#include "features/files/store.h"

namespace lb::files::store {
namespace {

constexpr int64_t kPage = 20000;

// Keyset pages over each table's unique index: "SELECT <key> FROM <table> [WHERE (<key>) >
// (<last key>)] ORDER BY <key> LIMIT $1".
struct KeyPages {
  KeyPages(std::string_view table, std::initializer_list<std::string_view> key) {
    std::string columns, marks;
    int n = 1;
    for (auto c : key) {
      columns += (columns.empty() ? "" : ", ") + std::string(c);
      marks += (marks.empty() ? "$" : ", $") + std::to_string(++n);
    }
    const std::string order = " ORDER BY " + columns + " LIMIT $1";
    first = "SELECT " + columns + " FROM " + std::string(table) + order;
    next = "SELECT " + columns + " FROM " + std::string(table) + " WHERE (" + columns + ") > (" + marks + ")" + order;
  }
  std::string first, next;
};

const KeyPages kPersonKeys("person_documents", {"issuing_country", "kind", "number"});
const KeyPages kEmployerKeys("employers", {"country", "registration_number"});
const KeyPages kPermitKeys("work_permits", {"host_country", "permit_number"});

}  // namespace

core::Status ForEachNaturalKey(storage::Transaction& tx, Kind kind, const std::function<void(std::string_view)>& each) {
  const KeyPages& pages = kind == Kind::kPersons ? kPersonKeys : kind == Kind::kEmployers ? kEmployerKeys : kPermitKeys;
  std::vector<storage::Value> params = {kPage};
  std::string key;
  for (bool start = true;; start = false) {
    auto rows = tx.conn().Query(start ? pages.first : pages.next, params);
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

}  // namespace lb::files::store
