// libFuzzer target: Latin and Vietnamese folding (FoldName, VietDetail, HasVietMarks, ToNfc).
// Invalid UTF-8 is rejected, valid UTF-8 accepted; folding is idempotent and yields valid
// UTF-8; the Vietnamese detail does not depend on where a tone mark sits (checked by
// comparing the NFC and the NFD form of the input); NameWordsOf splits as folding does.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "text/fold.h"
#include "text/unicode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lb::text;
  if (size > 4096) return 0;
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  const bool valid = IsValidUtf8(s);
  auto fold = FoldName(s);
  Check(fold.has_value() == valid);
  Check(VietDetail(s).has_value() == valid);
  if (!valid) return 0;
  Check(IsValidUtf8(*fold));
  Check(FoldName(*fold).value() == *fold);
  const std::string nfc = ToNfc(s);
  Check(IsValidUtf8(nfc));
  Check(ToNfc(nfc) == nfc);
  Check(FoldName(nfc).value() == *fold);
  Check(HasVietMarks(nfc) == HasVietMarks(s));
  // The words with their marks line up with the folded words.
  const size_t folded_words = fold->empty() ? 0 : 1 + std::count(fold->begin(), fold->end(), ' ');
  Check(NameWordsOf(s).size() == folded_words);
  return 0;
}
