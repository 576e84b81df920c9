#pragma once
// Small UTF-8 helpers shared by the text functions (no allocation beyond the output).
#include <string>
#include <string_view>

#include "core/error.h"

namespace lb::text {

// Decodes valid UTF-8 (the caller has checked it with IsValidUtf8); invalid sequences
// become U+FFFD.
std::u32string DecodeUtf8Lenient(std::string_view s);

void AppendUtf8(std::string& out, char32_t c);
std::string EncodeUtf8(std::u32string_view s);

// The error every text function returns for invalid input.
core::Error InvalidUtf8(std::string_view field);

}  // namespace lb::text
