#pragma once
// The columns of each kind of file and their header names in English, Vietnamese and Lao
// (docs/csv-formats.md lists them). Headers match case-insensitively, ignoring spaces,
// underscores and hyphens, in any of the three languages.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "features/files/table.h"
#include "platform/kinds/kind.h"

namespace lb::registry {
enum class RegistryRecord;  // features/registry/service.h
}

namespace lb::files {

enum class Lang { kEn, kVi, kLo };
std::optional<Lang> ParseLang(std::string_view s);

// A file's columns come from the registry's kind tables (features/registry/kinds.cpp): the
// exported fields of the kind, then the columns that name related records by natural key.
using Column = kinds::Column;

std::span<const Column> ColumnsOf(Kind kind);
// The registry kind a file of `kind` holds (defined with the importer, importer.cpp).
registry::RegistryRecord RecordOf(Kind kind);
std::string_view HeaderName(const Column& c, Lang lang);

// Which column each cell of a header is, and where each column sits.
struct HeaderMap {
  std::vector<std::string> header;  // as written
  std::vector<int> cell_to_column;  // index into ColumnsOf(kind)
  std::vector<int> column_to_cell;  // -1 when the file lacks the column
  bool Has(size_t column) const { return column_to_cell[column] >= 0; }
};

// Maps a header row; unknown, duplicate and missing required columns are issues (row 1).
HeaderMap MapHeader(Kind kind, const std::vector<std::string>& header, std::vector<Issue>& issues);

}  // namespace lb::files
