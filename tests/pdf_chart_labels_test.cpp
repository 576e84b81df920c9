// The PDF writer's bar chart keeps each category label inside its own row: a label that wraps
// ("Search for and repatriation of remains" in the report's 170-point label column) makes its
// row taller instead of running into the next label.
#include <gtest/gtest.h>

#include "report/pdf.h"

namespace lb::report {
namespace {

// How far the flow moves for a two-bar chart whose first label is `first`.
double ChartHeight(const std::string& first) {
  std::string out;
  PdfWriter w(out, "footer", "Page");
  const double before = w.y();
  w.BarChart({"Commitments by field and status",
              {first, "Employment and labour market"},
              {"Planned", "Done"},
              {{1, 2}, {3, 0}}});
  const double after = w.y();
  EXPECT_TRUE(w.Finish());
  return after - before;
}

TEST(PdfChartLabels, AWrappedChartLabelMakesItsRowTaller) {
  const std::string long_label = "Search for and repatriation of remains";
  std::string out;
  PdfWriter probe(out, "f", "p");
  const double one_line = probe.Measure("Employment", kSmall, 164);
  // The label needs more than one line in the chart's label column...
  ASSERT_GT(probe.Measure(long_label, kSmall, 164), one_line * 1.5);
  // ...and its row grows by about the line it adds, so the next label starts below it.
  EXPECT_GE(ChartHeight(long_label) - ChartHeight("Employment"), one_line * 0.8);
  EXPECT_TRUE(probe.Finish());
}

}  // namespace
}  // namespace lb::report
