#include "features/files/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <functional>
#include <unordered_map>

#include "features/files/csv_reader.h"
#include "features/files/zip_xml.h"

namespace lb::files {
namespace {

using zipxml::Attr;
using zipxml::kChunk;
using zipxml::NumberText;
using zipxml::ParsePart;
using zipxml::Part;
using zipxml::Rejected;
using zipxml::Xml;

constexpr int64_t kMaxSheetRows = 1048576;  // the last row of an XLSX worksheet

// What a cell's number format shows: a date (to the day, month or year), a whole number with
// its leading zeros and literal characters (0000000, 000 0000 0000), or the number as typed.
struct CellFormat {
  enum Kind : uint8_t { kGeneral, kDate, kDigits } kind = kGeneral;
  DatePrecision precision = DatePrecision::kDay;
  std::string code;  // kDigits: the format's first section
};

// The first section of a format code (positive numbers), or the whole code.
std::string FirstSection(const std::string& code) {
  bool quoted = false;
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '"') quoted = !quoted;
    if (!quoted && code[i] == '\\')
      ++i;
    else if (!quoted && code[i] == ';')
      return code.substr(0, i);
  }
  return code;
}

CellFormat ClassifyFormat(int id, const std::string& code) {
  CellFormat f;
  if (id == 17) {  // mmm-yy
    f.kind = CellFormat::kDate;
    f.precision = DatePrecision::kMonth;
    return f;
  }
  if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) {
    f.kind = CellFormat::kDate;
    return f;
  }
  if (code.empty()) return f;
  const std::string section = FirstSection(code);
  std::string lower;
  for (char c : section) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  if (lower.find("general") != std::string::npos) return f;
  bool quoted = false, day = false, month = false, year = false, time = false, digits = false, other = false;
  char prev = 0;
  for (size_t i = 0; i < section.size(); ++i) {
    const char c = section[i];
    if (c == '"') {
      quoted = !quoted;
      continue;
    }
    if (quoted) continue;
    if (c == '[') {  // [Red], [$-409]; a condition ([>100]) or elapsed time is not a plain format
      const size_t close = section.find(']', i);
      const std::string inside = section.substr(i + 1, close == std::string::npos ? 0 : close - i - 1);
      if (!inside.starts_with("$") && inside.find_first_of("<>=hHmMsS") != std::string::npos) other = true;
      if (close == std::string::npos) break;
      i = close;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {  // an escaped literal; a space as wide as x; a fill
      if (c == '*') other = true;
      ++i;
      continue;
    }
    const char l = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (l == 'd')
      day = true;
    else if (l == 'y')
      year = true;
    else if (l == 'h' || l == 's')
      time = true;
    else if (l == 'm') {
      // m after h (h:mm) or before s (mm:ss) is minutes
      size_t j = i;
      while (j < section.size() && (section[j] == 'm' || section[j] == 'M')) ++j;
      const bool minutes = prev == 'h' || (j < section.size() && (section[j] == ':') &&
                                           section.find_first_of("sS", j) != std::string::npos);
      if (!minutes) month = true;
      i = j - 1;
    } else if (c == '0' || c == '#' || c == '?')
      digits = true;
    else if (c == '.' || c == ',' || c == '%' || c == '@' || l == 'e' || (l >= 'a' && l <= 'z'))
      other = true;
    if (l == 'h')
      prev = 'h';
    else if (l != ':' && l != ' ')
      prev = l;
  }
  if (day || month || year) {
    f.kind = CellFormat::kDate;
    f.precision = day ? DatePrecision::kDay : month ? DatePrecision::kMonth : DatePrecision::kYear;
    return f;
  }
  if (time) {
    f.kind = CellFormat::kDate;  // a time of day: read as its date, as before
    return f;
  }
  if (digits && !other) {
    f.kind = CellFormat::kDigits;
    f.code = section;
  }
  return f;
}

