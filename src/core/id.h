#pragma once
// UUIDv7 identifiers (RFC 9562): time-ordered, so ids sort in creation order.
#include <string>
#include <string_view>

#include "core/clock.h"

namespace lb::core {

// A new UUIDv7 string (lower-case, 36 characters) for the clock's current time.
std::string NewUuidV7(const Clock& clock);

// True when `s` is a syntactically valid UUID string (any version).
bool IsUuid(std::string_view s);

// `n` random bytes as unpadded base64url (for tokens and secrets).
std::string RandomToken(size_t n);

}  // namespace lb::core
