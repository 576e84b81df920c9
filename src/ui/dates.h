#pragma once
// Dates as Laos and Vietnam write them, day first, on every page and in every language
// (21/05/2026; en-GB writes the same): one function shows them, one sets up the inputs that
// take them. Stored dates and the API stay ISO 8601.
#include <string>
#include <string_view>

#include "ui/page_support.h"
#include "ui/render.h"

namespace lb::ui {

// "2026-05-21" -> "21/05/2026", a month "1978-05" -> "05/1978", a year "1978" as it is, an
// RFC 3339 time -> "21/05/2026 15:30" in the node's zone (core/local_time.h); anything else
// as it is.
std::string DayFirstDate(std::string_view iso);

// A date with its month spelled, in the page's language ("31 December 2026",
// "31 tháng 12, 2026"): beside a day-first example, where the order could be misread.
std::string SpelledDate(const Translator& tr, std::string_view iso);

// What a date input takes.
enum class DateInput {
  kDay,      // a full date
  kPartial,  // a birth date: day, month and year, or month and year, or the year alone
};

// Makes `field` a day-first date input: its value (ISO when it comes from a record) shown day
// first, a placeholder naming the order ("dd/mm/yyyy" in the page's language) and a hint with
// an example whose day is over 12, so the order cannot be misread (a past date for birth dates).
void DateInputField(const PageContext& ctx, Field& field, DateInput kind = DateInput::kDay);

// The form's values with each date input's typed date (31/12/2026, 31-12-2026) as ISO for the
// services; what is no date stays as typed (the service's error names the field).
FormData IsoDates(const Form& form, FormData typed);

// The hint and placeholder alone, for templates that write their own inputs.
std::string DateHint(const PageContext& ctx, DateInput kind = DateInput::kDay);
std::string DatePlaceholder(const PageContext& ctx);

}  // namespace lb::ui
