#pragma once
// An XLSX workbook (libxlsxwriter) built in memory: sheets of typed cells (text, numbers) with
// a few fixed styles, header rows that freeze and filter. Knows no feature and no language:
// sheet names and labels are handed in.
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"

struct lxw_worksheet;

namespace lb::report {

enum class CellStyle { kPlain, kHead, kWrap, kTitle };

class XlsxSheet {
 public:
  // A header row (bold, white on blue) with column widths; rows above it stay in view.
  void Header(const std::vector<std::string>& cells, const std::vector<double>& widths);
  // A text cell on the current row (nothing for empty text).
  void Str(int col, const std::string& v, CellStyle style = CellStyle::kPlain);
  void Num(int col, double v);
  // A text cell at a given row and column.
  void Put(int row, int col, const std::string& v, CellStyle style = CellStyle::kPlain);
  // An autofilter over the rows from `first_row` to the last written, columns 0..last_col
  // (nothing when no row follows the header).
  void AutoFilter(int first_row, int last_col);
  void NextRow() { ++row_; }
  int row() const { return row_; }
  void SetRow(int row) { row_ = row; }

 private:
  friend class XlsxBook;
  XlsxSheet(lxw_worksheet* ws, class XlsxBook* book) : ws_(ws), book_(book) {}
  lxw_worksheet* ws_;
  XlsxBook* book_;
  int row_ = 0;
};

class XlsxBook {
 public:
  // `title` becomes the document's title property.
  explicit XlsxBook(const std::string& title);
  ~XlsxBook();
  XlsxBook(const XlsxBook&) = delete;
  XlsxBook& operator=(const XlsxBook&) = delete;

  // A new sheet; Excel allows 31 characters in a name, so it is cut at a character boundary.
  // Sheets live as long as the book.
  XlsxSheet& AddSheet(const std::string& name);
  // Closes the workbook and returns its bytes.
  core::Result<std::string> Close();

 private:
  friend class XlsxSheet;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lb::report
