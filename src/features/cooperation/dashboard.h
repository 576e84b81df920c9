#pragma once
// The cooperation dashboard as plain data plus server-rendered SVG charts, so a web page is a
// thin template: commitments by field and status, overdue and due-in-30-days lists, days to
// the next conference, the delegation rotation and this year's activities by field.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "features/cooperation/service.h"

namespace lb::cooperation {

// A chart's numbers as a table (for screen readers and the table beside the chart) and its SVG.
struct Chart {
  std::string id;                                           // stable, for aria ids
  std::string title;                                        // localised
  std::vector<std::string> series_keys, series_labels;      // one per stacked series
  std::vector<std::string> category_keys, category_labels;  // one per bar
  std::vector<std::vector<int64_t>> values;                 // [category][series]
  std::string svg;  // <svg role="img" aria-labelledby=...><title>...</title>...</svg>
};

struct DueItem {
  std::string id;
  std::string text;  // localised
  std::string field;
  std::string due;
  std::string status;
  int64_t days = 0;  // due minus today (negative: overdue by that many days)
};

struct NextConference {
  std::string id;
  std::string kind;
  std::optional<int64_t> number;
  std::string held_on;
  std::string host_country;
  std::string place;  // localised
  int64_t days = 0;
};

struct Dashboard {
  std::string today;
  std::string lang;
  Chart commitments;                       // by field (categories) and status (series)
  Chart activities;                        // this year's, by field (categories) and kind (series)
  std::vector<DueItem> overdue, due_soon;  // first 20 of each
  int64_t overdue_total = 0, due_soon_total = 0;
  std::optional<NextConference> next_conference;
  Rotation rotation;
};

// Builds the dashboard for `actor` in `lang` (vi, lo, en; 422 otherwise).
core::Result<Dashboard> BuildDashboard(CooperationService& service, const access::Principal& actor,
                                       const std::string& lang);

nlohmann::json ToJson(const Dashboard& d);

// A horizontal stacked bar chart as accessible SVG (role="img", <title>, <desc>); the numbers
// are in the chart's table model too; empty (no legend either) when the chart has no category.
// Used by the dashboard and the reports.
std::string StackedBarSvg(const Chart& chart, int width = 640);

// A chart's series: one per key, labelled by the catalog's "<label_prefix><key>".
void SetSeries(Chart& chart, std::span<const std::string_view> keys, const std::string& label_prefix,
               const std::string& lang);
// One bar per field of cooperation (in catalog order) that has a row (counts per series).
void AddFieldBars(Chart& chart, const std::map<std::string, std::vector<int64_t>>& rows, const std::string& lang);

}  // namespace lb::cooperation
