#pragma once
// Opaque list cursors: base64url (no padding) of the last id of the page. A cursor comes
// from the query string, so decoding takes any bytes and yields only a well-formed UUID.
// Every feature's keyset pages use these two (registry::EncodeCursor/DecodeCursor forward here).
#include <optional>
#include <string>

namespace lb::rest {

std::string EncodeCursor(const std::string& last_id);
// The id in `cursor`, or nullopt when it is not base64url of a UUID.
std::optional<std::string> DecodeCursor(const std::string& cursor);

}  // namespace lb::rest
