#pragma once
// Lao script: normalisation, syllable parsing and word segmentation.
//
// Lao writes vowels before, above, below and after the initial consonant, and a syllable's
// parts can be typed in more than one order or form: ໜ (U+0EDC) or ຫ+ນ, ໝ (U+0EDD) or ຫ+ມ,
// ຫຼ (ຫ+U+0EBC) or ຫລ, ຳ or ໍ+າ, and a tone mark before or after the vowel sign above.
// NormalizeLao picks one form of each; it never removes a vowel or a tone mark.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace lb::text {

// The vowel nucleus of a syllable, whatever letters spell it.
enum class LaoVowel : uint8_t {
  kNone,  // consonant alone (inherent vowel)
  kA,     // ະ ັ າ
  kI,     // ິ ີ
  kUe,    // ຶ ື (close back unrounded, ư)
  kU,     // ຸ ູ
  kE,     // ເ-ະ ເ- ເັ (e)
  kAe,    // ແ-ະ ແ- (ɛ)
  kO,     // ໂ-ະ ໂ- ົ (o)
  kOr,    // ເ-າະ ໍ ອ (ɔ)
  kOe,    // ເ-ິ ເ-ີ (ɤ, ơ)
  kIa,    // ເ-ຍ ຽ
  kUea,   // ເ-ືອ (ươ)
  kUa,    // ົວ ວ
  kAi,    // ໄ ໃ ັຍ
  kAo,    // ເ-ົາ
  kAm,    // ຳ
};

// One written Lao syllable.
struct LaoSyllable {
  char32_t initial = 0;     // the initial consonant (for ຫ-clusters and ໜ/ໝ: the sonorant)
  bool high_class = false;  // tone class: ຂ ສ ຖ ຜ ຝ ຫ and ຫ-clusters are high
  bool mid_class = false;   // ກ ຈ ດ ຕ ບ ປ ຢ ອ
  char32_t medial = 0;      // ລ for ຼ/ລ clusters, ວ for kw-type clusters
  LaoVowel vowel = LaoVowel::kNone;
  bool long_vowel = false;
  char32_t final = 0;     // ກ ງ ດ ນ ບ ມ ຍ ວ (or another consonant in loan words)
  uint8_t tone_mark = 0;  // 0 none, 1 ່ (mai ek), 2 ້ (mai tho), 3 ໊, 4 ໋
  bool other = false;     // not a syllable: a digit or a sign passed through as `text`
  std::u32string text;    // for `other` entries: the code points passed through
};

// Normalised Lao: NFC, precomposed ໜ ໝ, ຫຼ for ຫລ, ຳ for ໍ+າ, and combining marks in
// the order consonant, ຼ, vowel sign, tone mark, cancellation mark. Idempotent.
// Non-Lao text is only NFC-normalised. Fails on invalid UTF-8.
core::Result<std::string> NormalizeLao(std::string_view s);
std::string NormalizeLaoUnchecked(std::string_view s);
// The same over decoded text (used by folding, which has the code points at hand).
std::string NormalizeLaoCodePoints(std::u32string cps);

// Syllables of a run of Lao text (no spaces needed). Characters that do not form a
// syllable come back as `other` entries. Fails on invalid UTF-8.
core::Result<std::vector<LaoSyllable>> ParseLaoSyllables(std::string_view s);
std::vector<LaoSyllable> ParseLaoSyllablesUnchecked(std::u32string_view normalized);

// Words of Lao text by ICU's dictionary-based word break iterator (spaces and
// punctuation dropped). Fails on invalid UTF-8.
core::Result<std::vector<std::string>> SegmentLaoWords(std::string_view s);

bool IsLaoText(std::string_view s);  // contains at least one Lao letter
bool IsLaoConsonant(char32_t c);

}  // namespace lb::text
