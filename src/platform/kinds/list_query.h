#pragma once
// The keyset-paged list of a record kind's table: "SELECT ... [WHERE ...] ORDER BY id LIMIT n"
// from fixed SQL fragments, every value bound. Shared by the features' stores.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "storage/database.h"

namespace lb::kinds {

struct ListQuery {
  std::string sql;
  std::vector<storage::Value> params;
  // Appends "AND (clause)" (WHERE for the first), numbering its ? placeholders after the
  // parameters so far.
  void Clause(std::string_view clause, const std::vector<storage::Value>& values);
  // A filter: the clause with its one value, when the value is given.
  void Where(std::string_view clause, const std::optional<std::string>& value) {
    if (value) Clause(clause, {*value});
  }
};

// Runs the query for the page after `after_id` (ids ascending), at most `limit` rows;
// `id_column` names the id where a join makes "id" ambiguous.
core::Result<storage::Rows> RunList(storage::Transaction& tx, ListQuery& q, const std::optional<std::string>& after_id,
                                    int limit, std::string_view id_column = "id");

}  // namespace lb::kinds
