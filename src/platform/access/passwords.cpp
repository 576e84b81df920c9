#include "platform/access/passwords.h"

#include <algorithm>
#include <vector>

#include "core/resources.h"

namespace lb::access {
namespace {

bool IsAsciiLetter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The list's entries (sorted by the script that wrote it; sorted again here to be sure), read
// once from the embedded file. Views into the embedded bytes, which live as long as the program.
const std::vector<std::string_view>& CommonPasswords() {
  static const std::vector<std::string_view> kList = [] {
    std::vector<std::string_view> list;
    const auto file = core::FindResource("data/common_passwords.csv");
    if (!file) return list;
    std::string_view rest = *file;
    bool header = true;
    while (!rest.empty()) {
      const size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (header) {
        header = false;
        continue;
      }
      if (!line.empty()) list.push_back(line);
    }
    std::sort(list.begin(), list.end());
    return list;
  }();
  return kList;
}

}  // namespace

std::string CommonPasswordKey(std::string_view password) {
  size_t end = password.size();
  // Only ASCII digits, symbols and spaces are taken off; a letter of another script ends it.
  while (end > 0) {
    const auto c = static_cast<unsigned char>(password[end - 1]);
    if (c >= 0x80 || IsAsciiLetter(c)) break;
    --end;
  }
  std::string key(password.substr(0, end));
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

bool IsCommonPassword(std::string_view password) {
  const std::string key = CommonPasswordKey(password);
  if (key.empty()) return false;  // digits and symbols only: libpwquality judges those
  const auto& list = CommonPasswords();
  return std::binary_search(list.begin(), list.end(), std::string_view(key));
}

}  // namespace lb::access
