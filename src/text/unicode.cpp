#include "text/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "text/utf8.h"

namespace lb::text {

bool IsValidUtf8(std::string_view s) {
  for (Utf8Cursor cur(s); !cur.done();) {
    if (cur.Next() < 0) return false;
  }
  return true;
}

std::string ToNfc(std::string_view s) {
  bool ascii = true;
  for (unsigned char c : s) {
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return std::string(s);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(s);
  // Most text arrives in NFC already: check it in UTF-8 without converting it.
  const icu::StringPiece piece(s.data(), static_cast<int32_t>(s.size()));
  if (nfc->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::string(s);
  status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(piece);
  icu::UnicodeString out = nfc->normalize(u, status);
  if (U_FAILURE(status)) return std::string(s);
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string UpperNoSpaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (Utf8Cursor cur(s); !cur.done();) {
    const size_t start = cur.offset();
    const int32_t c = cur.Next();
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000 ||
                       (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F;
    if (space) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.append(s.substr(start, cur.offset() - start));
  }
  return out;
}

bool HasControlChars(std::string_view s) {
  for (Utf8Cursor cur(s); !cur.done();) {
    const int32_t c = cur.Next();
    if ((c >= 0 && c < 0x20) || c == 0x7F || (c >= 0x80 && c < 0xA0)) return true;
  }
  return false;
}

}  // namespace lb::text
