#pragma once
// Duplicate scoring of persons (Fellegi–Sunter style weights; docs/matching.md). The search
// and duplicate lookups themselves are RegistryService members (registry/search.cpp).
#include <string>
#include <vector>

#include "features/registry/model.h"

namespace lb::registry {

// Evidence that two person records describe one person: the summed log-weights of each
// comparison, its logistic probability, and which comparisons agreed.
struct MatchEvidence {
  double weight = 0;
  double probability = 0;
  double name_score = 0;
  std::vector<std::string> reasons;
};

// Weights (docs/matching.md): name agreement at four levels, birth date (exact, year or
// month only, day and month swapped, conflicting), document number, nationality and sex.
MatchEvidence ScoreDuplicate(const Person& a, const Person& b);

// A pair at or above this probability is a probable duplicate (the weight 7 of a name match
// alone, with nothing to contradict it).
inline constexpr double kDuplicateProbability = 0.5;

// Lowest search score returned.
inline constexpr double kSearchMinScore = 0.6;

}  // namespace lb::registry
