#pragma once
// The cooperation's records as plain structs: organisations and their succession,
// agreements, conferences, commitments with progress, activities and province twinning.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lb::cooperation {

// A text in the three working languages; at least one is set, reports fall back en -> vi -> lo.
struct Text3 {
  std::string vi, lo, en;
  bool Empty() const { return vi.empty() && lo.empty() && en.empty(); }
  // The text in `lang` (vi, lo, en), else the first other language that has one.
  const std::string& In(std::string_view lang) const;
};

// Bookkeeping every record carries.
struct Meta {
  std::string id;
  int64_t version = 1;
  std::string created_at;
  std::string updated_at;
};

// A ministry, department, provincial labour department or division, training institution
// or enterprise. Succession is recorded separately (see Succession).
struct Organisation {
  Meta meta;
  std::string code;     // stable short code, e.g. VN-MOLISA
  std::string country;  // VN or LA
  std::string kind;     // ministry, department, unit, provincial_department, training_institution, enterprise
  Text3 name;
  std::optional<std::string> abbreviation;  // MoLISA
  std::optional<std::string> parent_id;
  std::optional<std::string> province;  // ISO 3166-2 for provincial departments
  std::optional<std::string> valid_from, valid_until;
  // Filled on reads: who it continues and who continues it.
  std::vector<std::string> predecessor_ids;
  std::optional<std::string> successor_id;
  std::optional<std::string> succeeded_on;
};

struct Succession {
  std::string predecessor_id;
  std::string successor_id;
  std::string effective_on;
};

struct Signatory {
  std::string name;
  std::optional<std::string> title;
  std::optional<std::string> organisation_id;
};

// An attached signed file (content stored once per SHA-256).
struct Attachment {
  std::string id;
  std::string agreement_id;
  std::string file_name;
  std::string media_type;  // application/pdf
  int64_t size = 0;
  std::string sha256;  // hex
  std::string created_at;
  std::string created_by;
};

struct Agreement {
  Meta meta;
  std::string kind;  // agreement, mou, minutes, plan
  Text3 title;
  std::vector<std::string> party_ids;  // organisations
  std::optional<std::string> signed_on;
  std::optional<std::string> signed_place;
  std::vector<Signatory> signatories;
  std::optional<std::string> in_force_from, in_force_until;
  std::optional<std::string> amends_id, replaces_id;
  std::optional<std::string> conference_id;
  std::vector<std::string> fields;
  std::optional<std::string> note;      // e.g. "verify: ..." for unconfirmed facts
  std::vector<Attachment> attachments;  // filled on single reads
};

struct Delegation {
  std::string country;  // VN or LA
  std::string head;     // head of delegation
  std::optional<std::string> title;
  std::optional<std::string> organisation_id;
};

struct Conference {
  Meta meta;
  std::string kind;  // ministerial, special_ministerial, senior_officials
  std::optional<int64_t> number;
  std::string held_on;          // YYYY-MM-DD (planned date for a planned conference)
  std::string status = "held";  // planned, held
  Text3 place;
  std::string host_country;
  std::vector<Delegation> delegations;
  std::vector<Text3> agenda;
  std::optional<std::string> reviews_from, reviews_until;  // period reviewed
  std::optional<std::string> orients_from, orients_until;  // period oriented
  std::optional<std::string> note;
  std::vector<std::string> agreement_ids;  // filled on reads: signed there
};

struct ProgressUpdate {
  std::string on_date;
  std::string status;
  std::optional<std::string> note;
  std::optional<std::string> evidence;  // a reference: document number, link, attachment id
  std::string actor;
  std::string recorded_at;
};

struct Commitment {
  Meta meta;
  Text3 text;
  std::string field;
  std::optional<std::string> conference_id;  // where it was undertaken
  std::optional<std::string> agreement_id;   // the minutes/agreement that holds it
  std::vector<std::string> vn_org_ids, la_org_ids;
  std::optional<std::string> due_on;               // a date, or
  std::optional<std::string> due_from, due_until;  // a period
  std::string status = "planned";                  // planned, in_progress, done, dropped, carried_over
  std::optional<std::string> carried_to_conference_id;
  std::vector<ProgressUpdate> progress;  // filled on single reads
  // The last date it is due by (due_on or due_until).
  std::optional<std::string> Deadline() const { return due_on ? due_on : due_until; }
};

struct Activity {
  Meta meta;
  std::string kind;  // delegation_exchange, training_course, equipment_handover, workshop, contest
  Text3 title;
  std::string field;
  std::string start_on, end_on;
  std::optional<std::string> place;
  std::optional<std::string> host_country;
  std::vector<std::string> org_ids;
  int64_t participants_vn = 0, participants_la = 0;
  std::optional<int64_t> cost;  // in whole units of `currency`
  std::optional<std::string> currency;
  std::optional<std::string> funding_source;  // e.g. Vietnamese ODA
  std::vector<std::string> commitment_ids;
};

struct Twinning {
  Meta meta;
  std::string vn_province;  // ISO 3166-2:VN (or 2025 code)
  std::string la_province;  // ISO 3166-2:LA
  std::optional<std::string> since;
  std::optional<std::string> agreement_id;
  std::optional<std::string> note;
};

// List filters; unset = no filter.
struct CommitmentFilter {
  std::optional<std::string> field, status, conference_id, org_id, due_before;
};
struct ActivityFilter {
  std::optional<std::string> kind, field, from, until;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

// Fields of cooperation named in the minutes and agreements.
inline constexpr std::string_view kFields[] = {"employment",
                                               "migrant_workers",
                                               "osh",
                                               "working_conditions",
                                               "social_insurance",
                                               "gender_equality",
                                               "vocational_education",
                                               "skill_standards",
                                               "asean_skills",
                                               "social_welfare",
                                               "meritorious_people",
                                               "remains_search",
                                               "digital_transformation",
                                               "delegation_exchange",
                                               "twinning"};

inline constexpr std::string_view kCommitmentStatuses[] = {"planned", "in_progress", "done", "dropped", "carried_over"};
inline constexpr std::string_view kOrgKinds[] = {
    "ministry", "department", "unit", "provincial_department", "training_institution", "enterprise", "other"};
inline constexpr std::string_view kAgreementKinds[] = {"agreement", "mou", "minutes", "plan"};
inline constexpr std::string_view kConferenceKinds[] = {"ministerial", "special_ministerial", "senior_officials"};
inline constexpr std::string_view kConferenceStatuses[] = {"held", "planned"};
inline constexpr std::string_view kActivityKinds[] = {"delegation_exchange", "training_course", "equipment_handover",
                                                      "workshop", "contest"};

}  // namespace lb::cooperation
