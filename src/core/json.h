#pragma once
// JSON helpers that are not about HTTP (stores, reports and the REST layer use them alike).
#include <nlohmann/json.hpp>
#include <string>

namespace lb::core {

// JSON serialisation that never throws on odd bytes (invalid UTF-8 becomes U+FFFD).
std::string Dump(const nlohmann::json& j);

}  // namespace lb::core
