#include "core/date.h"

#include <charconv>
#include <cstdio>
#include <vector>

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

std::optional<PartialDate> ParseDateAsWritten(std::string_view s, bool partial) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  // ISO: 2026-12-31, and 1994-03 or 1994 where a partial date is allowed.
  if (s.size() >= 4 && s[0] >= '0' && s[0] <= '9' && s.size() != 5 && s.size() != 6 && (s.size() == 4 || s[4] == '-')) {
    auto d = ParsePartialDate(s);
    if (!d || (!partial && d->day == 0)) return std::nullopt;
    return d;
  }
  // Day first: D/M/YYYY or D-M-YYYY (one separator throughout); M/YYYY for a partial date.
  std::vector<std::string_view> parts;
  char sep = 0;
  size_t from = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '/' || s[i] == '-') {
      if (i < s.size()) {
        if (sep && s[i] != sep) return std::nullopt;
        sep = s[i];
      }
      parts.push_back(s.substr(from, i - from));
      from = i + 1;
    }
  }
  if (!sep || (parts.size() != 3 && !(partial && parts.size() == 2))) return std::nullopt;
  auto number = [](std::string_view p, size_t max) -> std::optional<int> {
    if (p.empty() || p.size() > max) return std::nullopt;
    return ParseDigits(p, p.size());
  };
  const auto year = parts.back().size() == 4 ? ParseDigits(parts.back(), 4) : std::nullopt;
  const auto month = number(parts[parts.size() - 2], 2);
  const auto day = parts.size() == 3 ? number(parts[0], 2) : std::optional<int>(0);
  if (!year || !month || !day || *year < 1900 || *year > 2100 || *month < 1 || *month > 12) return std::nullopt;
  PartialDate d{*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)};
  if (parts.size() == 3) {
    std::chrono::year_month_day ymd{std::chrono::year(d.year), std::chrono::month(d.month), std::chrono::day(d.day)};
    if (*day < 1 || !ymd.ok()) return std::nullopt;
  }
  return d;
}

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
