#pragma once
// Helpers of the name-matching tests: the comparison score of two names as typed, and the
// phonetic keys of a name's words (titles taken off).
#include <string>
#include <string_view>
#include <vector>

#include "text/name_key.h"
#include "text/name_match.h"

namespace lb::text::name_scores {

inline double Score(std::string_view a, std::string_view b) {
  return CompareNames(NameTokens(a).value(), NameTokens(b).value()).score;
}

inline std::vector<std::string> Keys(std::string_view name) {
  std::vector<std::string> out;
  const auto tokens = NameTokens(name).value();
  for (const auto& t : tokens) out.push_back(t.key);
  return out;
}

}  // namespace lb::text::name_scores
