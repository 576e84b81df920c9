#include "features/cooperation/store.h"

#include <set>

#include "core/json.h"
#include "core/json_limits.h"
#include "features/cooperation/json.h"
#include "platform/kinds/list_query.h"
#include "storage/rows.h"

namespace lb::cooperation::store {
namespace {

using nlohmann::json;
using storage::Opt;
using storage::Row;
using storage::Value;

// A table of one kind of record: its id, the columns that constraints, filters and joins need,
// the record's JSON in `doc`, the version and the times. The SQL every such table shares is
// made once from the column list.
struct RecordTable {
  RecordTable(std::string_view table, std::initializer_list<std::string_view> columns) {
    std::string names = "id", marks = "$1", sets;
    int n = 1;
    for (auto c : columns) {
      ++n;
      names += ", " + std::string(c);
      marks += ", $" + std::to_string(n);
      sets += std::string(c) + " = $" + std::to_string(n) + ", ";
    }
    const auto mark = [](int k) { return "$" + std::to_string(k); };
    insert = "INSERT INTO " + std::string(table) + " (" + names + ", doc, version, created_at, updated_at) VALUES (" +
             marks + ", " + mark(n + 1) + ", " + mark(n + 2) + ", " + mark(n + 3) + ", " + mark(n + 4) + ")";
    update = "UPDATE " + std::string(table) + " SET " + sets + "doc = " + mark(n + 1) +
             ", version = version + 1, updated_at = " + mark(n + 2) + " WHERE id = $1 AND version = " + mark(n + 3);
    select = "SELECT doc, id, version, created_at, updated_at FROM " + std::string(table);
  }
  std::string insert, update, select;
};

const RecordTable kOrganisations("coop_organisations",
                                 {"code", "country", "kind", "parent_id", "valid_from", "valid_until", "search_text"});
const RecordTable kAgreements("coop_agreements", {"kind", "signed_on", "amends_id", "replaces_id", "conference_id"});
const RecordTable kConferences("coop_conferences", {"kind", "number", "held_on", "host_country", "status"});
const RecordTable kCommitments("coop_commitments",
                               {"conference_id", "agreement_id", "field", "status", "due_on", "carried_to_conference"});
const RecordTable kActivities("coop_activities", {"kind", "field", "start_on", "end_on", "host_country"});
const RecordTable kTwinnings("coop_twinnings", {"vn_province", "la_province", "since", "agreement_id"});

// --- organisations -----------------------------------------------------------------------
constexpr std::string_view kSelectSuccessions =
    "SELECT predecessor_id, successor_id, effective_on FROM coop_successions ORDER BY effective_on, predecessor_id";
constexpr std::string_view kInsertSuccession =
    "INSERT INTO coop_successions (predecessor_id, successor_id, effective_on, recorded_at) VALUES ($1, $2, $3, $4)";

// --- agreements --------------------------------------------------------------------------
constexpr std::string_view kSelectAgreementLinks =
    "SELECT id, amends_id, replaces_id FROM coop_agreements WHERE amends_id IS NOT NULL OR replaces_id IS NOT NULL";
#define LB_ATTACHMENT_COLUMNS "id, agreement_id, file_name, media_type, size, sha256, created_at, created_by"
constexpr std::string_view kSelectAttachments =
    "SELECT " LB_ATTACHMENT_COLUMNS " FROM coop_attachments WHERE agreement_id = $1 ORDER BY id";
constexpr std::string_view kSelectAttachment = "SELECT " LB_ATTACHMENT_COLUMNS " FROM coop_attachments WHERE id = $1";
constexpr std::string_view kSelectBlobExists = "SELECT size FROM coop_blobs WHERE sha256 = $1";
constexpr std::string_view kInsertBlob = "INSERT INTO coop_blobs (sha256, size, content) VALUES ($1, $2, $3)";
constexpr std::string_view kSelectBlob = "SELECT content FROM coop_blobs WHERE sha256 = $1";
constexpr std::string_view kInsertAttachment =
    "INSERT INTO coop_attachments (" LB_ATTACHMENT_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
#undef LB_ATTACHMENT_COLUMNS

// --- conferences -------------------------------------------------------------------------
constexpr std::string_view kAgreementsAtConference =
    "SELECT id FROM coop_agreements WHERE conference_id = $1 ORDER BY id";

// --- commitments -------------------------------------------------------------------------
constexpr std::string_view kDeleteCommitmentOrgs = "DELETE FROM coop_commitment_orgs WHERE commitment_id = $1";
constexpr std::string_view kInsertCommitmentOrg =
    "INSERT INTO coop_commitment_orgs (commitment_id, org_id) VALUES ($1, $2)";
constexpr std::string_view kInsertProgress =
    "INSERT INTO coop_progress (commitment_id, seq, on_date, status, note, evidence, actor, recorded_at)"
    " VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM coop_progress WHERE commitment_id = $1), $2, $3, $4, $5,"
    " $6, $7)";
constexpr std::string_view kSelectProgress =
    "SELECT on_date, status, note, evidence, actor, recorded_at FROM coop_progress WHERE commitment_id = $1"
    " ORDER BY seq";
constexpr std::string_view kSelectAllProgress =
    "SELECT commitment_id, on_date, status, note, evidence, actor, recorded_at FROM coop_progress"
    " ORDER BY commitment_id, seq";
constexpr std::string_view kCountByFieldStatus =
    "SELECT field, status, COUNT(*) FROM coop_commitments GROUP BY field, status ORDER BY field, status";
constexpr std::string_view kCountOpenDue =
    "SELECT COUNT(*) FROM coop_commitments WHERE status IN ('planned', 'in_progress') AND due_on >= $1"
    " AND due_on <= $2";

// --- activities --------------------------------------------------------------------------
constexpr std::string_view kDeleteActivityLinks = "DELETE FROM coop_activity_commitments WHERE activity_id = $1";
constexpr std::string_view kInsertActivityLink =
    "INSERT INTO coop_activity_commitments (activity_id, commitment_id) VALUES ($1, $2)";
constexpr std::string_view kCountActivitiesByField =
    "SELECT field, kind, COUNT(*) FROM coop_activities WHERE start_on >= $1 AND start_on <= $2"
    " GROUP BY field, kind ORDER BY field, kind";
constexpr std::string_view kLastDelegationHost =
    "SELECT host_country FROM coop_activities WHERE kind = 'delegation_exchange' AND host_country IS NOT NULL"
    " ORDER BY start_on DESC, id DESC LIMIT 1";

// --- twinning ----------------------------------------------------------------------------

std::string FirstColumn(const Row& r) { return r.Str(0); }

// A progress update from the row's columns from `at` on.
ProgressUpdate ProgressFromRow(const Row& r, size_t at) {
  return {r.Str(at), r.Str(at + 1), r.Opt(at + 2), r.Opt(at + 3), r.Str(at + 4), r.Str(at + 5)};
}

// The stored document: the API form without bookkeeping and members filled on reads.
template <typename T>
std::string Doc(const T& r) {
  return core::Dump(StoredForm(r));
}

template <typename T>
T FromRow(const Row& r) {
  T out;
  std::vector<core::FieldError> ignored;  // the service wrote the document; it is well formed
  FromJson(core::ParseStoredJson(r.Str(0)), out, ignored);
  out.meta.id = r.Str(1);
  out.meta.version = r.Int(2);
  out.meta.created_at = r.Str(3);
  out.meta.updated_at = r.Str(4);
  return out;
}

template <typename T>
core::Result<std::optional<T>> One(Transaction& tx, std::string_view sql, std::initializer_list<Value> params) {
  return storage::FirstOf(tx.Query(sql, params), FromRow<T>);
}

// The rows a record keeps beside its own (links to other records), rewritten with each write.
template <typename T>
using WriteLinks = core::Status (*)(Transaction&, const T&);

// Writes a new record: id, `columns` (in the table's order), document, version and times;
// then its links.
template <typename T>
core::Status InsertRecord(Transaction& tx, const RecordTable& table, const T& r, std::vector<Value> columns,
                          WriteLinks<T> links = nullptr) {
  columns.insert(columns.begin(), r.meta.id);
  columns.insert(columns.end(), {Doc(r), r.meta.version, r.meta.created_at, r.meta.updated_at});
  LB_CHECK(tx.Exec(table.insert, columns));
  return links ? links(tx, r) : core::Status{};
}

// Rewrites a record (and its links) when its version is `expected_version`; returns the rows
// changed.
template <typename T>
core::Result<int64_t> UpdateRecord(Transaction& tx, const RecordTable& table, const T& r, std::vector<Value> columns,
                                   int64_t expected_version, WriteLinks<T> links = nullptr) {
  columns.insert(columns.begin(), r.meta.id);
  columns.insert(columns.end(), {Doc(r), r.meta.updated_at, expected_version});
  LB_TRY(n, tx.Exec(table.update, columns));
  if (n == 1 && links) LB_CHECK(links(tx, r));
  return n;
}

template <typename T>
core::Result<std::optional<T>> GetRecord(Transaction& tx, const RecordTable& table, const std::string& id) {
  return One<T>(tx, table.select + " WHERE id = $1", {id});
}

using kinds::ListQuery;

template <typename T>
core::Result<std::vector<T>> RunList(Transaction& tx, ListQuery& q, const std::optional<std::string>& after_id,
                                     int limit) {
  return storage::AllOf(kinds::RunList(tx, q, after_id, limit), FromRow<T>);
}

}  // namespace

// --- organisations -------------------------------------------------------------------------

namespace {
std::vector<Value> Columns(const Organisation& o, const std::string& search_text) {
  return {o.code, o.country, o.kind, Opt(o.parent_id), Opt(o.valid_from), Opt(o.valid_until), search_text};
}
}  // namespace

core::Status InsertOrganisation(Transaction& tx, const Organisation& o, const std::string& search_text) {
  return InsertRecord(tx, kOrganisations, o, Columns(o, search_text));
}

core::Result<int64_t> UpdateOrganisation(Transaction& tx, const Organisation& o, const std::string& search_text,
                                         int64_t expected_version) {
  return UpdateRecord(tx, kOrganisations, o, Columns(o, search_text), expected_version);
}

core::Result<std::optional<Organisation>> GetOrganisation(Transaction& tx, const std::string& id) {
  return GetRecord<Organisation>(tx, kOrganisations, id);
}

core::Result<std::optional<Organisation>> GetOrganisationByCode(Transaction& tx, const std::string& code) {
  return One<Organisation>(tx, kOrganisations.select + " WHERE code = $1", {code});
}

core::Result<std::vector<Organisation>> ListOrganisations(Transaction& tx, const std::optional<std::string>& search,
                                                          const std::optional<std::string>& after_id, int limit) {
  ListQuery q{kOrganisations.select, {}};
  if (search) q.Clause("search_text LIKE ?", {"%" + *search + "%"});
  return RunList<Organisation>(tx, q, after_id, limit);
}

core::Result<std::vector<Succession>> ListSuccessions(Transaction& tx) {
  return storage::AllOf(tx.Query(kSelectSuccessions, {}), [](const Row& r) {
    return Succession{r.Str(0), r.Str(1), r.Str(2)};
  });
}

core::Status InsertSuccession(Transaction& tx, const Succession& s, const std::string& recorded_at) {
  LB_CHECK(tx.Exec(kInsertSuccession, {s.predecessor_id, s.successor_id, s.effective_on, recorded_at}));
  return {};
}

// --- agreements ----------------------------------------------------------------------------

namespace {
std::vector<Value> Columns(const Agreement& a) {
  return {a.kind, Opt(a.signed_on), Opt(a.amends_id), Opt(a.replaces_id), Opt(a.conference_id)};
}
}  // namespace

core::Status InsertAgreement(Transaction& tx, const Agreement& a) {
  return InsertRecord(tx, kAgreements, a, Columns(a));
}

core::Result<int64_t> UpdateAgreement(Transaction& tx, const Agreement& a, int64_t expected_version) {
  return UpdateRecord(tx, kAgreements, a, Columns(a), expected_version);
}

core::Result<std::optional<Agreement>> GetAgreement(Transaction& tx, const std::string& id) {
  return GetRecord<Agreement>(tx, kAgreements, id);
}

core::Result<std::vector<Agreement>> ListAgreements(Transaction& tx, const std::optional<std::string>& conference_id,
                                                    const std::optional<std::string>& after_id, int limit) {
  ListQuery q{kAgreements.select, {}};
  q.Where("conference_id = ?", conference_id);
  return RunList<Agreement>(tx, q, after_id, limit);
}

core::Result<std::map<std::string, std::vector<std::string>>> AgreementLinks(Transaction& tx) {
  LB_TRY(rows, tx.Query(kSelectAgreementLinks, {}));
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& r : rows) {
    if (!r.IsNull(1)) out[r.Str(0)].push_back(r.Str(1));
    if (!r.IsNull(2)) out[r.Str(0)].push_back(r.Str(2));
  }
  return out;
}

