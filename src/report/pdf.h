#pragma once
// A flowing A4 PDF writer (Cairo draws, Pango shapes; Noto Sans and Noto Sans Lao found through
// fontconfig and embedded as subsets): text blocks, headings, tables whose header repeats on
// each page, horizontal stacked bar charts, and a footer on every page. Knows no feature and no
// language: every label is handed in.
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

  // Writes the last footer and closes the document.
  core::Status Finish();

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
  // A paragraph across the content width, then `space_after`.
  void Text(const std::string& text, Font f = kBody, double space_after = 4);
  // A heading kept with what follows; a first-level heading (kH1 or larger) is underlined.
  void Heading(const std::string& text, Font f = kH1);
  // A table with a header row repeated on each page; widths are fractions of the content width.
  void Table(const std::vector<std::string>& header, const std::vector<double>& widths,
             const std::vector<std::vector<std::string>>& rows);
  // A horizontal stacked bar chart under its title as a second-level heading, with a legend;
  // nothing when it has no category.
  void BarChart(const BarChartData& chart);

 private:
  void Footer();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Lao is written without spaces between words and Pango has no Lao dictionary: marks each word
// boundary between two Lao characters with a zero-width space (a line-break opportunity that
// leaves no trace in the text extracted from the PDF). Other text is returned as is.
std::string MarkLaoWordBreaks(const std::string& text);

}  // namespace lb::report
