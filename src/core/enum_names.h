#pragma once
// One table of an enum's names serves both directions (value to name, name to value), so a
// name is written once and the two can never disagree.
#include <optional>
#include <span>
#include <string_view>

namespace lb::core {

template <typename E>
struct EnumName {
  E value;
  std::string_view name;
};

// The name of `value` in `table`, or `fallback` when the table has no row for it.
template <typename E>
constexpr std::string_view NameOf(std::span<const EnumName<E>> table, E value, std::string_view fallback) {
  for (const auto& row : table) {
    if (row.value == value) return row.name;
  }
  return fallback;
}

// The value named `name` in `table` (names compare exactly), or nullopt.
template <typename E>
constexpr std::optional<E> ValueOf(std::span<const EnumName<E>> table, std::string_view name) {
  for (const auto& row : table) {
    if (row.name == name) return row.value;
  }
  return std::nullopt;
}

}  // namespace lb::core
