#pragma once
// Lao → Latin romanisation in the three renderings officers meet in files.
//
// kPassport: the Lao official usage seen in passports and government lists
//            ("Bounnhang Vorachith", "Thongloun Sisoulith", "Sonexay Siphandone").
// kFrench:   the French-influenced habit of older files ("Bounnhang Vorachit"; final
//            stops as t, ໄ as ai, ຊ as s, ແ as è).
// kVietnamese: the Vietnamese press ("Bun-nhăng Vo-la-chít"): Vietnamese letters and
//            tone marks, the syllables of a word joined by hyphens.
// kBgnPcgn:  the BGN/PCGN 1966 system of geographic names ("Louangphabang", "Savannakhét",
//            "Xaignabouli", "Oudômxai"): no French silent e, ແ è, ເ é, ໂ ô, ຊ x, ຍ gn.
// The tables behind these are documented in docs/matching.md.
#include <string>
#include <string_view>

#include "core/error.h"

namespace lb::text {

enum class RomanStyle { kPassport, kFrench, kVietnamese, kBgnPcgn };

// The style's name as shown beside romanised text ("passport", "French", "Vietnamese press",
// "BGN/PCGN"), so that users know which spelling they see.
std::string_view RomanStyleLabel(RomanStyle style);

// Romanises every run of Lao in `text`; other characters are kept as they are.
// Fails on invalid UTF-8.
core::Result<std::string> RomaniseLao(std::string_view text, RomanStyle style);
std::string RomaniseLaoUnchecked(std::string_view text, RomanStyle style);

}  // namespace lb::text
