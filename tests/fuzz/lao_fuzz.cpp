// libFuzzer target: Lao normalisation, syllable parsing and word segmentation.
// Invalid UTF-8 is rejected, valid UTF-8 accepted; NormalizeLao is idempotent and never
// changes the number of Lao vowel signs and tone marks other than merging ໍ+າ into ຳ; the
// syllables of normalised text are the syllables of the text.
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "text/lao.h"
#include "text/unicode.h"
#include "text/utf8.h"

namespace {

size_t ToneMarks(std::string_view s) {
  size_t n = 0;
  for (char32_t c : lb::text::DecodeUtf8Lenient(s)) n += c >= 0x0EC8 && c <= 0x0ECB;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lb::text;
  if (size > 4096) return 0;
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  const bool valid = IsValidUtf8(s);
  auto norm = NormalizeLao(s);
  Check(norm.has_value() == valid);
  auto syl = ParseLaoSyllables(s);
  Check(syl.has_value() == valid);
  Check(SegmentLaoWords(s).has_value() == valid);
  if (!valid) return 0;
  Check(IsValidUtf8(*norm));
  Check(NormalizeLao(*norm).value() == *norm);
  Check(ToneMarks(*norm) == ToneMarks(s));
  Check(ParseLaoSyllables(*norm).value().size() == syl->size());
  return 0;
}
