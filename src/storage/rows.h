#pragma once
// Rows to values: the shapes every store wrote by hand ("fail on error, map each row",
// "fail on error, none or the first row"). A store keeps its own FromRow(const Row&) and
// passes it here; registry and cooperation stores can adopt these too.
#include <optional>
#include <utility>
#include <vector>

#include "core/error.h"
#include "storage/database.h"

namespace lb::storage {

// Every row mapped by `from`, or the query's error.
template <typename From>
auto AllOf(const core::Result<Rows>& rows, From&& from)
    -> core::Result<std::vector<decltype(from(std::declval<const Row&>()))>> {
  if (!rows) return core::Fail(rows.error());
  std::vector<decltype(from(std::declval<const Row&>()))> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(from(r));
  return out;
}

// The first row mapped by `from` (nullopt when there is none), or the query's error.
template <typename From>
auto FirstOf(const core::Result<Rows>& rows, From&& from)
    -> core::Result<std::optional<decltype(from(std::declval<const Row&>()))>> {
  using T = decltype(from(std::declval<const Row&>()));
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<T>();
  return std::optional<T>(from(rows->front()));
}

}  // namespace lb::storage
