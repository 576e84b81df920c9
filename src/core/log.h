#pragma once
// Logging setup (spdlog to stderr). Never log personal data: ids and counts only.
#include <string>

namespace lb::core {

// Sets the global log level and format; safe to call more than once.
void InitLogging(const std::string& level);

}  // namespace lb::core
