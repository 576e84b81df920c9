#pragma once
// PATCH bodies are JSON merge patches (RFC 7396) of a record's editable members: the patch is
// applied to them and the result validated as a whole by the feature.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

#include "core/error.h"
#include "http/message.h"

namespace lb::rest {

// The merged editable members; 422 read_only for a member in `read_only`, unknown_field for
// one that is not editable.
core::Result<nlohmann::json> MergePatch(const nlohmann::json& editable, const nlohmann::json& patch,
                                        std::span<const std::string_view> read_only);
// The same, where the read-only members are those of the record's `full` JSON that are not
// editable.
core::Result<nlohmann::json> MergePatchOf(const nlohmann::json& full, const nlohmann::json& editable,
                                          const nlohmann::json& patch);

// The members of `full` named by `keys`.
nlohmann::json Editable(const nlohmann::json& full, std::span<const std::string_view> keys);

// A PATCH that changes nothing answers the current record without a new version (412 when
// `expected` is stale).
core::Result<http::Response> Unchanged(const nlohmann::json& current, int64_t current_version, int64_t expected);

}  // namespace lb::rest
