// Reads an OpenDocument spreadsheet (.ods, what LibreOffice Calc saves by default) by
// streaming content.xml out of the zip: table:table-row / table:table-cell with their
// office:value-type, the repeat counts (number-rows-repeated, number-columns-repeated) without
// materialising the empty rows and columns Calc writes to the sheet's end, and the cell's
// shown text (text:p). A number reads as the sheet shows it when its format only adds leading
// zeros and separators (0012345, 020 5555 0001); a date to the precision its format shows.
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <unordered_map>

#include "features/files/csv_reader.h"
#include "features/files/xlsx_reader.h"
#include "features/files/zip_xml.h"

namespace lb::files {
namespace {

using zipxml::Attr;
using zipxml::kChunk;
using zipxml::NumberText;
using zipxml::Part;
using zipxml::Rejected;
using zipxml::Xml;

constexpr size_t kMaxColumns = 16384;
constexpr int64_t kMaxRows = 1 << 20;
constexpr uint64_t kMaxRowBytes = 16u << 20;

int64_t Count(const XML_Char* s, int64_t max) {
  if (!s) return 1;
  int64_t n = 0;
  auto [p, ec] = std::from_chars(s, s + std::strlen(s), n);
  (void)p;
  if (ec != std::errc() || n < 1) return 1;
  return std::min(n, max);
}

// The number and date styles of the file, by name, and the cell styles that name them.
struct Styles {
  std::unordered_map<std::string, DatePrecision> dates;  // number:date-style
  struct CellStyle {
    std::string data_style, parent;
  };
  std::unordered_map<std::string, CellStyle> cells;  // style:style family table-cell

  // Collects styles while `xml` parses a part (styles.xml, or content.xml's automatic styles).
  void Hook(Xml& xml) {
    xml.start = [this](std::string_view n, const XML_Char** a) { Start(n, a); };
    xml.end = [this](std::string_view n) { End(n); };
  }
  void Start(std::string_view n, const XML_Char** a) {
    if (n == "date-style") {
      const char* name = Attr(a, "name");
      date_ = name ? name : "";
      day_ = month_ = false;
    } else if (!date_.empty() && n == "day") {
      day_ = true;
    } else if (!date_.empty() && n == "month") {
      month_ = true;
    } else if (n == "style") {
      const char* family = Attr(a, "family");
      const char* name = Attr(a, "name");
      if (family && name && std::string_view(family) == "table-cell") {
        const char* data = Attr(a, "data-style-name");
        const char* parent = Attr(a, "parent-style-name");
        cells[name] = {data ? data : "", parent ? parent : ""};
      }
    }
  }
  void End(std::string_view n) {
    if (n == "date-style" && !date_.empty()) {
      dates[date_] = day_ ? DatePrecision::kDay : month_ ? DatePrecision::kMonth : DatePrecision::kYear;
      date_.clear();
    }
  }
  // The precision a cell style's date format shows (a day when unknown).
  DatePrecision DateOf(const std::string& style) const {
    std::string s = style;
    for (int depth = 0; depth < 8 && !s.empty(); ++depth) {
      auto it = cells.find(s);
      if (it == cells.end()) break;
      if (!it->second.data_style.empty()) {
        auto d = dates.find(it->second.data_style);
        return d == dates.end() ? DatePrecision::kDay : d->second;
      }
      s = it->second.parent;
    }
    return DatePrecision::kDay;
  }

