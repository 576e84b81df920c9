#include "report/pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

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

// The end of the dictionary that starts at `open` ("<<"), nested dictionaries included: the
// index just past its ">>", or npos.
size_t DictEnd(const std::string& pdf, size_t open) {
  int depth = 0;
  for (size_t i = open; i + 1 < pdf.size(); ++i) {
    if (pdf[i] == '<' && pdf[i + 1] == '<') {
      ++depth;
      ++i;
    } else if (pdf[i] == '>' && pdf[i + 1] == '>') {
      ++i;
      if (--depth == 0) return i + 1;
    }
  }
  return std::string::npos;
}

// The number after `key` (e.g. "/Root 28 0 R" gives 28) inside pdf[from, to).
std::optional<long> NumberAfter(const std::string& pdf, const std::string& key, size_t from, size_t to) {
  const size_t at = pdf.find(key, from);
  if (at == std::string::npos || at >= to) return std::nullopt;
  size_t i = at + key.size();
  while (i < to && (pdf[i] == ' ' || pdf[i] == '\n' || pdf[i] == '\r')) ++i;
  long n = 0;
  bool any = false;
  for (; i < to && pdf[i] >= '0' && pdf[i] <= '9'; ++i, any = true) n = n * 10 + (pdf[i] - '0');
  if (!any) return std::nullopt;
  return n;
}

}  // namespace

bool AddCatalogLanguage(std::string& pdf, const std::string& lang) {
  if (lang.empty() || lang.size() > 35) return false;
  for (char c : lang) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  const size_t trailer = pdf.rfind("trailer");
  const size_t startxref = pdf.rfind("startxref");
  if (trailer == std::string::npos || startxref == std::string::npos || startxref < trailer) return false;
  const size_t tdict = pdf.find("<<", trailer);
  const size_t tend = tdict == std::string::npos ? tdict : DictEnd(pdf, tdict);
  if (tend == std::string::npos || tend > startxref) return false;
  const auto root = NumberAfter(pdf, "/Root", tdict, tend);
  const auto prev = NumberAfter(pdf, "startxref", startxref, pdf.size());
  if (!root || !prev) return false;
  // The catalog's latest definition: "<root> 0 obj" at the start of a line.
  const std::string head = std::to_string(*root) + " 0 obj";
  size_t obj = std::string::npos;
  for (size_t at = pdf.rfind(head); at != std::string::npos; at = at ? pdf.rfind(head, at - 1) : std::string::npos) {
    if (at == 0 || pdf[at - 1] == '\n' || pdf[at - 1] == '\r') {
      obj = at;
      break;
    }
  }
  if (obj == std::string::npos) return false;
  const size_t cdict = pdf.find("<<", obj);
  const size_t cend = cdict == std::string::npos ? cdict : DictEnd(pdf, cdict);
  if (cend == std::string::npos || pdf.compare(cdict, 2, "<<") != 0) return false;
  const std::string catalog = pdf.substr(cdict, cend - 2 - cdict);  // without its closing ">>"
  if (catalog.find("/Type /Catalog") == std::string::npos || catalog.find("/Lang") != std::string::npos) return false;
  const std::string trailer_body = pdf.substr(tdict, tend - 2 - tdict);

  if (pdf.back() != '\n') pdf += '\n';
  const size_t offset = pdf.size();
  pdf += head + "\n" + catalog + "   /Lang (" + lang +
         ")\n   /ViewerPreferences << /DisplayDocTitle true >>\n>>\nendobj\n";
  const size_t xref = pdf.size();
  char entry[32];
  std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
  pdf += "xref\n" + std::to_string(*root) + " 1\n" + entry;
  pdf += "trailer\n" + trailer_body + "   /Prev " + std::to_string(*prev) + "\n>>\nstartxref\n" + std::to_string(xref) +
         "\n%%EOF\n";
  return true;
}

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
  std::string footer, page_label, lang;
  std::string* out = nullptr;
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
  impl_->out = &out;
  impl_->surface = cairo_pdf_surface_create_for_stream(Append, &out, kPageW, kPageH);
  impl_->cr = cairo_create(impl_->surface);
  impl_->layout = pango_cairo_create_layout(impl_->cr);
  pango_layout_set_wrap(impl_->layout, PANGO_WRAP_WORD_CHAR);  // long numbers and ids may still need a char break
  cairo_pdf_surface_set_metadata(impl_->surface, CAIRO_PDF_METADATA_CREATOR, "LabourBridge");
  BeginElement("Document");
}

