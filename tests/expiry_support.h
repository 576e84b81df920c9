#pragma once
// What the expiry and worklist suites share: a permit body with its own number and dates.
#include <nlohmann/json.hpp>
#include <string>

namespace lb::testing {

// `base` (ApiFixture::PermitInVietnam) as an issued permit valid from `from` until `until`.
inline nlohmann::json IssuedPermit(nlohmann::json base, const std::string& number, const std::string& from,
                                   const std::string& until) {
  base["permit_number"] = number;
  base["issued"] = from;
  base["valid_from"] = from;
  base["valid_until"] = until;
  return base;
}

}  // namespace lb::testing
