#include "platform/kinds/kind.h"

namespace lb::kinds {

std::string Placeholders(size_t first, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? ", $" : "$") + std::to_string(first + i);
  return out;
}

std::string Assignments(std::span<const std::string_view> names, size_t first) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += std::string(names[i]) + " = $" + std::to_string(first + i);
  }
  return out;
}

}  // namespace lb::kinds
