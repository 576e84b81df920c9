#pragma once
// The empty file an officer fills in to import a kind of record: its columns (ColumnsOf) with
// the headers in one language, as CSV (UTF-8 with a byte-order mark, for Excel) or XLSX (bold
// frozen header, every column formatted as text so an ID typed 0012345 keeps its zeros and a
// date stays as typed). It holds no record, so downloading one is not audited.
#include <string>
#include <string_view>

#include "core/error.h"
#include "features/files/columns.h"
#include "features/files/importer.h"

namespace lb::files {

struct ImportTemplate {
  std::string bytes;
  std::string content_type;
  std::string file_name;  // persons-template-vi.xlsx
};

// `format` is "csv" or "xlsx" (anything else: a field error on `format`).
core::Result<ImportTemplate> MakeImportTemplate(Kind kind, Lang lang, std::string_view format);

}  // namespace lb::files
