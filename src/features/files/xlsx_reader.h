#pragma once
// Reads the first (or a named) worksheet of an XLSX file by streaming its XML out of the zip
// (libzip + expat): shared strings, inline strings, numbers, booleans, and dates stored as
// serial numbers (turned back into YYYY-MM-DD by the cell's number format). Guards against
// zip bombs: every entry's declared size and compression ratio are checked first, and the
// bytes actually inflated are counted against those limits.
#include <memory>
#include <optional>
#include <string>

#include "features/files/table.h"

namespace lb::exchange {

struct XlsxLimits {
  uint64_t max_entry_bytes = 2ull << 30;  // one uncompressed part (the sheet) at most 2 GiB
  uint64_t max_total_bytes = 4ull << 30;  // all parts together
  uint64_t max_ratio = 200;               // uncompressed / compressed, for parts over 1 MiB
  uint64_t max_shared_strings_bytes = 512ull << 20;
};

// Opens `path`; `sheet` names the worksheet (default: the first).
core::Result<std::unique_ptr<TableSource>> OpenXlsx(const std::string& path, const std::optional<std::string>& sheet,
                                                    const XlsxLimits& limits = {});

// Opens a CSV or XLSX file (told apart by the zip signature at its start).
core::Result<std::unique_ptr<TableSource>> OpenTable(const std::string& path, const std::optional<std::string>& sheet);

// Excel's serial day number (1900 date system) as YYYY-MM-DD.
std::string SerialToDate(double serial);

}  // namespace lb::exchange
