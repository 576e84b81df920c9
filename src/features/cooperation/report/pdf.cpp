// The evaluation report as PDF: Cairo draws, Pango shapes (Vietnamese diacritics and Lao
// script with Noto Sans and Noto Sans Lao, found through fontconfig and embedded as subsets).
#include "report/pdf.h"

#include "features/cooperation/labels.h"
#include "features/cooperation/report/evaluation.h"

namespace lb::cooperation {
namespace {

using cooperation::Label;

using report::kBody;
using report::kBold;
using report::kContentW;
using report::kFooter;
using report::kH2;
using report::kMargin;
using report::kPageH;
using report::kSmall;
using report::kTitle;

// The chart's table as the PDF draws it.
report::BarChartData Bars(const cooperation::Chart& c) {
  return {c.title, c.category_labels, c.series_labels, c.values};
}

std::string CountryName(const std::string& code, const std::string& lang) { return Label("country." + code, lang); }

std::string ConferenceName(const cooperation::Conference& c, const std::string& lang) {
  std::string kind = Label("conference." + c.kind, lang);
  if (c.number) kind += " " + std::to_string(*c.number);
  return kind;
}

// The latest progress update's evidence of a commitment. Notes are internal (the seed's
// "verify: ..." remarks among them) and never reach a report.
std::string Evidence(const EvaluationData& d, const cooperation::Commitment& c) {
  auto it = d.progress.find(c.meta.id);
  if (it == d.progress.end() || it->second.empty()) return "";
  const auto& p = it->second.back();
  std::string out = p.on_date;
  if (p.evidence) out += ": " + *p.evidence;
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
    report::PdfWriter w(out, Label("report.title", lang) + " " + d.request.from + " – " + d.request.to,
                        Label("report.page", lang));
    w.SetDocumentInfo(Label("report.title", lang) + " " + d.request.from + " – " + d.request.to, lang);
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
    w.BeginElement("P");
    w.Draw(kMargin, w.y(), Label("report.sign_vn", lang), kBold, half - 10, report::kInk, report::Align::kCenter);
    w.EndElement("P");
    w.BeginElement("P");
    w.Draw(kMargin + half, w.y(), Label("report.sign_la", lang), kBold, half - 10, report::kInk,
           report::Align::kCenter);
    w.EndElement("P");
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
      w.Table({Label("report.kind", lang), Label("report.dates", lang), Label("report.place", lang),
               Label("report.host_country", lang)},
              {0.4, 0.15, 0.3, 0.15}, rows);
    }
    w.BarChart(Bars(d.commitments_chart));

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
    w.BarChart(Bars(d.activities_chart));
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
    const auto counts = [&](const std::string& heading, const std::string& key_label,
                            const cooperation::KeyCounts& figures, auto&& name) {
      std::vector<std::vector<std::string>> rows;
      int64_t total = 0;
      for (const auto& [k, n] : figures) {
        rows.push_back({name(k), std::to_string(n)});
        total += n;
      }
      rows.push_back({Label("report.total", lang), std::to_string(total)});
      w.Heading(heading, kH2);
      w.Table({key_label, Label("report.count", lang)}, {0.6, 0.4}, rows);
    };
    counts(Label("report.workers_by_nationality", lang), Label("report.nationality", lang), d.workers_by_nationality,
           [&](const std::string& k) { return LabelOrCode("country.", k, lang); });
    counts(Label("report.permits_by_status", lang), Label("report.status", lang), d.permits_by_status,
           [&](const std::string& k) { return LabelOrCode("permit_status.", k, lang); });

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

}  // namespace lb::cooperation
