#include "features/registry/store.h"

#include <algorithm>

#include "features/registry/kinds.h"
#include "features/registry/name_index.h"
#include "platform/kinds/list_query.h"

namespace lb::registry::store {
namespace {

using storage::Opt;
using storage::Row;
using storage::Value;

// --- persons ---------------------------------------------------------------------------
constexpr std::string_view kPersonColumns =
    "id, family_name, given_names, native_name, sex, birth_date, nationality, home_province, phone,"
    " status, version, owner_node, created_at, updated_at, scope_country, scope_province, scope_org";
constexpr std::string_view kInsertPerson =
    "INSERT INTO persons (id, family_name, given_names, native_name, sex, birth_date, nationality,"
    " home_province, phone, status, version, owner_node, created_at, updated_at, scope_country, scope_province,"
    " scope_org) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)";
constexpr std::string_view kSelectPerson =
    "SELECT id, family_name, given_names, native_name, sex, birth_date, nationality, home_province, phone,"
    " status, version, owner_node, created_at, updated_at, scope_country, scope_province, scope_org"
    " FROM persons WHERE id = $1";
constexpr std::string_view kUpdatePerson =
    "UPDATE persons SET family_name = $2, given_names = $3, native_name = $4, sex = $5, birth_date = $6,"
    " nationality = $7, home_province = $8, phone = $9, status = $10, version = version + 1,"
    " updated_at = $11 WHERE id = $1 AND version = $12";
constexpr std::string_view kCountPersons = "SELECT COUNT(*) FROM persons";
constexpr std::string_view kSelectDocuments =
    "SELECT kind, number, issuing_country, expires FROM person_documents WHERE person_id = $1 ORDER BY seq";
constexpr std::string_view kDeleteDocuments = "DELETE FROM person_documents WHERE person_id = $1";
constexpr std::string_view kInsertDocument =
    "INSERT INTO person_documents (person_id, seq, kind, number, issuing_country, expires)"
    " VALUES ($1, $2, $3, $4, $5, $6)";

// --- employers -------------------------------------------------------------------------
// The table's columns are the kind's fields (features/registry/kinds.cpp) between the id and
// the bookkeeping, so a new field is a row in that table and a migration.
constexpr std::string_view kRecordMeta =
    "status, version, owner_node, created_at, updated_at, scope_country, scope_province, scope_org";
constexpr size_t kRecordMetaCount = 8;

// The statements of a table whose columns come from a field table: id, fields, kRecordMeta.
struct KindSql {
  std::string columns, insert, select, update;
};

template <typename T>
KindSql MakeKindSql(std::string_view table, kinds::Fields<T> fields) {
  const size_t n = fields.size();
  const std::string t(table);
  KindSql s;
  s.columns = "id, " + kinds::ColumnList(fields) + ", " + std::string(kRecordMeta);
  s.insert =
      "INSERT INTO " + t + " (" + s.columns + ") VALUES (" + kinds::Placeholders(1, n + 1 + kRecordMetaCount) + ")";
  s.select = "SELECT " + s.columns + " FROM " + t + " WHERE id = $1";
  const auto names = kinds::Names(fields);
  s.update = "UPDATE " + t + " SET " + kinds::Assignments(names, 2) + ", status = $" + std::to_string(n + 2) +
             ", version = version + 1, updated_at = $" + std::to_string(n + 3) + " WHERE id = $1 AND version = $" +
             std::to_string(n + 4);
  return s;
}

template <typename T>
void AppendFieldValues(kinds::Fields<T> fields, const T& record, std::vector<Value>& out) {
  for (const auto& f : fields) out.push_back(f.text ? Value(record.*f.text) : Opt(record.*f.opt));
}

// Reads the fields from columns 1..n and the bookkeeping after them.
template <typename T>
T KindFromRow(kinds::Fields<T> fields, const Row& r) {
  T x;
  x.id = r.Str(0);
  size_t i = 1;
  for (const auto& f : fields) kinds::Set(f, x, r.Opt(i++));
  x.status = r.Str(i);
  x.version = r.Int(i + 1);
  x.owner_node = r.Str(i + 2);
  x.created_at = r.Str(i + 3);
  x.updated_at = r.Str(i + 4);
  x.scope = {r.Opt(i + 5), r.Opt(i + 6), r.Opt(i + 7)};
  return x;
}

template <typename T>
core::Status InsertKind(Transaction& tx, const KindSql& sql, kinds::Fields<T> fields, const T& x) {
  std::vector<Value> v{x.id};
  AppendFieldValues(fields, x, v);
  v.insert(v.end(), {x.status, x.version, x.owner_node, x.created_at, x.updated_at, Opt(x.scope.country),
                     Opt(x.scope.province), Opt(x.scope.org)});
  auto r = tx.Exec(sql.insert, v);
  if (!r) return core::Fail(r.error());
  return {};
}

template <typename T>
core::Result<int64_t> UpdateKind(Transaction& tx, const KindSql& sql, kinds::Fields<T> fields, const T& x,
                                 int64_t expected_version) {
  std::vector<Value> v{x.id};
  AppendFieldValues(fields, x, v);
  v.insert(v.end(), {x.status, x.updated_at, expected_version});
  return tx.Exec(sql.update, v);
}

const KindSql& EmployerSql() {
  static const KindSql sql = MakeKindSql("employers", EmployerFields());
  return sql;
}

// --- permits ---------------------------------------------------------------------------
constexpr std::string_view kPermitColumns =
    "id, person_id, employer_id, host_country, host_province, occupation, permit_number, issued, valid_from,"
    " valid_until, status, extensions, version, owner_node, created_at, updated_at";
constexpr std::string_view kInsertPermit =
    "INSERT INTO work_permits (id, person_id, employer_id, host_country, host_province, occupation,"
    " permit_number, issued, valid_from, valid_until, status, extensions, version, owner_node, created_at,"
    " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";
constexpr std::string_view kSelectPermit =
    "SELECT id, person_id, employer_id, host_country, host_province, occupation, permit_number, issued,"
    " valid_from, valid_until, status, extensions, version, owner_node, created_at, updated_at"
    " FROM work_permits WHERE id = $1";
constexpr std::string_view kUpdatePermit =
    "UPDATE work_permits SET employer_id = $2, host_province = $3, occupation = $4, permit_number = $5,"
    " issued = $6, valid_from = $7, valid_until = $8, status = $9, extensions = $10, version = version + 1,"
    " updated_at = $11 WHERE id = $1 AND version = $12";
constexpr std::string_view kSelectTransitions =
    "SELECT from_status, to_status, effective_on, reason, actor, valid_until, recorded_at"
    " FROM permit_transitions WHERE permit_id = $1 ORDER BY seq";
constexpr std::string_view kInsertTransition =
    "INSERT INTO permit_transitions (permit_id, seq, from_status, to_status, effective_on, reason, actor,"
    " valid_until, recorded_at) VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM permit_transitions"
    " WHERE permit_id = $1), $2, $3, $4, $5, $6, $7, $8)";

Person PersonFromRow(const Row& r) {
  Person p;
  p.id = r.Str(0);
  p.family_name = r.Str(1);
  p.given_names = r.Str(2);
  p.native_name = r.Opt(3);
  p.sex = r.Str(4);
  p.birth_date = r.Opt(5);
  p.nationality = r.Str(6);
  p.home_province = r.Opt(7);
  p.phone = r.Opt(8);
  p.status = r.Str(9);
  p.version = r.Int(10);
  p.owner_node = r.Str(11);
  p.created_at = r.Str(12);
  p.updated_at = r.Str(13);
  p.scope = {r.Opt(14), r.Opt(15), r.Opt(16)};
  return p;
}

Employer EmployerFromRow(const Row& r) { return KindFromRow(EmployerFields(), r); }

WorkPermit PermitFromRow(const Row& r) {
  WorkPermit w;
  w.id = r.Str(0);
  w.person_id = r.Str(1);
  w.employer_id = r.Str(2);
  w.host_country = r.Str(3);
  w.host_province = r.Str(4);
  w.occupation = r.Str(5);
  w.permit_number = r.Str(6);
  w.issued = r.Opt(7);
  w.valid_from = r.Str(8);
  w.valid_until = r.Str(9);
  w.status = r.Str(10);
  w.extensions = r.Int(11);
  w.version = r.Int(12);
  w.owner_node = r.Str(13);
  w.created_at = r.Str(14);
  w.updated_at = r.Str(15);
  return w;
}

// Builds "SELECT <cols> FROM <table> WHERE <fixed clauses> ORDER BY id LIMIT $n" from fixed
// fragments only; every value is bound.
using kinds::ListQuery;
using kinds::RunList;

core::Status LoadDocuments(Transaction& tx, Person& p) {
  auto rows = tx.Query(kSelectDocuments, {p.id});
  if (!rows) return core::Fail(rows.error());
  p.documents.clear();
  for (const auto& r : *rows) p.documents.push_back({r.Str(0), r.Str(1), r.Str(2), r.Opt(3)});
  return {};
}

core::Status WriteDocuments(Transaction& tx, const Person& p) {
  int64_t seq = 0;
  for (const auto& d : p.documents) {
    auto r = tx.Exec(kInsertDocument, {p.id, ++seq, d.kind, d.number, d.issuing_country, Opt(d.expires)});
    if (!r) return core::Fail(r.error());
  }
  return {};
}

std::string Marks(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

// The SQL condition that keeps a table's rows to a scope, with its values; built from fixed
// fragments only.
struct ScopeSql {
  std::string clause;
  std::vector<Value> values;
  void And(const std::string& part, const std::vector<Value>& v) {
    clause += clause.empty() ? "(" + part + ")" : " AND (" + part + ")";
    values.insert(values.end(), v.begin(), v.end());
  }
};

std::vector<Value> Repeat(const std::vector<std::string>& items, int times) {
  std::vector<Value> out;
  for (int t = 0; t < times; ++t) out.insert(out.end(), items.begin(), items.end());
  return out;
}

ScopeSql PersonScopeSql(const Scope& s) {
  ScopeSql q;
  q.And(
      "persons.scope_country = ? OR persons.nationality = ? OR EXISTS (SELECT 1 FROM work_permits w"
      " WHERE w.person_id = persons.id AND w.host_country = ?)",
      {s.country, s.country, s.country});
  if (!s.provinces.empty()) {
    const std::string in = "(" + Marks(s.provinces.size()) + ")";
    q.And("persons.scope_province IN " + in + " OR persons.home_province IN " + in +
              " OR EXISTS (SELECT 1 FROM work_permits w WHERE w.person_id = persons.id AND w.host_province IN " + in +
              ")",
          Repeat(s.provinces, 3));
  }
  if (s.org) {
    q.And(
        "persons.scope_org = ? OR EXISTS (SELECT 1 FROM work_permits w WHERE w.person_id = persons.id"
        " AND w.employer_id = ?)",
        {*s.org, *s.org});
  }
  return q;
}

ScopeSql EmployerScopeSql(const Scope& s) {
  ScopeSql q;
  q.And("employers.scope_country = ? OR employers.country = ?", {s.country, s.country});
  if (!s.provinces.empty()) {
    const std::string in = "(" + Marks(s.provinces.size()) + ")";
    q.And("employers.scope_province IN " + in + " OR employers.province IN " + in, Repeat(s.provinces, 2));
  }
  if (s.org) q.And("employers.scope_org = ? OR employers.id = ?", {*s.org, *s.org});
  return q;
}

ScopeSql PermitScopeSql(const Scope& s) {
  ScopeSql q;
  q.And(
      "work_permits.host_country = ? OR EXISTS (SELECT 1 FROM persons p WHERE p.id = work_permits.person_id"
      " AND (p.nationality = ? OR p.scope_country = ?))",
      {s.country, s.country, s.country});
  if (!s.provinces.empty()) {
    const std::string in = "(" + Marks(s.provinces.size()) + ")";
    q.And("work_permits.host_province IN " + in +
              " OR EXISTS (SELECT 1 FROM persons p WHERE p.id ="
              " work_permits.person_id AND (p.home_province IN " +
              in + " OR p.scope_province IN " + in + "))",
          Repeat(s.provinces, 3));
  }
  if (s.org) q.And("work_permits.employer_id = ?", {*s.org});
  return q;
}

// A list's filters and scope (the list pages and the export pages alike).
void WherePersons(ListQuery& q, const PersonFilter& f, const Scope* scope) {
  if (scope) {
    auto s = PersonScopeSql(*scope);
    q.Clause(s.clause, s.values);
  }
  q.Where("nationality = ?", f.nationality);
  q.Where("home_province = ?", f.province);
  q.Where("persons.status = ?", f.status);
}

void WherePermits(ListQuery& q, const PermitFilter& f, const Scope* scope) {
  if (scope) {
    auto s = PermitScopeSql(*scope);
    q.Clause(s.clause, s.values);
  }
  q.Where("work_permits.status = ?", f.status);
  q.Where("work_permits.employer_id = ?", f.employer_id);
  q.Where("work_permits.person_id = ?", f.person_id);
  q.Where("host_country = ?", f.host_country);
  q.Where("host_province = ?", f.province);
  q.Where("valid_until < ?", f.expiring_before);
}

core::Result<bool> InScope(Transaction& tx, std::string_view table, const std::string& id, const ScopeSql& scope) {
  ListQuery q{"SELECT COUNT(*) FROM " + std::string(table), {}};
  q.Clause(std::string(table) + ".id = ?", {id});
  q.Clause(scope.clause, scope.values);
  auto rows = tx.conn().Query(q.sql, q.params);
  if (!rows) return core::Fail(storage::ToError(rows.error()));
  return rows->at(0).Int(0) > 0;
}

}  // namespace

core::Result<bool> PersonInScope(Transaction& tx, const std::string& id, const Scope& scope) {
  return InScope(tx, "persons", id, PersonScopeSql(scope));
}
core::Result<bool> EmployerInScope(Transaction& tx, const std::string& id, const Scope& scope) {
  return InScope(tx, "employers", id, EmployerScopeSql(scope));
}
core::Result<bool> PermitInScope(Transaction& tx, const std::string& id, const Scope& scope) {
  return InScope(tx, "work_permits", id, PermitScopeSql(scope));
}

namespace {
core::Status InsertNameKeys(Transaction& tx, const std::string& person_id, const std::vector<NameKeyRow>& rows);
}  // namespace

core::Status InsertPerson(Transaction& tx, const Person& p) {
  auto r = tx.Exec(kInsertPerson,
                   {p.id, p.family_name, p.given_names, Opt(p.native_name), p.sex, Opt(p.birth_date), p.nationality,
                    Opt(p.home_province), Opt(p.phone), p.status, p.version, p.owner_node, p.created_at, p.updated_at,
                    Opt(p.scope.country), Opt(p.scope.province), Opt(p.scope.org)});
  if (!r) return core::Fail(r.error());
  // A new person has no name rows yet: nothing to delete first.
  LB_CHECK(InsertNameKeys(tx, p.id, NameKeyRows(p)));
  return WriteDocuments(tx, p);
}

core::Result<std::optional<Person>> GetPerson(Transaction& tx, const std::string& id) {
  auto rows = tx.Query(kSelectPerson, {id});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<Person>();
  Person p = PersonFromRow(rows->front());
  LB_CHECK(LoadDocuments(tx, p));
  return std::optional<Person>(std::move(p));
}

core::Result<std::vector<Person>> ListPersons(Transaction& tx, const PersonFilter& f,
                                              const std::optional<std::string>& after_id, int limit,
                                              const Scope* scope) {
  ListQuery q{"SELECT " + std::string(kPersonColumns) + " FROM persons", {}};
  WherePersons(q, f, scope);
  LB_TRY(rows, RunList(tx, q, after_id, limit));
  std::vector<Person> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back(PersonFromRow(r));
    LB_CHECK(LoadDocuments(tx, out.back()));
  }
  return out;
}

core::Result<int64_t> UpdatePerson(Transaction& tx, const Person& p, int64_t expected_version) {
  auto n = tx.Exec(kUpdatePerson,
                   {p.id, p.family_name, p.given_names, Opt(p.native_name), p.sex, Opt(p.birth_date), p.nationality,
                    Opt(p.home_province), Opt(p.phone), p.status, p.updated_at, expected_version});
  if (!n) return core::Fail(n.error());
  if (*n == 1) {
    if (auto d = tx.Exec(kDeleteDocuments, {p.id}); !d) return core::Fail(d.error());
    LB_CHECK(WriteDocuments(tx, p));
    LB_CHECK(WriteNameKeys(tx, p.id, NameKeyRows(p)));
  }
  return *n;
}

core::Result<int64_t> CountPersons(Transaction& tx) {
  auto rows = tx.Query(kCountPersons, {});
  if (!rows) return core::Fail(rows.error());
  return rows->front().Int(0);
}

core::Status InsertEmployer(Transaction& tx, const Employer& e) {
  return InsertKind(tx, EmployerSql(), EmployerFields(), e);
}

core::Result<std::optional<Employer>> GetEmployer(Transaction& tx, const std::string& id) {
  auto rows = tx.Query(EmployerSql().select, {id});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<Employer>();
  return std::optional<Employer>(EmployerFromRow(rows->front()));
}

core::Result<std::vector<Employer>> ListEmployers(Transaction& tx, const EmployerFilter& f,
                                                  const std::optional<std::string>& after_id, int limit,
                                                  const Scope* scope) {
  ListQuery q{"SELECT " + EmployerSql().columns + " FROM employers", {}};
  if (scope) {
    auto s = EmployerScopeSql(*scope);
    q.Clause(s.clause, s.values);
  }
  q.Where("country = ?", f.country);
  q.Where("province = ?", f.province);
  q.Where("status = ?", f.status);
  LB_TRY(rows, RunList(tx, q, after_id, limit));
  std::vector<Employer> out;
  for (const auto& r : rows) out.push_back(EmployerFromRow(r));
  return out;
}

core::Result<int64_t> UpdateEmployer(Transaction& tx, const Employer& e, int64_t expected_version) {
  return UpdateKind(tx, EmployerSql(), EmployerFields(), e, expected_version);
}

core::Status InsertPermit(Transaction& tx, const WorkPermit& w) {
  auto r = tx.Exec(kInsertPermit, {w.id, w.person_id, w.employer_id, w.host_country, w.host_province, w.occupation,
                                   w.permit_number, Opt(w.issued), w.valid_from, w.valid_until, w.status, w.extensions,
                                   w.version, w.owner_node, w.created_at, w.updated_at});
  if (!r) return core::Fail(r.error());
  return {};
}

core::Result<std::optional<WorkPermit>> GetPermit(Transaction& tx, const std::string& id, bool with_history) {
  auto rows = tx.Query(kSelectPermit, {id});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<WorkPermit>();
  WorkPermit w = PermitFromRow(rows->front());
  if (with_history) {
    auto hist = tx.Query(kSelectTransitions, {id});
    if (!hist) return core::Fail(hist.error());
    for (const auto& r : *hist) {
      w.transitions.push_back({r.Opt(0), r.Str(1), r.Str(2), r.Opt(3), r.Str(4), r.Opt(5), r.Str(6)});
    }
  }
  return std::optional<WorkPermit>(std::move(w));
}

core::Result<std::vector<WorkPermit>> ListPermits(Transaction& tx, const PermitFilter& f,
                                                  const std::optional<std::string>& after_id, int limit,
                                                  const Scope* scope) {
  ListQuery q{"SELECT " + std::string(kPermitColumns) + " FROM work_permits", {}};
  WherePermits(q, f, scope);
  LB_TRY(rows, RunList(tx, q, after_id, limit));
  std::vector<WorkPermit> out;
  for (const auto& r : rows) out.push_back(PermitFromRow(r));
  return out;
}

core::Result<int64_t> UpdatePermit(Transaction& tx, const WorkPermit& w, int64_t expected_version) {
  return tx.Exec(kUpdatePermit, {w.id, w.employer_id, w.host_province, w.occupation, w.permit_number, Opt(w.issued),
                                 w.valid_from, w.valid_until, w.status, w.extensions, w.updated_at, expected_version});
}

core::Status InsertTransition(Transaction& tx, const std::string& permit_id, const PermitTransition& t) {
  auto r = tx.Exec(kInsertTransition, {permit_id, Opt(t.from_status), t.to_status, t.effective_on, Opt(t.reason),
                                       t.actor, Opt(t.valid_until), t.recorded_at});
  if (!r) return core::Fail(r.error());
  return {};
}

// --- name search ---------------------------------------------------------------------

namespace {

constexpr std::string_view kDeleteNameKeys = "DELETE FROM person_name_keys WHERE person_id = $1";
constexpr std::string_view kSelectNameIndexVersion = "SELECT key_version FROM name_index_state WHERE id = 1";
constexpr std::string_view kUpsertNameIndexVersion =
    "INSERT INTO name_index_state (id, key_version) VALUES (1, $1)"
    " ON CONFLICT (id) DO UPDATE SET key_version = excluded.key_version";

// The smallest string greater than every string starting with `prefix` (valid UTF-8, so
// PostgreSQL accepts it as text): the prefix followed by U+10FFFF.
std::string PrefixEnd(const std::string& prefix) { return prefix + "\xF4\x8F\xBF\xBF"; }

}  // namespace

namespace {

// A person has about seven name rows; one statement for all of them costs a seventh of the
// statement overhead (bind, step, statement journal) of one per row, which dominates bulk
// imports.
constexpr size_t kMaxRowsPerInsert = 16;

core::Status InsertNameKeys(Transaction& tx, const std::string& person_id, const std::vector<NameKeyRow>& rows) {
  std::vector<storage::Value> params;
  for (size_t start = 0; start < rows.size(); start += kMaxRowsPerInsert) {
    const size_t n = std::min(kMaxRowsPerInsert, rows.size() - start);
    params.clear();
    params.reserve(n * 5);
    for (size_t i = start; i < start + n; ++i) {
      const auto& row = rows[i];
      params.insert(params.end(), {person_id, row.seq, row.key, row.word, row.skeleton});
    }
    const std::string sql =
        "INSERT INTO person_name_keys (person_id, seq, key, word, skeleton) VALUES " + storage::ValuesList(5, n);
    if (auto r = tx.Exec(sql, std::span<const storage::Value>(params)); !r) {
      return core::Fail(r.error());
    }
  }
  return {};
}

}  // namespace

core::Status WriteNameKeys(Transaction& tx, const std::string& person_id, const std::vector<NameKeyRow>& rows) {
  if (auto r = tx.Exec(kDeleteNameKeys, {person_id}); !r) return core::Fail(r.error());
  return InsertNameKeys(tx, person_id, rows);
}

core::Result<std::vector<std::string>> PersonsByName(Transaction& tx, NameColumn column, const std::string& value,
                                                     bool prefix, int limit) {
  // Fixed SQL per column (no column names from input).
  static constexpr std::string_view kExact[] = {
      "SELECT DISTINCT person_id FROM (SELECT person_id FROM person_name_keys WHERE key = $1"
      " ORDER BY person_id LIMIT $2) t ORDER BY person_id",
      "SELECT DISTINCT person_id FROM (SELECT person_id FROM person_name_keys WHERE word = $1"
      " ORDER BY person_id LIMIT $2) t ORDER BY person_id",
      "SELECT DISTINCT person_id FROM (SELECT person_id FROM person_name_keys WHERE skeleton = $1"
      " ORDER BY person_id LIMIT $2) t ORDER BY person_id"};
  static constexpr std::string_view kPrefix[] = {
      "SELECT person_id FROM person_name_keys WHERE key >= $1 AND key < $2 ORDER BY key, person_id LIMIT $3",
      "SELECT person_id FROM person_name_keys WHERE word >= $1 AND word < $2 ORDER BY word, person_id LIMIT $3",
      "SELECT person_id FROM person_name_keys WHERE skeleton >= $1 AND skeleton < $2"
      " ORDER BY skeleton, person_id LIMIT $3"};
  const auto c = static_cast<size_t>(column);
  auto rows = prefix ? tx.Query(kPrefix[c], {value, PrefixEnd(value), int64_t{limit}})
                     : tx.Query(kExact[c], {value, int64_t{limit}});
  if (!rows) return core::Fail(rows.error());
  std::vector<std::string> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(r.Str(0));
  return out;
}

core::Result<std::vector<std::string>> PersonsByDocument(Transaction& tx, const std::string& number,
                                                         const std::optional<std::string>& country, int limit) {
  auto rows = country ? tx.Query(
                            "SELECT DISTINCT person_id FROM person_documents WHERE number = $1"
                            " AND issuing_country = $2 ORDER BY person_id LIMIT $3",
                            {number, *country, int64_t{limit}})
                      : tx.Query(
                            "SELECT DISTINCT person_id FROM person_documents WHERE number = $1"
                            " ORDER BY person_id LIMIT $2",
                            {number, int64_t{limit}});
  if (!rows) return core::Fail(rows.error());
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.Str(0));
  return out;
}