namespace {
Attachment AttachmentFromRow(const Row& r) {
  return {r.Str(0), r.Str(1), r.Str(2), r.Str(3), r.Int(4), r.Str(5), r.Str(6), r.Str(7)};
}
}  // namespace

core::Result<std::vector<Attachment>> ListAttachments(Transaction& tx, const std::string& agreement_id) {
  return storage::AllOf(tx.Query(kSelectAttachments, {agreement_id}), AttachmentFromRow);
}

core::Result<std::optional<Attachment>> GetAttachment(Transaction& tx, const std::string& id) {
  return storage::FirstOf(tx.Query(kSelectAttachment, {id}), AttachmentFromRow);
}

core::Status InsertAttachment(Transaction& tx, const Attachment& a, const std::string& content_base64) {
  LB_TRY(existing, tx.Query(kSelectBlobExists, {a.sha256}));
  if (existing.empty()) LB_CHECK(tx.Exec(kInsertBlob, {a.sha256, a.size, content_base64}));
  LB_CHECK(tx.Exec(kInsertAttachment,
                   {a.id, a.agreement_id, a.file_name, a.media_type, a.size, a.sha256, a.created_at, a.created_by}));
  return {};
}

core::Result<std::optional<std::string>> GetBlob(Transaction& tx, const std::string& sha256) {
  return storage::FirstOf(tx.Query(kSelectBlob, {sha256}), FirstColumn);
}

