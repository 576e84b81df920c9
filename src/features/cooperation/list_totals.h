#pragma once
// Cooperation lists say how many records their filter matches and where the page is
// ("Showing 51–100 of 173"), as the registry's lists do (ui/list_view.h). The records are
// counted through the service's own list calls (same filter, same authorisation), walking
// every page in id order: cooperation lists hold tens or hundreds of records, so this costs
// little and adds no SQL beside the stores' own; the registry's long lists count in SQL.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/cooperation/service.h"
#include "ui/list_view.h"
#include "ui/render.h"

namespace lb::cooperation {

inline constexpr int kCountBatch = 200;
inline constexpr int kCountPagesAtMost = 500;  // 100,000 records: far beyond any cooperation list

// Counts the records of every page `fetch(ListRequest)` answers that `keep` accepts, and sets
// on `into` the list's count line (has_count, count_line) for the page that shows `shown`.
template <typename T, typename Fetch, typename Keep>
core::Status AddListTotal(ui::View& into, const ui::PageContext& ctx, const std::vector<T>& shown, Fetch&& fetch,
                          Keep&& keep) {
  std::optional<std::string> first;
  int64_t on_page = 0;
  for (const T& item : shown) {
    if (!keep(item)) continue;
    if (!first) first = item.meta.id;
    ++on_page;
  }
  int64_t total = 0, before = 0;
  bool reached = !first;
  std::optional<std::string> cursor;
  for (int n = 0; n < kCountPagesAtMost; ++n) {
    LB_TRY(page, fetch(ListRequest{cursor, kCountBatch}));
    for (const T& item : page.items) {
      if (!keep(item)) continue;
      if (!reached && item.meta.id == *first) reached = true;
      if (!reached) ++before;
      ++total;
    }
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  into.set("has_count", true);
  into.set("count_line", ui::CountLine(ctx, reached ? before : 0, static_cast<size_t>(on_page), total));
  return {};
}

template <typename T, typename Fetch>
core::Status AddListTotal(ui::View& into, const ui::PageContext& ctx, const std::vector<T>& shown, Fetch&& fetch) {
  return AddListTotal(into, ctx, shown, std::forward<Fetch>(fetch), [](const T&) { return true; });
}

}  // namespace lb::cooperation