core::Result<std::vector<Person>> ActivePersonsAmong(Transaction& tx, const std::vector<std::string>& ids,
                                                     const Scope* scope, bool with_documents) {
  std::vector<Person> out;
  constexpr size_t kChunk = 100;
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    const size_t n = std::min(kChunk, ids.size() - start);
    ListQuery q{"SELECT " + std::string(kPersonColumns) + " FROM persons", {}};
    q.Clause("persons.id IN (" + Marks(n) + ")",
             std::vector<Value>(ids.begin() + static_cast<std::ptrdiff_t>(start),
                                ids.begin() + static_cast<std::ptrdiff_t>(start + n)));
    q.Clause("persons.status = 'active'", {});
    if (scope) {
      auto s = PersonScopeSql(*scope);
      q.Clause(s.clause, s.values);
    }
    q.sql += " ORDER BY id";
    auto rows = tx.conn().Query(q.sql, q.params);
    if (!rows) return core::Fail(storage::ToError(rows.error()));
    for (const auto& r : *rows) {
      out.push_back(PersonFromRow(r));
      if (with_documents) LB_CHECK(LoadDocuments(tx, out.back()));
    }
  }
  std::sort(out.begin(), out.end(), [](const Person& a, const Person& b) { return a.id < b.id; });
  return out;
}

