// The cooperation labels (fields, statuses, kinds, the report's headings) for the dashboard,
// the pages and the evaluation report: English message ids here, their Vietnamese and Lao in
// po/vi.po and po/lo.po, so pages and reports share one translation mechanism.
#include "features/cooperation/labels.h"

#include <map>
#include <mutex>

#include "ui/render.h"

namespace lb::cooperation {
namespace {

using ui::N_;

// Keys are stable: fields, statuses and kinds use their API codes.
constexpr std::pair<const char*, const char*> kLabels[] = {
    {"field.employment", N_("Employment and labour market")},
    {"field.migrant_workers", N_("Migrant workers")},
    {"field.osh", N_("Occupational safety and health")},
    {"field.working_conditions", N_("Working conditions")},
    {"field.social_insurance", N_("Social insurance")},
    {"field.gender_equality", N_("Gender equality")},
    {"field.vocational_education", N_("Vocational education")},
    {"field.skill_standards", N_("Vocational skill standards")},
    {"field.asean_skills", N_("ASEAN Skills Competition")},
    {"field.social_welfare", N_("Social welfare")},
    {"field.meritorious_people", N_("Meritorious people")},
    {"field.remains_search", N_("Search for and repatriation of remains")},
    {"field.digital_transformation", N_("IT and digital transformation")},
    {"field.delegation_exchange", N_("Delegation exchanges")},
    {"field.twinning", N_("Twinning of provinces")},
    {"status.planned", N_("Planned")},
    {"status.in_progress", N_("In progress")},
    {"status.done", N_("Done")},
    {"status.dropped", N_("Dropped")},
    {"status.carried_over", N_("Carried over")},
    {"activity.delegation_exchange", N_("Delegation exchange")},
    {"activity.training_course", N_("Training course")},
    {"activity.equipment_handover", N_("Equipment handover")},
    {"activity.workshop", N_("Workshop")},
    {"activity.contest", N_("Contest")},
    {"conference.ministerial", N_("Ministerial conference")},
    {"conference.special_ministerial", N_("Special ministerial conference")},
    {"conference.senior_officials", N_("Senior officials' meeting")},
    {"conference_status.held", N_("Held")},
    {"conference_status.planned", N_("Not yet held")},
    {"agreement.agreement", N_("Agreement")},
    {"agreement.mou", N_("Memorandum of understanding")},
    {"agreement.minutes", N_("Minutes")},
    {"agreement.plan", N_("Plan")},
    {"organisation.ministry", N_("Ministry")},
    {"organisation.department", N_("Department")},
    {"organisation.unit", N_("Unit")},
    {"organisation.provincial_department", N_("Provincial labour department")},
    {"organisation.training_institution", N_("Training institution")},
    {"organisation.enterprise", N_("Enterprise")},
    {"organisation.other", N_("Other")},
    {"country.VN", N_("Viet Nam")},
    {"country.LA", N_("Lao PDR")},
    {"report.title", N_("Evaluation report on Viet Nam – Lao PDR labour cooperation")},
    {"report.period", N_("Period")},
    {"report.generated", N_("Prepared on")},
    {"report.summary", N_("Summary")},
    {"report.commitments", N_("Commitments by field")},
    {"report.activities", N_("Activities")},
    {"report.registry", N_("Registry figures")},
    {"report.charts", N_("Charts")},
    {"report.carry_over", N_("Carried over to the next period")},
    {"report.workers_by_nationality", N_("Workers by nationality")},
    {"report.permits_by_status", N_("Work permits by status")},
    {"report.total", N_("Total")},
    {"report.field", N_("Field of cooperation")},
    {"report.status", N_("Status")},
    {"report.due", N_("Due")},
    {"report.evidence", N_("Evidence")},
    {"report.commitment", N_("Commitment")},
    {"report.activity", N_("Activity")},
    {"report.kind", N_("Kind")},
    {"report.dates", N_("Dates")},
    {"report.place", N_("Place")},
    {"report.participants", N_("Participants")},
    {"report.cost", N_("Cost")},
    {"report.funding", N_("Funding")},
    {"report.count", N_("Count")},
    {"report.nationality", N_("Nationality")},
    {"report.carried_to", N_("Carried to")},
    {"report.page", N_("Page")},
    {"report.conferences", N_("Conferences in the period")},
    {"report.summary_commitments", N_("Commitments in the period")},
    {"report.summary_activities", N_("Activities in the period")},
    {"report.summary_done", N_("Completed")},
    {"report.summary_participants", N_("Participants in all activities")},
    {"report.none", N_("None")},
    {"report.sign_vn", N_("For the Vietnamese side")},
    {"report.sign_la", N_("For the Lao side")},
    {"report.activities_chart", N_("Activities by field and kind")},
    {"report.host_country", N_("Host country")},
    {"permit_status.applied", N_("Applied")},
    {"permit_status.issued", N_("Issued")},
    {"permit_status.extended", N_("Extended")},
    {"permit_status.expired", N_("Expired")},
    {"permit_status.revoked", N_("Revoked")},
    {"permit_status.refused", N_("Refused")},
    {"permit_status.withdrawn", N_("Withdrawn")},
    {"dashboard.commitments_chart", N_("Commitments by field and status")},
    {"dashboard.activities_chart", N_("Activities this year by field")},
};

using Table = std::map<std::string, std::string, std::less<>>;

// Every label in every language, translated once (the report asks for them many times).
const Table& Translated(std::string_view lang) {
  static const std::map<std::string, Table, std::less<>> tables = [] {
    std::map<std::string, Table, std::less<>> t;
    for (const char* l : {"en", "vi", "lo"}) {
      const auto& tr = ui::Translator::For(l);
      for (const auto& [key, msgid] : kLabels) t[l][key] = tr.T(msgid);
    }
    return t;
  }();
  auto it = tables.find(lang);
  return it == tables.end() ? tables.at("en") : it->second;
}

}  // namespace

bool IsReportLanguage(std::string_view lang) { return lang == "vi" || lang == "lo" || lang == "en"; }

const std::string& Label(std::string_view key, std::string_view lang) {
  static thread_local std::string fallback;
  const auto& t = Translated(lang);
  if (auto it = t.find(key); it != t.end()) return it->second;
  fallback = std::string(key);
  return fallback;
}

}  // namespace lb::cooperation
