#pragma once
// Small UTF-8 helpers shared by the text functions (no allocation beyond the output). The one
// UTF-8 decoding loop of the code base is Utf8Cursor: use it rather than another U8_NEXT loop.
#include <unicode/utf8.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace lb::text {

// Steps through UTF-8 text one code point at a time.
class Utf8Cursor {
 public:
  explicit Utf8Cursor(std::string_view s)
      : p_(reinterpret_cast<const uint8_t*>(s.data())), n_(static_cast<int32_t>(s.size())) {}
  bool done() const { return i_ >= n_; }
  // The byte offset of the next code point.
  size_t offset() const { return static_cast<size_t>(i_); }
  // The next code point, or a negative value for an invalid sequence (which is skipped).
  int32_t Next() {
    UChar32 c;
    U8_NEXT(p_, i_, n_, c);
    return c;
  }

 private:
  const uint8_t* p_;
  int32_t n_;
  int32_t i_ = 0;
};

// Decodes valid UTF-8 (the caller has checked it with IsValidUtf8); invalid sequences
// become U+FFFD.
std::u32string DecodeUtf8Lenient(std::string_view s);

void AppendUtf8(std::string& out, char32_t c);
std::string EncodeUtf8(std::u32string_view s);

// The error every text function returns for invalid input.
core::Error InvalidUtf8(std::string_view field);

}  // namespace lb::text
