#pragma once
// Calendar dates: full ISO 8601 dates and partial ones (year, or year and month) for
// birth dates of people without full documents.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace lb::core {

// A date with optional month and day: 1978, 1978-05 or 1978-05-21.
struct PartialDate {
  int year = 0;
  unsigned month = 0;  // 0 = unknown
  unsigned day = 0;    // 0 = unknown

  std::string ToString() const;
  bool operator==(const PartialDate&) const = default;
};

// Parses YYYY, YYYY-MM or YYYY-MM-DD; rejects impossible dates (2023-02-30) and years
// outside 1900..2100.
std::optional<PartialDate> ParsePartialDate(std::string_view s);

// Parses a full YYYY-MM-DD date.
std::optional<std::chrono::sys_days> ParseDate(std::string_view s);

// A date as people write it in a form or a spreadsheet: day first, as Laos and Vietnam write
// it (31/12/2026, 31-12-2026, 1/7/2026), or ISO (2026-12-31). With `partial` (birth dates)
// also a month and year (03/1994, 3-1994, 1994-03) or a year (1994). Impossible dates
// (31/02/2026, 2026-13-01) and two-digit years are refused. The API stays ISO-only
// (ParseDate, ParsePartialDate); this is for what people type.
std::optional<PartialDate> ParseDateAsWritten(std::string_view s, bool partial);

std::string FormatDate(std::chrono::sys_days d);

// d plus `months` calendar months, clamped to the month's last day (2025-01-31 + 1 = 2025-02-28).
std::chrono::sys_days AddMonths(std::chrono::sys_days d, int months);

}  // namespace lb::core
