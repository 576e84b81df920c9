#pragma once
// Phonetic name keys: one key per name word, the same for the Lao script and for the
// passport, French-style and Vietnamese-press Latin spellings of it.
//
// A key is a short ASCII string over sound classes, not letters:
//   consonants  p b f(ph f) t d T(th) k(k c q g) K(kh) G(ng) c(ch j) s(s x z) y(ny nh gn y)
//               n m l(l r) v(v w) h
//   vowels      a e i o u, and the pairs ia ua ai ao
// Finals fold to their sound (th/d → t, c/ch/g → k, nh → n at a Lao-style word end),
// vowel length and tone are ignored, and doubled letters collapse. So ບຸນຍັງ, Bounnhang and
// Bun-nhăng all give "bunyaG"; ວໍລະຈິດ, Vorachith, Vorachit and Vo-la-chít give "volacit".
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace lb::text {

// One word of a name with its comparison forms.
struct NameToken {
  std::string folded;  // FoldName of the word: lowercase ASCII for Latin, normalised Lao script
  std::string key;     // phonetic key
  // A second key where the word reads two ways (empty when it does not): Latin nh/ny between
  // vowels read as n + h/y across a syllable boundary (Bounheuang, ບຸນເຮືອງ), or a Lao final
  // stop before a same-place onset written by its final (ຂັດທິຍະ, Khattiya).
  std::string alt_key;
  std::string viet;  // VietDetail when the word carries Vietnamese marks, else empty
  bool lao_script = false;
};

// The words of a name (split on spaces and punctuation; hyphenated syllables stay one word;
// a Lao run without spaces stays one word) with their keys. Leading titles (Mr, ທ່ານ, Ông...,
// see docs/matching.md) are not words of the name. Fails on invalid UTF-8.
core::Result<std::vector<NameToken>> NameTokens(std::string_view name);
std::vector<NameToken> NameTokensUnchecked(std::string_view name);

// The phonetic key of one folded word (output of FoldName, no spaces).
std::string PhoneticKey(std::string_view folded_word);

// PhoneticKey, and the word's second reading in `alt` (cleared when there is none).
std::string KeyWithAlternative(std::string_view folded_word, std::string* alt);

// Key of Lao-script text (normalised), syllable by syllable.
std::string LaoKey(std::string_view lao_word);

// Key of a folded Latin word.
std::string LatinKey(std::string_view ascii_word);

// A key with each final stop before an onset of the same place (t+th, t+d, p+ph, p+b, k+kh)
// written once, as passports write it: the onset kept (`keep_onset`, Vathana for ວັດທະນາ) or the
// final (Khattiya for ຂັດທິຍະ).
std::string CollapseStopPairs(std::string_view key, bool keep_onset);

}  // namespace lb::text
