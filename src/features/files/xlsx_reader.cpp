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

namespace lb::exchange {
namespace {

constexpr size_t kChunk = 1 << 16;

core::Error Rejected(std::string code, std::string message) {
  return core::Error::Field("file", std::move(code), std::move(message));
}

std::string_view Local(const XML_Char* name) {
  std::string_view n(name);
  const size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const XML_Char* Attr(const XML_Char** atts, std::string_view local) {
  for (int i = 0; atts[i]; i += 2) {
    if (Local(atts[i]) == local) return atts[i + 1];
  }
  return nullptr;
}

// An XML parser whose element handlers are std::functions.
struct Xml {
  std::function<void(std::string_view, const XML_Char**)> start;
  std::function<void(std::string_view)> end;
  std::function<void(const XML_Char*, int)> text;
  XML_Parser parser = XML_ParserCreate("UTF-8");

  Xml() {
    XML_SetUserData(parser, this);
    XML_SetElementHandler(
        parser,
        [](void* u, const XML_Char* n, const XML_Char** a) {
          auto* x = static_cast<Xml*>(u);
          if (x->start) x->start(Local(n), a);
        },
        [](void* u, const XML_Char* n) {
          auto* x = static_cast<Xml*>(u);
          if (x->end) x->end(Local(n));
        });
    XML_SetCharacterDataHandler(parser, [](void* u, const XML_Char* s, int len) {
      auto* x = static_cast<Xml*>(u);
      if (x->text) x->text(s, len);
    });
  }
  ~Xml() { XML_ParserFree(parser); }
  Xml(const Xml&) = delete;
  Xml& operator=(const Xml&) = delete;

  core::Status Feed(const char* data, size_t n, bool last) {
    if (XML_Parse(parser, data, static_cast<int>(n), last) == XML_STATUS_ERROR) {
      return core::Fail(Rejected("bad_xlsx", std::string("The XLSX file is damaged (XML error: ") +
                                                 XML_ErrorString(XML_GetErrorCode(parser)) + ")."));
    }
    return {};
  }
};

// One part of the zip, read in chunks, with the bytes inflated counted against its limits.
class Part {
 public:
  static core::Result<std::unique_ptr<Part>> Open(zip_t* zip, const std::string& name, uint64_t limit) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(zip, name.c_str(), 0, &st) != 0) return std::unique_ptr<Part>();
    zip_file_t* f = zip_fopen(zip, name.c_str(), 0);
    if (!f) return core::Fail(Rejected("bad_xlsx", "The XLSX file is damaged (cannot open " + name + ")."));
    auto p = std::unique_ptr<Part>(new Part(f, name, std::min<uint64_t>(st.size, limit)));
    return p;
  }
  ~Part() { zip_fclose(file_); }
  // Reads the next chunk; 0 at the end.
  core::Result<size_t> Read(char* buf, size_t n) {
    const zip_int64_t k = zip_fread(file_, buf, n);
    if (k < 0) return core::Fail(Rejected("bad_xlsx", "The XLSX file is damaged (cannot inflate " + name_ + ")."));
    read_ += static_cast<uint64_t>(k);
    if (read_ > limit_) {
      return core::Fail(Rejected("zip_bomb", "The XLSX file inflates beyond its declared size; refused."));
    }
    return static_cast<size_t>(k);
  }
  uint64_t read() const { return read_; }
  uint64_t size() const { return limit_; }

 private:
  Part(zip_file_t* f, std::string name, uint64_t limit) : file_(f), name_(std::move(name)), limit_(limit) {}
  zip_file_t* file_;
  std::string name_;
  uint64_t limit_;
  uint64_t read_ = 0;
};

// Parses a whole (small) part; a missing part is fine (returns false).
core::Result<bool> ParsePart(zip_t* zip, const std::string& name, uint64_t limit, Xml& xml) {
  LB_TRY(part, Part::Open(zip, name, limit));
  if (!part) return false;
  char buf[kChunk];
  for (;;) {
    LB_TRY(n, part->Read(buf, sizeof buf));
    LB_CHECK(xml.Feed(buf, n, n == 0));
    if (n == 0) return true;
  }
}

bool IsDateFormat(int id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) return true;
  if (code.empty()) return false;
  bool quoted = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '[') {  // [Red], [$-409]: not date parts
      while (i < code.size() && code[i] != ']') ++i;
      continue;
    }
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == 'd' || c == 'D' || c == 'y' || c == 'Y' || c == 'm' || c == 'M') return true;
  }
  return false;
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

