// The streaming XLSX reader: sheets by name, shared and inline strings, dates stored as
// serial numbers, numbers, and the zip-bomb guard.
#include <gtest/gtest.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <filesystem>

#include "features/files/xlsx_reader.h"

namespace lb::files {
namespace {

namespace fs = std::filesystem;

class ExchangeXlsxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lbxlsx-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Two sheets: "notes" first, then "persons" with a date cell, a number cell and Lao text.
  std::string TwoSheetWorkbook(bool constant_memory) {
    const std::string path = (dir_ / (constant_memory ? "cm.xlsx" : "sst.xlsx")).string();
    lxw_workbook_options opts{};
    opts.constant_memory = constant_memory;  // inline strings; otherwise a shared string table
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &opts);
    lxw_worksheet* notes = workbook_add_worksheet(wb, "notes");
    worksheet_write_string(notes, 0, 0, "not the data", nullptr);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "persons");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    worksheet_write_string(ws, 0, 0, "given_names", nullptr);
    worksheet_write_string(ws, 0, 1, "birth_date", nullptr);
    worksheet_write_string(ws, 0, 2, "document_number", nullptr);
    worksheet_write_string(ws, 0, 3, "native_name", nullptr);
    worksheet_write_string(ws, 1, 0, "Khamla", nullptr);
    lxw_datetime dt = {1990, 4, 2, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 1, &dt, date);
    worksheet_write_number(ws, 1, 2, 1085012345, nullptr);
    worksheet_write_string(ws, 1, 3, "ຄຳຫລ້າ", nullptr);
    worksheet_write_string(ws, 3, 0, "Noy", nullptr);  // row 3 left empty; D4 empty
    EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
    return path;
  }

  std::vector<SourceRow> ReadAll(TableSource& t) {
    std::vector<SourceRow> rows;
    SourceRow r;
    for (;;) {
      auto more = t.Next(r);
      EXPECT_TRUE(more) << more.error().message;
      if (!more || !*more) break;
      rows.push_back(r);
    }
    return rows;
  }

  fs::path dir_;
};

TEST_F(ExchangeXlsxTest, ReadsTheNamedSheetWithDatesNumbersAndBothStringKinds) {
  for (bool constant_memory : {true, false}) {
    auto t = OpenXlsx(TwoSheetWorkbook(constant_memory), std::string("persons"));
    ASSERT_TRUE(t) << t.error().message;
    auto rows = ReadAll(**t);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].number, 1);
    EXPECT_EQ(rows[0].cells, (std::vector<std::string>{"given_names", "birth_date", "document_number", "native_name"}));
    EXPECT_EQ(rows[1].cells, (std::vector<std::string>{"Khamla", "1990-04-02", "1085012345", "ຄຳຫລ້າ"}));
    EXPECT_EQ(rows[1].numeric[2], 1);
    EXPECT_EQ(rows[1].numeric[1], 0);
    EXPECT_EQ(rows[2].number, 4);  // the spreadsheet's own row number
    EXPECT_EQ(rows[2].cells[0], "Noy");
    EXPECT_TRUE(rows[2].sparse);
  }
}

TEST_F(ExchangeXlsxTest, TheFirstSheetByDefaultAndAnUnknownSheetNamesTheOthers) {
  const auto path = TwoSheetWorkbook(true);
  auto first = OpenXlsx(path, std::nullopt);
  ASSERT_TRUE(first);
  auto rows = ReadAll(**first);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells[0], "not the data");
  auto unknown = OpenXlsx(path, std::string("workers"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().fields.at(0).code, "unknown_sheet");
  EXPECT_NE(unknown.error().fields.at(0).message.find("notes, persons"), std::string::npos);
}

TEST_F(ExchangeXlsxTest, OpenTableTellsXlsxFromCsv) {
  auto x = OpenTable(TwoSheetWorkbook(true), std::string("persons"));
  ASSERT_TRUE(x);
  const auto csv = (dir_ / "a.csv").string();
  std::FILE* f = std::fopen(csv.c_str(), "wb");
  std::fputs("a,b\n1,2\n", f);
  std::fclose(f);
  auto c = OpenTable(csv, std::nullopt);
  ASSERT_TRUE(c);
  EXPECT_EQ(ReadAll(**c).size(), 2u);
  auto sheet_on_csv = OpenTable(csv, std::string("x"));
  EXPECT_FALSE(sheet_on_csv);
}