// A whole number through a digit format: 12345 in 0000000 is 0012345, 2055550001 in
// 000 0000 0000 is 020 5555 0001. nullopt when the format is not one of those.
std::optional<std::string> FormatDigits(const std::string& code, const std::string& digits) {
  struct Token {
    char placeholder;  // '0', '#', '?' or 0 for a literal
    std::string literal;
  };
  std::vector<Token> tokens;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      if (close == std::string::npos) return std::nullopt;
      tokens.push_back({0, code.substr(i + 1, close - i - 1)});
      i = close;
    } else if (c == '\\') {
      if (i + 1 < code.size()) tokens.push_back({0, std::string(1, code[++i])});
    } else if (c == '_') {
      ++i;
      tokens.push_back({0, " "});
    } else if (c == '[') {
      const size_t close = code.find(']', i);
      if (close == std::string::npos) return std::nullopt;
      i = close;
    } else if (c == '0' || c == '#' || c == '?') {
      tokens.push_back({c, {}});
    } else {
      tokens.push_back({0, std::string(1, c)});
    }
  }
  size_t placeholders = 0;
  for (const auto& t : tokens) placeholders += t.placeholder != 0;
  if (placeholders == 0) return std::nullopt;
  // Fill the placeholders from the right; digits beyond them go to the first one.
  std::vector<std::string> out(tokens.size());
  size_t next = digits.size();  // digits[0, next) are still to place
  size_t seen = 0;
  for (size_t k = tokens.size(); k-- > 0;) {
    const Token& t = tokens[k];
    if (!t.placeholder) {
      out[k] = t.literal;
      continue;
    }
    ++seen;
    if (seen == placeholders) {  // the leftmost placeholder takes every remaining digit
      if (next > 0) {
        out[k] = digits.substr(0, next);
        next = 0;
      } else {
        out[k] = t.placeholder == '0' ? "0" : t.placeholder == '?' ? " " : "";
      }
    } else if (next > 0) {
      out[k] = digits[--next];
    } else {
      out[k] = t.placeholder == '0' ? "0" : t.placeholder == '?' ? " " : "";
    }
  }
  std::string s;
  for (const auto& o : out) s += o;
  // Literals before the first digit that stand alone (a # format shows nothing) are trimmed.
  const size_t first = s.find_first_not_of(' ');
  const size_t last = s.find_last_not_of(' ');
  if (first == std::string::npos) return std::nullopt;
  return s.substr(first, last - first + 1);
}

size_t ColumnIndex(std::string_view ref) {
  size_t col = 0;
  for (char c : ref) {
    if (c >= 'A' && c <= 'Z')
      col = col * 26 + (c - 'A' + 1);
    else if (c >= 'a' && c <= 'z')
      col = col * 26 + (c - 'a' + 1);
    else
      break;
  }
  return col ? col - 1 : 0;
}

// A number cell's text and kind: past 15 significant digits it is inexact (the spreadsheet
// rounded it); a whole number in a digit format reads as the sheet shows it; any other
// number as typed.
void NumberCellText(const std::string& value, const std::string* digit_format, std::string& out, uint8_t& kind) {
  double d = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), d);
  const bool number = ec == std::errc() && p == value.data() + value.size();
  out = NumberText(value);
  kind = kPlainNumber;
  if (!number) return;
  if (std::fabs(d) >= 1e15) {
    kind = kInexactNumber;
    out = zipxml::InexactText(d, out);
    return;
  }
  if (digit_format && d >= 0 && std::floor(d) == d) {
    if (auto shown = FormatDigits(*digit_format, out); shown && *shown != out) {
      out = std::move(*shown);
      kind = kFormattedNumber;
    }
  }
}

class XlsxReader final : public TableSource {
 public:
  core::Status Init(const std::string& path, const std::optional<std::string>& sheet, const XlsxLimits& limits) {
    limits_ = limits;
    int err = 0;
    zip_ = zip_open(path.c_str(), ZIP_RDONLY, &err);
    if (!zip_) return core::Fail(Rejected("bad_xlsx", "The file is not a readable XLSX (zip) file."));
    LB_CHECK(zipxml::CheckSizes(zip_, limits_, "XLSX"));
    LB_TRY(target, FindSheet(sheet));
    LB_CHECK(LoadStyles());
    LB_CHECK(LoadSharedStrings());
    LB_TRY(part, Part::Open(zip_, target, limits_.max_entry_bytes));
    if (!part) return core::Fail(Rejected("bad_xlsx", "The XLSX file lacks its worksheet " + target + "."));
    sheet_ = std::move(part);
    SetUpSheetParser();
    return {};
  }
  ~XlsxReader() override {
    sheet_.reset();
    if (zip_) zip_discard(zip_);
  }

  core::Result<bool> Next(SourceRow& row) override {
    while (ready_.empty()) {
      if (ended_) return false;
      char buf[kChunk];
      LB_TRY(n, sheet_->Read(buf, sizeof buf));
      LB_CHECK(xml_.Feed(buf, n, n == 0));
      if (n == 0) ended_ = true;
      if (!bad_row_.empty()) return core::Fail(Rejected("bad_xlsx", bad_row_));
    }
    row = std::move(ready_.front());
    ready_.pop_front();
    return true;
  }
  uint64_t Done() const override { return sheet_ ? sheet_->read() : 0; }
  uint64_t Total() const override { return sheet_ ? sheet_->size() : 0; }

