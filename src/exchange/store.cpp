#include "exchange/store.h"

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

NoMemoryMap::NoMemoryMap(storage::Connection& conn) : conn_(conn) {
  if (conn_.dialect() != storage::Dialect::kSqlite) return;
  auto rows = conn_.Query("PRAGMA mmap_size", {});
  if (!rows || rows->empty()) return;
  previous_ = rows->front().Str(0);
  (void)conn_.ExecScript("PRAGMA mmap_size=0");
}

NoMemoryMap::~NoMemoryMap() {
  if (previous_.empty()) return;
  std::string sql = "PRAGMA mmap_size=";
  for (char c : previous_) {
    if (c >= '0' && c <= '9') sql.push_back(c);  // a number SQLite itself returned
  }
  (void)conn_.ExecScript(sql);
}

}  // namespace lb::exchange::store
