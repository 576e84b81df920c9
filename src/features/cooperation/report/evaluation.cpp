#include "features/cooperation/report/evaluation.h"

#include <algorithm>
#include <set>

#include "core/date.h"
#include "features/cooperation/labels.h"
#include "features/cooperation/store.h"

namespace lb::reports {
namespace {

using cooperation::Commitment;
using cooperation::Label;

// Registry aggregates (counts only, no personal data).
constexpr std::string_view kWorkersByNationality =
    "SELECT nationality, COUNT(*) FROM persons WHERE status = 'active' GROUP BY nationality ORDER BY nationality";
constexpr std::string_view kPermitsByStatus =
    "SELECT status, COUNT(*) FROM work_permits GROUP BY status ORDER BY status";

bool InPeriod(const std::optional<std::string>& d, const EvaluationRequest& r) {
  return d && *d >= r.from && *d <= r.to;
}

}  // namespace

std::vector<core::FieldError> ValidateRequest(const EvaluationRequest& r) {
  std::vector<core::FieldError> errors;
  const auto from = core::ParseDate(r.from);
  const auto to = core::ParseDate(r.to);
  if (!from)
    errors.push_back({"from", r.from.empty() ? "required" : "invalid_date", "from must be a date YYYY-MM-DD."});
  if (!to) errors.push_back({"to", r.to.empty() ? "required" : "invalid_date", "to must be a date YYYY-MM-DD."});
  if (from && to && *to < *from) {
    errors.push_back(
        {"to", "before_from", "the period is reversed: to (" + r.to + ") is before from (" + r.from + ")."});
  }
  if (!cooperation::IsReportLanguage(r.lang)) errors.push_back({"lang", "invalid_value", "lang must be vi, lo or en."});
  if (r.format != "pdf" && r.format != "xlsx") {
    errors.push_back({"format", "invalid_value", "format must be pdf or xlsx."});
  }
  return errors;
}

core::Result<EvaluationData> CollectEvaluation(cooperation::CooperationService& svc, const access::Principal& actor,
                                               const EvaluationRequest& request) {
  LB_CHECK(svc.Authorize(actor, "commitment", cooperation::CoopAction::kRead));
  if (auto errors = ValidateRequest(request); !errors.empty()) {
    return core::Fail(core::Error::Validation(std::move(errors)));
  }
  EvaluationData d;
  d.request = request;
  d.prepared_on = core::FormatDate(svc.clock().Now());
  const std::string& lang = request.lang;
  auto r = storage::InTransaction(svc.db(), false, [&](storage::Transaction& tx) -> core::Status {
    namespace store = cooperation::store;
    std::set<std::string> conf_in_period;
    for (std::optional<std::string> after;;) {
      LB_TRY(page, store::ListConferences(tx, after, 500));
      for (auto& c : page) {
        if (c.held_on >= request.from && c.held_on <= request.to) {
          conf_in_period.insert(c.meta.id);
          d.conferences.push_back(std::move(c));
        }
      }
      if (page.size() < 500) break;
      after = d.conferences.empty() ? page.back().meta.id : page.back().meta.id;
    }
    std::sort(d.conferences.begin(), d.conferences.end(),
              [](const auto& a, const auto& b) { return a.held_on < b.held_on; });
    for (std::optional<std::string> after;;) {
      LB_TRY(page, store::ListCommitments(tx, {}, {}, after, 1000));
      const size_t n = page.size();
      if (n) after = page.back().meta.id;
      for (auto& c : page) {
        if (InPeriod(c.Deadline(), request) || (c.conference_id && conf_in_period.contains(*c.conference_id)) ||
            (c.due_from && *c.due_from <= request.to && c.due_until && *c.due_until >= request.from)) {
          d.commitments.push_back(std::move(c));
        }
      }
      if (n < 1000) break;
    }
    LB_TRY(progress, store::AllProgress(tx));
    d.progress = std::move(progress);
    cooperation::ActivityFilter af;
    af.from = request.from;
    af.until = request.to;
    for (std::optional<std::string> after;;) {
      LB_TRY(page, store::ListActivities(tx, af, after, 2000));
      const size_t n = page.size();
      if (n) after = page.back().meta.id;
      for (auto& a : page) d.activities.push_back(std::move(a));
      if (n < 2000) break;
    }
    std::sort(d.activities.begin(), d.activities.end(), [](const auto& a, const auto& b) {
      return a.start_on != b.start_on ? a.start_on < b.start_on : a.meta.id < b.meta.id;
    });
    LB_TRY(w, tx.Query(kWorkersByNationality, {}));
    for (const auto& row : w) d.workers_by_nationality.emplace_back(row.Str(0), row.Int(1));
    LB_TRY(p, tx.Query(kPermitsByStatus, {}));
    for (const auto& row : p) d.permits_by_status.emplace_back(row.Str(0), row.Int(1));
    return {};
  });
  if (!r) return core::Fail(r.error());
  std::sort(d.commitments.begin(), d.commitments.end(), [](const Commitment& a, const Commitment& b) {
    const auto da = a.Deadline().value_or("9999");
    const auto db = b.Deadline().value_or("9999");
    return a.field != b.field ? a.field < b.field : da != db ? da < db : a.meta.id < b.meta.id;
  });
  for (const auto& c : d.commitments) {
    const bool open_late =
        (c.status == "planned" || c.status == "in_progress") && c.Deadline() && *c.Deadline() <= request.to;
    if (c.status == "carried_over" || open_late) d.carry_over.push_back(&c);
  }

  // Charts: commitments of the period by field and status; activities by field and kind.
  auto& cc = d.commitments_chart;
  cc.id = "report-commitments";
  cc.title = Label("dashboard.commitments_chart", lang);
  for (auto s : cooperation::kCommitmentStatuses) {
    cc.series_keys.emplace_back(s);
    cc.series_labels.push_back(Label("status." + std::string(s), lang));
  }
  auto& ac = d.activities_chart;
  ac.id = "report-activities";
  ac.title = Label("report.activities_chart", lang);
  for (auto k : cooperation::kActivityKinds) {
    ac.series_keys.emplace_back(k);
    ac.series_labels.push_back(Label("activity." + std::string(k), lang));
  }
  for (auto f : cooperation::kFields) {
    std::vector<int64_t> crow(std::size(cooperation::kCommitmentStatuses)),
        arow(std::size(cooperation::kActivityKinds));
    bool any_c = false, any_a = false;
    for (const auto& c : d.commitments) {
      if (c.field != f) continue;
      for (size_t k = 0; k < crow.size(); ++k) crow[k] += cooperation::kCommitmentStatuses[k] == c.status;
      any_c = true;
    }
    for (const auto& a : d.activities) {
      if (a.field != f) continue;
      for (size_t k = 0; k < arow.size(); ++k) arow[k] += cooperation::kActivityKinds[k] == a.kind;
      any_a = true;
    }
    const std::string label = Label("field." + std::string(f), lang);
    if (any_c) {
      cc.category_keys.emplace_back(f);
      cc.category_labels.push_back(label);
      cc.values.push_back(crow);
    }
    if (any_a) {
      ac.category_keys.emplace_back(f);
      ac.category_labels.push_back(label);
      ac.values.push_back(arow);
    }
  }
  cc.svg = cooperation::StackedBarSvg(cc);
  ac.svg = cooperation::StackedBarSvg(ac);
  return d;
}

core::Result<std::string> RenderEvaluation(cooperation::CooperationService& svc, const access::Principal& actor,
                                           const EvaluationRequest& request) {
  LB_TRY(data, CollectEvaluation(svc, actor, request));
  return request.format == "xlsx" ? RenderXlsx(data) : RenderPdf(data);
}

}  // namespace lb::reports
