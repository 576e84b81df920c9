#pragma once
// The keyset-paged list of a record kind's table: "SELECT ... [WHERE ...] ORDER BY ... LIMIT n"
// from fixed SQL fragments, every value bound. Shared by the features' stores.
//
// Two ways to page: RunList (ids ascending, the cursor is the last id; exports and internal
// walks) and RunSortedList (what people and integrators page through: a whitelisted sort key,
// ascending or descending, a stable tiebreak on the id, previous and next cursors, and the
// total count of the filter).
#include <cstdint>
#include <optional>
#include <span>
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

// --- sorted lists -------------------------------------------------------------------------

// One order a list offers: its name in URLs and the API (`sort=`), and the SQL expressions it
// orders by, none NULL (COALESCE a nullable column). The id comes last on its own.
struct SortKey {
  std::string_view name;
  std::vector<std::string_view> columns;
};

// Where a page starts: after (next page) or before (previous page) a row, in one order.
// Cursors travel as opaque base64url text; decoding checks every part, so a cursor that was
// not issued for this list and order is refused instead of answering a wrong page.
struct ListCursor {
  bool before = false;  // the page that ends just before the row
  std::string sort;     // SortKey::name
  bool desc = false;
  std::vector<std::string> values;  // the row's sort values, one per SortKey::columns
  std::string id;                   // the row's id (a UUID)
};
std::string EncodeListCursor(const ListCursor& c);
// Nullopt unless `text` is a cursor EncodeListCursor wrote (any bytes are safe to pass).
std::optional<ListCursor> DecodeListCursor(std::string_view text);

// What a caller asks of a sorted list: all optional but the limit.
struct SortedRequest {
  std::optional<std::string> cursor;
  int limit = 25;
  std::optional<std::string> sort;  // a SortKey::name; unset: the list's default
  std::optional<std::string> dir;   // "asc" or "desc"; unset: ascending
};

// A page of rows, the count of every row the filter matches, its place, and the cursors of the pages
// before and after it (unset at either end).
struct SortedRows {
  storage::Rows rows;
  int64_t total = 0;
  int64_t offset = 0;  // how many rows of the filter come before the page, in its order
  std::optional<std::string> next_cursor, prev_cursor;
};

// Field errors (422) for an unknown `sort` (naming the keys), a `dir` other than asc/desc, a
// `limit` outside 1..500 and a `cursor` that is not one of this list's in this order.
std::vector<core::FieldError> CheckSortedRequest(std::span<const SortKey> keys, const SortedRequest& req);

// Runs a sorted page. `from_where` holds " FROM <tables> [WHERE ...]" (a ListQuery started as
// {" FROM t", {}}), `columns` the select list the caller maps rows from; the sort values and
// the id are selected after them and used for the cursors only. The count and the page read
// the same WHERE in the caller's transaction, so the total agrees with the pages.
core::Result<SortedRows> RunSortedList(storage::Transaction& tx, std::string_view columns, const ListQuery& from_where,
                                       std::span<const SortKey> keys, const SortedRequest& req,
                                       std::string_view id_column = "id");

}  // namespace lb::kinds
