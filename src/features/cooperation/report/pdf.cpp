// The evaluation report as PDF: Cairo draws, Pango shapes (Vietnamese diacritics and Lao
// script with Noto Sans and Noto Sans Lao, found through fontconfig and embedded as subsets).
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <memory>

#include "features/cooperation/labels.h"
#include "features/cooperation/report/evaluation.h"

namespace lb::reports {
namespace {

using cooperation::Label;

constexpr double kPageW = 595.276, kPageH = 841.89;  // A4 in points
constexpr double kMargin = 50, kFooter = 30;
constexpr double kContentW = kPageW - 2 * kMargin;
constexpr const char* kFamily = "Noto Sans, Noto Sans Lao";

// Lao is written without spaces between words and Pango has no Lao dictionary, so it would
// wrap inside words. ICU's dictionary-based word breaker finds the boundaries; a zero-width
// space marks each one as a line-break opportunity (it has no glyph and leaves no trace in
// the text extracted from the PDF).
std::string MarkLaoWordBreaks(const std::string& text) {
  bool has_lao = false;
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    // U+0E80..U+0EFF is E0 BA 80 .. E0 BB BF in UTF-8.
    if (static_cast<unsigned char>(text[i]) == 0xE0 &&
        (static_cast<unsigned char>(text[i + 1]) == 0xBA || static_cast<unsigned char>(text[i + 1]) == 0xBB)) {
      has_lao = true;
      break;
    }
  }
  if (!has_lao) return text;
  UErrorCode status = U_ZERO_ERROR;
  static thread_local std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale("lo"), status));
  if (!words) return text;
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  words->setText(u);
  icu::UnicodeString out;
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE; start = end, end = words->next()) {
    out.append(u, start, end - start);
    const UChar32 before = u.char32At(end - 1);
    const UChar32 after = end < u.length() ? u.char32At(end) : 0;
    if (before >= 0x0E80 && before <= 0x0EFF && after >= 0x0E80 && after <= 0x0EFF) out.append(UChar32{0x200B});
  }
  std::string result;
  out.toUTF8String(result);
  return result;
}

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct Font {
  double size;
  bool bold;
};
constexpr Font kBody{9, false}, kSmall{8, false}, kBold{9, true}, kH1{16, true}, kH2{12, true}, kTitle{22, true};

