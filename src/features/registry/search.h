#pragma once
// Duplicate scoring of persons (Fellegi–Sunter style weights; docs/matching.md). The search
// and duplicate lookups themselves are RegistryService members (registry/search.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "features/registry/model.h"
#include "features/registry/store.h"
#include "text/name_key.h"

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

// The candidate rules of the duplicate lookups. RegistryService::FindDuplicates (search.cpp)
// and the bulk check (matching/bulk_duplicates.cpp) both follow them: they decide which
// candidates exist, so they are written once.
inline constexpr size_t kMaxQueryWords = 6;                 // words of a written form looked up
inline constexpr int kPerLookup = 200;                      // postings read per index lookup
inline constexpr size_t kDuplicateCandidatesPerForm = 100;  // best-ranked persons per written form
inline constexpr int kHoldersPerDocument = 20;              // persons per document number
inline constexpr size_t kMaxDuplicates = 5;                 // candidates reported

// One name-index lookup: a term of `column` equal to `value` (or starting with it), and the
// weight each person it finds gets.
struct NameLookup {
  store::NameColumn column;
  std::string value;
  bool prefix;
  int weight;
};
// The lookups of one written form's tokens (phonetic key, folded word, consonant skeleton,
// the words run together; with type_ahead also prefixes of the last word).
std::vector<NameLookup> NameLookups(const std::vector<text::NameToken>& q, bool type_ahead);
// A written form's tokens as they are looked up (the first kMaxQueryWords).
std::vector<text::NameToken> LookupTokens(std::string_view form);
// The persons found, as (name_ref, weight) hits in any order: the summed weight per ref, most
// first and ties in ref order, the best `max` refs.
std::vector<int64_t> RankRefs(std::vector<std::pair<int64_t, int>> hits, size_t max);

// ScoreDuplicate's birth-date weight; the agreeing comparison is appended to `reasons` when given.
double BirthDateWeight(const std::optional<std::string>& a, const std::optional<std::string>& b,
                       std::vector<std::string>* reasons = nullptr);
// A document number (spaces, dashes and dots aside, any case) of one from the same country
// as one of the other's.
bool DocumentsAgree(const Person& a, const Person& b);
// Adds `candidate` to `out` when it is a probable duplicate of `input`.
void AddIfDuplicate(const Person& input, Person candidate, std::vector<DuplicateCandidate>& out);
// The most probable first (ties by id), at most kMaxDuplicates.
void KeepBestDuplicates(std::vector<DuplicateCandidate>& out);

}  // namespace lb::registry
