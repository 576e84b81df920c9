#include "rest/merge_patch.h"

#include <algorithm>
#include <string>

#include "rest/conditional.h"

namespace lb::rest {
namespace {

template <typename ReadOnly>
core::Result<nlohmann::json> Merge(const nlohmann::json& editable, const nlohmann::json& patch, ReadOnly&& read_only) {
  std::vector<core::FieldError> errors;
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (read_only(it.key())) {
      errors.push_back({it.key(), "read_only", it.key() + " cannot be changed here."});
    } else if (!editable.contains(it.key())) {
      errors.push_back({it.key(), "unknown_field", it.key() + " is not a known field."});
    }
  }
  if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
  nlohmann::json merged = editable;
  merged.merge_patch(patch);
  return merged;
}

}  // namespace

core::Result<nlohmann::json> MergePatch(const nlohmann::json& editable, const nlohmann::json& patch,
                                        std::span<const std::string_view> read_only) {
  return Merge(editable, patch, [&](const std::string& k) {
    return std::find(read_only.begin(), read_only.end(), k) != read_only.end();
  });
}

core::Result<nlohmann::json> MergePatchOf(const nlohmann::json& full, const nlohmann::json& editable,
                                          const nlohmann::json& patch) {
  return Merge(editable, patch, [&](const std::string& k) { return full.contains(k) && !editable.contains(k); });
}

nlohmann::json Editable(const nlohmann::json& full, std::span<const std::string_view> keys) {
  nlohmann::json out = nlohmann::json::object();
  for (auto k : keys) out[std::string(k)] = full.at(std::string(k));
  return out;
}

core::Result<http::Response> Unchanged(const nlohmann::json& current, int64_t current_version, int64_t expected) {
  if (expected != http::kAnyIfMatchVersion && expected != current_version) {
    return core::Fail(core::Error{core::ErrorCode::kPreconditionFailed,
                                  "The record was changed by someone else (current version " +
                                      std::to_string(current_version) + "); reload it and apply your change again.",
                                  {},
                                  {}});
  }
  return http::JsonWithEtag(200, current, current_version);
}

}  // namespace lb::rest
