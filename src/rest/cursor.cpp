#include "rest/cursor.h"

#include <sodium.h>

#include <string>

#include "core/id.h"

namespace lb::rest {

std::string EncodeCursor(const std::string& last_id) {
  std::string out(sodium_base64_encoded_len(last_id.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(last_id.data()), last_id.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::optional<std::string> DecodeCursor(const std::string& cursor) {
  std::string bin(cursor.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), cursor.data(), cursor.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  bin.resize(len);
  if (!core::IsUuid(bin)) return std::nullopt;
  return bin;
}

}  // namespace lb::rest