// --- conferences ---------------------------------------------------------------------------

namespace {
Value OptNumber(const std::optional<int64_t>& v) { return v ? Value(*v) : storage::Null(); }

core::Status FillAgreementIds(Transaction& tx, std::optional<Conference>& c) {
  if (!c) return {};
  LB_TRY(rows, tx.Query(kAgreementsAtConference, {c->meta.id}));
  for (const auto& r : rows) c->agreement_ids.push_back(r.Str(0));
  return {};
}

std::vector<Value> Columns(const Conference& c) {
  return {c.kind, OptNumber(c.number), c.held_on, c.host_country, c.status};
}
}  // namespace

core::Status InsertConference(Transaction& tx, const Conference& c) {
  return InsertRecord(tx, kConferences, c, Columns(c));
}

core::Result<int64_t> UpdateConference(Transaction& tx, const Conference& c, int64_t expected_version) {
  return UpdateRecord(tx, kConferences, c, Columns(c), expected_version);
}

core::Result<std::optional<Conference>> GetConference(Transaction& tx, const std::string& id) {
  LB_TRY(c, GetRecord<Conference>(tx, kConferences, id));
  LB_CHECK(FillAgreementIds(tx, c));
  return c;
}

core::Result<std::vector<Conference>> ListConferences(Transaction& tx, const std::optional<std::string>& after_id,
                                                      int limit) {
  ListQuery q{kConferences.select, {}};
  return RunList<Conference>(tx, q, after_id, limit);
}