 private:
  core::Result<std::string> FindSheet(const std::optional<std::string>& wanted) {
    std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
    Xml wb;
    wb.start = [&](std::string_view n, const XML_Char** a) {
      if (n != "sheet") return;
      const char* name = Attr(a, "name");
      const char* id = Attr(a, "id");
      if (name && id) sheets.emplace_back(name, id);
    };
    LB_TRY(has_wb, ParsePart(zip_, "xl/workbook.xml", 64 << 20, wb));
    if (!has_wb || sheets.empty()) return core::Fail(Rejected("bad_xlsx", "The XLSX file has no worksheets."));
    std::unordered_map<std::string, std::string> targets;
    Xml rels;
    rels.start = [&](std::string_view n, const XML_Char** a) {
      if (n != "Relationship") return;
      const char* id = Attr(a, "Id");
      const char* target = Attr(a, "Target");
      if (id && target) targets[id] = target;
    };
    LB_TRY(has_rels, ParsePart(zip_, "xl/_rels/workbook.xml.rels", 64 << 20, rels));
    (void)has_rels;
    const std::pair<std::string, std::string>* chosen = &sheets.front();
    if (wanted) {
      chosen = nullptr;
      std::string names;
      for (const auto& s : sheets) {
        if (s.first == *wanted) chosen = &s;
        names += (names.empty() ? "" : ", ") + s.first;
      }
      if (!chosen)
        return core::Fail(Rejected("unknown_sheet", "The XLSX file has no sheet of that name; it has: " + names + "."));
    }
    auto it = targets.find(chosen->second);
    if (it == targets.end()) return core::Fail(Rejected("bad_xlsx", "The XLSX file's sheet list is damaged."));
    std::string t = it->second;
    if (t.starts_with("/")) return t.substr(1);
    return "xl/" + t;
  }

  core::Status LoadStyles() {
    std::unordered_map<int, std::string> formats;
    std::vector<int> xf_formats;
    bool in_cell_xfs = false;
    Xml st;
    st.start = [&](std::string_view n, const XML_Char** a) {
      if (n == "numFmt") {
        const char* id = Attr(a, "numFmtId");
        const char* code = Attr(a, "formatCode");
        if (id && code) formats[std::atoi(id)] = code;
      } else if (n == "cellXfs") {
        in_cell_xfs = true;
      } else if (n == "xf" && in_cell_xfs) {
        const char* id = Attr(a, "numFmtId");
        xf_formats.push_back(id ? std::atoi(id) : 0);
      }
    };
    st.end = [&](std::string_view n) {
      if (n == "cellXfs") in_cell_xfs = false;
    };
    LB_TRY(found, ParsePart(zip_, "xl/styles.xml", 64 << 20, st));
    (void)found;
    for (int id : xf_formats) {
      auto it = formats.find(id);
      formats_.push_back(ClassifyFormat(id, it == formats.end() ? "" : it->second));
    }
    return {};
  }

  core::Status LoadSharedStrings() {
    bool in_si = false, in_t = false;
    int in_rph = 0;
    std::string current;
    uint64_t bytes = 0;
    Xml ss;
    ss.start = [&](std::string_view n, const XML_Char**) {
      if (n == "si") {
        in_si = true;
        current.clear();
      } else if (n == "rPh") {
        ++in_rph;  // phonetic guide text is not part of the cell
      } else if (n == "t" && in_si && !in_rph) {
        in_t = true;
      }
    };
    ss.end = [&](std::string_view n) {
      if (n == "si") {
        in_si = false;
        bytes += current.size() + sizeof(std::string);
        strings_.push_back(std::move(current));
        current.clear();
      } else if (n == "rPh") {
        --in_rph;
      } else if (n == "t") {
        in_t = false;
      }
    };
    ss.text = [&](const XML_Char* s, int len) {
      if (in_t) current.append(s, len);
    };
    LB_TRY(found, ParsePart(zip_, "xl/sharedStrings.xml", limits_.max_shared_strings_bytes, ss));
    (void)found;
    (void)bytes;
    return {};
  }

