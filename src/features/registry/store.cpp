#include "features/registry/store.h"

#include <algorithm>
#include <iterator>
#include <map>

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

// Rows of `table` in `scope` (when given) that meet `where` (a fixed clause), counted by
// `column`, ordered by it.
core::Result<std::vector<KeyCount>> CountBy(Transaction& tx, std::string_view table, std::string_view column,
                                            std::string_view where, const std::optional<ScopeSql>& scope) {
  ListQuery q{"SELECT " + std::string(column) + ", COUNT(*) FROM " + std::string(table), {}};
  if (!where.empty()) q.Clause(where, {});
  if (scope) q.Clause(scope->clause, scope->values);
  q.sql += " GROUP BY " + std::string(column) + " ORDER BY " + std::string(column);
  auto rows = tx.conn().Query(q.sql, q.params);
  if (!rows) return core::Fail(storage::ToError(rows.error()));
  std::vector<KeyCount> out;
  for (const auto& r : *rows) out.emplace_back(r.Str(0), r.Int(1));
  return out;
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

core::Result<std::vector<KeyCount>> CountActivePersonsByNationality(Transaction& tx, const Scope* scope) {
  return CountBy(tx, "persons", "persons.nationality", "persons.status = 'active'",
                 scope ? std::optional(PersonScopeSql(*scope)) : std::nullopt);
}
core::Result<std::vector<KeyCount>> CountPermitsByStatus(Transaction& tx, const Scope* scope) {
  return CountBy(tx, "work_permits", "work_permits.status", "",
                 scope ? std::optional(PermitScopeSql(*scope)) : std::nullopt);
}

namespace {
core::Status ReplaceNamePostings(Transaction& tx, const NameSource& before, const Person& after);
constexpr std::string_view kSelectNameSource =
    "SELECT id, name_ref, family_name, given_names, native_name FROM persons WHERE id = $1";
NameSource NameSourceFromRow(const Row& r) {
  NameSource n{r.Str(0), std::nullopt, r.Str(2), r.Str(3), r.Opt(4)};
  if (!r.IsNull(1)) n.name_ref = r.Int(1);
  return n;
}
}  // namespace

core::Status InsertPerson(Transaction& tx, const Person& p) {
  auto r = tx.Exec(kInsertPerson,
                   {p.id, p.family_name, p.given_names, Opt(p.native_name), p.sex, Opt(p.birth_date), p.nationality,
                    Opt(p.home_province), Opt(p.phone), p.status, p.version, p.owner_node, p.created_at, p.updated_at,
                    Opt(p.scope.country), Opt(p.scope.province), Opt(p.scope.org)});
  if (!r) return core::Fail(r.error());
  // A new person has no postings yet: nothing to delete first.
  LB_CHECK(AddNamePostings(tx, {NameSource{p.id, std::nullopt, p.family_name, p.given_names, p.native_name}}));
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
  // The name as indexed before: its postings are the ones to take out.
  LB_TRY(before, tx.Query(kSelectNameSource, {p.id}));
  auto n = tx.Exec(kUpdatePerson,
                   {p.id, p.family_name, p.given_names, Opt(p.native_name), p.sex, Opt(p.birth_date), p.nationality,
                    Opt(p.home_province), Opt(p.phone), p.status, p.updated_at, expected_version});
  if (!n) return core::Fail(n.error());
  if (*n == 1) {
    if (auto d = tx.Exec(kDeleteDocuments, {p.id}); !d) return core::Fail(d.error());
    LB_CHECK(WriteDocuments(tx, p));
    if (!before.empty()) LB_CHECK(ReplaceNamePostings(tx, NameSourceFromRow(before.front()), p));
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

constexpr std::string_view kSelectNameIndexVersion = "SELECT key_version FROM name_index_state WHERE id = 1";
constexpr std::string_view kUpsertNameIndexVersion =
    "INSERT INTO name_index_state (id, key_version) VALUES (1, $1)"
    " ON CONFLICT (id) DO UPDATE SET key_version = excluded.key_version";
// SQLite has one writer at a time, so the next number is the highest plus one (an index
// probe); PostgreSQL's concurrent writers take theirs from a sequence.
constexpr std::string_view kGiveNameRefSqlite =
    "UPDATE persons SET name_ref = (SELECT COALESCE(MAX(name_ref), 0) + 1 FROM persons)"
    " WHERE id = $1 RETURNING name_ref";
constexpr std::string_view kGiveNameRefPostgres =
    "UPDATE persons SET name_ref = nextval('person_name_ref_seq') WHERE id = $1 RETURNING name_ref";
constexpr std::string_view kSelectNameSources =
    "SELECT id, name_ref, family_name, given_names, native_name FROM persons";

// "$first, $first+1, ..." for n values.
std::string Placeholders(size_t n, size_t first = 1) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? ", $" : "$") + std::to_string(first + i);
  return out;
}

// Rows per multi-row statement (2 parameters a row at most; well under SQLite's limit).
constexpr size_t kTermsPerStatement = 250;

// The smallest string greater than every string starting with `prefix` (valid UTF-8, so
// PostgreSQL accepts it as text): the prefix followed by U+10FFFF.
std::string PrefixEnd(const std::string& prefix) { return prefix + "\xF4\x8F\xBF\xBF"; }

// A term: the letter of its kind, then its text.
constexpr char kKindLetter[] = {'k', 'w', 's'};
std::string Term(NameColumn kind, std::string_view text) {
  std::string t(1, kKindLetter[static_cast<size_t>(kind)]);
  t += text;
  return t;
}

// The distinct terms of a person's name rows, sorted.
std::vector<std::string> TermsOf(const std::vector<NameKeyRow>& rows) {
  std::vector<std::string> terms;
  terms.reserve(rows.size() * 3);
  for (const auto& r : rows) {
    if (!r.key.empty()) terms.push_back(Term(NameColumn::kKey, r.key));
    if (!r.word.empty()) terms.push_back(Term(NameColumn::kWord, r.word));
    if (!r.skeleton.empty()) terms.push_back(Term(NameColumn::kSkeleton, r.skeleton));
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

std::vector<std::string> TermsOf(const NameSource& n) {
  Person p;
  p.family_name = n.family_name;
  p.given_names = n.given_names;
  p.native_name = n.native_name;
  return TermsOf(NameKeyRows(p));
}

// Ids of `terms` (sorted, distinct); with `create`, terms not yet known are added first.
core::Result<std::map<std::string, int64_t>> TermIds(Transaction& tx, const std::vector<std::string>& terms,
                                                     bool create) {
  std::map<std::string, int64_t> ids;
  std::vector<Value> params;
  for (size_t start = 0; start < terms.size(); start += kTermsPerStatement) {
    const size_t n = std::min(kTermsPerStatement, terms.size() - start);
    params.assign(terms.begin() + static_cast<std::ptrdiff_t>(start),
                  terms.begin() + static_cast<std::ptrdiff_t>(start + n));
    if (create) {
      const std::string insert =
          "INSERT INTO name_terms (term) VALUES " + storage::ValuesList(1, n) + " ON CONFLICT (term) DO NOTHING";
      LB_TRY(added, tx.Exec(insert, std::span<const Value>(params)));
      (void)added;
    }
    const std::string select = "SELECT id, term FROM name_terms WHERE term IN (" + Placeholders(n) + ")";
    auto rows = tx.conn().Query(select, params);
    if (!rows) return core::Fail(storage::ToError(rows.error()));
    for (const auto& r : *rows) ids.emplace(r.Str(1), r.Int(0));
  }
  return ids;
}

core::Result<int64_t> GiveNameRef(Transaction& tx, const std::string& person_id) {
  const bool sqlite = tx.conn().dialect() == storage::Dialect::kSqlite;
  LB_TRY(rows, tx.Query(sqlite ? kGiveNameRefSqlite : kGiveNameRefPostgres, {person_id}));
  if (rows.empty()) return core::Fail(core::Error::Internal("no person " + person_id + " to index"));
  return rows.front().Int(0);
}

// Inserts (term id, ref) postings, sorted so that each statement walks the index once.
core::Status InsertPostings(Transaction& tx, std::vector<std::pair<int64_t, int64_t>>& postings) {
  std::sort(postings.begin(), postings.end());
  postings.erase(std::unique(postings.begin(), postings.end()), postings.end());
  std::vector<Value> params;
  for (size_t start = 0; start < postings.size(); start += kTermsPerStatement) {
    const size_t n = std::min(kTermsPerStatement, postings.size() - start);
    params.clear();
    params.reserve(n * 2);
    for (size_t i = start; i < start + n; ++i) params.insert(params.end(), {postings[i].first, postings[i].second});
    const std::string sql = "INSERT INTO person_name_terms (term_id, ref) VALUES " + storage::ValuesList(2, n);
    LB_TRY(added, tx.Exec(sql, std::span<const Value>(params)));
    (void)added;
  }
  return {};
}

core::Status ReplaceNamePostings(Transaction& tx, const NameSource& before, const Person& after) {
  if (!before.name_ref) {
    return AddNamePostings(
        tx, {NameSource{after.id, std::nullopt, after.family_name, after.given_names, after.native_name}});
  }
  const std::vector<std::string> old_terms = TermsOf(before);
  const std::vector<std::string> new_terms = TermsOf(NameKeyRows(after));
  if (old_terms == new_terms) return {};  // most edits leave the name alone
  std::vector<std::string> gone, added;
  std::set_difference(old_terms.begin(), old_terms.end(), new_terms.begin(), new_terms.end(), std::back_inserter(gone));
  std::set_difference(new_terms.begin(), new_terms.end(), old_terms.begin(), old_terms.end(),
                      std::back_inserter(added));
  const int64_t ref = *before.name_ref;
  LB_TRY(gone_ids, TermIds(tx, gone, false));
  std::vector<Value> params;
  for (const auto& [term, id] : gone_ids) {
    (void)term;
    params.push_back(id);
  }
  for (size_t start = 0; start < params.size(); start += kTermsPerStatement) {
    const size_t n = std::min(kTermsPerStatement, params.size() - start);
    std::vector<Value> chunk{ref};
    chunk.insert(chunk.end(), params.begin() + static_cast<std::ptrdiff_t>(start),
                 params.begin() + static_cast<std::ptrdiff_t>(start + n));
    const std::string sql = "DELETE FROM person_name_terms WHERE ref = $1 AND term_id IN (" + Placeholders(n, 2) + ")";
    LB_TRY(deleted, tx.Exec(sql, std::span<const Value>(chunk)));
    (void)deleted;
  }
  LB_TRY(added_ids, TermIds(tx, added, true));
  std::vector<std::pair<int64_t, int64_t>> postings;
  for (const auto& [term, id] : added_ids) {
    (void)term;
    postings.emplace_back(id, ref);
  }
  return InsertPostings(tx, postings);
}

}  // namespace

core::Status AddNamePostings(Transaction& tx, const std::vector<NameSource>& persons) {
  std::vector<std::vector<std::string>> terms_of;
  terms_of.reserve(persons.size());
  std::vector<std::string> all;
  for (const auto& p : persons) {
    terms_of.push_back(TermsOf(p));
    all.insert(all.end(), terms_of.back().begin(), terms_of.back().end());
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  LB_TRY(ids, TermIds(tx, all, true));
  std::vector<std::pair<int64_t, int64_t>> postings;
  for (size_t i = 0; i < persons.size(); ++i) {
    int64_t ref = 0;
    if (persons[i].name_ref) {
      ref = *persons[i].name_ref;
    } else {
      LB_TRY(given, GiveNameRef(tx, persons[i].id));
      ref = given;
    }
    for (const auto& t : terms_of[i]) {
      const auto it = ids.find(t);
      if (it == ids.end()) return core::Fail(core::Error::Internal("name term missing after insert"));
      postings.emplace_back(it->second, ref);
    }
  }
  return InsertPostings(tx, postings);
}

core::Status ClearNameIndex(Transaction& tx) {
  LB_TRY(postings, tx.Exec("DELETE FROM person_name_terms", {}));
  LB_TRY(terms, tx.Exec("DELETE FROM name_terms", {}));
  (void)postings, (void)terms;
  return {};
}

core::Result<std::vector<NameSource>> ListNameSources(Transaction& tx, const std::optional<std::string>& after_id,
                                                      int limit) {
  auto rows = after_id ? tx.Query(std::string(kSelectNameSources) + " WHERE id > $1 ORDER BY id LIMIT $2",
                                  {*after_id, int64_t{limit}})
                       : tx.Query(std::string(kSelectNameSources) + " ORDER BY id LIMIT $1", {int64_t{limit}});
  if (!rows) return core::Fail(rows.error());
  std::vector<NameSource> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(NameSourceFromRow(r));
  return out;
}

core::Result<std::vector<int64_t>> PersonRefsByName(Transaction& tx, NameColumn column, const std::string& value,
                                                    bool prefix, int limit) {
  // Each term's postings are read in ref order and the reading stops at the limit: no sort.
  // SQLite's planner walks the terms in order and sees that the join keeps (term, ref) order;
  // PostgreSQL's does not, so there each term's postings are cut to the limit first (LATERAL)
  // and only what is left is sorted.
  static constexpr std::string_view kExact =
      "SELECT ref FROM person_name_terms WHERE term_id = (SELECT id FROM name_terms WHERE term = $1)"
      " ORDER BY ref LIMIT $2";
  static constexpr std::string_view kPrefixSqlite =
      "SELECT p.ref FROM name_terms t JOIN person_name_terms p ON p.term_id = t.id"
      " WHERE t.term >= $1 AND t.term < $2 ORDER BY t.term, p.ref LIMIT $3";
  static constexpr std::string_view kPrefixPostgres =
      "SELECT p.ref FROM (SELECT id, term FROM name_terms WHERE term >= $1 AND term < $2 ORDER BY term LIMIT $3) t"
      " CROSS JOIN LATERAL (SELECT ref FROM person_name_terms WHERE term_id = t.id ORDER BY ref LIMIT $3) p"
      " ORDER BY t.term, p.ref LIMIT $3";
  const std::string_view prefix_sql =
      tx.conn().dialect() == storage::Dialect::kSqlite ? kPrefixSqlite : kPrefixPostgres;
  const std::string term = Term(column, value);
  auto rows =
      prefix ? tx.Query(prefix_sql, {term, PrefixEnd(term), int64_t{limit}}) : tx.Query(kExact, {term, int64_t{limit}});
  if (!rows) return core::Fail(rows.error());
  std::vector<int64_t> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(r.Int(0));
  return out;
}

core::Result<std::vector<std::string>> PersonIdsByRef(Transaction& tx, const std::vector<int64_t>& refs) {
  std::map<int64_t, std::string> id_of;
  constexpr size_t kChunk = 100;
  for (size_t start = 0; start < refs.size(); start += kChunk) {
    const size_t n = std::min(kChunk, refs.size() - start);
    std::vector<Value> params(refs.begin() + static_cast<std::ptrdiff_t>(start),
                              refs.begin() + static_cast<std::ptrdiff_t>(start + n));
    auto rows = tx.conn().Query("SELECT name_ref, id FROM persons WHERE name_ref IN (" + Placeholders(n) + ")", params);
    if (!rows) return core::Fail(storage::ToError(rows.error()));
    for (const auto& r : *rows) id_of.emplace(r.Int(0), r.Str(1));
  }
  std::vector<std::string> out;
  out.reserve(refs.size());
  for (int64_t ref : refs) {
    if (auto it = id_of.find(ref); it != id_of.end()) out.push_back(it->second);
  }
  return out;
}

core::Result<std::vector<std::string>> PersonsByName(Transaction& tx, NameColumn column, const std::string& value,
                                                     bool prefix, int limit) {
  LB_TRY(refs, PersonRefsByName(tx, column, value, prefix, limit));
  std::sort(refs.begin(), refs.end());
  refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
  return PersonIdsByRef(tx, refs);
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
