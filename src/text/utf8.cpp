#include "text/utf8.h"

#include <unicode/utf8.h>

#include <cstdint>

namespace lb::text {

core::Error InvalidUtf8(std::string_view field) {
  return core::Error::Field(std::string(field), "invalid_utf8", "The text is not valid UTF-8.");
}

std::u32string DecodeUtf8Lenient(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (Utf8Cursor cur(s); !cur.done();) {
    const int32_t c = cur.Next();
    out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  return out;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::string EncodeUtf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (char32_t c : s) AppendUtf8(out, c);
  return out;
}

}  // namespace lb::text
