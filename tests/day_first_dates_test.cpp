// Dates on pages read day first (dd/mm/yyyy) in every language, and date inputs say so.
#include <gtest/gtest.h>

#include "core/local_time.h"
#include "ui/dates.h"
#include "ui/i18n.h"

namespace lb::ui {
namespace {

TEST(DayFirstDate, FullPartialAndTimestamps) {
  EXPECT_EQ(DayFirstDate("2026-05-21"), "21/05/2026");
  EXPECT_EQ(DayFirstDate("2026-12-01"), "01/12/2026");
  EXPECT_EQ(DayFirstDate("1978-05"), "05/1978") << "a month and year";
  EXPECT_EQ(DayFirstDate("1978"), "1978") << "a year alone";
  EXPECT_EQ(DayFirstDate("not a date"), "not a date");
  EXPECT_EQ(DayFirstDate("2026-02-30"), "2026-02-30") << "an impossible date is shown as stored, not invented";
  EXPECT_EQ(DayFirstDate(""), "");
}

TEST(DayFirstDate, TimesAreShownInTheNodesZone) {
  ASSERT_TRUE(core::SetLocalZone("Asia/Vientiane"));
  // 20:30 UTC is 03:30 the next day in UTC+7: the local day is shown.
  EXPECT_EQ(DayFirstDate("2026-05-21T20:30:00.123Z"), "22/05/2026 03:30");
  ASSERT_TRUE(core::SetLocalZone("UTC"));
  EXPECT_EQ(DayFirstDate("2026-05-21T08:05:09Z"), "21/05/2026 08:05");
}

TEST(DayFirstDate, TheTranslatorShowsTheSameInEveryLanguage) {
  for (const char* lang : {"en", "vi", "lo"}) {
    const Translator& tr = Translator::For(lang);
    EXPECT_EQ(tr.Date("2026-05-21"), "21/05/2026") << lang;
    EXPECT_EQ(tr.Date("1994-03"), "03/1994") << lang;
  }
}

TEST(DayFirstDate, TheSpelledMonthIsInThePagesLanguage) {
  EXPECT_EQ(SpelledDate(Translator::For("en"), "2026-12-31"), "31 December 2026");
  const std::string vi = SpelledDate(Translator::For("vi"), "2026-12-31");
  EXPECT_NE(vi.find("12"), std::string::npos) << vi;
  EXPECT_NE(vi.find("2026"), std::string::npos) << vi;
  EXPECT_NE(vi.find("tháng"), std::string::npos) << vi;
}

TEST(DateInputField, ShowsTheValueDayFirstWithAPlaceholderAndAHint) {
  for (const char* lang : {"en", "vi", "lo"}) {
    PageContext ctx;
    ctx.tr = &Translator::For(lang);
    Field f{.name = "valid_until", .label = "Valid until", .value = "2027-12-31"};
    DateInputField(ctx, f);
    EXPECT_EQ(f.value, "31/12/2027") << lang;
    EXPECT_TRUE(f.date);
    EXPECT_FALSE(f.placeholder.empty()) << lang;
    EXPECT_NE(f.hint.find("31/12/2026"), std::string::npos) << lang << ": " << f.hint;
    // What an officer typed stays as typed.
    Field typed{.name = "valid_until", .label = "Valid until", .value = "31-12-2027"};
    DateInputField(ctx, typed);
    EXPECT_EQ(typed.value, "31-12-2027");
  }
  PageContext ctx;
  ctx.tr = &Translator::For("en");
  EXPECT_EQ(DatePlaceholder(ctx), "dd/mm/yyyy");
  Field birth{.name = "birth_date", .label = "Date of birth", .value = "1990-05"};
  DateInputField(ctx, birth, DateInput::kPartial);
  EXPECT_EQ(birth.value, "05/1990");
  // The example of a birth date is in the past (never a birth date nobody could have).
  EXPECT_NE(birth.hint.find("21/05/1990"), std::string::npos) << birth.hint;
}

TEST(IsoDates, OnlyTheFormsDateInputsAreRead) {
  PageContext ctx;
  ctx.tr = &Translator::For("en");
  Form form;
  Field d{.name = "held_on", .label = "Date"};
  DateInputField(ctx, d);
  form.fields.push_back(d);
  form.fields.push_back(Field{.name = "note", .label = "Note"});
  const FormData out = IsoDates(form, {{"held_on", "12/11/2025"}, {"note", "12/11/2025"}});
  EXPECT_EQ(out.at("held_on"), "2025-11-12");
  EXPECT_EQ(out.at("note"), "12/11/2025");
  EXPECT_EQ(IsoDates(form, {{"held_on", "31/02/2025"}}).at("held_on"), "31/02/2025") << "no date: left as typed";
}

}  // namespace
}  // namespace lb::ui