// Excel numbers as the text a person typed: integers without ".0" or exponent.
std::string NumberText(const std::string& v) {
  double d = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || p != v.data() + v.size()) return v;
  if (std::floor(d) == d && std::fabs(d) < 1e15) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(d));
    return std::string(buf, r.ptr);
  }
  return v;
}

class XlsxReader final : public TableSource {
 public:
  core::Status Init(const std::string& path, const std::optional<std::string>& sheet, const XlsxLimits& limits) {
    limits_ = limits;
    int err = 0;
    zip_ = zip_open(path.c_str(), ZIP_RDONLY, &err);
    if (!zip_) return core::Fail(Rejected("bad_xlsx", "The file is not a readable XLSX (zip) file."));
    LB_CHECK(CheckSizes());
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
    }
    row = std::move(ready_.front());
    ready_.pop_front();
    return true;
  }
  uint64_t Done() const override { return sheet_ ? sheet_->read() : 0; }
  uint64_t Total() const override { return sheet_ ? sheet_->size() : 0; }

 private:
  core::Status CheckSizes() {
    const zip_int64_t n = zip_get_num_entries(zip_, 0);
    uint64_t total = 0;
    for (zip_int64_t i = 0; i < n; ++i) {
      zip_stat_t st;
      if (zip_stat_index(zip_, i, 0, &st) != 0) continue;
      total += st.size;
      const bool big = st.size > (1u << 20);
      if (st.size > limits_.max_entry_bytes || total > limits_.max_total_bytes ||
          (big && (st.comp_size == 0 || st.size / st.comp_size > limits_.max_ratio))) {
        return core::Fail(Rejected("zip_bomb",
                                   "The XLSX file is too large once uncompressed, or compressed suspiciously well "
                                   "(a zip bomb?); refused. Split it, or save it as CSV."));
      }
    }
    return {};
  }

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
      date_styles_.push_back(IsDateFormat(id, it == formats.end() ? "" : it->second));
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
        in_row_ = true;
      } else if (n == "c" && in_row_) {
        const char* r = Attr(a, "r");
        col_ = r ? ColumnIndex(r) : row_.cells.size();
        const char* t = Attr(a, "t");
        type_ = t ? t : "n";
        const char* s = Attr(a, "s");
        const int style = s ? std::atoi(s) : 0;
        date_ = style >= 0 && static_cast<size_t>(style) < date_styles_.size() && date_styles_[style];
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
      out = value_.substr(0, 10);
    } else if (date_ && !value_.empty()) {
      double d = 0;
      std::from_chars(value_.data(), value_.data() + value_.size(), d);
      out = SerialToDate(d);
    } else {
      out = NumberText(value_);
      row_.numeric[col_] = !value_.empty();
    }
  }

  XlsxLimits limits_;
  zip_t* zip_ = nullptr;
  std::unique_ptr<Part> sheet_;
  std::vector<bool> date_styles_;
  std::vector<std::string> strings_;
  Xml xml_;
  std::deque<SourceRow> ready_;
  bool ended_ = false;
  // State of the sheet parser.
  SourceRow row_;
  bool in_row_ = false, text_on_ = false, date_ = false, oversize_ = false;
  int64_t last_row_ = 0;
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

core::Result<std::unique_ptr<TableSource>> OpenXlsx(const std::string& path, const std::optional<std::string>& sheet,
                                                    const XlsxLimits& limits) {
  auto r = std::make_unique<XlsxReader>();
  LB_CHECK(r->Init(path, sheet, limits));
  return std::unique_ptr<TableSource>(std::move(r));
}

}  // namespace lb::exchange
