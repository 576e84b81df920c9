#include "ui/dates.h"

#include <boost/locale.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <sstream>

#include "core/clock.h"
#include "core/date.h"
#include "core/local_time.h"

namespace lb::ui {
namespace {

// The time of "YYYY-MM-DDTHH:MM:SS[.fff]Z"; nullopt for anything else.
std::optional<core::TimePoint> ParseTimestamp(std::string_view s) {
  if (s.size() < 20 || s[10] != 'T' || s.back() != 'Z') return std::nullopt;
  auto day = core::ParseDate(s.substr(0, 10));
  if (!day) return std::nullopt;
  int h = 0, m = 0, sec = 0;
  auto num = [&](size_t at, int& out) {
    auto [p, ec] = std::from_chars(s.data() + at, s.data() + at + 2, out);
    return ec == std::errc() && p == s.data() + at + 2;
  };
  if (s[13] != ':' || s[16] != ':' || !num(11, h) || !num(14, m) || !num(17, sec)) return std::nullopt;
  return std::chrono::time_point_cast<std::chrono::milliseconds>(
      std::chrono::sys_seconds(*day) + std::chrono::hours(h) + std::chrono::minutes(m) + std::chrono::seconds(sec));
}

std::string Format(const core::PartialDate& d) {
  char buf[48];
  if (d.day) {
    std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", d.day, d.month, d.year);
  } else if (d.month) {
    std::snprintf(buf, sizeof buf, "%02u/%04d", d.month, d.year);
  } else {
    std::snprintf(buf, sizeof buf, "%04d", d.year);
  }
  return buf;
}

}  // namespace

std::string DayFirstDate(std::string_view iso) {
  if (auto t = ParseTimestamp(iso)) {
    // The wall clock of the node's zone: the day may differ from the UTC day of the text.
    const auto local = std::chrono::floor<std::chrono::minutes>(*t + core::LocalOffset(*t));
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day ymd(day);
    const std::chrono::hh_mm_ss hms(local - day);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02u/%02u/%04d %02d:%02d", static_cast<unsigned>(ymd.day()),
                  static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
    return buf;
  }
  if (auto d = core::ParsePartialDate(iso)) return Format(*d);
  return std::string(iso);
}

std::string SpelledDate(const Translator& tr, std::string_view iso) {
  auto day = core::ParseDate(iso);
  if (!day) return DayFirstDate(iso);
  std::ostringstream out;
  out.imbue(tr.locale());
  const auto t = static_cast<std::time_t>(std::chrono::sys_seconds(*day).time_since_epoch().count());
  out << boost::locale::as::date << boost::locale::as::date_long << boost::locale::as::gmt << t;
  return out.str();
}

std::string DatePlaceholder(const PageContext& ctx) {
  // TRANSLATORS: the order of a date's parts, as a placeholder in a date input (day first).
  return ctx.T("dd/mm/yyyy");
}

std::string DateHint(const PageContext& ctx, DateInput kind) {
  if (kind == DateInput::kPartial) {
    // A birth date: an example in the past, never one a person could not have.
    return ctx.F("Day, month and year, for example {1} ({2}), or {3} or {4} if the day is not known.",
                 {DayFirstDate("1990-05-21"), SpelledDate(*ctx.tr, "1990-05-21"), DayFirstDate("1990-05"), "1990"});
  }
  return ctx.F("Day, month and year, for example {1} ({2}).",
               {DayFirstDate("2026-12-31"), SpelledDate(*ctx.tr, "2026-12-31")});
}

void DateInputField(const PageContext& ctx, Field& field, DateInput kind) {
  // A record's ISO value is shown day first; what the officer typed stays as typed.
  if (core::ParsePartialDate(field.value)) field.value = DayFirstDate(field.value);
  field.date = true;
  field.placeholder = DatePlaceholder(ctx);
  field.hint = DateHint(ctx, kind);
  if (field.autocomplete.empty()) field.autocomplete = "off";
}

FormData IsoDates(const Form& form, FormData typed) {
  for (const auto& f : form.fields) {
    if (!f.date) continue;
    auto it = typed.find(f.name);
    if (it != typed.end()) it->second = IsoDateAsWritten(it->second);
  }
  return typed;
}

}  // namespace lb::ui