core::Result<std::optional<int64_t>> NameIndexVersion(Transaction& tx) {
  auto rows = tx.Query(kSelectNameIndexVersion, {});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows->front().Int(0));
}

core::Status SetNameIndexVersion(Transaction& tx, int64_t version) {
  if (auto r = tx.Exec(kUpsertNameIndexVersion, {version}); !r) return core::Fail(r.error());
  return {};
}

}  // namespace lb::registry::store

// --- bulk exchange (src/exchange): natural keys and export pages -------------------------

namespace lb::registry::store {
namespace {

constexpr std::string_view kPersonByDocument =
    "SELECT person_id FROM person_documents WHERE issuing_country = $1 AND kind = $2 AND number = $3";
constexpr std::string_view kEmployerByRegistration =
    "SELECT id FROM employers WHERE country = $1 AND registration_number = $2";
constexpr std::string_view kPermitByNumber =
    "SELECT id FROM work_permits WHERE host_country = $1 AND permit_number = $2";

core::Result<std::optional<std::string>> FirstId(core::Result<storage::Rows> rows) {
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows->front().Str(0));
}

}  // namespace

core::Result<std::optional<std::string>> FindPersonByDocument(Transaction& tx, const std::string& issuing_country,
                                                              const std::string& kind, const std::string& number) {
  return FirstId(tx.Query(kPersonByDocument, {issuing_country, kind, number}));
}

