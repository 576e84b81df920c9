#include "core/date.h"

#include <charconv>
#include <cstdio>

namespace lb::core {
namespace {

std::optional<int> ParseDigits(std::string_view s, size_t n) {
  if (s.size() != n) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

std::string PartialDate::ToString() const {
  char buf[64];
  if (month == 0) {
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else if (day == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u", year, month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
  }
  return buf;
}

std::optional<PartialDate> ParsePartialDate(std::string_view s) {
  PartialDate d;
  auto y = ParseDigits(s.substr(0, 4), 4);
  if (!y || *y < 1900 || *y > 2100) return std::nullopt;
  d.year = *y;
  if (s.size() == 4) return d;
  if (s.size() < 7 || s[4] != '-') return std::nullopt;
  auto m = ParseDigits(s.substr(5, 2), 2);
  if (!m || *m < 1 || *m > 12) return std::nullopt;
  d.month = static_cast<unsigned>(*m);
  if (s.size() == 7) return d;
  if (s.size() != 10 || s[7] != '-') return std::nullopt;
  auto day = ParseDigits(s.substr(8, 2), 2);
  if (!day) return std::nullopt;
  d.day = static_cast<unsigned>(*day);
  std::chrono::year_month_day ymd{std::chrono::year(d.year), std::chrono::month(d.month), std::chrono::day(d.day)};
  if (!ymd.ok()) return std::nullopt;
  return d;
}

std::optional<std::chrono::sys_days> ParseDate(std::string_view s) {
  auto p = ParsePartialDate(s);
  if (!p || p->day == 0) return std::nullopt;
  return std::chrono::sys_days(
      std::chrono::year_month_day{std::chrono::year(p->year), std::chrono::month(p->month), std::chrono::day(p->day)});
}

std::optional<PartialDate> ParseDateAsWritten(std::string_view, bool) { return std::nullopt; }

std::string FormatDate(std::chrono::sys_days d) {
  std::chrono::year_month_day ymd{d};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
  return buf;
}

std::chrono::sys_days AddMonths(std::chrono::sys_days d, int months) {
  std::chrono::year_month_day ymd{d};
  auto ym = std::chrono::year_month(ymd.year(), ymd.month()) + std::chrono::months(months);
  auto last = std::chrono::year_month_day_last(ym.year(), std::chrono::month_day_last(ym.month()));
  auto day = ymd.day() > last.day() ? last.day() : ymd.day();
  return std::chrono::sys_days(std::chrono::year_month_day(ym.year(), ym.month(), day));
}

}  // namespace lb::core
