#pragma once
// What the readers (CSV, XLSX, ODS) hand the importer: rows of text cells, and the problems found
// in them, each naming a row and column as a spreadsheet shows them.
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace lb::files {

// The kinds of record a file holds.
enum class Kind { kPersons, kEmployers, kPermits };
std::string_view KindName(Kind kind);  // "persons", "employers", "permits"

// One problem with one cell (or with the file or a whole row when column is empty).
struct Issue {
  int64_t row = 0;      // as a spreadsheet numbers it: the header is row 1
  std::string column;   // the header as written in the file (or the field name)
  std::string value;    // the cell, shortened to 100 characters
  std::string code;     // stable: required, invalid_value, unknown_column, ...
  std::string message;  // English, safe to show
};

// How a spreadsheet cell's text came about. An ID or phone typed into a number cell loses
// its leading zeros unless the cell's number format shows them.
enum NumberCell : uint8_t {
  kTextCell = 0,         // text (or a date, or a boolean)
  kPlainNumber = 1,      // a number with no format that shows digits: its digits as typed
  kFormattedNumber = 2,  // a whole number shown through its format (0000000, 000 0000 0000): as shown
  kInexactNumber = 3,    // a number beyond 15 significant digits: the spreadsheet rounded it
};

// A row of a table: its cells as UTF-8 text.
struct SourceRow {
  int64_t number = 0;  // spreadsheet row number (header = 1)
  std::vector<std::string> cells;
  // Problems the reader found in a cell (over the size limit, unterminated quote); the
  // importer names the column, reports them and treats the row as invalid.
  struct Problem {
    size_t cell = 0;
    std::string code, message;
  };
  std::vector<Problem> problems;
  // XLSX and ODS: how each cell's text came about (a NumberCell below); empty for CSV.
  std::vector<uint8_t> numeric;
  // XLSX leaves out empty cells at the end of a row: a shorter row is not ragged.
  bool sparse = false;
};

// A streaming source of rows; the first row it yields is the header.
class TableSource {
 public:
  virtual ~TableSource() = default;
  // Fills `row` with the next row; false at the end. Fails on an unreadable file.
  virtual core::Result<bool> Next(SourceRow& row) = 0;
  // Progress through the input, in the source's own units (bytes), for rates and ETA.
  virtual uint64_t Done() const = 0;
  virtual uint64_t Total() const = 0;
};

// Shortens a cell for a report: at most 100 code points, "…" appended when cut.
std::string ShortValue(std::string_view cell);

}  // namespace lb::files
