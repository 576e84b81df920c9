#pragma once
// What every list page shows the same way: "Showing 26–50 of 73", column headers that sort
// (a link per sortable column, aria-sort on the current one), a "Sort by" choice for phones,
// previous/next links, and the URL that holds the filters and the order so a page can be
// bookmarked and shared (the downloads carry the same filters).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ui/render.h"

namespace lb::ui {

// One column of a list table: its heading, and the sort key it orders by (empty: not sortable).
struct ListColumn {
  std::string label;
  std::string sort;
};

// "Showing 26–50 of 73" (or "Showing 0 of 73") for a page of `shown` records after `offset`
// others, of `total`: every list's count line, the registry's and cooperation's.
std::string CountLine(const PageContext& ctx, int64_t offset, size_t shown, int64_t total);

class ListView {
 public:
  // `path` is the page ("/permits"); `default_sort` the order when the URL names none.
  ListView(const PageContext& ctx, std::string path, std::vector<ListColumn> columns, std::string default_sort,
           std::string default_dir = "asc");

  // A filter the page applies, kept in every link (empty values are left out).
  void Keep(const std::string& name, const std::string& value);
  // The order the URL asks for, when it names a sortable column and asc/desc; else the default.
  const std::string& sort() const { return sort_; }
  const std::string& dir() const { return dir_; }
  // The URL's cursor (empty: none).
  std::optional<std::string> cursor() const;

  // "&name=value..." of the kept filters (for the downloads, which take the same names).
  std::string FilterQuery() const;
  // Sets on `v`: columns (headers), sort_options, dir_options, count_line, has_prev/prev_href,
  // has_next/next_href.
  void Fill(View& v, int64_t offset, size_t shown, std::optional<int64_t> total,
            const std::optional<std::string>& prev_cursor, const std::optional<std::string>& next_cursor) const;

 private:
  std::string Href(const std::string& sort, const std::string& dir, const std::string& cursor) const;

  const PageContext& ctx_;
  std::string path_;
  std::vector<ListColumn> columns_;
  std::vector<std::pair<std::string, std::string>> kept_;
  std::string sort_, dir_;
};

}  // namespace lb::ui
