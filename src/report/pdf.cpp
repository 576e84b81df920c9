#include "report/pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>

namespace lb::report {
namespace {

constexpr const char* kFamily = "Noto Sans, Noto Sans Lao";

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

PangoAlignment ToPango(Align a) {
  switch (a) {
    case Align::kCenter:
      return PANGO_ALIGN_CENTER;
    case Align::kRight:
      return PANGO_ALIGN_RIGHT;
    case Align::kLeft:
      break;
  }
  return PANGO_ALIGN_LEFT;
}

}  // namespace

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

struct PdfWriter::Impl {
  std::string footer, page_label;
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
  PangoLayout* layout = nullptr;
  std::map<int, PangoFontDescription*> fonts;
  double y = kMargin;
  int page = 1;

  void Prepare(const std::string& text, Font f, double width) {
    const int key = static_cast<int>(f.size * 10) * 2 + (f.bold ? 1 : 0);
    auto it = fonts.find(key);
    if (it == fonts.end()) {
      PangoFontDescription* d = pango_font_description_from_string(kFamily);
      pango_font_description_set_size(d, static_cast<int>(f.size * PANGO_SCALE));
      pango_font_description_set_weight(d, f.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
      it = fonts.emplace(key, d).first;
    }
    pango_layout_set_font_description(layout, it->second);
    pango_layout_set_width(layout, width < 0 ? -1 : static_cast<int>(width * PANGO_SCALE));
    const std::string marked = MarkLaoWordBreaks(text);
    pango_layout_set_text(layout, marked.data(), static_cast<int>(marked.size()));
  }
};

PdfWriter::PdfWriter(std::string& out, std::string footer, std::string page_label) : impl_(std::make_unique<Impl>()) {
  impl_->footer = std::move(footer);
  impl_->page_label = std::move(page_label);
  impl_->surface = cairo_pdf_surface_create_for_stream(Append, &out, kPageW, kPageH);
  impl_->cr = cairo_create(impl_->surface);
  impl_->layout = pango_cairo_create_layout(impl_->cr);
  pango_layout_set_wrap(impl_->layout, PANGO_WRAP_WORD_CHAR);  // long numbers and ids may still need a char break
}

PdfWriter::~PdfWriter() {
  for (auto& [k, d] : impl_->fonts) pango_font_description_free(d);
  g_object_unref(impl_->layout);
  cairo_destroy(impl_->cr);
  cairo_surface_destroy(impl_->surface);
}

int PdfWriter::page() const { return impl_->page; }
double PdfWriter::y() const { return impl_->y; }
void PdfWriter::SetY(double y) { impl_->y = y; }

void PdfWriter::Footer() {
  const std::string text = impl_->footer + "  ·  " + impl_->page_label + " " + std::to_string(impl_->page);
  Draw(kMargin, kPageH - kMargin + 4, text, kSmall, kContentW, {0.4, 0.4, 0.4}, Align::kRight);
}

core::Status PdfWriter::Finish() {
  Footer();
  cairo_surface_finish(impl_->surface);
  if (cairo_surface_status(impl_->surface) != CAIRO_STATUS_SUCCESS) {
    return core::Fail(core::Error::Internal(cairo_status_to_string(cairo_surface_status(impl_->surface))));
  }
  return {};
}

void PdfWriter::NewPage() {
  Footer();
  cairo_show_page(impl_->cr);
  ++impl_->page;
  impl_->y = kMargin;
}

void PdfWriter::EnsureSpace(double h) {
  if (impl_->y + h > kPageH - kMargin - kFooter) NewPage();
}

double PdfWriter::Measure(const std::string& text, Font f, double width) {
  impl_->Prepare(text, f, width);
  int w = 0, h = 0;
  pango_layout_get_size(impl_->layout, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

void PdfWriter::Draw(double x, double y, const std::string& text, Font f, double width, Rgb colour, Align align) {
  impl_->Prepare(text, f, width);
  pango_layout_set_alignment(impl_->layout, ToPango(align));
  cairo_set_source_rgb(impl_->cr, colour.r, colour.g, colour.b);
  cairo_move_to(impl_->cr, x, y);
  pango_cairo_show_layout(impl_->cr, impl_->layout);
  pango_layout_set_alignment(impl_->layout, PANGO_ALIGN_LEFT);
}

void PdfWriter::Text(const std::string& text, Font f, double space_after) {
  const double h = Measure(text, f, kContentW);
  EnsureSpace(h);
  Draw(kMargin, impl_->y, text, f, kContentW);
  impl_->y += h + space_after;
}

void PdfWriter::Heading(const std::string& text, Font f) {
  EnsureSpace(Measure(text, f, kContentW) + (f.size >= kH1.size ? 120 : 110));  // keep a heading with what follows
  impl_->y += f.size * 0.6;
  Text(text, f, 6);
  if (f.size >= kH1.size) {
    cairo_t* cr = impl_->cr;
    cairo_set_source_rgb(cr, 0.0, 0.27, 0.53);
    cairo_set_line_width(cr, 1.2);
    cairo_move_to(cr, kMargin, impl_->y - 3);
    cairo_line_to(cr, kMargin + kContentW, impl_->y - 3);
    cairo_stroke(cr);
    impl_->y += 4;
  }
}

void PdfWriter::Table(const std::vector<std::string>& header, const std::vector<double>& widths,
                      const std::vector<std::vector<std::string>>& rows) {
  constexpr double kPad = 3;
  cairo_t* cr = impl_->cr;
  double& y = impl_->y;
  auto row_height = [&](const std::vector<std::string>& cells, Font f) {
    double h = 0;
    for (size_t i = 0; i < cells.size(); ++i) h = std::max(h, Measure(cells[i], f, widths[i] * kContentW - 2 * kPad));
    return h + 2 * kPad;
  };
  auto draw_row = [&](const std::vector<std::string>& cells, Font f, double h, bool head, bool shade) {
    double x = kMargin;
    if (head || shade) {
      cairo_rectangle(cr, kMargin, y, kContentW, h);
      if (head)
        cairo_set_source_rgb(cr, 0.0, 0.27, 0.53);
      else
        cairo_set_source_rgb(cr, 0.94, 0.95, 0.97);
      cairo_fill(cr);
    }
    for (size_t i = 0; i < cells.size(); ++i) {
      const double w = widths[i] * kContentW;
      Draw(x + kPad, y + kPad, cells[i], f, w - 2 * kPad, head ? Rgb{1, 1, 1} : kInk);
      x += w;
    }
    cairo_set_source_rgb(cr, 0.8, 0.82, 0.86);
    cairo_set_line_width(cr, 0.4);
    cairo_move_to(cr, kMargin, y + h);
    cairo_line_to(cr, kMargin + kContentW, y + h);
    cairo_stroke(cr);
    y += h;
  };
  const double hh = row_height(header, kBold);
  // Never a header alone at the foot of a page: it goes with the first row.
  EnsureSpace(hh + (rows.empty() ? 0 : row_height(rows.front(), kBody)));
  draw_row(header, kBold, hh, true, false);
  bool shade = false;
  for (const auto& row : rows) {
    const double h = row_height(row, kBody);
    if (y + h > kPageH - kMargin - kFooter) {
      NewPage();
      draw_row(header, kBold, hh, true, false);
    }
    draw_row(row, kBody, h, false, shade);
    shade = !shade;
  }
  y += 8;
}

void PdfWriter::BarChart(const BarChartData& chart) {
  if (chart.category_labels.empty()) return;  // nothing to draw; the tables say "none"
  static constexpr Rgb kColours[] = {{0.0, 0.447, 0.698}, {0.902, 0.624, 0.0},   {0.0, 0.620, 0.451},
                                     {0.8, 0.475, 0.655}, {0.337, 0.706, 0.914}, {0.835, 0.369, 0.0}};
  const double label_w = 170, bar_h = 13, gap = 6, right = 40;
  const double plot = kContentW - label_w - right;
  const size_t rows = chart.category_labels.size();
  cairo_t* cr = impl_->cr;
  double& y = impl_->y;
  Heading(chart.title, kH2);
  EnsureSpace(static_cast<double>(rows) * (bar_h + gap) + 40);
  int64_t max_total = 1;
  for (const auto& r : chart.values) {
    int64_t t = 0;
    for (auto v : r) t += v;
    max_total = std::max(max_total, t);
  }
  for (size_t i = 0; i < rows; ++i) {
    Draw(kMargin, y, chart.category_labels[i], kSmall, label_w - 6, kInk, Align::kRight);
    double x = kMargin + label_w;
    int64_t total = 0;
    for (size_t k = 0; k < chart.values[i].size(); ++k) {
      const int64_t v = chart.values[i][k];
      total += v;
      if (!v) continue;
      const double w = plot * static_cast<double>(v) / static_cast<double>(max_total);
      const Rgb& c = kColours[k % std::size(kColours)];
      cairo_set_source_rgb(cr, c.r, c.g, c.b);
      cairo_rectangle(cr, x, y, w, bar_h);
      cairo_fill(cr);
      x += w;
    }
    Draw(x + 4, y, std::to_string(total), kSmall, right);
    y += bar_h + gap;
  }
  double lx = kMargin + label_w;
  for (size_t k = 0; k < chart.series_labels.size(); ++k) {
    const Rgb& c = kColours[k % std::size(kColours)];
    const double tw = Measure(chart.series_labels[k], kSmall, 200);
    impl_->Prepare(chart.series_labels[k], kSmall, -1);
    int w = 0, h = 0;
    pango_layout_get_size(impl_->layout, &w, &h);
    const double text_w = static_cast<double>(w) / PANGO_SCALE;
    if (lx + 14 + text_w > kMargin + kContentW) {
      lx = kMargin + label_w;
      y += tw + 4;
    }
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_rectangle(cr, lx, y + 3, 9, 9);
    cairo_fill(cr);
    Draw(lx + 12, y, chart.series_labels[k], kSmall, text_w + 2);
    lx += 12 + text_w + 14;
  }
  y += 24;
}

}  // namespace lb::report