core::Result<std::optional<Conference>> FindConference(Transaction& tx, const std::string& kind, int64_t number) {
  return One<Conference>(tx, kConferences.select + " WHERE kind = $1 AND number = $2", {kind, number});
}

core::Result<std::optional<Conference>> NextConference(Transaction& tx, const std::string& date) {
  return One<Conference>(
      tx, kConferences.select + " WHERE held_on >= $1 AND kind <> 'senior_officials' ORDER BY held_on LIMIT 1", {date});
}

// --- commitments ---------------------------------------------------------------------------

namespace {
core::Status WriteCommitmentOrgs(Transaction& tx, const Commitment& c) {
  LB_CHECK(tx.Exec(kDeleteCommitmentOrgs, {c.meta.id}));
  std::set<std::string> seen;
  for (const auto* ids : {&c.vn_org_ids, &c.la_org_ids}) {
    for (const auto& id : *ids) {
      if (seen.insert(id).second) LB_CHECK(tx.Exec(kInsertCommitmentOrg, {c.meta.id, id}));
    }
  }
  return {};
}

std::vector<Value> Columns(const Commitment& c) {
  return {Opt(c.conference_id),           Opt(c.agreement_id), c.field, c.status, Opt(c.Deadline()),
          Opt(c.carried_to_conference_id)};
}
}  // namespace