TEST_F(ExchangeXlsxTest, AZipBombIsRefusedBeforeInflating) {
  const auto path = (dir_ / "bomb.xlsx").string();
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  ASSERT_TRUE(z);
  static const std::string wb = "<workbook><sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  static const std::string rels =
      "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
  static const std::string zeros(64 << 20, '0');  // 64 MiB that deflates about 1000:1
  zip_file_add(z, "xl/workbook.xml", zip_source_buffer(z, wb.data(), wb.size(), 0), 0);
  zip_file_add(z, "xl/_rels/workbook.xml.rels", zip_source_buffer(z, rels.data(), rels.size(), 0), 0);
  zip_file_add(z, "xl/worksheets/sheet1.xml", zip_source_buffer(z, zeros.data(), zeros.size(), 0), 0);
  ASSERT_EQ(zip_close(z), 0);
  EXPECT_LT(fs::file_size(path), 1u << 20);
  auto t = OpenTable(path, std::nullopt);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().fields.at(0).code, "zip_bomb");
  // A limit on the total applies too, however well the parts compress.
  XlsxLimits tight;
  tight.max_total_bytes = 1000;
  auto small = OpenXlsx(TwoSheetWorkbook(true), std::nullopt, tight);
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().fields.at(0).code, "zip_bomb");
}

TEST_F(ExchangeXlsxTest, RowsOutOfOrderAreADamagedFile) {
  // Found by the fuzzer: a sheet listing row 3 after row 5 (or row 2 twice) read on with the
  // row numbers going backwards, so a problem "in row 3" named the wrong row. Such a file is
  // damaged as a whole: reading it fails, naming the row, and an import of it writes nothing.
  auto write = [&](const std::string& name, const std::string& rows) {
    const auto path = (dir_ / name).string();
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    EXPECT_TRUE(z);
    const std::string wb = "<workbook><sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    const std::string rels =
        "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
    const std::string sheet = "<worksheet><sheetData>" + rows + "</sheetData></worksheet>";
    zip_file_add(z, "xl/workbook.xml", zip_source_buffer(z, wb.data(), wb.size(), 0), 0);
    zip_file_add(z, "xl/_rels/workbook.xml.rels", zip_source_buffer(z, rels.data(), rels.size(), 0), 0);
    zip_file_add(z, "xl/worksheets/sheet1.xml", zip_source_buffer(z, sheet.data(), sheet.size(), 0), 0);
    EXPECT_EQ(zip_close(z), 0);
    return path;
  };
  auto cell = [](const std::string& r, const std::string& text) {
    return "<row r=\"" + r + "\"><c t=\"inlineStr\"><is><t>" + text + "</t></is></c></row>";
  };
  for (const auto& [name, rows] :
       std::vector<std::pair<std::string, std::string>>{{"backwards.xlsx", cell("5", "a") + cell("3", "b")},
                                                        {"repeated.xlsx", cell("2", "a") + cell("2", "b")},
                                                        {"zero.xlsx", cell("0", "a")},
                                                        {"past_the_end.xlsx", cell("1048577", "a")}}) {
    auto t = OpenTable(write(name, rows), std::nullopt);
    ASSERT_TRUE(t) << name;
    SourceRow r;
    auto more = (*t)->Next(r);
    ASSERT_FALSE(more) << name;
    EXPECT_EQ(more.error().fields.at(0).code, "bad_xlsx") << name;
    EXPECT_NE(more.error().fields.at(0).message.find("in order"), std::string::npos) << name;
  }
  // Gaps are fine: rows 1 and 4.
  auto t = OpenTable(write("gaps.xlsx", cell("1", "a") + cell("4", "b")), std::nullopt);
  ASSERT_TRUE(t);
  const auto rows = ReadAll(**t);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].number, 1);
  EXPECT_EQ(rows[1].number, 4);
}

TEST_F(ExchangeXlsxTest, NotAZipIsADamagedFile) {
  const auto path = (dir_ / "fake.xlsx").string();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::fputs("PK\x03\x04 this is not a zip", f);
  std::fclose(f);
  auto t = OpenTable(path, std::nullopt);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().fields.at(0).code, "bad_xlsx");
}

TEST_F(ExchangeXlsxTest, SerialDatesFollowExcels1900System) {
  EXPECT_EQ(SerialToDate(1), "1900-01-01");
  EXPECT_EQ(SerialToDate(59), "1900-02-28");
  EXPECT_EQ(SerialToDate(61), "1900-03-01");
  EXPECT_EQ(SerialToDate(32965), "1990-04-02");
  EXPECT_EQ(SerialToDate(46022.75), "2025-12-31");
}

}  // namespace
}  // namespace lb::files
