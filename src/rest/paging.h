#pragma once
// List endpoints: the query parameters of a page (known filters, limit, cursor) and the JSON
// of a page ({"items": [...], "next_cursor": ...}). Shared by every feature's REST API.
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"

namespace lb::rest {

struct PageQuery {
  std::optional<std::string> cursor;
  std::optional<int> limit;
};

// Only the known parameters (`filters`, and limit and cursor when `paged`); limit is a whole
// number. Values reach SQL as bound parameters, so they are checked like body text: invalid
// UTF-8 is malformed (400: PostgreSQL would refuse it), control characters are 422.
core::Result<PageQuery> ReadPageQuery(const http::Request& req, std::initializer_list<std::string_view> filters,
                                      bool paged = true);

// The same into a feature's list request (any type with `cursor` and `limit`).
template <typename ListRequest>
core::Result<ListRequest> ReadListRequest(const http::Request& req, std::initializer_list<std::string_view> filters,
                                          bool paged = true) {
  LB_TRY(q, ReadPageQuery(req, filters, paged));
  ListRequest out;
  out.cursor = std::move(q.cursor);
  if (q.limit) out.limit = *q.limit;
  return out;
}

// A page of records; each item goes through the kind's ToJson (found by argument lookup).
template <typename Page>
nlohmann::json PageJson(const Page& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(ToJson(item));
  nlohmann::json out = {
      {"items", std::move(items)},
      {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json(nullptr)}};
  // Sorted lists (kinds::RunSortedList) also give the filter's total and the previous page.
  if constexpr (requires {
                  page.total;
                  page.offset;
                  page.prev_cursor;
                }) {
    if (page.total) {
      out["total"] = *page.total;
      out["offset"] = page.offset;
    }
    out["prev_cursor"] = page.prev_cursor ? nlohmann::json(*page.prev_cursor) : nlohmann::json(nullptr);
  }
  return out;
}

}  // namespace lb::rest
