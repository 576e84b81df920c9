#pragma once
// How the router splits a path and matches it against a route's pattern ("{name}" segments
// match any non-empty segment), shared with the marks on routes kept beside it (heavy_routes.h).
#include <string>
#include <vector>

#include "http/router.h"

namespace lb::http {

// "/api/v1/persons/1" -> {"api", "v1", "persons", "1"}.
std::vector<std::string> SplitPath(const std::string& path);
// True when `parts` fit `pattern`; the "{name}" segments' values go into `params`.
bool MatchPath(const std::vector<std::string>& pattern, const std::vector<std::string>& parts, PathParams& params);

}  // namespace lb::http
