// Spreadsheets as officers make them, on both backends: persons.xlsx and persons.ods were
// written by LibreOffice Calc from tests/fixtures/spreadsheets/persons.fods (make-fixtures there
// regenerates them). IDs and phones typed as numbers, a year-and-month birth date, a 17-digit
// number Calc rounded, and dates written day first.
#include <gtest/gtest.h>

#include <functional>

#include "features/files/csv_reader.h"
#include "features/files/importer.h"
#include "features/files/xlsx_reader.h"
#include "features/registry/service.h"
#include "platform/audit/audit_log.h"
#include "support/file_exchange_fixture.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using files::Issue;
using files::Kind;

std::string Fixture(const std::string& name) {
  return std::string(LB_SOURCE_DIR) + "/tests/fixtures/spreadsheets/" + name;
}

class SpreadsheetImportTest : public FileExchangeTest {
 protected:
  Outcome Run(files::TableSource& source) {
    files::ImportOptions options;
    options.kind = Kind::kPersons;
    options.skip_invalid = true;
    return RunImport(source, options);
  }
  // Imports a fixture file (XLSX or ODS, as the CLI and the web upload open it).
  Outcome ImportFile(const std::string& name) {
    auto source = files::OpenTable(Fixture(name), std::nullopt);
    if (!source) {
      Outcome o{core::Fail(source.error()), {}, {}};
      ADD_FAILURE() << name << ": " << source.error().message;
      return o;
    }
    return Run(**source);
  }
  Outcome ImportCsv(std::string text) {
    auto source = files::CsvReader::FromString(std::move(text));
    return Run(*source);
  }
  // A stored person's column, found by given name ("" when there is no such person).
  std::string PersonValue(const std::string& given, const std::string& column) {
    auto rows = testdb_->Query("SELECT " + column +
                               " FROM persons p JOIN person_documents d ON d.person_id = p.id WHERE p.given_names = '" +
                               given + "'");
    if (rows.empty()) return "<no such person>";
    return rows.front().IsNull(0) ? "<null>" : rows.front().Str(0);
  }
  // Imports persons.xlsx, then persons.ods, each into a fresh database, and checks each.
  void ForEachFixture(const std::function<void(const Outcome&)>& check) {
    for (const char* file : {"persons.xlsx", "persons.ods"}) {
      SCOPED_TRACE(file);
      TearDown();
      SetUp();
      const Outcome o = ImportFile(file);
      ASSERT_TRUE(o.result) << o.result.error().message << "\n" << Issues(o);
      check(o);
    }
  }
  static std::string Issues(const Outcome& o) {
    std::string s;
    for (const auto& i : o.issues) s += std::to_string(i.row) + " " + i.column + " " + i.code + " " + i.value + "\n";
    return s;
  }
};

TEST_P(SpreadsheetImportTest, AnIdTypedAsANumberGetsItsLeadingZerosBackFromTheCellFormat) {
  ForEachFixture([&](const Outcome& o) { EXPECT_EQ(PersonValue("Khamla", "d.number"), "0012345") << Issues(o); });
}

TEST_P(SpreadsheetImportTest, AYearAndMonthBirthDateCellKeepsMonthPrecision) {
  ForEachFixture([&](const Outcome& o) { EXPECT_EQ(PersonValue("Khamla", "p.birth_date"), "1994-03") << Issues(o); });
}

TEST_P(SpreadsheetImportTest, ARounded17DigitFamilyBookNumberIsRefusedNamingTheCell) {
  ForEachFixture([&](const Outcome& o) {
    EXPECT_TRUE(HasIssue(o, 4, "document_number", "number_not_text")) << Issues(o);
    EXPECT_EQ(PersonValue("Vilay", "d.number"), "<no such person>");
    EXPECT_EQ(testdb_->Query("SELECT COUNT(*) FROM person_documents WHERE kind = 'family_book'").front().Int(0), 0);
  });
}

