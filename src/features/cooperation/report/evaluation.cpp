#include "features/cooperation/report/evaluation.h"

#include <algorithm>
#include <map>
#include <set>
#include <span>

#include "core/date.h"
#include "features/cooperation/labels.h"

namespace lb::cooperation {
namespace {

using cooperation::Commitment;
using cooperation::Label;

// Every page of a service list, in the service's order (by id).
template <typename T, typename List>
core::Result<std::vector<T>> All(List&& list) {
  std::vector<T> out;
  cooperation::ListRequest page;
  page.limit = 500;
  for (;;) {
    LB_TRY(p, list(page));
    for (auto& item : p.items) out.push_back(std::move(item));
    if (!p.next_cursor) return out;
    page.cursor = std::move(p.next_cursor);
  }
}

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

std::string LabelOrCode(const std::string& prefix, const std::string& code, const std::string& lang) {
  const std::string key = prefix + code;
  const std::string& label = Label(key, lang);
  return label == key ? code : label;
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
  LB_TRY(conferences, All<cooperation::Conference>(
                          [&](const cooperation::ListRequest& page) { return svc.ListConferences(actor, page); }));
  std::set<std::string> conf_in_period;
  for (auto& c : conferences) {
    if (c.held_on >= request.from && c.held_on <= request.to) {
      conf_in_period.insert(c.meta.id);
      d.conferences.push_back(std::move(c));
    }
  }
  std::sort(d.conferences.begin(), d.conferences.end(),
            [](const auto& a, const auto& b) { return a.held_on < b.held_on; });
  LB_TRY(commitments,
         All<Commitment>([&](const cooperation::ListRequest& page) { return svc.ListCommitments(actor, {}, page); }));
  for (auto& c : commitments) {
    if (InPeriod(c.Deadline(), request) || (c.conference_id && conf_in_period.contains(*c.conference_id)) ||
        (c.due_from && *c.due_from <= request.to && c.due_until && *c.due_until >= request.from)) {
      d.commitments.push_back(std::move(c));
    }
  }
  LB_TRY(progress, svc.ProgressByCommitment(actor));
  d.progress = std::move(progress);
  cooperation::ActivityFilter af;
  af.from = request.from;
  af.until = request.to;
  LB_TRY(activities, All<cooperation::Activity>(
                         [&](const cooperation::ListRequest& page) { return svc.ListActivities(actor, af, page); }));
  d.activities = std::move(activities);
  std::sort(d.activities.begin(), d.activities.end(), [](const auto& a, const auto& b) {
    return a.start_on != b.start_on ? a.start_on < b.start_on : a.meta.id < b.meta.id;
  });
  // The registry's figures, within the actor's scope (wired by the server; none when unset).
  const auto& figures = svc.registry_figures();
  if (figures.workers_by_nationality) {
    LB_TRY(w, figures.workers_by_nationality(actor));
    d.workers_by_nationality = std::move(w);
  }
  if (figures.permits_by_status) {
    LB_TRY(p, figures.permits_by_status(actor));
    d.permits_by_status = std::move(p);
  }
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
  const auto count = [](std::map<std::string, std::vector<int64_t>>& rows, const std::string& field,
                        std::span<const std::string_view> keys, const std::string& key) {
    auto& row = rows[field];
    row.resize(keys.size());
    for (size_t k = 0; k < keys.size(); ++k) row[k] += keys[k] == key;
  };
  std::map<std::string, std::vector<int64_t>> commitment_rows, activity_rows;
  for (const auto& c : d.commitments) count(commitment_rows, c.field, cooperation::kCommitmentStatuses, c.status);
  for (const auto& a : d.activities) count(activity_rows, a.field, cooperation::kActivityKinds, a.kind);
  auto& cc = d.commitments_chart;
  cc.id = "report-commitments";
  cc.title = Label("dashboard.commitments_chart", lang);
  cooperation::SetSeries(cc, cooperation::kCommitmentStatuses, "status.", lang);
  cooperation::AddFieldBars(cc, commitment_rows, lang);
  auto& ac = d.activities_chart;
  ac.id = "report-activities";
  ac.title = Label("report.activities_chart", lang);
  cooperation::SetSeries(ac, cooperation::kActivityKinds, "activity.", lang);
  cooperation::AddFieldBars(ac, activity_rows, lang);
  cc.svg = cooperation::StackedBarSvg(cc);
  ac.svg = cooperation::StackedBarSvg(ac);
  return d;
}

core::Result<std::string> RenderEvaluation(cooperation::CooperationService& svc, const access::Principal& actor,
                                           const EvaluationRequest& request) {
  LB_TRY(data, CollectEvaluation(svc, actor, request));
  return request.format == "xlsx" ? RenderXlsx(data) : RenderPdf(data);
}

}  // namespace lb::cooperation
