#include "platform/kinds/list_query.h"

namespace lb::kinds {

void ListQuery::Clause(std::string_view clause, const std::vector<storage::Value>& values) {
  sql += sql.find(" WHERE ") == std::string::npos ? " WHERE " : " AND ";
  std::string c(clause);
  size_t pos = 0;
  for (const auto& v : values) {
    params.push_back(v);
    pos = c.find('?', pos);
    const std::string ph = "$" + std::to_string(params.size());
    c.replace(pos, 1, ph);
    pos += ph.size();
  }
  sql += "(" + c + ")";
}

core::Result<storage::Rows> RunList(storage::Transaction& tx, ListQuery& q, const std::optional<std::string>& after_id,
                                    int limit, std::string_view id_column) {
  const std::string id(id_column);
  if (after_id) q.Clause(id + " > ?", {*after_id});
  q.params.emplace_back(int64_t{limit});
  q.sql += " ORDER BY " + id + " LIMIT $" + std::to_string(q.params.size());
  auto rows = tx.conn().Query(q.sql, q.params);
  if (!rows) return core::Fail(storage::ToError(rows.error()));
  return std::move(*rows);
}

}  // namespace lb::kinds
