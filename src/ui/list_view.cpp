#include "ui/list_view.h"

#include <algorithm>

#include "ui/page_support.h"

namespace lb::ui {

ListView::ListView(const PageContext& ctx, std::string path, std::vector<ListColumn> columns, std::string default_sort,
                   std::string default_dir)
    : ctx_(ctx),
      path_(std::move(path)),
      columns_(std::move(columns)),
      sort_(std::move(default_sort)),
      dir_(std::move(default_dir)) {
  const auto& req = *ctx_.request;
  // Only a listed column's key is taken from the URL; anything else keeps the default, so a
  // hand-edited URL shows the list rather than an error page.
  if (auto s = req.Query("sort")) {
    const bool known = std::any_of(columns_.begin(), columns_.end(),
                                   [&](const ListColumn& c) { return !c.sort.empty() && c.sort == *s; });
    if (known) sort_ = *s;
  }
  if (auto d = req.Query("dir"); d && (*d == "asc" || *d == "desc")) dir_ = *d;
}

void ListView::Keep(const std::string& name, const std::string& value) {
  if (!value.empty()) kept_.emplace_back(name, value);
}

std::optional<std::string> ListView::cursor() const {
  auto c = ctx_.request->Query("cursor");
  if (c && c->empty()) return std::nullopt;
  return c;
}

std::string ListView::FilterQuery() const {
  std::string out;
  for (const auto& [k, v] : kept_) out += "&" + k + "=" + UrlEncode(v);
  return out;
}

std::string ListView::Href(const std::string& sort, const std::string& dir, const std::string& cursor) const {
  std::string q = FilterQuery();
  q += "&sort=" + UrlEncode(sort) + "&dir=" + dir;
  if (!cursor.empty()) q += "&cursor=" + UrlEncode(cursor);
  return path_ + "?" + q.substr(1);
}

void ListView::Fill(View& v, int64_t offset, size_t shown, std::optional<int64_t> total,
                    const std::optional<std::string>& prev_cursor,
                    const std::optional<std::string>& next_cursor) const {
  View heads = MakeList();
  View sort_options = MakeList();
  for (const auto& c : columns_) {
    View h;
    h.set("label", c.label);
    h.set("sortable", !c.sort.empty());
    if (!c.sort.empty()) {
      const bool current = c.sort == sort_;
      // The current column's link turns the order round; another column starts ascending.
      const std::string next_dir = current && dir_ == "asc" ? "desc" : "asc";
      h.set("href", Href(c.sort, next_dir, ""));
      h.set("current", current);
      if (current) {
        h.set("aria_sort", dir_ == "asc" ? std::string("ascending") : std::string("descending"));
        h.set("arrow", dir_ == "asc" ? std::string("▲") : std::string("▼"));
        h.set("sort_state", dir_ == "asc" ? ctx_.T("sorted from first to last") : ctx_.T("sorted from last to first"));
      }
      View o;
      o.set("value", c.sort);
      o.set("label", c.label);
      o.set("selected", current);
      sort_options.push_back(o);
    }
    heads.push_back(h);
  }
  v.set("columns", heads);
  v.set("sort_options", sort_options);
  View dirs = MakeList();
  for (const auto& [value, label] : {std::pair{std::string("asc"), ctx_.T("First to last")},
                                     std::pair{std::string("desc"), ctx_.T("Last to first")}}) {
    View o;
    o.set("value", value);
    o.set("label", label);
    o.set("selected", value == dir_);
    dirs.push_back(o);
  }
  v.set("dir_options", dirs);
  v.set("sort", sort_);
  v.set("dir", dir_);
  if (total) v.set("count_line", CountLine(ctx_, offset, shown, *total));
  v.set("has_prev", prev_cursor.has_value());
  if (prev_cursor) v.set("prev_href", Href(sort_, dir_, *prev_cursor));
  v.set("has_next", next_cursor.has_value());
  if (next_cursor) v.set("next_href", Href(sort_, dir_, *next_cursor));
}

std::string CountLine(const PageContext& ctx, int64_t offset, size_t shown, int64_t total) {
  if (!shown) return ctx.F("Showing 0 of {1}", {ctx.tr->Number(total)});
  return ctx.F("Showing {1}–{2} of {3}", {ctx.tr->Number(offset + 1),
                                          ctx.tr->Number(offset + static_cast<int64_t>(shown)), ctx.tr->Number(total)});
}

}  // namespace lb::ui
