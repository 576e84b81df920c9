#include "features/files/columns.h"

#include <unicode/unistr.h>

#include "features/registry/kinds.h"
#include "features/registry/service.h"
#include "text/unicode.h"

namespace lb::files {
namespace {

// Lower case (full Unicode), without spaces, underscores, hyphens and dots.
std::string Fold(std::string_view s) {
  std::string nfc = text::ToNfc(s);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(nfc);
  u.toLower();
  std::string lower;
  u.toUTF8String(lower);
  std::string out;
  for (char c : lower) {
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t') continue;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string_view KindName(Kind kind) {
  static constexpr std::string_view kNames[] = {"persons", "employers", "permits"};
  return kNames[static_cast<int>(kind)];
}

std::optional<Lang> ParseLang(std::string_view s) {
  if (s == "en") return Lang::kEn;
  if (s == "vi") return Lang::kVi;
  if (s == "lo") return Lang::kLo;
  return std::nullopt;
}

std::span<const Column> ColumnsOf(Kind kind) { return registry::FileColumns(RecordOf(kind)); }

std::string_view HeaderName(const Column& c, Lang lang) {
  switch (lang) {
    case Lang::kVi:
      return c.vi;
    case Lang::kLo:
      return c.lo;
    case Lang::kEn:
      break;
  }
  return c.key;
}

HeaderMap MapHeader(Kind kind, const std::vector<std::string>& header, std::vector<Issue>& issues) {
  const auto columns = ColumnsOf(kind);
  HeaderMap m;
  m.header = header;
  m.cell_to_column.assign(header.size(), -1);
  m.column_to_cell.assign(columns.size(), -1);
  std::vector<std::array<std::string, 3>> folded;
  for (const auto& c : columns) folded.push_back({Fold(c.key), Fold(c.vi), Fold(c.lo)});
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string f = Fold(header[i]);
    int found = -1;
    for (size_t c = 0; c < columns.size() && found < 0; ++c) {
      for (const auto& name : folded[c]) {
        if (name == f) found = static_cast<int>(c);
      }
    }
    if (found < 0) {
      std::string known;
      for (const auto& c : columns) known += (known.empty() ? "" : ", ") + std::string(c.key);
      issues.push_back({1, header[i], ShortValue(header[i]), "unknown_column",
                        "Unknown column; the columns of a " + std::string(KindName(kind)) + " file are: " + known +
                            " (or their Vietnamese or Lao names)."});
      continue;
    }
    if (m.column_to_cell[found] >= 0) {
      issues.push_back({1, header[i], ShortValue(header[i]), "duplicate_column",
                        "The column " + std::string(columns[found].key) + " appears twice (cells " +
                            std::to_string(m.column_to_cell[found] + 1) + " and " + std::to_string(i + 1) + ")."});
      continue;
    }
    m.cell_to_column[i] = found;
    m.column_to_cell[found] = static_cast<int>(i);
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].required && m.column_to_cell[c] < 0) {
      issues.push_back({1, std::string(columns[c].key), "", "missing_column",
                        "The required column " + std::string(columns[c].key) + " is missing."});
    }
  }
  return m;
}

std::string ShortValue(std::string_view cell) {
  size_t cps = 0, i = 0;
  for (; i < cell.size(); ++i) {
    if ((static_cast<unsigned char>(cell[i]) & 0xC0) != 0x80) {
      if (cps == 100) return std::string(cell.substr(0, i)) + "…";
      ++cps;
    }
  }
  return std::string(cell);
}

}  // namespace lb::files