  void SetUpSheetParser() {
    xml_.start = [this](std::string_view n, const XML_Char** a) {
      if (n == "row") {
        row_ = SourceRow{};
        row_.sparse = true;
        const char* r = Attr(a, "r");
        row_.number = r ? std::atoll(r) : last_row_ + 1;
        // A sheet lists its rows in ascending order (ECMA-376 §18.3.1.73); a file that repeats
        // or reorders them is damaged, and its row numbers could not name a row in a report.
        if ((row_.number <= last_row_ || row_.number > kMaxSheetRows) && bad_row_.empty()) {
          const std::string shown = std::string(r ? r : "").substr(0, 20);
          bad_row_ = "The XLSX file's worksheet is damaged: its row \"" + shown + "\" comes after row " +
                     std::to_string(last_row_) + " (rows are numbered 1 to 1048576, in order).";
        }
        in_row_ = true;
      } else if (n == "c" && in_row_) {
        const char* r = Attr(a, "r");
        col_ = r ? ColumnIndex(r) : row_.cells.size();
        const char* t = Attr(a, "t");
        type_ = t ? t : "n";
        const char* s = Attr(a, "s");
        const int style = s ? std::atoi(s) : 0;
        format_ = style >= 0 && static_cast<size_t>(style) < formats_.size() ? &formats_[style] : nullptr;
        value_.clear();
        text_on_ = false;
        oversize_ = false;
      } else if (n == "v" || (n == "t" && in_row_)) {
        text_on_ = true;
      } else if (n == "rPh") {
        text_on_ = false;
      }
    };
    xml_.end = [this](std::string_view n) {
      if (n == "v" || n == "t") {
        text_on_ = false;
      } else if (n == "c" && in_row_) {
        FinishCell();
      } else if (n == "row") {
        in_row_ = false;
        last_row_ = row_.number;
        bool any = false;
        for (const auto& c : row_.cells) any = any || !c.empty();
        if (any || !row_.problems.empty()) ready_.push_back(std::move(row_));
      }
    };
    xml_.text = [this](const XML_Char* s, int len) {
      if (!text_on_ || oversize_) return;
      if (value_.size() + len > kMaxCellBytes) {
        oversize_ = true;
        value_.clear();
        return;
      }
      value_.append(s, len);
    };
  }

  void FinishCell() {
    if (col_ > 16384) return;  // past Excel's last column: ignore
    if (row_.cells.size() <= col_) {
      row_.cells.resize(col_ + 1);
      row_.numeric.resize(col_ + 1, 0);
    }
    if (oversize_) {
      row_.problems.push_back({col_, "cell_too_large", "The cell is larger than 1 MiB."});
      return;
    }
    std::string& out = row_.cells[col_];
    if (type_ == "s") {
      size_t i = 0;
      std::from_chars(value_.data(), value_.data() + value_.size(), i);
      out = i < strings_.size() ? strings_[i] : "";
    } else if (type_ == "inlineStr" || type_ == "str" || type_ == "e") {
      out = value_;
    } else if (type_ == "b") {
      out = value_ == "1" ? "TRUE" : "FALSE";
    } else if (type_ == "d") {
      out = DateText(value_, format_ ? format_->precision : DatePrecision::kDay);
    } else if (format_ && format_->kind == CellFormat::kDate && !value_.empty()) {
      double d = 0;
      std::from_chars(value_.data(), value_.data() + value_.size(), d);
      out = DateText(SerialToDate(d), format_->precision);
    } else if (!value_.empty()) {
      NumberCellText(value_, format_ && format_->kind == CellFormat::kDigits ? &format_->code : nullptr, out,
                     row_.numeric[col_]);
    }
  }

  XlsxLimits limits_;
  zip_t* zip_ = nullptr;
  std::unique_ptr<Part> sheet_;
  std::vector<CellFormat> formats_;  // by cell style (cellXfs) index
  std::vector<std::string> strings_;
  Xml xml_;
  std::deque<SourceRow> ready_;
  bool ended_ = false;
  // State of the sheet parser.
  SourceRow row_;
  bool in_row_ = false, text_on_ = false, oversize_ = false;
  const CellFormat* format_ = nullptr;
  int64_t last_row_ = 0;
  std::string bad_row_;  // the message for the first row out of order, if any
  size_t col_ = 0;
  std::string type_, value_;
};

}  // namespace

std::string SerialToDate(double serial) {
  // 1900 system: day 1 is 1900-01-01, and Excel counts a 29 February 1900 that never was.
  auto day = static_cast<int64_t>(std::floor(serial));
  if (day < 61) day += 1;  // before the phantom leap day
  const std::chrono::sys_days base = std::chrono::year(1899) / 12 / 30;
  const std::chrono::year_month_day ymd{base + std::chrono::days(day)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string DateText(std::string_view iso, DatePrecision precision) {
  const size_t n = precision == DatePrecision::kYear ? 4 : precision == DatePrecision::kMonth ? 7 : 10;
  return std::string(iso.substr(0, n));
}

core::Result<std::unique_ptr<TableSource>> OpenXlsx(const std::string& path, const std::optional<std::string>& sheet,
                                                    const XlsxLimits& limits) {
  {
    // An OpenDocument spreadsheet is a zip too: content.xml instead of xl/workbook.xml.
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
    const bool ods = z && zip_name_locate(z, "xl/workbook.xml", 0) < 0 && zip_name_locate(z, "content.xml", 0) >= 0;
    if (z) zip_discard(z);
    if (ods) return OpenOds(path, sheet, limits);
  }
  auto r = std::make_unique<XlsxReader>();
  LB_CHECK(r->Init(path, sheet, limits));
  return std::unique_ptr<TableSource>(std::move(r));
}

}  // namespace lb::files
