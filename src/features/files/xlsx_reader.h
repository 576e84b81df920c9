#pragma once
// Reads the first (or a named) worksheet of an XLSX file by streaming its XML out of the zip
// (libzip + expat): shared strings, inline strings, numbers, booleans, and dates stored as
// serial numbers. The cell's number format decides the text: a date format gives YYYY-MM-DD,
// or YYYY-MM / YYYY when it shows no day / no month (never inventing one); a digit format
// (0000000, 000 0000 0000) gives the number as the sheet shows it, leading zeros included.
// An ODS file (LibreOffice's own format) is read by OpenOds (ods_reader.cpp), which OpenXlsx
// hands it to. Guards against zip bombs: every entry's declared size and compression ratio
// are checked first, and the bytes actually inflated are counted against those limits.
#include <memory>
#include <optional>
#include <string>

#include "features/files/table.h"

namespace lb::files {

struct XlsxLimits {
  uint64_t max_entry_bytes = 2ull << 30;  // one uncompressed part (the sheet) at most 2 GiB
  uint64_t max_total_bytes = 4ull << 30;  // all parts together
  uint64_t max_ratio = 200;               // uncompressed / compressed, for parts over 1 MiB
  uint64_t max_shared_strings_bytes = 512ull << 20;
};

// Opens `path` (XLSX, or an ODS file told apart by its parts); `sheet` names the worksheet
// (default: the first).
core::Result<std::unique_ptr<TableSource>> OpenXlsx(const std::string& path, const std::optional<std::string>& sheet,
                                                    const XlsxLimits& limits = {});

// Opens a CSV, XLSX or ODS file (a zip signature at its start tells a spreadsheet from CSV).
core::Result<std::unique_ptr<TableSource>> OpenTable(const std::string& path, const std::optional<std::string>& sheet);

// Opens the first (or a named) sheet of an ODS spreadsheet (content.xml in a zip).
core::Result<std::unique_ptr<TableSource>> OpenOds(const std::string& path, const std::optional<std::string>& sheet,
                                                   const XlsxLimits& limits = {});

// Excel's serial day number (1900 date system) as YYYY-MM-DD.
std::string SerialToDate(double serial);

// How much of a date a cell's format shows.
enum class DatePrecision { kDay, kMonth, kYear };
// YYYY-MM-DD (or longer, 1994-03-01T00:00:00) cut to what the format shows: 1994-03, 1994.
std::string DateText(std::string_view iso, DatePrecision precision);

}  // namespace lb::files
