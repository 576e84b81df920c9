#pragma once
// What every feature's service writes the same way: text cleaning and length checks of input
// fields, the not-found and stale-version errors, and a keyset page over a store's list.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "rest/cursor.h"
#include "storage/database.h"

namespace lb::rest {

// Code points of valid UTF-8 (continuation bytes are not counted).
size_t CodePoints(std::string_view s);

// NFC, trimmed, inner whitespace collapsed.
std::string Clean(std::string_view s);
// Cleans `s` in place; an optional text that cleans to nothing becomes absent.
void CleanOpt(std::optional<std::string>& s);

// `field` has no control characters and at most `max_len` code points; else one error.
void CheckText(std::vector<core::FieldError>& errors, const std::string& field, const std::string& value,
               size_t max_len);

// "No <what> with this id." (404).
core::Error NotFound(std::string_view what);
// The version check failed: someone else changed the record (412, names the current version).
core::Error Stale(int64_t current);
// A page size from 1 to 500, else a field error on `limit`.
core::Result<int> ParseLimit(int limit);

// Runs a keyset-paginated list in one read transaction: `fetch(tx, after_id, n)` returns up
// to n items after the cursor's id; one more than `limit` is fetched to know whether a next
// page exists, whose cursor is `id_of` the page's last item.
template <typename PageT, typename Fetch, typename IdOf>
core::Result<PageT> Paginate(storage::Database& db, const std::optional<std::string>& cursor, int page_limit,
                             Fetch&& fetch, IdOf&& id_of) {
  LB_TRY(limit, ParseLimit(page_limit));
  std::optional<std::string> after;
  if (cursor) {
    after = DecodeCursor(*cursor);
    if (!after) {
      return core::Fail(core::Error::Field("cursor", "invalid_cursor", "cursor is not one this server issued."));
    }
  }
  auto items = storage::InTransaction(db, false, [&](storage::Transaction& tx) { return fetch(tx, after, limit + 1); });
  if (!items) return core::Fail(items.error());
  PageT out;
  out.items = std::move(*items);
  if (out.items.size() > static_cast<size_t>(limit)) {
    out.items.resize(limit);
    out.next_cursor = EncodeCursor(id_of(out.items.back()));
  }
  return out;
}

}  // namespace lb::rest
