#pragma once
// Comparison of two personal names written in any script or spelling.
//
// Names are compared as sets of words: Lao puts the given name first, Vietnamese the family
// name first, passports either, and people without a family name write one word. Each word
// of the shorter name is paired with its best partner in the other (by Jaro–Winkler over
// phonetic keys, or over folded letters for Vietnamese names, whose spelling is fixed and
// where "An" and "Anh" are different names); merged or split syllables ("Boun Nhang" and
// "Bounnhang") are caught by comparing the names run together.
#include <string>
#include <string_view>
#include <vector>

#include "text/name_key.h"

namespace lb::text {

// Names scoring at least this are treated as the same name (see docs/matching.md).
inline constexpr double kSameNameThreshold = 0.88;

// Jaro–Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 characters).
double JaroWinkler(std::string_view a, std::string_view b);

// How two names compare.
struct NameComparison {
  double score = 0;          // 0..1, symmetric
  size_t matched_words = 0;  // words of the shorter name with a partner
  size_t unmatched_words = 0;
};

NameComparison CompareNames(const std::vector<NameToken>& a, const std::vector<NameToken>& b);

// Similarity of one query typed by a user against a name, for search: the last query word
// may be a prefix (type-ahead), and words of the name the query does not mention cost
// little. 0..1.
double QueryScore(const std::vector<NameToken>& query, const std::vector<NameToken>& name);

// The phonetic keys of a name's words run together in every rotation of the word order and
// reversed, each also with a final stop before a same-place onset kept instead of the onset
// ("Khat Thi Nha Bay Kham" gives the key of Baykham Khattiya). Sorted, without repeats.
std::vector<std::string> RunTogetherKeys(const std::vector<NameToken>& name);

// True when a name reads as Vietnamese (every word a Vietnamese syllable and at least one
// Vietnamese mark or a common Vietnamese family name).
bool LooksVietnamese(const std::vector<NameToken>& name);

}  // namespace lb::text
