// The streaming CSV reader: RFC 4180 (the csv-spectrum cases), encodings, limits.
#include <gtest/gtest.h>

#include "features/files/csv_reader.h"
#include "features/files/progress.h"

namespace lb::files {
namespace {

using Table = std::vector<std::vector<std::string>>;

Table Read(std::string text, size_t max_cell = kMaxCellBytes, std::vector<SourceRow::Problem>* problems = nullptr) {
  auto r = CsvReader::FromString(std::move(text), max_cell);
  Table out;
  SourceRow row;
  for (;;) {
    auto more = r->Next(row);
    EXPECT_TRUE(more);
    if (!more || !*more) break;
    out.push_back(row.cells);
    if (problems) problems->insert(problems->end(), row.problems.begin(), row.problems.end());
  }
  return out;
}

// The cases of csv-spectrum (https://github.com/max-mapper/csv-spectrum, MIT licence),
// written out here as the input text and the expected rows.
struct SpectrumCase {
  const char* name;
  std::string csv;
  Table rows;
};

TEST(ExchangeCsvTest, ReadsEveryCsvSpectrumCase) {
  const std::vector<SpectrumCase> cases = {
      {"comma_in_quotes",
       "first,last,address,city,zip\nJohn,Doe,120 any st.,\"Anytown, WW\",08123\n",
       {{"first", "last", "address", "city", "zip"}, {"John", "Doe", "120 any st.", "Anytown, WW", "08123"}}},
      {"empty", "a,b,c\n1,\"\",\"\"\n2,3,4\n", {{"a", "b", "c"}, {"1", "", ""}, {"2", "3", "4"}}},
      {"empty_crlf", "a,b,c\r\n1,\"\",\"\"\r\n2,3,4\r\n", {{"a", "b", "c"}, {"1", "", ""}, {"2", "3", "4"}}},
      {"escaped_quotes", "a,b\n1,\"ha \"\"ha\"\" ha\"\n3,4\n", {{"a", "b"}, {"1", "ha \"ha\" ha"}, {"3", "4"}}},
      {"json",
       "key,val\n1,\"{\"\"type\"\": \"\"Point\"\", \"\"coordinates\"\": [102.0, 0.5]}\"\n",
       {{"key", "val"}, {"1", "{\"type\": \"Point\", \"coordinates\": [102.0, 0.5]}"}}},
      {"newlines",
       "a,b,c\n1,2,3\n\"Once upon \na time\",5,6\n7,8,9\n",
       {{"a", "b", "c"}, {"1", "2", "3"}, {"Once upon \na time", "5", "6"}, {"7", "8", "9"}}},
      {"newlines_crlf",
       "a,b,c\r\n1,2,3\r\n\"Once upon \r\na time\",5,6\r\n7,8,9\r\n",
       {{"a", "b", "c"}, {"1", "2", "3"}, {"Once upon \r\na time", "5", "6"}, {"7", "8", "9"}}},
      {"quotes_and_newlines",
       "a,b\n1,\"ha \n\"\"ha\"\" \nha\"\n3,4\n",
       {{"a", "b"}, {"1", "ha \n\"ha\" \nha"}, {"3", "4"}}},
      {"simple", "a,b,c\n1,2,3\n", {{"a", "b", "c"}, {"1", "2", "3"}}},
      {"simple_crlf", "a,b,c\r\n1,2,3\r\n", {{"a", "b", "c"}, {"1", "2", "3"}}},
      {"utf8", "a,b,c\n1,2,3\n4,5,ʤ\n", {{"a", "b", "c"}, {"1", "2", "3"}, {"4", "5", "ʤ"}}},
      {"location_coordinates",
       "Contact Phone Number,Cities,Latitude,Longitude\n11111111,Barcelona,41.3984,2.1741\n",
       {{"Contact Phone Number", "Cities", "Latitude", "Longitude"}, {"11111111", "Barcelona", "41.3984", "2.1741"}}},
  };
  for (const auto& c : cases) EXPECT_EQ(Read(c.csv), c.rows) << c.name;
}

TEST(ExchangeCsvTest, EmptyInputBlankLinesAndAMissingFinalNewline) {
  EXPECT_TRUE(Read("").empty());
  EXPECT_EQ(Read("a,b\n\n1,2"), (Table{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(Read("a\r1\r"), (Table{{"a"}, {"1"}}));
  EXPECT_EQ(Read("a,\n"), (Table{{"a", ""}}));
}

TEST(ExchangeCsvTest, Utf8ByteOrderMarkIsDropped) { EXPECT_EQ(Read("\xEF\xBB\xBFx,y\n"), (Table{{"x", "y"}})); }

std::string Utf16(std::u16string_view s, bool little_endian) {
  std::string out = little_endian ? "\xFF\xFE" : "\xFE\xFF";
  for (char16_t c : s) {
    const char lo = static_cast<char>(c & 0xFF), hi = static_cast<char>(c >> 8);
    out.push_back(little_endian ? lo : hi);
    out.push_back(little_endian ? hi : lo);
  }
  return out;
}

TEST(ExchangeCsvTest, Utf16WithByteOrderMarkIsConverted) {
  const std::u16string text = u"name,city\r\nຄຳຫລ້າ,Viêng Chăn\r\n\U0001F600,x\r\n";
  const Table want = {{"name", "city"}, {"ຄຳຫລ້າ", "Viêng Chăn"}, {"\U0001F600", "x"}};
  EXPECT_EQ(Read(Utf16(text, true)), want);
  EXPECT_EQ(Read(Utf16(text, false)), want);
}

TEST(ExchangeCsvTest, ACellOverTheLimitIsReportedAndTheNextRowReadsNormally) {
  std::vector<SourceRow::Problem> problems;
  auto rows = Read("a,b\n\"" + std::string(5000, 'x') + "\",2\n3,4\n", 1000, &problems);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"", "2"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"3", "4"}));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "cell_too_large");
  EXPECT_EQ(problems[0].cell, 0u);
}

TEST(ExchangeCsvTest, AnUnterminatedQuoteIsAProblemNotAHang) {
  std::vector<SourceRow::Problem> problems;
  auto rows = Read("a,b\n1,\"never closed\n", kMaxCellBytes, &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "unterminated_quote");
}

TEST(ExchangeCsvTest, NulBytesAndInvalidUtf8PassThroughForTheImporterToReport) {
  auto rows =
      Read(std::string("a\x00"
                       "b,\xC3\x28\n",
                       7));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], std::string("a\0b", 3));
  EXPECT_EQ(rows[0][1], "\xC3\x28");
}

TEST(ExchangeCsvTest, ChunkBoundariesInsideQuotesAndCrlfDoNotMatter) {
  // Cells crossing the reader's 64 KiB chunks.
  std::string big(70000, 'y');
  auto rows = Read("\"" + big + "\"\"\",z\r\n" + big + ",w\r\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], big + "\"");
  EXPECT_EQ(rows[1], (std::vector<std::string>{big, "w"}));
}

TEST(ExchangeCsvTest, ProgressBarShowsRateAndEta) {
  EXPECT_EQ(ProgressMeter::BarLine(1000, 50, 100, 0.5),
            "[###############---------------]  50%  1,000 rows  2,000 rows/s  ETA 0:01");
  EXPECT_EQ(ProgressMeter::BarLine(1234567, 0, 0, 1.0), "1,234,567 rows  1,234,567 rows/s");
}

}  // namespace
}  // namespace lb::files