// A flowing page writer: text blocks and tables that break across pages.
class Writer {
 public:
  Writer(std::string& out, std::string lang, std::string footer) : lang_(std::move(lang)), footer_(std::move(footer)) {
    surface_ = cairo_pdf_surface_create_for_stream(Append, &out, kPageW, kPageH);
    cr_ = cairo_create(surface_);
    layout_ = pango_cairo_create_layout(cr_);
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);  // long numbers and ids may still need a char break
    y_ = kMargin;
  }
  ~Writer() {
    for (auto& [k, d] : fonts_) pango_font_description_free(d);
    g_object_unref(layout_);
    cairo_destroy(cr_);
    cairo_surface_destroy(surface_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  core::Status Finish() {
    Footer();
    cairo_surface_finish(surface_);
    if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
      return core::Fail(core::Error::Internal(cairo_status_to_string(cairo_surface_status(surface_))));
    }
    return {};
  }

  int page() const { return page_; }
  double y() const { return y_; }
  void SetY(double y) { y_ = y; }

  void NewPage() {
    Footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
  }

  void EnsureSpace(double h) {
    if (y_ + h > kPageH - kMargin - kFooter) NewPage();
  }

  // Height of `text` set in `width`.
  double Measure(const std::string& text, Font f, double width) {
    Prepare(text, f, width);
    int w = 0, h = 0;
    pango_layout_get_size(layout_, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  void Draw(double x, double y, const std::string& text, Font f, double width, double r = 0.07, double g = 0.07,
            double b = 0.07, PangoAlignment align = PANGO_ALIGN_LEFT) {
    Prepare(text, f, width);
    pango_layout_set_alignment(layout_, align);
    cairo_set_source_rgb(cr_, r, g, b);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout_);
    pango_layout_set_alignment(layout_, PANGO_ALIGN_LEFT);
  }

  void Text(const std::string& text, Font f = kBody, double space_after = 4) {
    const double h = Measure(text, f, kContentW);
    EnsureSpace(h);
    Draw(kMargin, y_, text, f, kContentW);
    y_ += h + space_after;
  }

  void Heading(const std::string& text, Font f = kH1) {
    EnsureSpace(Measure(text, f, kContentW) + (f.size >= kH1.size ? 120 : 110));  // keep a heading with what follows
    y_ += f.size * 0.6;
    Text(text, f, 6);
    if (f.size >= kH1.size) {
      cairo_set_source_rgb(cr_, 0.0, 0.27, 0.53);
      cairo_set_line_width(cr_, 1.2);
      cairo_move_to(cr_, kMargin, y_ - 3);
      cairo_line_to(cr_, kMargin + kContentW, y_ - 3);
      cairo_stroke(cr_);
      y_ += 4;
    }
  }

  // A table with a header row repeated on each page; widths are fractions of the content width.
  void Table(const std::vector<std::string>& header, const std::vector<double>& widths,
             const std::vector<std::vector<std::string>>& rows) {
    constexpr double kPad = 3;
    auto row_height = [&](const std::vector<std::string>& cells, Font f) {
      double h = 0;
      for (size_t i = 0; i < cells.size(); ++i) {
        h = std::max(h, Measure(cells[i], f, widths[i] * kContentW - 2 * kPad));
      }
      return h + 2 * kPad;
    };
    auto draw_row = [&](const std::vector<std::string>& cells, Font f, double h, bool head, bool shade) {
      double x = kMargin;
      if (head || shade) {
        cairo_rectangle(cr_, kMargin, y_, kContentW, h);
        if (head)
          cairo_set_source_rgb(cr_, 0.0, 0.27, 0.53);
        else
          cairo_set_source_rgb(cr_, 0.94, 0.95, 0.97);
        cairo_fill(cr_);
      }
      for (size_t i = 0; i < cells.size(); ++i) {
        const double w = widths[i] * kContentW;
        if (head)
          Draw(x + kPad, y_ + kPad, cells[i], f, w - 2 * kPad, 1, 1, 1);
        else
          Draw(x + kPad, y_ + kPad, cells[i], f, w - 2 * kPad);
        x += w;
      }
      cairo_set_source_rgb(cr_, 0.8, 0.82, 0.86);
      cairo_set_line_width(cr_, 0.4);
      cairo_move_to(cr_, kMargin, y_ + h);
      cairo_line_to(cr_, kMargin + kContentW, y_ + h);
      cairo_stroke(cr_);
      y_ += h;
    };
    const double hh = row_height(header, kBold);
    // Never a header alone at the foot of a page: it goes with the first row.
    EnsureSpace(hh + (rows.empty() ? 0 : row_height(rows.front(), kBody)));
    draw_row(header, kBold, hh, true, false);
    bool shade = false;
    for (const auto& row : rows) {
      const double h = row_height(row, kBody);
      if (y_ + h > kPageH - kMargin - kFooter) {
        NewPage();
        draw_row(header, kBold, hh, true, false);
      }
      draw_row(row, kBody, h, false, shade);
      shade = !shade;
    }
    y_ += 8;
  }

  // A horizontal stacked bar chart drawn from the chart's table model.
  void BarChart(const cooperation::Chart& chart) {
    if (chart.category_labels.empty()) return;  // nothing to draw; the tables say "none"
    static constexpr double kColours[][3] = {{0.0, 0.447, 0.698}, {0.902, 0.624, 0.0},   {0.0, 0.620, 0.451},
                                             {0.8, 0.475, 0.655}, {0.337, 0.706, 0.914}, {0.835, 0.369, 0.0}};
    const double label_w = 170, bar_h = 13, gap = 6, right = 40;
    const double plot = kContentW - label_w - right;
    const size_t rows = chart.category_labels.size();
    Heading(chart.title, kH2);
    EnsureSpace(rows * (bar_h + gap) + 40);
    int64_t max_total = 1;
    for (const auto& r : chart.values) {
      int64_t t = 0;
      for (auto v : r) t += v;
      max_total = std::max(max_total, t);
    }
    for (size_t i = 0; i < rows; ++i) {
      Draw(kMargin, y_, chart.category_labels[i], kSmall, label_w - 6, 0.07, 0.07, 0.07, PANGO_ALIGN_RIGHT);
      double x = kMargin + label_w;
      int64_t total = 0;
      for (size_t k = 0; k < chart.values[i].size(); ++k) {
        const int64_t v = chart.values[i][k];
        total += v;
        if (!v) continue;
        const double w = plot * static_cast<double>(v) / static_cast<double>(max_total);
        const auto& c = kColours[k % std::size(kColours)];
        cairo_set_source_rgb(cr_, c[0], c[1], c[2]);
        cairo_rectangle(cr_, x, y_, w, bar_h);
        cairo_fill(cr_);
        x += w;
      }
      Draw(x + 4, y_, std::to_string(total), kSmall, right);
      y_ += bar_h + gap;
    }
    double lx = kMargin + label_w;
    for (size_t k = 0; k < chart.series_labels.size(); ++k) {
      const auto& c = kColours[k % std::size(kColours)];
      const double tw = Measure(chart.series_labels[k], kSmall, 200);
      Prepare(chart.series_labels[k], kSmall, -1);
      int w = 0, h = 0;
      pango_layout_get_size(layout_, &w, &h);
      const double text_w = static_cast<double>(w) / PANGO_SCALE;
      if (lx + 14 + text_w > kMargin + kContentW) {
        lx = kMargin + label_w;
        y_ += tw + 4;
      }
      cairo_set_source_rgb(cr_, c[0], c[1], c[2]);
      cairo_rectangle(cr_, lx, y_ + 3, 9, 9);
      cairo_fill(cr_);
      Draw(lx + 12, y_, chart.series_labels[k], kSmall, text_w + 2);
      lx += 12 + text_w + 14;
    }
    y_ += 24;
  }

  cairo_t* cr() { return cr_; }

 private:
  void Prepare(const std::string& text, Font f, double width) {
    const int key = static_cast<int>(f.size * 10) * 2 + (f.bold ? 1 : 0);
    auto it = fonts_.find(key);
    if (it == fonts_.end()) {
      PangoFontDescription* d = pango_font_description_from_string(kFamily);
      pango_font_description_set_size(d, static_cast<int>(f.size * PANGO_SCALE));
      pango_font_description_set_weight(d, f.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
      it = fonts_.emplace(key, d).first;
    }
    pango_layout_set_font_description(layout_, it->second);
    pango_layout_set_width(layout_, width < 0 ? -1 : static_cast<int>(width * PANGO_SCALE));
    const std::string marked = MarkLaoWordBreaks(text);
    pango_layout_set_text(layout_, marked.data(), static_cast<int>(marked.size()));
  }

  void Footer() {
    const std::string text = footer_ + "  ·  " + Label("report.page", lang_) + " " + std::to_string(page_);
    Draw(kMargin, kPageH - kMargin + 4, text, kSmall, kContentW, 0.4, 0.4, 0.4, PANGO_ALIGN_RIGHT);
  }

  std::string lang_, footer_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  PangoLayout* layout_ = nullptr;
  std::map<int, PangoFontDescription*> fonts_;
  double y_ = 0;
  int page_ = 1;
};

std::string CountryName(const std::string& code, const std::string& lang) { return Label("country." + code, lang); }

std::string ConferenceName(const cooperation::Conference& c, const std::string& lang) {
  std::string kind = Label("conference." + c.kind, lang);
  if (c.number) kind += " " + std::to_string(*c.number);
  return kind;
}

// The latest progress update's evidence (or note) of a commitment.
std::string Evidence(const EvaluationData& d, const cooperation::Commitment& c) {
  auto it = d.progress.find(c.meta.id);
  if (it == d.progress.end() || it->second.empty()) return "";
  const auto& p = it->second.back();
  std::string out = p.on_date;
  if (p.evidence)
    out += ": " + *p.evidence;
  else if (p.note)
    out += ": " + *p.note;
  return out;
}

std::string Due(const cooperation::Commitment& c) {
  if (c.due_on) return *c.due_on;
  if (c.due_from || c.due_until) return c.due_from.value_or("…") + " – " + c.due_until.value_or("…");
  return "";
}

std::string More(size_t n, const std::string& lang) {
  if (lang == "vi") return "… và " + std::to_string(n) + " mục khác (xem bảng tính XLSX).";
  if (lang == "lo") return "… ແລະ ອີກ " + std::to_string(n) + " ລາຍການ (ເບິ່ງໄຟລ໌ XLSX).";
  return "… and " + std::to_string(n) + " more (see the XLSX workbook).";
}

}  // namespace

core::Result<std::string> RenderPdf(const EvaluationData& d) {
  const std::string& lang = d.request.lang;
  std::string out;
  out.reserve(1 << 20);
  {
    Writer w(out, lang, Label("report.title", lang) + " " + d.request.from + " – " + d.request.to);
    // Cover.
    w.SetY(200);
    w.Text(Label("report.title", lang), kTitle, 24);
    w.Text(Label("report.period", lang) + ": " + d.request.from + " – " + d.request.to, kH2, 10);
    w.Text(Label("report.generated", lang) + ": " + d.prepared_on, kBody, 30);
    for (const auto& c : d.conferences) {
      w.Text(ConferenceName(c, lang) + " — " + c.held_on + ", " + c.place.In(lang) + " (" +
                 CountryName(c.host_country, lang) + ")",
             kBody, 3);
    }
    // Signature blocks at the foot of the cover.
    w.SetY(kPageH - kMargin - kFooter - 90);
    const double half = kContentW / 2;
    w.Draw(kMargin, w.y(), Label("report.sign_vn", lang), kBold, half - 10, 0.07, 0.07, 0.07, PANGO_ALIGN_CENTER);
    w.Draw(kMargin + half, w.y(), Label("report.sign_la", lang), kBold, half - 10, 0.07, 0.07, 0.07,
           PANGO_ALIGN_CENTER);
    w.NewPage();

    // Summary.
    w.Heading(Label("report.summary", lang));
    int64_t done = 0, participants = 0;
    for (const auto& c : d.commitments) done += c.status == "done";
    for (const auto& a : d.activities) participants += a.participants_vn + a.participants_la;
    w.Table({Label("report.summary", lang), Label("report.count", lang)}, {0.75, 0.25},
            {{Label("report.summary_commitments", lang), std::to_string(d.commitments.size())},
             {Label("report.summary_done", lang), std::to_string(done)},
             {Label("status.carried_over", lang), std::to_string(d.carry_over.size())},
             {Label("report.summary_activities", lang), std::to_string(d.activities.size())},
             {Label("report.summary_participants", lang), std::to_string(participants)}});
    if (!d.conferences.empty()) {
      w.Heading(Label("report.conferences", lang), kH2);
      std::vector<std::vector<std::string>> rows;
      for (const auto& c : d.conferences) {
        rows.push_back({ConferenceName(c, lang), c.held_on, c.place.In(lang), CountryName(c.host_country, lang)});
      }
      w.Table({Label("report.kind", lang), Label("report.dates", lang), Label("report.place", lang), ""},
              {0.4, 0.15, 0.3, 0.15}, rows);
    }
    w.BarChart(d.commitments_chart);

    // Commitments by field.
    w.Heading(Label("report.commitments", lang));
    for (auto f : cooperation::kFields) {
      std::vector<const cooperation::Commitment*> in_field;
      for (const auto& c : d.commitments) {
        if (c.field == f) in_field.push_back(&c);
      }
      if (in_field.empty()) continue;
      std::string counts;
      for (auto s : cooperation::kCommitmentStatuses) {
        size_t n = 0;
        for (auto* c : in_field) n += c->status == s;
        if (n)
          counts += (counts.empty() ? "" : " · ") + Label("status." + std::string(s), lang) + " " + std::to_string(n);
      }
      w.Heading(Label("field." + std::string(f), lang) + " (" + std::to_string(in_field.size()) + ")", kH2);
      w.Text(counts, kSmall, 4);
      std::vector<std::vector<std::string>> rows;
      for (size_t i = 0; i < in_field.size() && i < d.limits.commitments_per_field; ++i) {
        const auto& c = *in_field[i];
        rows.push_back({c.text.In(lang), Label("status." + c.status, lang), Due(c), Evidence(d, c)});
      }
      w.Table({Label("report.commitment", lang), Label("report.status", lang), Label("report.due", lang),
               Label("report.evidence", lang)},
              {0.45, 0.14, 0.17, 0.24}, rows);
      if (in_field.size() > d.limits.commitments_per_field) {
        w.Text(More(in_field.size() - d.limits.commitments_per_field, lang), kSmall, 8);
      }
    }

    // Activities.
    w.Heading(Label("report.activities", lang));
    w.BarChart(d.activities_chart);
    {
      std::vector<std::vector<std::string>> rows;
      for (size_t i = 0; i < d.activities.size() && i < d.limits.activities; ++i) {
        const auto& a = d.activities[i];
        std::string cost;
        if (a.cost) cost = std::to_string(*a.cost) + " " + a.currency.value_or("");
        if (a.funding_source) cost += (cost.empty() ? "" : "\n") + *a.funding_source;
        rows.push_back({a.start_on == a.end_on ? a.start_on : a.start_on + " – " + a.end_on,
                        Label("activity." + a.kind, lang) + "\n" + a.title.In(lang), a.place.value_or(""),
                        std::to_string(a.participants_vn) + " / " + std::to_string(a.participants_la), cost});
      }
      if (rows.empty()) {
        w.Text(Label("report.none", lang));
      } else {
        w.Table({Label("report.dates", lang), Label("report.activity", lang), Label("report.place", lang),
                 Label("report.participants", lang) + " VN / LA", Label("report.cost", lang)},
                {0.15, 0.38, 0.17, 0.13, 0.17}, rows);
      }
      if (d.activities.size() > d.limits.activities)
        w.Text(More(d.activities.size() - d.limits.activities, lang), kSmall);
    }

    // Registry figures.
    w.Heading(Label("report.registry", lang));
    {
      std::vector<std::vector<std::string>> rows;
      int64_t total = 0;
      for (const auto& [k, n] : d.workers_by_nationality) {
        rows.push_back(
            {Label("country." + k, lang) == "country." + k ? k : Label("country." + k, lang), std::to_string(n)});
        total += n;
      }
      rows.push_back({Label("report.total", lang), std::to_string(total)});
      w.Heading(Label("report.workers_by_nationality", lang), kH2);
      w.Table({Label("report.nationality", lang), Label("report.count", lang)}, {0.6, 0.4}, rows);
      rows.clear();
      total = 0;
      for (const auto& [k, n] : d.permits_by_status) {
        rows.push_back({k, std::to_string(n)});
        total += n;
      }
      rows.push_back({Label("report.total", lang), std::to_string(total)});
      w.Heading(Label("report.permits_by_status", lang), kH2);
      w.Table({Label("report.status", lang), Label("report.count", lang)}, {0.6, 0.4}, rows);
    }

    // Carry-over.
    w.Heading(Label("report.carry_over", lang));
    {
      std::vector<std::vector<std::string>> rows;
      for (size_t i = 0; i < d.carry_over.size() && i < d.limits.carry_over; ++i) {
        const auto& c = *d.carry_over[i];
        rows.push_back({c.text.In(lang), Label("field." + c.field, lang), Label("status." + c.status, lang), Due(c)});
      }
      if (rows.empty()) {
        w.Text(Label("report.none", lang));
      } else {
        w.Table({Label("report.commitment", lang), Label("report.field", lang), Label("report.status", lang),
                 Label("report.due", lang)},
                {0.47, 0.2, 0.15, 0.18}, rows);
      }
      if (d.carry_over.size() > d.limits.carry_over)
        w.Text(More(d.carry_over.size() - d.limits.carry_over, lang), kSmall);
    }
    LB_CHECK(w.Finish());
  }
  return out;
}

}  // namespace lb::reports