TEST_P(SpreadsheetImportTest, APhoneStoredAsANumberIsRestoredFromItsFormatOrReported) {
  ForEachFixture([&](const Outcome& o) {
    // 020 5555 0001 in a cell formatted 000 0000 0000: as the sheet shows it.
    EXPECT_EQ(PersonValue("Khamla", "p.phone"), "020 5555 0001") << Issues(o);
    // 020 5555 0002 stored as the bare number 2055550002: reported, never stored changed.
    EXPECT_TRUE(HasIssue(o, 3, "phone", "number_not_text")) << Issues(o);
    EXPECT_EQ(PersonValue("Bounmy", "p.phone"), "<no such person>");
    EXPECT_EQ(o.summary.created, 3);
    EXPECT_EQ(o.summary.invalid, 2);
  });
}

TEST_P(SpreadsheetImportTest, ZerosPutBackByTheKnownLengthOfAnIdAreReported) {
  ForEachFixture([&](const Outcome& o) {
    // 0912345678 and 001085012345 typed as numbers into cells without a format (row 6).
    EXPECT_EQ(PersonValue("Van An", "p.phone"), "0912345678") << Issues(o);
    EXPECT_EQ(PersonValue("Van An", "d.number"), "001085012345");
    EXPECT_TRUE(HasIssue(o, 6, "phone", "number_restored")) << Issues(o);
    EXPECT_TRUE(HasIssue(o, 6, "document_number", "number_restored")) << Issues(o);
    EXPECT_EQ(PersonValue("Van An", "p.birth_date"), "1992-07-01");  // typed 1-7-1992
  });
}

TEST_P(SpreadsheetImportTest, DatesWrittenDayFirstInASheetAreRead) {
  ForEachFixture([&](const Outcome& o) {
    EXPECT_EQ(PersonValue("Somphone", "p.birth_date"), "1994-03") << Issues(o);  // typed 03/1994
    EXPECT_FALSE(HasIssue(o, 4, "birth_date", "invalid_date")) << Issues(o);     // typed 31/12/1985
    EXPECT_FALSE(HasIssue(o, 3, "birth_date", "invalid_date")) << Issues(o);     // 21/05/1990 date cell
  });
}

TEST_P(SpreadsheetImportTest, CsvDatesAcceptDayFirstWithSlashesOrHyphensAndRefuseImpossibleOnes) {
  const std::string header =
      "given_names,sex,birth_date,nationality,document_kind,document_number,document_country,"
      "document_expires\n";
  auto o = ImportCsv(header +
                     "Khamla,F,31/12/1985,LA,passport,P0000001,LA,31-12-2030\n"
                     "Bounmy,M,1994,LA,passport,P0000002,LA,2030-06-30\n"
                     "Vilay,F,03/1994,LA,passport,P0000003,LA,1/7/2031\n"
                     "Noy,F,31/02/1990,LA,passport,P0000004,LA,\n"
                     "Keo,M,1990-13-01,LA,passport,P0000005,LA,\n");
  ASSERT_TRUE(o.result) << o.result.error().message;
  EXPECT_EQ(PersonValue("Khamla", "p.birth_date"), "1985-12-31") << Issues(o);
  EXPECT_EQ(PersonValue("Khamla", "d.expires"), "2030-12-31");
  EXPECT_EQ(PersonValue("Bounmy", "p.birth_date"), "1994");
  EXPECT_EQ(PersonValue("Vilay", "p.birth_date"), "1994-03");
  EXPECT_EQ(PersonValue("Vilay", "d.expires"), "2031-07-01");
  EXPECT_TRUE(HasIssue(o, 5, "birth_date", "invalid_date")) << Issues(o);
  EXPECT_TRUE(HasIssue(o, 6, "birth_date", "invalid_date")) << Issues(o);
  EXPECT_EQ(o.summary.created, 3);
}

LB_INSTANTIATE_BACKENDS(SpreadsheetImportTest);

}  // namespace
}  // namespace lb::testing
