#pragma once
// The list of common passwords the node refuses beside libpwquality's checks
// (data/common_passwords.csv, embedded; made by scripts/gen-common-passwords.py from zxcvbn's
// list of the 30,000 most frequent passwords).
#include <string>
#include <string_view>

namespace lb::access {

// `password` as the list holds it: ASCII letters in lower case, and the digits, symbols and
// spaces at its end taken off ("Welcome12345!" is "welcome").
std::string CommonPasswordKey(std::string_view password);

// Whether `password`, so compared, is on the list.
bool IsCommonPassword(std::string_view password);

}  // namespace lb::access
