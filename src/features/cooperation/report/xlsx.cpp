// The evaluation report as an XLSX workbook (libxlsxwriter): every commitment, activity and
// carry-over of the period in full, with the summary and registry figures.
#include "report/xlsx.h"

#include "features/cooperation/labels.h"
#include "features/cooperation/report/evaluation.h"

namespace lb::cooperation {
namespace {

using cooperation::Label;
using report::CellStyle;

std::string Evidence(const EvaluationData& d, const cooperation::Commitment& c) {
  auto it = d.progress.find(c.meta.id);
  if (it == d.progress.end()) return "";
  std::string out;
  for (const auto& p : it->second) {
    out += (out.empty() ? "" : "\n") + p.on_date + " " + Label("status." + p.status, d.request.lang);
    if (p.evidence) out += ": " + *p.evidence;  // notes are internal and never reach a report
  }
  return out;
}

}  // namespace

core::Result<std::string> RenderXlsx(const EvaluationData& d) {
  const std::string& lang = d.request.lang;
  report::XlsxBook book(Label("report.title", lang) + " " + d.request.from + " – " + d.request.to);

  // Summary.
  {
    auto& s = book.AddSheet(Label("report.summary", lang));
    s.Put(0, 0, Label("report.title", lang), CellStyle::kTitle);
    s.Put(1, 0, Label("report.period", lang) + ": " + d.request.from + " – " + d.request.to);
    s.Put(2, 0, Label("report.generated", lang) + ": " + d.prepared_on);
    s.SetRow(4);
    s.Header({Label("report.field", lang), Label("status.planned", lang), Label("status.in_progress", lang),
              Label("status.done", lang), Label("status.dropped", lang), Label("status.carried_over", lang),
              Label("report.total", lang)},
             {34, 12, 14, 12, 12, 16, 10});
    const auto& c = d.commitments_chart;
    for (size_t i = 0; i < c.category_labels.size(); ++i) {
      s.Str(0, c.category_labels[i]);
      double total = 0;
      for (size_t k = 0; k < c.values[i].size(); ++k) {
        s.Num(static_cast<int>(k + 1), static_cast<double>(c.values[i][k]));
        total += static_cast<double>(c.values[i][k]);
      }
      s.Num(static_cast<int>(c.values[i].size() + 1), total);
      s.NextRow();
    }
  }
  // Commitments, all of them.
  {
    auto& s = book.AddSheet(Label("report.commitment", lang));
    s.Header({Label("report.field", lang), Label("report.commitment", lang), Label("report.status", lang),
              Label("report.due", lang), Label("report.evidence", lang), "id"},
             {26, 70, 14, 22, 50, 38});
    for (const auto& c : d.commitments) {
      s.Str(0, Label("field." + c.field, lang));
      s.Str(1, c.text.In(lang), CellStyle::kWrap);
      s.Str(2, Label("status." + c.status, lang));
      s.Str(3, c.due_on ? *c.due_on : c.due_from.value_or("") + (c.due_until ? " – " + *c.due_until : ""));
      s.Str(4, Evidence(d, c), CellStyle::kWrap);
      s.Str(5, c.meta.id);
      s.NextRow();
    }
    s.AutoFilter(0, 5);
  }
  // Activities, all of them.
  {
    auto& s = book.AddSheet(Label("report.activities", lang));
    s.Header({Label("report.dates", lang), "", Label("report.kind", lang), Label("report.field", lang),
              Label("report.activity", lang), Label("report.place", lang), "VN", "LA", Label("report.cost", lang), "",
              Label("report.funding", lang)},
             {12, 12, 20, 26, 60, 20, 8, 8, 14, 8, 24});
    for (const auto& a : d.activities) {
      s.Str(0, a.start_on);
      s.Str(1, a.end_on);
      s.Str(2, Label("activity." + a.kind, lang));
      s.Str(3, Label("field." + a.field, lang));
      s.Str(4, a.title.In(lang), CellStyle::kWrap);
      s.Str(5, a.place.value_or(""));
      s.Num(6, static_cast<double>(a.participants_vn));
      s.Num(7, static_cast<double>(a.participants_la));
      if (a.cost) s.Num(8, static_cast<double>(*a.cost));
      s.Str(9, a.currency.value_or(""));
      s.Str(10, a.funding_source.value_or(""));
      s.NextRow();
    }
    s.AutoFilter(0, 10);
  }
  // Registry figures.
  {
    auto& s = book.AddSheet(Label("report.registry", lang));
    const auto counts = [&](const std::string& key_label, const cooperation::KeyCounts& rows,
                            const std::string& prefix) {
      s.Header({key_label, Label("report.count", lang)}, {30, 12});
      for (const auto& [k, n] : rows) {
        s.Str(0, LabelOrCode(prefix, k, lang));
        s.Num(1, static_cast<double>(n));
        s.NextRow();
      }
    };
    counts(Label("report.nationality", lang), d.workers_by_nationality, "country.");
    s.NextRow();
    counts(Label("report.status", lang), d.permits_by_status, "permit_status.");
  }
  // Carry-over.
  {
    auto& s = book.AddSheet(Label("status.carried_over", lang));
    s.Header({Label("report.commitment", lang), Label("report.field", lang), Label("report.status", lang),
              Label("report.due", lang), "id"},
             {70, 26, 14, 14, 38});
    for (const auto* c : d.carry_over) {
      s.Str(0, c->text.In(lang), CellStyle::kWrap);
      s.Str(1, Label("field." + c->field, lang));
      s.Str(2, Label("status." + c->status, lang));
      s.Str(3, c->Deadline().value_or(""));
      s.Str(4, c->meta.id);
      s.NextRow();
    }
  }
  return book.Close();
}

}  // namespace lb::cooperation