core::Result<std::optional<std::string>> FindEmployerByRegistration(Transaction& tx, const std::string& country,
                                                                    const std::string& registration_number) {
  return FirstId(tx.Query(kEmployerByRegistration, {country, registration_number}));
}

core::Result<std::optional<std::string>> FindPermitByNumber(Transaction& tx, const std::string& host_country,
                                                            const std::string& permit_number) {
  return FirstId(tx.Query(kPermitByNumber, {host_country, permit_number}));
}

core::Result<std::vector<Person>> ExportPersons(Transaction& tx, const PersonFilter& f,
                                                const std::optional<std::string>& after_id, int limit,
                                                const Scope* scope) {
  // One statement per page: the person with its first document (the one an import names).
  ListQuery q{
      "SELECT persons.id, family_name, given_names, native_name, sex, birth_date, nationality, home_province, phone,"
      " status, version, owner_node, created_at, updated_at, scope_country, scope_province, scope_org,"
      " d.kind, d.number, d.issuing_country, d.expires FROM persons"
      " LEFT JOIN person_documents d ON d.person_id = persons.id AND d.seq = 1",
      {}};
  WherePersons(q, f, scope);
  LB_TRY(rows, RunList(tx, q, after_id, limit, "persons.id"));
  std::vector<Person> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back(PersonFromRow(r));
    if (!r.IsNull(17)) out.back().documents.push_back({r.Str(17), r.Str(18), r.Str(19), r.Opt(20)});
  }
  return out;
}