 private:
  std::string date_;
  bool day_ = false, month_ = false;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The shown text of a whole number, when it is the number's digits with leading zeros and
// separators (spaces, hyphens) only: 0012345 for 12345, 020 5555 0001 for 2055550001.
bool ShowsTheSameDigits(std::string_view shown, std::string_view digits) {
  std::string only;
  for (char c : shown) {
    if (IsDigit(c)) {
      only.push_back(c);
    } else if (c != ' ' && c != '-' && c != '\xC2' && c != '\xA0') {
      return false;
    }
  }
  const size_t first = only.find_first_not_of('0');
  const std::string_view significant =
      first == std::string::npos ? std::string_view("0") : std::string_view(only).substr(first);
  return significant == digits && !shown.empty() && shown.front() != ' ';
}

class OdsReader final : public TableSource {
 public:
  core::Status Init(const std::string& path, const std::optional<std::string>& sheet, const XlsxLimits& limits) {
    wanted_ = sheet;
    int err = 0;
    zip_ = zip_open(path.c_str(), ZIP_RDONLY, &err);
    if (!zip_) return core::Fail(Rejected("bad_ods", "The file is not a readable ODS (zip) file."));
    LB_CHECK(zipxml::CheckSizes(zip_, limits, "ODS"));
    {
      Xml st;
      st.what = "ODS";
      styles_.Hook(st);
      LB_TRY(found, zipxml::ParsePart(zip_, "styles.xml", 64 << 20, st));
      (void)found;
    }
    LB_TRY(part, Part::Open(zip_, "content.xml", limits.max_entry_bytes, "ODS"));
    if (!part) return core::Fail(Rejected("bad_ods", "The ODS file has no content.xml; it is not a spreadsheet."));
    content_ = std::move(part);
    xml_.what = "ODS";
    xml_.start = [this](std::string_view n, const XML_Char** a) { Start(n, a); };
    xml_.end = [this](std::string_view n) { End(n); };
    xml_.text = [this](const XML_Char* s, int len) { Text(s, len); };
    // Read up to the sheet, so that a file without it is refused before any row.
    while (!found_ && !ended_) LB_CHECK(Pump());
    if (!found_) {
      if (names_.empty()) return core::Fail(Rejected("bad_ods", "The ODS file has no sheets."));
      return core::Fail(Rejected("unknown_sheet", "The ODS file has no sheet of that name; it has: " + names_ + "."));
    }
    return {};
  }
  ~OdsReader() override {
    content_.reset();
    if (zip_) zip_discard(zip_);
  }

  core::Result<bool> Next(SourceRow& row) override {
    while (ready_.empty()) {
      if (ended_) return false;
      LB_CHECK(Pump());
    }
    // A row Calc wrote once with number-rows-repeated is handed out that many times.
    auto& [next, repeat] = ready_.front();
    if (repeat > 1) {
      row = next;
      row.number = next.number++;
      --repeat;
    } else {
      row = std::move(next);
      ready_.pop_front();
    }
    return true;
  }
  core::Status Pump() {
    char buf[kChunk];
    LB_TRY(n, content_->Read(buf, sizeof buf));
    LB_CHECK(xml_.Feed(buf, n, n == 0));
    if (n == 0 || done_) ended_ = true;
    return {};
  }

  uint64_t Done() const override { return content_ ? content_->read() : 0; }
  uint64_t Total() const override { return content_ ? content_->size() : 0; }

 private:
  void Start(std::string_view n, const XML_Char** a) {
    if (!in_table_) {
      if (n == "table" && !done_) {
        const char* name = Attr(a, "name");
        const std::string s = name ? name : "";
        names_ += (names_.empty() ? "" : ", ") + s;
        if (!wanted_ || *wanted_ == s) {
          in_table_ = found_ = true;
          depth_ = 0;
        }
      } else if (!found_) {
        styles_.Start(n, a);  // content.xml's automatic styles come before the tables
      }
      return;
    }
    ++depth_;
    if (n == "table" || n == "annotation" || n == "shapes") {
      ++skip_;  // a sub-table, a comment, a drawing: not the cell's text
    } else if (skip_) {
      return;
    } else if (n == "table-column") {
      const char* style = Attr(a, "default-cell-style-name");
      const int64_t repeat = Count(Attr(a, "number-columns-repeated"), kMaxColumns);
      for (int64_t i = 0; i < repeat && column_styles_.size() < kMaxColumns; ++i) {
        column_styles_.push_back(style ? style : "");
      }
    } else if (n == "table-row") {
      row_ = SourceRow{};
      row_.sparse = true;
      row_repeat_ = Count(Attr(a, "number-rows-repeated"), kMaxRows);
      row_bytes_ = 0;
      col_ = 0;
    } else if (n == "table-cell" || n == "covered-table-cell") {
      const char* type = Attr(a, "value-type");
      type_ = type ? type : "";
      const char* v = Attr(a, type_ == "date" ? "date-value" : type_ == "boolean" ? "boolean-value" : "value");
      value_ = v ? v : "";
      const char* style = Attr(a, "style-name");
      style_ = style ? style : col_ < column_styles_.size() ? column_styles_[col_] : "";
      cell_repeat_ = Count(Attr(a, "number-columns-repeated"), kMaxColumns);
      text_.clear();
      paragraphs_ = 0;
      oversize_ = false;
      in_cell_ = true;
    } else if (in_cell_ && n == "p") {
      if (paragraphs_++ > 0) Append("\n", 1);
      in_p_ = true;
    } else if (in_p_ && n == "s") {
      const std::string spaces(static_cast<size_t>(Count(Attr(a, "c"), 1024)), ' ');
      Append(spaces.data(), spaces.size());
    } else if (in_p_ && n == "tab") {
      Append("\t", 1);
    } else if (in_p_ && n == "line-break") {
      Append("\n", 1);
    }
  }

