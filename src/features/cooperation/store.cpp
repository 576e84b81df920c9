#include "features/cooperation/store.h"

#include <set>

#include "core/json.h"
#include "core/json_limits.h"
#include "features/cooperation/json.h"
#include "features/cooperation/kinds.h"
#include "features/cooperation/service.h"
#include "platform/kinds/list_query.h"
#include "storage/rows.h"

namespace lb::cooperation::store {
namespace {

using nlohmann::json;
using storage::Opt;
using storage::Row;
using storage::Value;

// A kind's table: the id, the kind's fields marked `column` in its field table (kinds.cpp)
// under their column names, any column the kind computes (below), the record's JSON in `doc`,
// the version and the times. Its SQL is made once from that list.
template <typename T>
struct Computed {
  std::string_view column;
  Value (*value)(const T&);
};

template <typename T>
Value ColumnValue(const kinds::Field<T>& f, const T& r) {
  if (f.text) return r.*f.text;
  if (f.opt) return Opt(r.*f.opt);
  if (f.integer) return r.*f.integer;
  return r.*f.opt_integer ? Value(*(r.*f.opt_integer)) : storage::Null();
}

template <typename T>
struct KindSql {
  std::vector<const kinds::Field<T>*> fields;
  std::span<const Computed<T>> computed;
  std::string insert, update, select;