core::Result<std::vector<PermitExportRow>> ExportPermits(Transaction& tx, const PermitFilter& f,
                                                         const std::optional<std::string>& after_id, int limit,
                                                         const Scope* scope) {
  // The permit with the natural keys of its person (first document) and employer, so the
  // file can be imported on another node where the ids mean nothing.
  ListQuery q{
      "SELECT work_permits.id, work_permits.person_id, work_permits.employer_id, host_country, host_province, "
      "occupation, permit_number, issued,"
      " valid_from, valid_until, work_permits.status, extensions, work_permits.version, work_permits.owner_node,"
      " work_permits.created_at, work_permits.updated_at, d.kind, d.number, d.issuing_country,"
      " e.registration_number, e.country FROM work_permits"
      " LEFT JOIN person_documents d ON d.person_id = work_permits.person_id AND d.seq = 1"
      " JOIN employers e ON e.id = work_permits.employer_id",
      {}};
  WherePermits(q, f, scope);
  LB_TRY(rows, RunList(tx, q, after_id, limit, "work_permits.id"));
  std::vector<PermitExportRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    PermitExportRow x;
    x.permit = PermitFromRow(r);
    if (!r.IsNull(16)) x.person_document = Document{r.Str(16), r.Str(17), r.Str(18), std::nullopt};
    x.employer_registration_number = r.Str(19);
    x.employer_country = r.Str(20);
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace lb::registry::store
