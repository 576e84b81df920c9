// libFuzzer target for every public text function (src/text). Built with clang by
// scripts/run-fuzz, which `make test` runs briefly; run it longer by hand:
//   scripts/run-fuzz 600
// Invariants checked, beyond "no crash, no sanitizer report":
//   - invalid UTF-8 is rejected by every function, valid UTF-8 accepted by every function;
//   - FoldName and NormalizeLao are idempotent and produce valid UTF-8;
//   - a name's keys are what PhoneticKey gives for its folded words (but for words with ơ);
//   - CompareNames is symmetric and within [0, 1].
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "text/fold.h"
#include "text/lao.h"
#include "text/name_key.h"
#include "text/name_match.h"
#include "text/romanise.h"
#include "text/unicode.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lb::text;
  if (size > 4096) return 0;
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  const bool valid = IsValidUtf8(s);

  auto fold = FoldName(s);
  Check(fold.has_value() == valid);
  auto lao = NormalizeLao(s);
  Check(lao.has_value() == valid);
  Check(VietDetail(s).has_value() == valid);
  Check(ParseLaoSyllables(s).has_value() == valid);
  Check(SegmentLaoWords(s).has_value() == valid);
  Check(NameTokens(s).has_value() == valid);
  for (auto style : {RomanStyle::kPassport, RomanStyle::kFrench, RomanStyle::kVietnamese}) {
    auto r = RomaniseLao(s, style);
    Check(r.has_value() == valid);
    if (r) Check(IsValidUtf8(*r));
  }
  if (!valid) return 0;

  Check(IsValidUtf8(*fold));
  Check(FoldName(*fold).value() == *fold);
  Check(IsValidUtf8(*lao));
  Check(NormalizeLao(*lao).value() == *lao);
  Check(IsValidUtf8(ToNfc(s)));
  const auto tokens = NameTokens(s).value();
  for (const auto& t : tokens) Check(t.viet.find("o+") != std::string::npos || PhoneticKey(t.folded) == t.key);

  // Split the input in two names and compare them both ways.
  const size_t half = s.size() / 2;
  const std::string_view a = s.substr(0, half), b = s.substr(half);
  if (IsValidUtf8(a) && IsValidUtf8(b)) {
    const auto ta = NameTokens(a).value(), tb = NameTokens(b).value();
    const double ab = CompareNames(ta, tb).score, ba = CompareNames(tb, ta).score;
    Check(ab >= 0 && ab <= 1 && ab == ba);
    const double q = QueryScore(ta, tb);
    Check(q >= 0 && q <= 1);
  }
  return 0;
}