  void End(std::string_view n) {
    if (!in_table_) {
      if (!found_) styles_.End(n);
      return;
    }
    if (depth_ == 0) {  // the table itself ends: the rest of the file is not read
      in_table_ = false;
      done_ = true;
      return;
    }
    --depth_;
    if (n == "table" || n == "annotation" || n == "shapes") {
      --skip_;
    } else if (skip_) {
      return;
    } else if (n == "p") {
      in_p_ = false;
    } else if (n == "table-cell" || n == "covered-table-cell") {
      in_cell_ = false;
      FinishCell();
    } else if (n == "table-row") {
      FinishRow();
    }
  }

  void Text(const XML_Char* s, int len) {
    if (in_p_ && !skip_) Append(s, static_cast<size_t>(len));
  }

  void Append(const char* s, size_t n) {
    if (oversize_) return;
    if (text_.size() + n > kMaxCellBytes) {
      oversize_ = true;
      text_.clear();
      return;
    }
    text_.append(s, n);
  }

  void FinishCell() {
    const size_t first = col_;
    col_ = std::min(kMaxColumns, col_ + static_cast<size_t>(cell_repeat_));
    if (oversize_) {
      if (first < kMaxColumns) {
        Grow(first + 1);
        row_.problems.push_back({first, "cell_too_large", "The cell is larger than 1 MiB."});
      }
      return;
    }
    uint8_t kind = kTextCell;
    std::string out;
    if (type_ == "float" && !value_.empty()) {
      double d = 0;
      auto [p, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), d);
      const bool number = ec == std::errc() && p == value_.data() + value_.size();
      out = NumberText(value_);
      kind = kPlainNumber;
      if (number && std::fabs(d) >= 1e15) {
        kind = kInexactNumber;
        out = zipxml::InexactText(d, out);
      } else if (number && d >= 0 && std::floor(d) == d && text_ != out && ShowsTheSameDigits(text_, out)) {
        out = text_;  // leading zeros and separators its format shows
        kind = kFormattedNumber;
      }
    } else if (type_ == "date" && value_.size() >= 10) {
      out = DateText(value_, styles_.DateOf(style_));
    } else if (type_ == "boolean") {
      out = value_ == "true" ? "TRUE" : "FALSE";
    } else {
      out = text_;  // string, and what a percentage, currency or time cell shows
    }
    if (out.empty()) return;
    // A cell repeated across columns: its copies count towards the row's size, as if typed.
    row_bytes_ += out.size() * (col_ - first);
    if (row_bytes_ > kMaxRowBytes) {
      Grow(first + 1);
      row_.problems.push_back({first, "cell_too_large", "The row is larger than 16 MiB."});
      return;
    }
    Grow(col_);
    for (size_t c = first; c < col_; ++c) {
      row_.cells[c] = out;
      row_.numeric[c] = kind;
    }
  }

  void Grow(size_t n) {
    if (row_.cells.size() < n) {
      row_.cells.resize(n);
      row_.numeric.resize(n, kTextCell);
    }
  }

  void FinishRow() {
    const int64_t number = rows_ + 1;
    rows_ += row_repeat_;
    bool any = !row_.problems.empty();
    for (const auto& c : row_.cells) any = any || !c.empty();
    if (!any) return;
    row_.number = number;
    ready_.emplace_back(std::move(row_), row_repeat_);
  }

  zip_t* zip_ = nullptr;
  std::unique_ptr<Part> content_;
  Styles styles_;
  Xml xml_;
  std::optional<std::string> wanted_;
  std::string names_;                                // the sheets seen, for an unknown --sheet
  std::deque<std::pair<SourceRow, int64_t>> ready_;  // rows read, and how often each repeats
  bool ended_ = false, done_ = false, found_ = false, in_table_ = false;
  int depth_ = 0, skip_ = 0;
  std::vector<std::string> column_styles_;
  // The row and cell being read.
  SourceRow row_;
  int64_t rows_ = 0, row_repeat_ = 1, cell_repeat_ = 1;
  uint64_t row_bytes_ = 0;
  size_t col_ = 0;
  int paragraphs_ = 0;
  bool in_cell_ = false, in_p_ = false, oversize_ = false;
  std::string type_, value_, style_, text_;
};

}  // namespace

core::Result<std::unique_ptr<TableSource>> OpenOds(const std::string& path, const std::optional<std::string>& sheet,
                                                   const XlsxLimits& limits) {
  auto r = std::make_unique<OdsReader>();
  LB_CHECK(r->Init(path, sheet, limits));
  return std::unique_ptr<TableSource>(std::move(r));
}

}  // namespace lb::files
