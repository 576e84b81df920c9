// Dates as people write them: day first with slashes or hyphens, ISO, and partial dates for
// births; impossible dates refused. The API's ISO-only parsers are unchanged.
#include <gtest/gtest.h>

#include "core/date.h"

namespace lb::core {
namespace {

std::string Written(std::string_view s, bool partial = false) {
  auto d = ParseDateAsWritten(s, partial);
  return d ? d->ToString() : "refused";
}

TEST(DatesAsWrittenTest, DayFirstWithSlashesOrHyphensAndIso) {
  EXPECT_EQ(Written("31/12/2026"), "2026-12-31");
  EXPECT_EQ(Written("31-12-2026"), "2026-12-31");
  EXPECT_EQ(Written("2026-12-31"), "2026-12-31");
  EXPECT_EQ(Written("1/7/2026"), "2026-07-01");
  EXPECT_EQ(Written(" 05/06/2026 "), "2026-06-05");  // day first: 5 June, never 6 May
}

TEST(DatesAsWrittenTest, ImpossibleDatesAreRefused) {
  EXPECT_EQ(Written("31/02/2026"), "refused");
  EXPECT_EQ(Written("29/02/2026"), "refused");
  EXPECT_EQ(Written("29/02/2024"), "2024-02-29");
  EXPECT_EQ(Written("2026-13-01"), "refused");
  EXPECT_EQ(Written("13/13/2026"), "refused");
  EXPECT_EQ(Written("00/12/2026"), "refused");
  EXPECT_EQ(Written("31/12/26"), "refused");    // a two-digit year is ambiguous
  EXPECT_EQ(Written("12/31/2026"), "refused");  // month first is not how either country writes
  EXPECT_EQ(Written("31/12-2026"), "refused");  // one separator throughout
  EXPECT_EQ(Written("31.12.2026"), "refused");
  EXPECT_EQ(Written(""), "refused");
  EXPECT_EQ(Written("31/12/2026x"), "refused");
}

TEST(DatesAsWrittenTest, PartialDatesOnlyWhereAllowed) {
  EXPECT_EQ(Written("03/1994", true), "1994-03");
  EXPECT_EQ(Written("3-1994", true), "1994-03");
  EXPECT_EQ(Written("1994", true), "1994");
  EXPECT_EQ(Written("1994-03", true), "1994-03");
  EXPECT_EQ(Written("13/1994", true), "refused");
  EXPECT_EQ(Written("03/1994"), "refused");  // a full date is needed here
  EXPECT_EQ(Written("1994"), "refused");
}

TEST(DatesAsWrittenTest, TheApiParsersStayIsoOnly) {
  EXPECT_FALSE(ParseDate("31/12/2026"));
  EXPECT_FALSE(ParsePartialDate("03/1994"));
  EXPECT_TRUE(ParseDate("2026-12-31"));
}

}  // namespace
}  // namespace lb::core
