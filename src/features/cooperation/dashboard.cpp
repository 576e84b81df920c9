#include "features/cooperation/dashboard.h"

#include <algorithm>
#include <map>

#include "core/date.h"
#include "features/cooperation/labels.h"
#include "features/cooperation/store.h"
#include "ui/pages.h"

namespace lb::cooperation {
namespace {

// Colours with enough contrast against white and each other (Okabe-Ito palette).
// The first five (the commitment statuses) differ in hue and lightness; sky blue, close to the
// first blue, comes after them.
constexpr std::string_view kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#999999"};

int64_t DaysBetween(const std::string& from, const std::string& to) {
  auto a = core::ParseDate(from);
  auto b = core::ParseDate(to);
  if (!a || !b) return 0;
  return (*b - *a).count();
}

DueItem ToDue(const Commitment& c, const std::string& today, const std::string& lang) {
  const std::string due = c.Deadline().value_or("");
  return {c.meta.id, c.text.In(lang), c.field, due, c.status, DaysBetween(today, due)};
}

// Counts by (field, key) as one row of counts per field, in the order of `keys`.
std::map<std::string, std::vector<int64_t>> RowsByField(const std::vector<store::Count2>& counts,
                                                        std::span<const std::string_view> keys) {
  std::map<std::string, std::vector<int64_t>> rows;
  for (const auto& c : counts) {
    auto& row = rows[c.a];
    row.resize(keys.size());
    for (size_t k = 0; k < keys.size(); ++k) {
      if (keys[k] == c.b) row[k] += c.n;
    }
  }
  return rows;
}

}  // namespace

void SetSeries(Chart& chart, std::span<const std::string_view> keys, const std::string& label_prefix,
               const std::string& lang) {
  for (auto k : keys) {
    chart.series_keys.emplace_back(k);
    chart.series_labels.push_back(Label(label_prefix + std::string(k), lang));
  }
}

void AddFieldBars(Chart& chart, const std::map<std::string, std::vector<int64_t>>& rows, const std::string& lang) {
  for (auto f : kFields) {
    auto it = rows.find(std::string(f));
    if (it == rows.end()) continue;
    chart.category_keys.emplace_back(f);
    chart.category_labels.push_back(Label("field." + std::string(f), lang));
    chart.values.push_back(it->second);
  }
}

std::string StackedBarSvg(const Chart& chart, int width) {
  constexpr int kLabelWidth = 230, kBar = 18, kGap = 8, kTop = 34, kLegend = 20, kRight = 50;
  const int rows = static_cast<int>(chart.category_labels.size());
  if (rows == 0) return "";  // no chart and no legend: the page's table says there is nothing to show
  // Legend entries flow onto as many rows as they need (widths estimated from code points).
  std::vector<std::pair<int, int>> legend_at;  // x, row
  {
    int lx = kLabelWidth, row = 0;
    for (const auto& label : chart.series_labels) {
      size_t cps = 0;
      for (unsigned char c : label) cps += (c & 0xC0) != 0x80;
      const int w = 28 + static_cast<int>(cps) * 7;
      if (lx + w > width && lx > kLabelWidth) {
        lx = kLabelWidth;
        ++row;
      }
      legend_at.emplace_back(lx, row);
      lx += w;
    }
  }
  const int legend_rows = legend_at.empty() ? 0 : legend_at.back().second + 1;
  const int height = kTop + rows * (kBar + kGap) + legend_rows * kLegend + 10;
  int64_t max_total = 1;
  for (const auto& row : chart.values) {
    int64_t t = 0;
    for (auto v : row) t += v;
    max_total = std::max(max_total, t);
  }
  const double plot = width - kLabelWidth - kRight;
  const std::string title_id = "chart-" + chart.id + "-title";
  const std::string desc_id = "chart-" + chart.id + "-desc";
  std::string s;
  s.reserve(4096 + rows * 512);
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + std::to_string(width) + "\" height=\"" +
       std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
       "\" aria-labelledby=\"" + title_id + " " + desc_id +
       "\" font-family=\"Noto Sans, Noto Sans Lao, sans-serif\" "
       "font-size=\"12\">";
  s += "<title id=\"" + title_id + "\">" + ui::Escape(chart.title) + "</title>";
  // A text description with every number, for assistive technology that ignores the table.
  std::string desc;
  for (int i = 0; i < rows; ++i) {
    int64_t t = 0;
    std::string parts;
    for (size_t k = 0; k < chart.series_labels.size(); ++k) {
      const int64_t v = chart.values[i][k];
      t += v;
      if (v) parts += (parts.empty() ? "" : ", ") + chart.series_labels[k] + " " + std::to_string(v);
    }
    desc += chart.category_labels[i] + ": " + std::to_string(t) + (parts.empty() ? "" : " (" + parts + ")") + ". ";
  }
  s += "<desc id=\"" + desc_id + "\">" + ui::Escape(desc) + "</desc>";
  s += "<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\" fill=\"#111\">" + ui::Escape(chart.title) +
       "</text>";
  for (int i = 0; i < rows; ++i) {
    const int y = kTop + i * (kBar + kGap);
    s += "<text x=\"" + std::to_string(kLabelWidth - 6) + "\" y=\"" + std::to_string(y + kBar - 5) +
         "\" text-anchor=\"end\" fill=\"#111\">" + ui::Escape(chart.category_labels[i]) + "</text>";
    double x = kLabelWidth;
    int64_t total = 0;
    for (size_t k = 0; k < chart.series_labels.size(); ++k) {
      const int64_t v = chart.values[i][k];
      total += v;
      if (!v) continue;
      const double w = plot * static_cast<double>(v) / static_cast<double>(max_total);
      char rect[256];
      std::snprintf(rect, sizeof rect, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">", x, y, w,
                    kBar, std::string(kPalette[k % std::size(kPalette)]).c_str());
      s += rect;
      s += "<title>" +
           ui::Escape(chart.category_labels[i] + " – " + chart.series_labels[k] + ": " + std::to_string(v)) +
           "</title></rect>";
      x += w;
    }
    char num[128];
    std::snprintf(num, sizeof num, "<text x=\"%.1f\" y=\"%d\" fill=\"#111\">%lld</text>", x + 4, y + kBar - 5,
                  static_cast<long long>(total));
    s += num;
  }
  // Legend.
  for (size_t k = 0; k < chart.series_labels.size(); ++k) {
    const int lx = legend_at[k].first;
    const int ly = kTop + rows * (kBar + kGap) + 8 + legend_at[k].second * kLegend;
    s += "<rect x=\"" + std::to_string(lx) + "\" y=\"" + std::to_string(ly) + "\" width=\"12\" height=\"12\" fill=\"" +
         std::string(kPalette[k % std::size(kPalette)]) + "\"/>";
    s += "<text x=\"" + std::to_string(lx + 16) + "\" y=\"" + std::to_string(ly + 10) + "\" fill=\"#111\">" +
         ui::Escape(chart.series_labels[k]) + "</text>";
  }
  s += "</svg>";
  return s;
}

core::Result<Dashboard> BuildDashboard(CooperationService& svc, const access::Principal& actor,
                                       const std::string& lang) {
  LB_CHECK(svc.Authorize(actor, "commitment", CoopAction::kRead));
  if (!IsReportLanguage(lang))
    return core::Fail(core::Error::Field("lang", "invalid_value", "lang must be vi, lo or en."));
  Dashboard d;
  d.lang = lang;
  d.today = core::FormatDate(svc.clock().Now());
  const auto today_days = *core::ParseDate(d.today);
  const std::string in30 = core::FormatDate(today_days + std::chrono::days(30));
  const std::string yesterday = core::FormatDate(today_days - std::chrono::days(1));
  const std::string year = d.today.substr(0, 4);
  std::vector<store::Count2> by_status, by_field;
  auto r = storage::InTransaction(svc.db(), false, [&](storage::Transaction& tx) -> core::Status {
    LB_TRY(a, store::CountCommitmentsByFieldStatus(tx));
    by_status = std::move(a);
    LB_TRY(b, store::CountActivitiesByField(tx, year + "-01-01", year + "-12-31"));
    by_field = std::move(b);
    LB_TRY(over, store::OpenCommitmentsDue(tx, "0000-01-01", yesterday, 20));
    for (const auto& c : over) d.overdue.push_back(ToDue(c, d.today, lang));
    LB_TRY(n_over, store::CountOpenCommitmentsDue(tx, "0000-01-01", yesterday));
    d.overdue_total = n_over;
    LB_TRY(soon, store::OpenCommitmentsDue(tx, d.today, in30, 20));
    for (const auto& c : soon) d.due_soon.push_back(ToDue(c, d.today, lang));
    LB_TRY(n_soon, store::CountOpenCommitmentsDue(tx, d.today, in30));
    d.due_soon_total = n_soon;
    LB_TRY(next, store::NextConference(tx, d.today));
    if (next) {
      d.next_conference = NextConference{next->meta.id,
                                         next->kind,
                                         next->number,
                                         next->held_on,
                                         next->host_country,
                                         next->place.In(lang),
                                         DaysBetween(d.today, next->held_on)};
    }
    return {};
  });
  if (!r) return core::Fail(r.error());
  LB_TRY(rot, svc.DelegationRotation(actor));
  d.rotation = rot;

  // Commitments: every field of cooperation that has any, by status.
  d.commitments.id = "commitments";
  d.commitments.title = Label("dashboard.commitments_chart", lang);
  SetSeries(d.commitments, kCommitmentStatuses, "status.", lang);
  AddFieldBars(d.commitments, RowsByField(by_status, kCommitmentStatuses), lang);
  d.commitments.svg = StackedBarSvg(d.commitments);

  d.activities.id = "activities";
  d.activities.title = Label("dashboard.activities_chart", lang) + " " + year;
  SetSeries(d.activities, kActivityKinds, "activity.", lang);
  AddFieldBars(d.activities, RowsByField(by_field, kActivityKinds), lang);
  d.activities.svg = StackedBarSvg(d.activities);
  return d;
}

namespace {

nlohmann::json ChartJson(const Chart& c) {
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i = 0; i < c.category_keys.size(); ++i) {
    int64_t total = 0;
    for (auto v : c.values[i]) total += v;
    rows.push_back(
        {{"key", c.category_keys[i]}, {"label", c.category_labels[i]}, {"values", c.values[i]}, {"total", total}});
  }
  nlohmann::json series = nlohmann::json::array();
  for (size_t k = 0; k < c.series_keys.size(); ++k) {
    series.push_back({{"key", c.series_keys[k]}, {"label", c.series_labels[k]}});
  }
  return {{"id", c.id}, {"title", c.title}, {"series", series}, {"rows", rows}, {"svg", c.svg}};
}

nlohmann::json DueJson(const std::vector<DueItem>& items) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& i : items) {
    out.push_back(
        {{"id", i.id}, {"text", i.text}, {"field", i.field}, {"due", i.due}, {"status", i.status}, {"days", i.days}});
  }
  return out;
}

}  // namespace

nlohmann::json ToJson(const Dashboard& d) {
  nlohmann::json next = nullptr;
  if (d.next_conference) {
    const auto& n = *d.next_conference;
    next = {{"id", n.id},
            {"kind", n.kind},
            {"number", n.number ? nlohmann::json(*n.number) : nlohmann::json(nullptr)},
            {"held_on", n.held_on},
            {"host_country", n.host_country},
            {"place", n.place},
            {"days", n.days}};
  }
  return {{"today", d.today},
          {"lang", d.lang},
          {"commitments_by_field", ChartJson(d.commitments)},
          {"activities_this_year", ChartJson(d.activities)},
          {"overdue", {{"total", d.overdue_total}, {"items", DueJson(d.overdue)}}},
          {"due_in_30_days", {{"total", d.due_soon_total}, {"items", DueJson(d.due_soon)}}},
          {"next_conference", next},
          {"rotation",
           {{"last_host", d.rotation.last_host ? nlohmann::json(*d.rotation.last_host) : nlohmann::json(nullptr)},
            {"next_host", d.rotation.next_host}}}};
}

}  // namespace lb::cooperation
