#pragma once
// Folding of Latin-script names for comparison: case, diacritics, Vietnamese tone marks.
//
// Vietnamese writes a syllable's tone on one vowel, and two placements are in use (old
// "Thuỷ", "Hoà" and new "Thủy", "Hòa"). Folding strips tone and vowel-quality marks and
// maps Đ/đ to D/d (a different letter, never dropped). VietDetail keeps the marks but
// records the tone per syllable, not per letter, so both placements give the same detail.
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace lb::text {

// Lowercase, diacritic-free form of a name: Latin letters fold to ASCII (đ → d), digits kept,
// Lao text kept (normalised by NormalizeLao), every run of spaces, punctuation and symbols
// becomes one space, and hyphens and apostrophes inside a word are dropped so "Bun-nhăng"
// folds to "bunnhang". Idempotent. Fails on invalid UTF-8.
core::Result<std::string> FoldName(std::string_view s);

// Vietnamese detail of one word: lowercase letters keeping vowel quality (ă â ê ô ơ ư đ,
// written as a( a^ e^ o^ o+ u+ d-), followed by the tone digit of the syllable
// (0 none, 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng) wherever the mark sat.
// "Thủy" and "Thuỷ" → "thuy3"; "Thúy" → "thuy1". Fails on invalid UTF-8.
core::Result<std::string> VietDetail(std::string_view word);

// True when the text carries any Vietnamese vowel-quality or tone mark, or Đ/đ.
bool HasVietMarks(std::string_view s);

// Unchecked variants for callers that validated the UTF-8 already (hot paths).
std::string FoldNameUnchecked(std::string_view s);
std::string VietDetailUnchecked(std::string_view word);
// HasVietMarks of text already in NFC, as UTF-8 or as code points; VietDetail of code points.
bool HasVietMarksNfc(std::string_view nfc);
bool HasVietMarksOf(std::u32string_view nfc);
std::string VietDetailOf(std::u32string_view word);
// The words of a name as FoldName separates them, in NFC with their marks.
std::vector<std::u32string> NameWordsOf(std::string_view s);

}  // namespace lb::text
