// The XLSX and ODS readers on files LibreOffice Calc wrote (tests/fixtures/spreadsheets): a cell's
// number format decides its text (leading zeros, a phone's spaces, a date's precision), and an
// ODS file is read like an XLSX one.
#include <gtest/gtest.h>

#include "features/files/xlsx_reader.h"

namespace lb::files {
namespace {

std::string Fixture(const std::string& name) {
  return std::string(LB_SOURCE_DIR) + "/tests/fixtures/spreadsheets/" + name;
}

std::vector<SourceRow> ReadAll(const std::string& name, const std::optional<std::string>& sheet = std::nullopt) {
  std::vector<SourceRow> rows;
  auto t = OpenTable(Fixture(name), sheet);
  EXPECT_TRUE(t) << name << ": " << t.error().message;
  if (!t) return rows;
  SourceRow r;
  for (;;) {
    auto more = (*t)->Next(r);
    EXPECT_TRUE(more) << more.error().message;
    if (!more || !*more) break;
    rows.push_back(r);
  }
  return rows;
}

class SpreadsheetReadersTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SpreadsheetReadersTest, NumberFormatsGiveTheTextTheSheetShows) {
  const auto rows = ReadAll(GetParam());
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].cells[0], "family_name");
  ASSERT_GE(rows[1].cells.size(), 9u);
  EXPECT_EQ(rows[1].number, 2);
  EXPECT_EQ(rows[1].cells[3], "1994-03");        // yyyy-mm: no invented day
  EXPECT_EQ(rows[1].cells[5], "020 5555 0001");  // 000 0000 0000
  EXPECT_EQ(rows[1].cells[7], "0012345");        // 0000000
  EXPECT_EQ(rows[2].cells[3], "1990-05-21");     // dd/mm/yyyy
  EXPECT_EQ(rows[2].cells[5], "2055550002");     // a bare number: the importer reports it
  EXPECT_EQ(rows[3].cells[3], "31/12/1985");     // text stays text
  EXPECT_EQ(rows[3].cells[5], "");
  EXPECT_EQ(rows[4].number, 5);
  EXPECT_EQ(rows[4].cells[3], "03/1994");
}

TEST_P(SpreadsheetReadersTest, NumbersKeepTheirKindForTheImporter) {
  const auto rows = ReadAll(GetParam());
  ASSERT_EQ(rows.size(), 6u);
  ASSERT_GE(rows[3].numeric.size(), 8u);
  EXPECT_EQ(rows[1].numeric[7], kFormattedNumber);
  EXPECT_EQ(rows[1].numeric[5], kFormattedNumber);
  EXPECT_EQ(rows[2].numeric[5], kPlainNumber);
  EXPECT_EQ(rows[3].numeric[7], kInexactNumber);  // 12345678901234600: past 15 significant digits
  EXPECT_EQ(rows[1].numeric[0], kTextCell);
  EXPECT_EQ(rows[5].cells[5], "912345678");  // a bare number: the importer restores it and says so
  EXPECT_EQ(rows[5].numeric[5], kPlainNumber);
}

INSTANTIATE_TEST_SUITE_P(LibreOffice, SpreadsheetReadersTest, ::testing::Values("persons.xlsx", "persons.ods"),
                         [](const auto& info) { return info.param == "persons.xlsx" ? "Xlsx" : "Ods"; });

TEST(SpreadsheetOdsTest, AnUnknownSheetNamesTheSheetsTheFileHas) {
  auto t = OpenTable(Fixture("persons.ods"), std::string("workers"));
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().fields.at(0).code, "unknown_sheet");
  EXPECT_NE(t.error().fields.at(0).message.find("persons"), std::string::npos) << t.error().fields.at(0).message;
}

}  // namespace
}  // namespace lb::files
