#pragma once
// The period evaluation report: cover, summary, commitments by field with status and
// evidence, activities, registry figures, charts and the carry-over list, in Vietnamese, Lao
// or English, as PDF (Cairo + Pango, Noto fonts embedded) or XLSX (libxlsxwriter).
#include <map>
#include <string>
#include <vector>

#include "features/cooperation/dashboard.h"
#include "features/cooperation/service.h"

namespace lb::cooperation {

struct EvaluationRequest {
  std::string from, to;        // YYYY-MM-DD, inclusive
  std::string lang = "en";     // vi, lo, en
  std::string format = "pdf";  // pdf, xlsx
};

// Field errors of a request (dates, order, language, format).
std::vector<core::FieldError> ValidateRequest(const EvaluationRequest& request);

// How many commitments, activities and carry-overs the PDF lists one by one; the rest are
// counted in the summaries (the XLSX lists everything).
struct DetailLimits {
  size_t commitments_per_field = 15;
  size_t activities = 150;
  size_t carry_over = 100;
};

// Everything a report shows, gathered once.
struct EvaluationData {
  EvaluationRequest request;
  std::string prepared_on;
  std::vector<cooperation::Conference> conferences;                          // held or planned in the period
  std::vector<cooperation::Commitment> commitments;                          // due in, or undertaken in, the period
  std::map<std::string, std::vector<cooperation::ProgressUpdate>> progress;  // by commitment id
  std::vector<cooperation::Activity> activities;                             // overlapping the period
  std::vector<std::pair<std::string, int64_t>> workers_by_nationality;
  std::vector<std::pair<std::string, int64_t>> permits_by_status;
  std::vector<const cooperation::Commitment*> carry_over;  // carried over, or open past their deadline
  cooperation::Chart commitments_chart, activities_chart;
  DetailLimits limits;
};

core::Result<EvaluationData> CollectEvaluation(cooperation::CooperationService& service, const access::Principal& actor,
                                               const EvaluationRequest& request);

// The label of `prefix` + `code` in `lang` (a registry figure's key: a country or a work permit
// status), or the code itself when there is no label.
std::string LabelOrCode(const std::string& prefix, const std::string& code, const std::string& lang);

core::Result<std::string> RenderPdf(const EvaluationData& data);
core::Result<std::string> RenderXlsx(const EvaluationData& data);

// Validates, collects and renders in the requested format.
core::Result<std::string> RenderEvaluation(cooperation::CooperationService& service, const access::Principal& actor,
                                           const EvaluationRequest& request);

}  // namespace lb::cooperation