  KindSql(std::string_view table, std::span<const Computed<T>> extra) : computed(extra) {
    std::vector<std::string_view> names;
    for (const auto& f : FieldsOf<T>()) {
      if (f.column) {
        fields.push_back(&f);
        names.push_back(kinds::ColumnOf(f));
      }
    }
    for (const auto& c : computed) names.push_back(c.column);
    const size_t n = names.size();
    std::string list = "id";
    for (auto c : names) list += ", " + std::string(c);
    const std::string t(table);
    insert = "INSERT INTO " + t + " (" + list + ", doc, version, created_at, updated_at) VALUES (" +
             kinds::Placeholders(1, n + 5) + ")";
    update = "UPDATE " + t + " SET " + kinds::Assignments(names, 2) + ", doc = $" + std::to_string(n + 2) +
             ", version = version + 1, updated_at = $" + std::to_string(n + 3) + " WHERE id = $1 AND version = $" +
             std::to_string(n + 4);
    select = "SELECT doc, id, version, created_at, updated_at FROM " + t;
  }
  // The id and the columns' values.
  std::vector<Value> Values(const T& r) const {
    std::vector<Value> v{r.meta.id};
    for (const auto* f : fields) v.push_back(ColumnValue(*f, r));
    for (const auto& c : computed) v.push_back(c.value(r));
    return v;
  }
};

// What is per kind in a table: its name (kTable), and when it has them, the columns it
// computes (kComputed), the rows it keeps beside its own, rewritten with each write (links to
// other records: WriteLinks) and what a single read fills in (Fill). Specialised below.
template <typename T>
struct KindStore;

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

using kinds::ListQuery;

template <typename T>
core::Result<std::vector<T>> RunList(Transaction& tx, ListQuery& q, const std::optional<std::string>& after_id,
                                     int limit) {
  return storage::AllOf(kinds::RunList(tx, q, after_id, limit), FromRow<T>);
}

// --- what is per kind --------------------------------------------------------------------

Value SearchValue(const Organisation& o) { return SearchText(o); }
Value Deadline(const Commitment& c) { return Opt(c.Deadline()); }
constexpr Computed<Organisation> kOrganisationComputed[] = {{"search_text", SearchValue}};
constexpr Computed<Commitment> kCommitmentComputed[] = {{"due_on", Deadline}};

core::Status WriteIds(Transaction& tx, std::string_view remove, std::string_view insert, const std::string& id,
                      std::initializer_list<const std::vector<std::string>*> lists) {
  LB_CHECK(tx.Exec(remove, {id}));
  std::set<std::string> seen;
  for (const auto* ids : lists) {
    for (const auto& other : *ids) {
      if (seen.insert(other).second) LB_CHECK(tx.Exec(insert, {id, other}));
    }
  }
  return {};
}

template <>
struct KindStore<Organisation> {
  static constexpr std::string_view kTable = "coop_organisations";
  static constexpr std::span<const Computed<Organisation>> kComputed = kOrganisationComputed;
};
template <>
struct KindStore<Agreement> {
  static constexpr std::string_view kTable = "coop_agreements";
};
template <>
struct KindStore<Conference> {
  static constexpr std::string_view kTable = "coop_conferences";
  static core::Status Fill(Transaction& tx, Conference& c) {  // the agreements signed there
    LB_TRY(rows, tx.Query(kAgreementsAtConference, {c.meta.id}));
    for (const auto& r : rows) c.agreement_ids.push_back(r.Str(0));
    return {};
  }
};
template <>
struct KindStore<Commitment> {
  static constexpr std::string_view kTable = "coop_commitments";
  static constexpr std::span<const Computed<Commitment>> kComputed = kCommitmentComputed;
  static core::Status WriteLinks(Transaction& tx, const Commitment& c) {
    return WriteIds(tx, kDeleteCommitmentOrgs, kInsertCommitmentOrg, c.meta.id, {&c.vn_org_ids, &c.la_org_ids});
  }
  static core::Status Fill(Transaction& tx, Commitment& c) {
    LB_TRY(p, ListProgress(tx, c.meta.id));
    c.progress = std::move(p);
    return {};
  }
};
template <>
struct KindStore<Activity> {
  static constexpr std::string_view kTable = "coop_activities";
  static core::Status WriteLinks(Transaction& tx, const Activity& a) {
    return WriteIds(tx, kDeleteActivityLinks, kInsertActivityLink, a.meta.id, {&a.commitment_ids});
  }
};
template <>
struct KindStore<Twinning> {
  static constexpr std::string_view kTable = "coop_twinnings";
};

template <typename T>
const KindSql<T>& SqlOf() {
  std::span<const Computed<T>> computed;
  if constexpr (requires { KindStore<T>::kComputed; }) computed = KindStore<T>::kComputed;
  static const KindSql<T> sql(KindStore<T>::kTable, computed);
  return sql;
}

template <typename T>
core::Status WriteLinks(Transaction& tx, const T& r) {
  if constexpr (requires { KindStore<T>::WriteLinks(tx, r); }) return KindStore<T>::WriteLinks(tx, r);
  return {};
}

template <typename T>
core::Status Fill(Transaction& tx, T& r) {
  if constexpr (requires { KindStore<T>::Fill(tx, r); }) return KindStore<T>::Fill(tx, r);
  return {};
}

}  // namespace

// --- one record of any kind ----------------------------------------------------------------

template <typename T>
core::Status Records<T>::Insert(Transaction& tx, const T& r) {
  const auto& sql = SqlOf<T>();
  std::vector<Value> v = sql.Values(r);
  v.insert(v.end(), {Doc(r), r.meta.version, r.meta.created_at, r.meta.updated_at});
  LB_CHECK(tx.Exec(sql.insert, v));
  return WriteLinks(tx, r);
}

template <typename T>
core::Result<int64_t> Records<T>::Update(Transaction& tx, const T& r, int64_t expected_version) {
  const auto& sql = SqlOf<T>();
  std::vector<Value> v = sql.Values(r);
  v.insert(v.end(), {Doc(r), r.meta.updated_at, expected_version});
  LB_TRY(n, tx.Exec(sql.update, v));
  if (n == 1) LB_CHECK(WriteLinks(tx, r));
  return n;
}

template <typename T>
core::Result<std::optional<T>> Records<T>::Get(Transaction& tx, const std::string& id) {
  LB_TRY(r, One<T>(tx, SqlOf<T>().select + " WHERE id = $1", {id}));
  if (r) LB_CHECK(Fill(tx, *r));
  return r;
}

template <typename T>
core::Result<std::vector<T>> Records<T>::List(Transaction& tx, kinds::ListQuery& q,
                                              const std::optional<std::string>& after_id, int limit) {
  return RunList<T>(tx, q, after_id, limit);
}

template <typename T>
kinds::ListQuery Records<T>::Query() {
  return {SqlOf<T>().select, {}};
}

template struct Records<Organisation>;
template struct Records<Agreement>;
template struct Records<Conference>;
template struct Records<Commitment>;
template struct Records<Activity>;
template struct Records<Twinning>;

// --- organisations -------------------------------------------------------------------------

core::Result<std::optional<Organisation>> GetOrganisationByCode(Transaction& tx, const std::string& code) {
  return One<Organisation>(tx, SqlOf<Organisation>().select + " WHERE code = $1", {code});
}

core::Result<std::vector<Organisation>> ListOrganisations(Transaction& tx, const std::optional<std::string>& search,
                                                          const std::optional<std::string>& after_id, int limit) {
  auto q = Records<Organisation>::Query();
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

core::Result<std::optional<Conference>> FindConference(Transaction& tx, const std::string& kind, int64_t number) {
  return One<Conference>(tx, SqlOf<Conference>().select + " WHERE kind = $1 AND number = $2", {kind, number});
}

core::Result<std::optional<Conference>> NextConference(Transaction& tx, const std::string& date) {
  return One<Conference>(
      tx, SqlOf<Conference>().select + " WHERE held_on >= $1 AND kind <> 'senior_officials' ORDER BY held_on LIMIT 1",
      {date});
}

// --- commitments ---------------------------------------------------------------------------

void Where(kinds::ListQuery& q, const CommitmentFilter& f, const std::vector<std::string>& org_ids) {
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

void Where(kinds::ListQuery& q, const ActivityFilter& f) {
  q.Where("kind = ?", f.kind);
  q.Where("field = ?", f.field);
  q.Where("end_on >= ?", f.from);
  q.Where("start_on <= ?", f.until);
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
  return storage::AllOf(tx.Query(SqlOf<Commitment>().select +
                                     " WHERE status IN ('planned', 'in_progress') AND due_on >= $1 AND due_on <= $2"
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

std::string SearchText(const Organisation& o) {
  std::string s = o.code + " " + o.name.vi + " " + o.name.lo + " " + o.name.en;
  if (o.abbreviation) s += " " + *o.abbreviation;
  return FoldForSearch(s);
}

}  // namespace lb::cooperation::store