void PdfWriter::SetDocumentInfo(const std::string& title, const std::string& lang) {
  cairo_pdf_surface_set_metadata(impl_->surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  impl_->lang = lang;
}

void PdfWriter::BeginElement(const char* type) { cairo_tag_begin(impl_->cr, type, ""); }
void PdfWriter::EndElement(const char* type) { cairo_tag_end(impl_->cr, type); }

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
  EndElement("Document");
  cairo_surface_finish(impl_->surface);
  if (cairo_surface_status(impl_->surface) != CAIRO_STATUS_SUCCESS) {
    return core::Fail(core::Error::Internal(cairo_status_to_string(cairo_surface_status(impl_->surface))));
  }
  if (!impl_->lang.empty() && !AddCatalogLanguage(*impl_->out, impl_->lang)) {
    return core::Fail(core::Error::Internal("the PDF's catalog could not be given its language"));
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

void PdfWriter::Block(const std::string& text, Font f, double space_after) {
  const double h = Measure(text, f, kContentW);
  EnsureSpace(h);
  Draw(kMargin, impl_->y, text, f, kContentW);
  impl_->y += h + space_after;
}

void PdfWriter::Text(const std::string& text, Font f, double space_after) {
  const double h = Measure(text, f, kContentW);
  EnsureSpace(h);  // before the element opens, so a new page's footer stays outside it
  BeginElement("P");
  Block(text, f, space_after);
  EndElement("P");
}

void PdfWriter::Heading(const std::string& text, Font f) {
  const bool first = f.size >= kH1.size;
  EnsureSpace(Measure(text, f, kContentW) + (first ? 120 : 110));  // keep a heading with what follows
  impl_->y += f.size * 0.6;
  BeginElement(first ? "H1" : "H2");
  Block(text, f, 6);
  EndElement(first ? "H1" : "H2");
  if (first) {
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
    BeginElement("TR");
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
      BeginElement(head ? "TH" : "TD");
      Draw(x + kPad, y + kPad, cells[i], f, w - 2 * kPad, head ? Rgb{1, 1, 1} : kInk);
      EndElement(head ? "TH" : "TD");
      x += w;
    }
    cairo_set_source_rgb(cr, 0.8, 0.82, 0.86);
    cairo_set_line_width(cr, 0.4);
    cairo_move_to(cr, kMargin, y + h);
    cairo_line_to(cr, kMargin + kContentW, y + h);
    cairo_stroke(cr);
    EndElement("TR");
    y += h;
  };
  const double hh = row_height(header, kBold);
  // Never a header alone at the foot of a page: it goes with the first row.
  EnsureSpace(hh + (rows.empty() ? 0 : row_height(rows.front(), kBody)));
  BeginElement("Table");
  draw_row(header, kBold, hh, true, false);
  bool shade = false;
  for (const auto& row : rows) {
    const double h = row_height(row, kBody);
    if (y + h > kPageH - kMargin - kFooter) {
      // Each page's part is a table of its own, with its header, and the footer stays outside.
      EndElement("Table");
      NewPage();
      BeginElement("Table");
      draw_row(header, kBold, hh, true, false);
    }
    draw_row(row, kBody, h, false, shade);
    shade = !shade;
  }
  EndElement("Table");
  y += 8;
}

void PdfWriter::BarChart(const BarChartData& chart) {
  if (chart.category_labels.empty()) return;  // nothing to draw; the tables say "none"
  // Okabe–Ito colours; the first five (the commitment statuses) differ in hue and lightness.
  static constexpr Rgb kColours[] = {{0.0, 0.447, 0.698}, {0.902, 0.624, 0.0}, {0.0, 0.620, 0.451},
                                     {0.8, 0.475, 0.655}, {0.835, 0.369, 0.0}, {0.337, 0.706, 0.914}};
  const double label_w = 170, bar_h = 13, gap = 6, right = 40;
  const double plot = kContentW - label_w - right;
  const size_t rows = chart.category_labels.size();
  cairo_t* cr = impl_->cr;
  double& y = impl_->y;
  // Each label wraps within its box; its row is as tall as the label needs.
  std::vector<double> label_h(rows), row_h(rows);
  double chart_h = 40;
  for (size_t i = 0; i < rows; ++i) {
    label_h[i] = Measure(chart.category_labels[i], kSmall, label_w - 6);
    row_h[i] = std::max(bar_h, label_h[i]);
    chart_h += row_h[i] + gap;
  }
  // The title goes with its chart: both on a new page unless they fit (a chart taller than a
  // page starts on a new one and breaks between rows).
  const double title_h = Measure(chart.title, kH2, kContentW) + kH2.size * 0.6 + 6;
  EnsureSpace(std::min(title_h + chart_h, kPageH - 2 * kMargin - kFooter));
  Heading(chart.title, kH2);
  BeginElement("Figure");
  int64_t max_total = 1;
  for (const auto& r : chart.values) {
    int64_t t = 0;
    for (auto v : r) t += v;
    max_total = std::max(max_total, t);
  }
  for (size_t i = 0; i < rows; ++i) {
    EnsureSpace(row_h[i] + gap);
    Draw(kMargin, y + (row_h[i] - label_h[i]) / 2, chart.category_labels[i], kSmall, label_w - 6, kInk, Align::kRight);
    const double bar_y = y + (row_h[i] - bar_h) / 2;
    double x = kMargin + label_w;
    int64_t total = 0;
    for (size_t k = 0; k < chart.values[i].size(); ++k) {
      const int64_t v = chart.values[i][k];
      total += v;
      if (!v) continue;
      const double w = plot * static_cast<double>(v) / static_cast<double>(max_total);
      const Rgb& c = kColours[k % std::size(kColours)];
      cairo_set_source_rgb(cr, c.r, c.g, c.b);
      cairo_rectangle(cr, x, bar_y, w, bar_h);
      cairo_fill(cr);
      x += w;
    }
    Draw(x + 4, bar_y, std::to_string(total), kSmall, right);
    y += row_h[i] + gap;
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
  EndElement("Figure");
  y += 24;
}

}  // namespace lb::report
