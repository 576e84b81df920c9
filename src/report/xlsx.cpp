#include "report/xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lb::report {
namespace {

// libxlsxwriter writes to a file: a private temporary one, removed afterwards.
class TempFile {
 public:
  TempFile() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "lb-report-XXXXXX").string();
    const int fd = mkstemp(tmpl.data());
    if (fd >= 0) {
      close(fd);
      path_ = tmpl;
    }
  }
  ~TempFile() {
    if (!path_.empty()) std::filesystem::remove(path_);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Excel allows 31 characters in a sheet name; cut at a character boundary.
std::string SheetName(const std::string& s) {
  size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++chars > 31) break;
  }
  return s.substr(0, i);
}

}  // namespace

struct XlsxBook::Impl {
  TempFile tmp;
  std::string title;
  lxw_workbook* wb = nullptr;
  lxw_format* formats[4] = {};  // by CellStyle
  std::deque<XlsxSheet> sheets;
  bool closed = false;

  lxw_format* Format(CellStyle s) const { return formats[static_cast<int>(s)]; }
};

XlsxBook::XlsxBook(const std::string& title) : impl_(std::make_unique<Impl>()) {
  impl_->title = title;
  if (impl_->tmp.path().empty()) return;
  lxw_workbook_options options = {};
  options.constant_memory = LXW_FALSE;
  options.tmpdir = nullptr;
  impl_->wb = workbook_new_opt(impl_->tmp.path().c_str(), &options);
  if (!impl_->wb) return;
  lxw_format* head = workbook_add_format(impl_->wb);
  format_set_bold(head);
  format_set_bg_color(head, 0x004488);
  format_set_font_color(head, LXW_COLOR_WHITE);
  format_set_text_wrap(head);
  lxw_format* wrap = workbook_add_format(impl_->wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* title_format = workbook_add_format(impl_->wb);
  format_set_bold(title_format);
  format_set_font_size(title_format, 14);
  impl_->formats[static_cast<int>(CellStyle::kHead)] = head;
  impl_->formats[static_cast<int>(CellStyle::kWrap)] = wrap;
  impl_->formats[static_cast<int>(CellStyle::kTitle)] = title_format;
  auto props = lxw_doc_properties{};
  props.title = impl_->title.data();
  workbook_set_properties(impl_->wb, &props);
}

XlsxBook::~XlsxBook() {
  if (impl_->wb && !impl_->closed) workbook_close(impl_->wb);
}

XlsxSheet& XlsxBook::AddSheet(const std::string& name) {
  lxw_worksheet* ws = impl_->wb ? workbook_add_worksheet(impl_->wb, SheetName(name).c_str()) : nullptr;
  return impl_->sheets.emplace_back(XlsxSheet(ws, this));
}

core::Result<std::string> XlsxBook::Close() {
  if (impl_->tmp.path().empty()) {
    return core::Fail(core::Error::Internal("cannot create a temporary file for the workbook"));
  }
  if (!impl_->wb) return core::Fail(core::Error::Internal("workbook_new failed"));
  impl_->closed = true;
  if (lxw_error e = workbook_close(impl_->wb); e != LXW_NO_ERROR) {
    return core::Fail(core::Error::Internal(std::string("workbook_close: ") + lxw_strerror(e)));
  }
  std::ifstream in(impl_->tmp.path(), std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void XlsxSheet::Header(const std::vector<std::string>& cells, const std::vector<double>& widths) {
  if (!ws_) return;
  for (size_t i = 0; i < cells.size(); ++i) {
    const auto col = static_cast<lxw_col_t>(i);
    worksheet_write_string(ws_, static_cast<lxw_row_t>(row_), col, cells[i].c_str(),
                           book_->impl_->Format(CellStyle::kHead));
    worksheet_set_column(ws_, col, col, widths[i], nullptr);
  }
  worksheet_freeze_panes(ws_, static_cast<lxw_row_t>(row_ + 1), 0);
  ++row_;
}

void XlsxSheet::Str(int col, const std::string& v, CellStyle style) { Put(row_, col, v, style); }

void XlsxSheet::Put(int row, int col, const std::string& v, CellStyle style) {
  if (!ws_ || v.empty()) return;
  worksheet_write_string(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), v.c_str(),
                         book_->impl_->Format(style));
}

void XlsxSheet::Num(int col, double v) {
  if (ws_) worksheet_write_number(ws_, static_cast<lxw_row_t>(row_), static_cast<lxw_col_t>(col), v, nullptr);
}

void XlsxSheet::AutoFilter(int first_row, int last_col) {
  if (ws_ && row_ > first_row + 1) {
    worksheet_autofilter(ws_, static_cast<lxw_row_t>(first_row), 0, static_cast<lxw_row_t>(row_ - 1),
                         static_cast<lxw_col_t>(last_col));
  }
}

}  // namespace lb::report
