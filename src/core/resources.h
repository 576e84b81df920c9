#pragma once
// Files embedded in the binary at build time (migrations, reference data, OpenAPI).
#include <optional>
#include <span>
#include <string_view>

namespace lb::core {

// One embedded file: its path relative to the source root and its bytes.
struct Resource {
  std::string_view path;
  std::string_view data;
};

std::span<const Resource> Resources();

// The embedded file at `path`, if any.
std::optional<std::string_view> FindResource(std::string_view path);

}  // namespace lb::core
