#pragma once
// A flowing A4 PDF writer (Cairo draws, Pango shapes; Noto Sans and Noto Sans Lao found through
// fontconfig and embedded as subsets): text blocks, headings, tables whose header repeats on
// each page, horizontal stacked bar charts, and a footer on every page. Knows no feature and no
// language: every label is handed in. The PDF is tagged (a structure tree of Document, H1/H2, P,
// Table/TR/TH/TD and Figure, /MarkInfo /Marked true) and carries its title and language, so
// screen readers read it in order and with the right voice.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"

namespace lb::report {

inline constexpr double kPageW = 595.276, kPageH = 841.89;  // A4 in points
inline constexpr double kMargin = 50, kFooter = 30;
inline constexpr double kContentW = kPageW - 2 * kMargin;

struct Font {
  double size;
  bool bold;
};
inline constexpr Font kBody{9, false}, kSmall{8, false}, kBold{9, true}, kH1{16, true}, kH2{12, true}, kTitle{22, true};

enum class Align { kLeft, kCenter, kRight };

struct Rgb {
  double r, g, b;
};
inline constexpr Rgb kInk{0.07, 0.07, 0.07};

// A stacked bar chart's table: one bar per category, one segment per series.
struct BarChartData {
  std::string title;
  std::vector<std::string> category_labels, series_labels;
  std::vector<std::vector<int64_t>> values;  // [category][series]
};

class PdfWriter {
 public:
  // Pages are written into `out`. Each page's footer reads "<footer>  ·  <page_label> <n>".
  PdfWriter(std::string& out, std::string footer, std::string page_label);
  ~PdfWriter();
  PdfWriter(const PdfWriter&) = delete;
  PdfWriter& operator=(const PdfWriter&) = delete;

  // The document's title (shown by readers instead of the file name) and its language (a BCP 47
  // tag such as "vi", "lo" or "en"; anything else is ignored), written when the document closes.
  void SetDocumentInfo(const std::string& title, const std::string& lang);

  // Writes the last footer and closes the document.
  core::Status Finish();

  // Opens and closes a structure element (a standard PDF structure type such as "P") around
  // what is drawn in between; elements nest. Text, Heading, Table and BarChart tag themselves.
  void BeginElement(const char* type);
  void EndElement(const char* type);

  int page() const;
  double y() const;
  void SetY(double y);
  void NewPage();
  // Starts a new page unless `h` points still fit above the footer.
  void EnsureSpace(double h);

  // Height of `text` set in `width`.
  double Measure(const std::string& text, Font f, double width);
  // Draws `text` at (x, y) in `width`, without moving the flow.
  void Draw(double x, double y, const std::string& text, Font f, double width, Rgb colour = kInk,
            Align align = Align::kLeft);
  // A paragraph (P) across the content width, then `space_after`.
  void Text(const std::string& text, Font f = kBody, double space_after = 4);
  // A heading kept with what follows: H1 (underlined) for kH1 or larger, else H2.
  void Heading(const std::string& text, Font f = kH1);
  // A table (Table, TR, TH, TD) with a header row repeated on each page; widths are fractions of
  // the content width.
  void Table(const std::vector<std::string>& header, const std::vector<double>& widths,
             const std::vector<std::vector<std::string>>& rows);
  // A horizontal stacked bar chart (a Figure) under its title as a second-level heading, with a
  // legend; nothing when it has no category. A category label wraps within its own box and the
  // bar's row grows to the label's measured height.
  void BarChart(const BarChartData& chart);

 private:
  void Footer();
  // Text set at the flow position without a structure element of its own.
  void Block(const std::string& text, Font f, double space_after);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Lao is written without spaces between words and Pango has no Lao dictionary: marks each word
// boundary between two Lao characters with a zero-width space (a line-break opportunity that
// leaves no trace in the text extracted from the PDF). Other text is returned as is.
std::string MarkLaoWordBreaks(const std::string& text);

// Appends an incremental update to a complete PDF that rewrites its catalog with /Lang and
// /ViewerPreferences << /DisplayDocTitle true >> (Cairo has no call for either). False, with
// `pdf` unchanged, when the file's trailer or catalog cannot be found or `lang` is not a tag.
bool AddCatalogLanguage(std::string& pdf, const std::string& lang);

}  // namespace lb::report