core::Status InsertCommitment(Transaction& tx, const Commitment& c) {
  return InsertRecord(tx, kCommitments, c, Columns(c), WriteCommitmentOrgs);
}

core::Result<int64_t> UpdateCommitment(Transaction& tx, const Commitment& c, int64_t expected_version) {
  return UpdateRecord(tx, kCommitments, c, Columns(c), expected_version, WriteCommitmentOrgs);
}

core::Result<std::optional<Commitment>> GetCommitment(Transaction& tx, const std::string& id) {
  LB_TRY(c, GetRecord<Commitment>(tx, kCommitments, id));
  if (c) {
    LB_TRY(p, ListProgress(tx, id));
    c->progress = std::move(p);
  }
  return c;
}

core::Result<std::vector<Commitment>> ListCommitments(Transaction& tx, const CommitmentFilter& f,
                                                      const std::vector<std::string>& org_ids,
                                                      const std::optional<std::string>& after_id, int limit) {
  ListQuery q{kCommitments.select, {}};
  q.Where("field = ?", f.field);
  q.Where("status = ?", f.status);
  q.Where("conference_id = ?", f.conference_id);
  q.Where("due_on < ?", f.due_before);
  if (!org_ids.empty()) {
    std::string marks;
    std::vector<Value> values;
    for (const auto& id : org_ids) {
      marks += marks.empty() ? "?" : ", ?";
      values.emplace_back(id);
    }
    q.Clause("id IN (SELECT commitment_id FROM coop_commitment_orgs WHERE org_id IN (" + marks + "))", values);
  }
  return RunList<Commitment>(tx, q, after_id, limit);
}

core::Status InsertProgress(Transaction& tx, const std::string& commitment_id, const ProgressUpdate& p) {
  LB_CHECK(tx.Exec(kInsertProgress,
                   {commitment_id, p.on_date, p.status, Opt(p.note), Opt(p.evidence), p.actor, p.recorded_at}));
  return {};
}

core::Result<std::vector<ProgressUpdate>> ListProgress(Transaction& tx, const std::string& commitment_id) {
  return storage::AllOf(tx.Query(kSelectProgress, {commitment_id}), [](const Row& r) { return ProgressFromRow(r, 0); });
}

core::Result<std::map<std::string, std::vector<ProgressUpdate>>> AllProgress(Transaction& tx) {
  LB_TRY(rows, tx.Query(kSelectAllProgress, {}));
  std::map<std::string, std::vector<ProgressUpdate>> out;
  for (const auto& r : rows) out[r.Str(0)].push_back(ProgressFromRow(r, 1));
  return out;
}

// --- activities ----------------------------------------------------------------------------

