#pragma once
// Unicode basics for input: UTF-8 validation and NFC normalisation (ICU).
#include <string>
#include <string_view>

namespace lb::text {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool IsValidUtf8(std::string_view s);

// The NFC form of valid UTF-8 text (input in NFD, as macOS and some keyboards produce it,
// becomes the composed form). Invalid UTF-8 is returned unchanged.
std::string ToNfc(std::string_view s);

// Trims ASCII and Unicode spaces at both ends and collapses inner runs of whitespace to
// one ASCII space.
std::string CollapseSpaces(std::string_view s);

// ASCII letters upper-cased, ASCII spaces and tabs removed (document and permit numbers).
std::string UpperNoSpaces(std::string_view s);

// True when `s` contains a C0/C1 control character (other than none allowed here).
bool HasControlChars(std::string_view s);

}  // namespace lb::text
