// The evaluation report as an XLSX workbook (libxlsxwriter): every commitment, activity and
// carry-over of the period in full, with the summary and registry figures.
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "features/cooperation/labels.h"
#include "features/cooperation/report/evaluation.h"

namespace lb::reports {
namespace {

using cooperation::Label;

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

struct Sheet {
  lxw_worksheet* ws;
  lxw_format* head;
  lxw_row_t row = 0;
  void Header(const std::vector<std::string>& cells, const std::vector<double>& widths) {
    for (size_t i = 0; i < cells.size(); ++i) {
      worksheet_write_string(ws, row, static_cast<lxw_col_t>(i), cells[i].c_str(), head);
      worksheet_set_column(ws, static_cast<lxw_col_t>(i), static_cast<lxw_col_t>(i), widths[i], nullptr);
    }
    worksheet_freeze_panes(ws, row + 1, 0);
    ++row;
  }
  void Str(lxw_col_t col, const std::string& v, lxw_format* f = nullptr) {
    if (!v.empty()) worksheet_write_string(ws, row, col, v.c_str(), f);
  }
  void Num(lxw_col_t col, double v) { worksheet_write_number(ws, row, col, v, nullptr); }
};

// Excel allows 31 characters in a sheet name; cut at a character boundary.
std::string SheetName(const std::string& s) {
  size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++chars > 31) break;
  }
  return s.substr(0, i);
}

std::string Evidence(const EvaluationData& d, const cooperation::Commitment& c) {
  auto it = d.progress.find(c.meta.id);
  if (it == d.progress.end()) return "";
  std::string out;
  for (const auto& p : it->second) {
    out += (out.empty() ? "" : "\n") + p.on_date + " " + Label("status." + p.status, d.request.lang);
    if (p.evidence) out += ": " + *p.evidence;
    if (p.note) out += " (" + *p.note + ")";
  }
  return out;
}

}  // namespace

