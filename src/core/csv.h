#pragma once
// A small RFC 4180 CSV reader for the reference data shipped in the binary.
#include <string>
#include <string_view>
#include <vector>

namespace lb::core {

// Parses CSV text (quoted fields, doubled quotes, embedded commas/newlines, CRLF or LF).
std::vector<std::vector<std::string>> ParseCsv(std::string_view text);

}  // namespace lb::core
