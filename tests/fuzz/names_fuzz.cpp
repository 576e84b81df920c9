// libFuzzer target: name tokens, phonetic keys and name comparison. Invalid UTF-8 is
// rejected, valid UTF-8 accepted; a word's key is PhoneticKey of its folded form (but for
// words with ơ, keyed from their marks); CompareNames is symmetric and within [0, 1];
// QueryScore is within [0, 1]; a name compared with itself scores 1.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "text/name_key.h"
#include "text/name_match.h"
#include "text/unicode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lb::text;
  if (size > 4096) return 0;
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  const bool valid = IsValidUtf8(s);
  auto tokens = NameTokens(s);
  Check(tokens.has_value() == valid);
  if (!valid) return 0;
  for (const auto& t : *tokens) {
    Check(t.viet.find("o+") != std::string::npos || PhoneticKey(t.folded) == t.key);
  }
  if (!tokens->empty()) Check(CompareNames(*tokens, *tokens).score > 0.999);
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