core::Result<std::string> RenderXlsx(const EvaluationData& d) {
  const std::string& lang = d.request.lang;
  TempFile tmp;
  if (tmp.path().empty()) return core::Fail(core::Error::Internal("cannot create a temporary file for the workbook"));
  lxw_workbook_options options = {};
  options.constant_memory = LXW_FALSE;
  options.tmpdir = nullptr;
  lxw_workbook* wb = workbook_new_opt(tmp.path().c_str(), &options);
  if (!wb) return core::Fail(core::Error::Internal("workbook_new failed"));
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0x004488);
  format_set_font_color(head, LXW_COLOR_WHITE);
  format_set_text_wrap(head);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 14);

  auto props = lxw_doc_properties{};
  const std::string doc_title = Label("report.title", lang) + " " + d.request.from + " – " + d.request.to;
  std::string title_copy = doc_title;
  props.title = title_copy.data();
  workbook_set_properties(wb, &props);

  // Summary.
  {
    Sheet s{workbook_add_worksheet(wb, SheetName(Label("report.summary", lang)).c_str()), head};
    worksheet_write_string(s.ws, 0, 0, Label("report.title", lang).c_str(), title);
    worksheet_write_string(
        s.ws, 1, 0, (Label("report.period", lang) + ": " + d.request.from + " – " + d.request.to).c_str(), nullptr);
    worksheet_write_string(s.ws, 2, 0, (Label("report.generated", lang) + ": " + d.prepared_on).c_str(), nullptr);
    s.row = 4;
    s.Header({Label("report.field", lang), Label("status.planned", lang), Label("status.in_progress", lang),
              Label("status.done", lang), Label("status.dropped", lang), Label("status.carried_over", lang),
              Label("report.total", lang)},
             {34, 12, 14, 12, 12, 16, 10});
    const auto& c = d.commitments_chart;
    for (size_t i = 0; i < c.category_labels.size(); ++i) {
      s.Str(0, c.category_labels[i]);
      double total = 0;
      for (size_t k = 0; k < c.values[i].size(); ++k) {
        s.Num(static_cast<lxw_col_t>(k + 1), static_cast<double>(c.values[i][k]));
        total += static_cast<double>(c.values[i][k]);
      }
      s.Num(static_cast<lxw_col_t>(c.values[i].size() + 1), total);
      ++s.row;
    }
  }
  // Commitments, all of them.
  {
    Sheet s{workbook_add_worksheet(wb, SheetName(Label("report.commitment", lang)).c_str()), head};
    s.Header({Label("report.field", lang), Label("report.commitment", lang), Label("report.status", lang),
              Label("report.due", lang), Label("report.evidence", lang), "id"},
             {26, 70, 14, 22, 50, 38});
    for (const auto& c : d.commitments) {
      s.Str(0, Label("field." + c.field, lang));
      s.Str(1, c.text.In(lang), wrap);
      s.Str(2, Label("status." + c.status, lang));
      s.Str(3, c.due_on ? *c.due_on : c.due_from.value_or("") + (c.due_until ? " – " + *c.due_until : ""));
      s.Str(4, Evidence(d, c), wrap);
      s.Str(5, c.meta.id);
      ++s.row;
    }
    if (s.row > 1) worksheet_autofilter(s.ws, 0, 0, s.row - 1, 5);
  }
  // Activities, all of them.
  {
    Sheet s{workbook_add_worksheet(wb, SheetName(Label("report.activities", lang)).c_str()), head};
    s.Header({Label("report.dates", lang), "", Label("report.kind", lang), Label("report.field", lang),
              Label("report.activity", lang), Label("report.place", lang), "VN", "LA", Label("report.cost", lang), "",
              Label("report.funding", lang)},
             {12, 12, 20, 26, 60, 20, 8, 8, 14, 8, 24});
    for (const auto& a : d.activities) {
      s.Str(0, a.start_on);
      s.Str(1, a.end_on);
      s.Str(2, Label("activity." + a.kind, lang));
      s.Str(3, Label("field." + a.field, lang));
      s.Str(4, a.title.In(lang), wrap);
      s.Str(5, a.place.value_or(""));
      s.Num(6, static_cast<double>(a.participants_vn));
      s.Num(7, static_cast<double>(a.participants_la));
      if (a.cost) s.Num(8, static_cast<double>(*a.cost));
      s.Str(9, a.currency.value_or(""));
      s.Str(10, a.funding_source.value_or(""));
      ++s.row;
    }
    if (s.row > 1) worksheet_autofilter(s.ws, 0, 0, s.row - 1, 10);
  }
  // Registry figures.
  {
    Sheet s{workbook_add_worksheet(wb, SheetName(Label("report.registry", lang)).c_str()), head};
    s.Header({Label("report.nationality", lang), Label("report.count", lang)}, {30, 12});
    for (const auto& [k, n] : d.workers_by_nationality) {
      s.Str(0, k);
      s.Num(1, static_cast<double>(n));
      ++s.row;
    }
    ++s.row;
    s.Header({Label("report.status", lang), Label("report.count", lang)}, {30, 12});
    for (const auto& [k, n] : d.permits_by_status) {
      s.Str(0, k);
      s.Num(1, static_cast<double>(n));
      ++s.row;
    }
  }
  // Carry-over.
  {
    Sheet s{workbook_add_worksheet(wb, SheetName(Label("status.carried_over", lang)).c_str()), head};
    s.Header({Label("report.commitment", lang), Label("report.field", lang), Label("report.status", lang),
              Label("report.due", lang), "id"},
             {70, 26, 14, 14, 38});
    for (const auto* c : d.carry_over) {
      s.Str(0, c->text.In(lang), wrap);
      s.Str(1, Label("field." + c->field, lang));
      s.Str(2, Label("status." + c->status, lang));
      s.Str(3, c->Deadline().value_or(""));
      s.Str(4, c->meta.id);
      ++s.row;
    }
  }
  if (lxw_error e = workbook_close(wb); e != LXW_NO_ERROR) {
    return core::Fail(core::Error::Internal(std::string("workbook_close: ") + lxw_strerror(e)));
  }
  std::ifstream in(tmp.path(), std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace lb::reports
