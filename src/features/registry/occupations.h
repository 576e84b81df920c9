#pragma once
// The occupation picker's search over ISCO-08 unit groups (platform/reference), and its JSON
// route GET /api/v1/reference/isco?q=&limit= for the permit form's search-as-you-type.
//
// Who may call it: any signed-in user or API token, any role, any scope (it is the public
// classification, no record). Nothing is audited: a reference read shows no personal data.
// Titles are ISCO-08's English ones: no published Vietnamese or Lao title list was at hand.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "features/registry/api.h"
#include "http/router.h"

namespace lb::registry {

struct OccupationMatch {
  std::string code;   // "7112"
  std::string title;  // "Bricklayers and related workers"
};

inline constexpr size_t kOccupationsShown = 20;   // results when the query asks no limit
inline constexpr size_t kOccupationsAtMost = 50;  // the most a query may ask
inline constexpr size_t kOccupationQueryChars = 100;

// Unit groups whose code starts with `q` (digits) or whose title has every word of `q` (any
// case); titles that start with the first word come first, then code order. At most `limit`.
std::vector<OccupationMatch> FindOccupations(std::string_view q, size_t limit);

void RegisterOccupationRoutes(http::Router& router, const Authenticate& auth);

}  // namespace lb::registry
