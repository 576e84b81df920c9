#pragma once
// Conditional requests (RFC 9110): ETags carry a record's version, If-Match states the
// version a client read. Shared by every REST API that edits versioned records.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/error.h"
#include "http/message.h"

namespace lb::http {

// The version If-Match: * stands for (matches whatever the current version is).
inline constexpr int64_t kAnyIfMatchVersion = 0;

std::string Etag(int64_t version);

// A JSON response with the record's ETag.
Response JsonWithEtag(int status, const nlohmann::json& body, int64_t version);

// If-Match: "3", W/"3", 3 or *. Missing -> 428; unparsable -> 412 (it cannot match).
core::Result<int64_t> RequireIfMatch(const Request& req);
// The same, but a missing header is no error.
core::Result<std::optional<int64_t>> OptionalIfMatch(const Request& req);

}  // namespace lb::http