namespace {
core::Status WriteActivityLinks(Transaction& tx, const Activity& a) {
  LB_CHECK(tx.Exec(kDeleteActivityLinks, {a.meta.id}));
  std::set<std::string> seen;
  for (const auto& id : a.commitment_ids) {
    if (seen.insert(id).second) LB_CHECK(tx.Exec(kInsertActivityLink, {a.meta.id, id}));
  }
  return {};
}

std::vector<Value> Columns(const Activity& a) { return {a.kind, a.field, a.start_on, a.end_on, Opt(a.host_country)}; }
}  // namespace

core::Status InsertActivity(Transaction& tx, const Activity& a) {
  return InsertRecord(tx, kActivities, a, Columns(a), WriteActivityLinks);
}

core::Result<int64_t> UpdateActivity(Transaction& tx, const Activity& a, int64_t expected_version) {
  return UpdateRecord(tx, kActivities, a, Columns(a), expected_version, WriteActivityLinks);
}

core::Result<std::optional<Activity>> GetActivity(Transaction& tx, const std::string& id) {
  return GetRecord<Activity>(tx, kActivities, id);
}

core::Result<std::vector<Activity>> ListActivities(Transaction& tx, const ActivityFilter& f,
                                                   const std::optional<std::string>& after_id, int limit) {
  ListQuery q{kActivities.select, {}};
  q.Where("kind = ?", f.kind);
  q.Where("field = ?", f.field);
  q.Where("end_on >= ?", f.from);
  q.Where("start_on <= ?", f.until);
  return RunList<Activity>(tx, q, after_id, limit);
}

// --- twinning ------------------------------------------------------------------------------

namespace {
std::vector<Value> Columns(const Twinning& t) {
  return {t.vn_province, t.la_province, Opt(t.since), Opt(t.agreement_id)};
}
}  // namespace

core::Status InsertTwinning(Transaction& tx, const Twinning& t) { return InsertRecord(tx, kTwinnings, t, Columns(t)); }

core::Result<int64_t> UpdateTwinning(Transaction& tx, const Twinning& t, int64_t expected_version) {
  return UpdateRecord(tx, kTwinnings, t, Columns(t), expected_version);
}

core::Result<std::optional<Twinning>> GetTwinning(Transaction& tx, const std::string& id) {
  return GetRecord<Twinning>(tx, kTwinnings, id);
}

core::Result<std::vector<Twinning>> ListTwinnings(Transaction& tx, const std::optional<std::string>& after_id,
                                                  int limit) {
  ListQuery q{kTwinnings.select, {}};
  return RunList<Twinning>(tx, q, after_id, limit);
}

// --- aggregates ----------------------------------------------------------------------------

namespace {
Count2 CountFromRow(const Row& r) { return {r.Str(0), r.Str(1), r.Int(2)}; }
}  // namespace

core::Result<std::vector<Count2>> CountCommitmentsByFieldStatus(Transaction& tx) {
  return storage::AllOf(tx.Query(kCountByFieldStatus, {}), CountFromRow);
}

core::Result<std::vector<Count2>> CountActivitiesByField(Transaction& tx, const std::string& from,
                                                         const std::string& until) {
  return storage::AllOf(tx.Query(kCountActivitiesByField, {from, until}), CountFromRow);
}

core::Result<std::vector<Commitment>> OpenCommitmentsDue(Transaction& tx, const std::string& from,
                                                         const std::string& until, int limit) {
  return storage::AllOf(
      tx.Query(kCommitments.select + " WHERE status IN ('planned', 'in_progress') AND due_on >= $1 AND due_on <= $2"
                                     " ORDER BY due_on, id LIMIT $3",
               {from, until, int64_t{limit}}),
      FromRow<Commitment>);
}

core::Result<int64_t> CountOpenCommitmentsDue(Transaction& tx, const std::string& from, const std::string& until) {
  LB_TRY(rows, tx.Query(kCountOpenDue, {from, until}));
  return rows.empty() ? int64_t{0} : rows.front().Int(0);
}

core::Result<std::optional<std::string>> LastDelegationHost(Transaction& tx) {
  return storage::FirstOf(tx.Query(kLastDelegationHost, {}), FirstColumn);
}

}  // namespace lb::cooperation::store
