#include "core/resources.h"

namespace lb::core {

std::optional<std::string_view> FindResource(std::string_view path) {
  for (const Resource& r : Resources()) {
    if (r.path == path) return r.data;
  }
  return std::nullopt;
}

}  // namespace lb::core
