#include "features/registry/store.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>

#include "core/date.h"
#include "features/registry/kinds.h"
#include "features/registry/name_index.h"
#include "platform/kinds/list_query.h"
#include "storage/rows.h"

namespace lb::registry::store {
namespace {

using storage::AllOf;
using storage::FirstOf;
using storage::Opt;
using storage::Row;
using storage::Value;

// Every kind's table has the id, the kind's fields (features/registry/kinds.cpp) and the
// bookkeeping after them, so a new field is a row in that table and a migration. Persons and
// employers carry the scope they were registered in; permits their number of extensions.
template <typename T>
constexpr bool kScoped = requires(T x) {
  x.scope;
};
template <typename T>
constexpr bool kExtended = requires(T x) {
  x.extensions;
};

template <typename T>
std::string_view MetaColumns() {
  if constexpr (kScoped<T>) {
    return "status, version, owner_node, created_at, updated_at, scope_country, scope_province, scope_org";
  } else {
    return "status, extensions, version, owner_node, created_at, updated_at";
  }
}
template <typename T>
constexpr size_t kMetaCount = kScoped<T> ? 8 : 6;

// The statements of a kind's table: `columns` qualified by the table (lists join others).
struct KindSql {
  std::string columns, insert, select, update;
};

template <typename T>
KindSql MakeKindSql(std::string_view table, kinds::Fields<T> fields) {
  const std::string t(table);
  KindSql s;
  std::string plain = "id, " + kinds::ColumnList(fields) + ", " + std::string(MetaColumns<T>());
  for (size_t at = 0, next = 0; at < plain.size(); at = next + 2) {
    next = plain.find(", ", at);
    if (next == std::string::npos) next = plain.size();
    s.columns += (at ? ", " : "") + t + "." + plain.substr(at, next - at);
  }
  s.insert = "INSERT INTO " + t + " (" + plain + ") VALUES (" +
             kinds::Placeholders(1, fields.size() + 1 + kMetaCount<T>) + ")";
  s.select = "SELECT " + plain + " FROM " + t + " WHERE id = $1";
  // An update writes the editable fields; the others are set once, when the record is made.
  std::vector<std::string_view> names;
  for (const auto& f : fields) {
    if (f.editable) names.push_back(f.name);
  }
  names.push_back("status");
  if constexpr (kExtended<T>) names.push_back("extensions");
  names.push_back("updated_at");
  const size_t n = names.size();
  s.update = "UPDATE " + t + " SET " + kinds::Assignments(names, 2) +
             ", version = version + 1 WHERE id = $1 AND version = $" + std::to_string(n + 2);
  return s;
}

// Reads the fields from columns 1..n and the bookkeeping after them.
template <typename T>
T KindFromRow(kinds::Fields<T> fields, const Row& r) {
  T x;
  x.id = r.Str(0);
  size_t i = 1;
  for (const auto& f : fields) kinds::Set(f, x, r.Opt(i++));
  x.status = r.Str(i++);
  if constexpr (kExtended<T>) x.extensions = r.Int(i++);
  x.version = r.Int(i);
  x.owner_node = r.Str(i + 1);
  x.created_at = r.Str(i + 2);
  x.updated_at = r.Str(i + 3);
  if constexpr (kScoped<T>) x.scope = {r.Opt(i + 4), r.Opt(i + 5), r.Opt(i + 6)};
  return x;
}

template <typename T>
core::Status InsertKind(Transaction& tx, const KindSql& sql, kinds::Fields<T> fields, const T& x) {
  std::vector<Value> v{x.id};
  for (const auto& f : fields) v.push_back(f.text ? Value(x.*f.text) : Opt(x.*f.opt));
  v.push_back(x.status);
  if constexpr (kExtended<T>) v.push_back(x.extensions);
  v.insert(v.end(), {x.version, x.owner_node, x.created_at, x.updated_at});
  if constexpr (kScoped<T>) v.insert(v.end(), {Opt(x.scope.country), Opt(x.scope.province), Opt(x.scope.org)});
  auto r = tx.Exec(sql.insert, v);
  if (!r) return core::Fail(r.error());
  return {};
}

template <typename T>
core::Result<int64_t> UpdateKind(Transaction& tx, const KindSql& sql, kinds::Fields<T> fields, const T& x,
                                 int64_t expected_version) {
  std::vector<Value> v{x.id};
  for (const auto& f : fields) {
    if (f.editable) v.push_back(f.text ? Value(x.*f.text) : Opt(x.*f.opt));
  }
  v.push_back(x.status);
  if constexpr (kExtended<T>) v.push_back(x.extensions);
  v.insert(v.end(), {x.updated_at, expected_version});
  return tx.Exec(sql.update, v);
}

// One row per record of a kind (the first `Count()` columns of a row; any joined ones after).
template <typename T>
struct KindTable {
  kinds::Fields<T> fields;
  KindSql sql;
  KindTable(std::string_view table, kinds::Fields<T> f) : fields(f), sql(MakeKindSql(table, f)) {}
  size_t Count() const { return 1 + fields.size() + kMetaCount<T>; }
  T FromRow(const Row& r) const { return KindFromRow(fields, r); }
};

const KindTable<Person>& Persons() {
  static const KindTable<Person> t("persons", PersonFields());
  return t;
}
const KindTable<Employer>& Employers() {
  static const KindTable<Employer> t("employers", EmployerFields());
  return t;
}
const KindTable<WorkPermit>& Permits() {
  static const KindTable<WorkPermit> t("work_permits", PermitFields());
  return t;
}

constexpr std::string_view kCountPersons = "SELECT COUNT(*) FROM persons";
constexpr std::string_view kSelectDocuments =
    "SELECT kind, number, issuing_country, expires FROM person_documents WHERE person_id = $1 ORDER BY seq";
constexpr std::string_view kDeleteDocuments = "DELETE FROM person_documents WHERE person_id = $1";
constexpr std::string_view kInsertDocument =
    "INSERT INTO person_documents (person_id, seq, kind, number, issuing_country, expires)"
    " VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kSelectTransitions =
    "SELECT from_status, to_status, effective_on, reason, actor, valid_until, recorded_at"
    " FROM permit_transitions WHERE permit_id = $1 ORDER BY seq";
constexpr std::string_view kInsertTransition =
    "INSERT INTO permit_transitions (permit_id, seq, from_status, to_status, effective_on, reason, actor,"
    " valid_until, recorded_at) VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM permit_transitions"
    " WHERE permit_id = $1), $2, $3, $4, $5, $6, $7, $8)";

// A permit in force on a day (`?`), and one that is expired on it (recorded, or lapsed).
constexpr std::string_view kInForce = "work_permits.status IN ('issued', 'extended') AND work_permits.valid_until >= ?";
constexpr std::string_view kLapsedOrExpired =
    "work_permits.status = 'expired' OR (work_permits.status IN ('issued', 'extended')"
    " AND work_permits.valid_until < ?)";

// A permit's status as read on the day $1.
constexpr std::string_view kEffectiveStatus =
    "CASE WHEN work_permits.status IN ('issued', 'extended') AND work_permits.valid_until < $1 THEN 'expired'"
    " ELSE work_permits.status END";

Person PersonFromRow(const Row& r) { return Persons().FromRow(r); }
Employer EmployerFromRow(const Row& r) { return Employers().FromRow(r); }
WorkPermit PermitFromRow(const Row& r) { return Permits().FromRow(r); }

// Builds "SELECT <cols> FROM <table> WHERE <fixed clauses> ORDER BY id LIMIT $n" from fixed
// fragments only; every value is bound.
using kinds::ListQuery;
using kinds::RunList;

// A query with a list of values (Transaction::Query takes a braced list).
core::Result<storage::Rows> QueryOf(Transaction& tx, std::string_view sql, std::span<const Value> params) {
  auto rows = tx.conn().Query(sql, params);
  if (!rows) return core::Fail(storage::ToError(rows.error()));
  return std::move(*rows);
}

core::Status LoadDocuments(Transaction& tx, Person& p) {
  LB_TRY(docs, AllOf(tx.Query(kSelectDocuments, {p.id}), [](const Row& r) {
           return Document{r.Str(0), r.Str(1), r.Str(2), r.Opt(3)};
         }));
  p.documents = std::move(docs);
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

// The status filter on the effective status (registry/expiry.h) when the filter has a day to
// read it on: a permit in force whose end date has passed is expired, whatever is stored.
void WherePermitStatus(ListQuery& q, const PermitFilter& f) {
  if (!f.as_of) {
    q.Where("work_permits.status = ?", f.status);
    return;
  }
  if (f.status == "issued" || f.status == "extended") {
    q.Clause("work_permits.status = ? AND work_permits.valid_until >= ?", {*f.status, *f.as_of});
  } else if (f.status == "expired") {
    q.Clause(kLapsedOrExpired, {*f.as_of});
  } else {
    q.Where("work_permits.status = ?", f.status);
  }
  if (f.in_force) q.Clause(kInForce, {*f.as_of});
}

void WherePermits(ListQuery& q, const PermitFilter& f, const Scope* scope) {
  if (scope) {
    auto s = PermitScopeSql(*scope);
    q.Clause(s.clause, s.values);
  }
  WherePermitStatus(q, f);
  q.Where("work_permits.employer_id = ?", f.employer_id);
  q.Where("work_permits.person_id = ?", f.person_id);
  q.Where("host_country = ?", f.host_country);
  q.Where("host_province = ?", f.province);
  q.Where("valid_until < ?", f.expiring_before);
  q.Where("work_permits.valid_until >= ?", f.ending_from);
}

core::Result<bool> InScope(Transaction& tx, std::string_view table, const std::string& id, const ScopeSql& scope) {
  ListQuery q{"SELECT COUNT(*) FROM " + std::string(table), {}};
  q.Clause(std::string(table) + ".id = ?", {id});
  q.Clause(scope.clause, scope.values);
  LB_TRY(rows, QueryOf(tx, q.sql, q.params));
  return rows.at(0).Int(0) > 0;
}

// Rows of `table` in `scope` (when given) that meet `where` (a fixed clause), counted by
// `column`, ordered by it.
core::Result<std::vector<KeyCount>> CountBy(Transaction& tx, std::string_view table, std::string_view column,
                                            std::string_view where, const std::optional<ScopeSql>& scope) {
  ListQuery q{"SELECT " + std::string(column) + ", COUNT(*) FROM " + std::string(table), {}};
  if (!where.empty()) q.Clause(where, {});
  if (scope) q.Clause(scope->clause, scope->values);
  q.sql += " GROUP BY " + std::string(column) + " ORDER BY " + std::string(column);
  return AllOf(QueryOf(tx, q.sql, q.params), [](const Row& r) { return KeyCount(r.Str(0), r.Int(1)); });
}

}  // namespace

namespace {
// Appends " LEFT JOIN employers le ON ..." to a query that has no parameters yet: the permit's
// employer, joined only when it lies in `scope` (nullptr: always), so its name is shown to
// those who may read the employer and to no one else.
void JoinVisibleEmployer(ListQuery& q, const Scope* scope) {
  q.sql += " LEFT JOIN employers le ON le.id = work_permits.employer_id";
  if (!scope) return;
  const auto s = EmployerScopeSql(*scope);
  std::string on = s.clause;
  for (size_t at = on.find("employers."); at != std::string::npos; at = on.find("employers.", at)) {
    on.replace(at, 10, "le.");
  }
  size_t used = 0;
  for (size_t at = on.find('?'); at != std::string::npos; at = on.find('?', at)) {
    q.params.push_back(s.values.at(used++));
    const std::string mark = "$" + std::to_string(q.params.size());
    on.replace(at, 1, mark);
    at += mark.size();
  }
  q.sql += " AND " + on;
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

core::Result<std::vector<KeyCount>> CountPermitsByEffectiveStatus(Transaction& tx, const Scope* scope,
                                                                  const std::string& today) {
  ListQuery q{"SELECT " + std::string(kEffectiveStatus) + " AS effective, COUNT(*) FROM work_permits", {today}};
  if (scope) {
    auto s = PermitScopeSql(*scope);
    q.Clause(s.clause, s.values);
  }
  q.sql += " GROUP BY effective ORDER BY effective";
  return AllOf(QueryOf(tx, q.sql, q.params), [](const Row& r) { return KeyCount(r.Str(0), r.Int(1)); });
}

core::Result<std::vector<WorkPermit>> LapsedPermits(Transaction& tx, const std::string& today, int limit) {
  static const std::string sql = "SELECT " + Permits().sql.columns +
                                 " FROM work_permits WHERE work_permits.status IN ('issued', 'extended')"
                                 " AND work_permits.valid_until < $1 ORDER BY work_permits.valid_until,"
                                 " work_permits.id LIMIT $2";
  return AllOf(tx.Query(sql, {today, static_cast<int64_t>(limit)}), PermitFromRow);
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
  LB_CHECK(InsertKind(tx, Persons().sql, Persons().fields, p));
  // A new person has no postings yet: nothing to delete first.
  LB_CHECK(AddNamePostings(tx, {NameSource{p.id, std::nullopt, p.family_name, p.given_names, p.native_name}}));
  return WriteDocuments(tx, p);
}

core::Result<std::optional<Person>> GetPerson(Transaction& tx, const std::string& id) {
  LB_TRY(p, FirstOf(tx.Query(Persons().sql.select, {id}), PersonFromRow));
  if (p) LB_CHECK(LoadDocuments(tx, *p));
  return p;
}

core::Result<std::vector<Person>> ListPersons(Transaction& tx, const PersonFilter& f,
                                              const std::optional<std::string>& after_id, int limit,
                                              const Scope* scope) {
  ListQuery q{"SELECT " + Persons().sql.columns + " FROM persons", {}};
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
  auto n = UpdateKind(tx, Persons().sql, Persons().fields, p, expected_version);
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
  return InsertKind(tx, Employers().sql, Employers().fields, e);
}

core::Result<std::optional<Employer>> GetEmployer(Transaction& tx, const std::string& id) {
  return FirstOf(tx.Query(Employers().sql.select, {id}), EmployerFromRow);
}

core::Result<std::vector<Employer>> ListEmployers(Transaction& tx, const EmployerFilter& f,
                                                  const std::optional<std::string>& after_id, int limit,
                                                  const Scope* scope) {
  ListQuery q{"SELECT " + Employers().sql.columns + " FROM employers", {}};
  if (scope) {
    auto s = EmployerScopeSql(*scope);
    q.Clause(s.clause, s.values);
  }
  q.Where("country = ?", f.country);
  q.Where("province = ?", f.province);
  q.Where("status = ?", f.status);
  return AllOf(RunList(tx, q, after_id, limit), EmployerFromRow);
}

core::Result<int64_t> UpdateEmployer(Transaction& tx, const Employer& e, int64_t expected_version) {
  return UpdateKind(tx, Employers().sql, Employers().fields, e, expected_version);
}

core::Status InsertPermit(Transaction& tx, const WorkPermit& w) {
  return InsertKind(tx, Permits().sql, Permits().fields, w);
}

core::Result<std::optional<WorkPermit>> GetPermit(Transaction& tx, const std::string& id, bool with_history) {
  LB_TRY(w, FirstOf(tx.Query(Permits().sql.select, {id}), PermitFromRow));
  if (w && with_history) {
    LB_TRY(history, AllOf(tx.Query(kSelectTransitions, {id}), [](const Row& r) {
             return PermitTransition{r.Opt(0), r.Str(1), r.Str(2), r.Opt(3), r.Str(4), r.Opt(5), r.Str(6)};
           }));
    w->transitions = std::move(history);
  }
  return w;
}

core::Result<std::vector<WorkPermit>> ListPermits(Transaction& tx, const PermitFilter& f,
                                                  const std::optional<std::string>& after_id, int limit,
                                                  const Scope* scope) {
  ListQuery q{"SELECT " + Permits().sql.columns + " FROM work_permits", {}};
  WherePermits(q, f, scope);
  return AllOf(RunList(tx, q, after_id, limit), PermitFromRow);
}

// ---- sorted pages ---------------------------------------------------------------------------

namespace {

// "%text%" for LIKE, with the wildcards in `text` taken literally (ESCAPE '\\').
std::string Contains(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

template <typename T>
Page<T> PageOf(kinds::SortedRows&& sorted, std::vector<T> items) {
  Page<T> page;
  page.items = std::move(items);
  page.next_cursor = std::move(sorted.next_cursor);
  page.prev_cursor = std::move(sorted.prev_cursor);
  page.total = sorted.total;
  page.offset = sorted.offset;
  return page;
}

// The sort keys name columns of the tables only (indexed where a list is long: V001 and
// V014); nullable ones are COALESCEd so the keyset comparison never meets a NULL.
const std::vector<kinds::SortKey> kPersonKeys = {
    {"created", {}},
    {"name", {"persons.family_name", "persons.given_names"}},
    {"native_name", {"COALESCE(persons.native_name, '')"}},
    {"nationality", {"persons.nationality"}},
    {"birth_date", {"COALESCE(persons.birth_date, '')"}},
};
const std::vector<kinds::SortKey> kEmployerKeys = {
    {"created", {}},
    {"name", {"employers.name"}},
    {"registration_number", {"employers.registration_number"}},
    {"country", {"employers.country"}},
    {"province", {"COALESCE(employers.province, '')"}},
    {"sector", {"COALESCE(employers.sector, '')"}},
};
// Permits are read with their holder (lp) and employer (le) joined, to sort and show names.
const std::vector<kinds::SortKey> kPermitKeys = {
    {"created", {}},
    {"valid_until", {"work_permits.valid_until"}},
    {"status", {"work_permits.status"}},
    {"worker", {"lp.family_name", "lp.given_names"}},
    {"employer", {"COALESCE(le.name, '')"}},
    {"permit_number", {"work_permits.permit_number"}},
    {"province", {"work_permits.host_province"}},
};

}  // namespace

std::span<const kinds::SortKey> PersonSortKeys() { return kPersonKeys; }
std::span<const kinds::SortKey> EmployerSortKeys() { return kEmployerKeys; }
std::span<const kinds::SortKey> PermitSortKeys() { return kPermitKeys; }

core::Result<Page<Person>> PagePersons(Transaction& tx, const PersonFilter& f, const kinds::SortedRequest& req,
                                       const Scope* scope) {
  ListQuery q{" FROM persons", {}};
  WherePersons(q, f, scope);
  LB_TRY(sorted, kinds::RunSortedList(tx, Persons().sql.columns, q, kPersonKeys, req, "persons.id"));
  std::vector<Person> out;
  out.reserve(sorted.rows.size());
  for (const auto& r : sorted.rows) {
    out.push_back(PersonFromRow(r));
    LB_CHECK(LoadDocuments(tx, out.back()));
  }
  return PageOf(std::move(sorted), std::move(out));
}

core::Result<Page<Employer>> PageEmployers(Transaction& tx, const EmployerFilter& f, const kinds::SortedRequest& req,
                                           const Scope* scope) {
  ListQuery q{" FROM employers", {}};
  if (scope) {
    auto s = EmployerScopeSql(*scope);
    q.Clause(s.clause, s.values);
  }
  q.Where("employers.country = ?", f.country);
  q.Where("employers.province = ?", f.province);
  q.Where("employers.status = ?", f.status);
  q.Where("employers.sector = ?", f.sector);
  if (f.q) {
    q.Clause(
        "LOWER(employers.name) LIKE ? ESCAPE '\\' OR COALESCE(employers.native_name, '') LIKE ? ESCAPE '\\'"
        " OR employers.registration_number = ?",
        {Contains(Lower(*f.q)), Contains(*f.q), *f.q});
  }
  LB_TRY(sorted, kinds::RunSortedList(tx, Employers().sql.columns, q, kEmployerKeys, req, "employers.id"));
  std::vector<Employer> out;
  out.reserve(sorted.rows.size());
  for (const auto& r : sorted.rows) out.push_back(EmployerFromRow(r));
  return PageOf(std::move(sorted), std::move(out));
}

core::Result<Page<WorkPermit>> PagePermits(Transaction& tx, const PermitFilter& f, const kinds::SortedRequest& req,
                                           const Scope* scope, const std::vector<std::string>& named_persons) {
  // The holder is visible wherever the permit is (a person's scope includes the persons of the
  // permits in it); the employer need not be (a permit hosted in the officer's province may
  // name an employer registered elsewhere), so its name is joined only within the scope.
  ListQuery q{" FROM work_permits JOIN persons lp ON lp.id = work_permits.person_id", {}};
  JoinVisibleEmployer(q, scope);
  WherePermits(q, f, scope);
  if (f.q) {
    std::vector<Value> values{*f.q, Upper(*f.q)};
    std::string clause = "work_permits.permit_number IN (?, ?)";
    if (!named_persons.empty()) {
      clause += " OR work_permits.person_id IN (" + Marks(named_persons.size()) + ")";
      values.insert(values.end(), named_persons.begin(), named_persons.end());
    }
    q.Clause(clause, values);
  }
  const std::string columns = Permits().sql.columns + ", lp.family_name, lp.given_names, lp.native_name, le.name";
  // Sorting by status orders by the status the list shows (the effective one on as_of), so a
  // lapsed permit sorts with the expired ones. The day is written into the expression: the
  // keyset helper binds no value inside a sort key, and the day is our own YYYY-MM-DD text.
  std::vector<kinds::SortKey> keys(kPermitKeys.begin(), kPermitKeys.end());
  std::string effective;
  if (f.as_of && core::ParseDate(*f.as_of) && f.as_of->size() == 10) {
    effective = std::string(kEffectiveStatus);
    effective.replace(effective.find("$1"), 2, "'" + *f.as_of + "'");
    for (auto& k : keys) {
      if (k.name == "status") k.columns = {effective};
    }
  }
  LB_TRY(sorted, kinds::RunSortedList(tx, columns, q, keys, req, "work_permits.id"));
  const size_t d = Permits().Count();
  std::vector<WorkPermit> out;
  out.reserve(sorted.rows.size());
  for (const auto& r : sorted.rows) {
    out.push_back(PermitFromRow(r));
    out.back().parties = WorkPermit::Parties{r.Str(d), r.Str(d + 1), r.Opt(d + 2), r.Opt(d + 3)};
  }
  return PageOf(std::move(sorted), std::move(out));
}

core::Result<int64_t> UpdatePermit(Transaction& tx, const WorkPermit& w, int64_t expected_version) {
  return UpdateKind(tx, Permits().sql, Permits().fields, w, expected_version);
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
  return AllOf(rows, NameSourceFromRow);
}

std::string NameTerm(NameColumn column, std::string_view value) { return Term(column, value); }

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
  return AllOf(rows, [](const Row& r) { return r.Int(0); });
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
  return AllOf(rows, [](const Row& r) { return r.Str(0); });
}

core::Result<std::vector<Person>> ActivePersonsAmong(Transaction& tx, const std::vector<std::string>& ids,
                                                     const Scope* scope, bool with_documents) {
  std::vector<Person> out;
  constexpr size_t kChunk = 100;
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    const size_t n = std::min(kChunk, ids.size() - start);
    ListQuery q{"SELECT " + Persons().sql.columns + " FROM persons", {}};
    q.Clause("persons.id IN (" + Marks(n) + ")",
             std::vector<Value>(ids.begin() + static_cast<std::ptrdiff_t>(start),
                                ids.begin() + static_cast<std::ptrdiff_t>(start + n)));
    q.Clause("persons.status = 'active'", {});
    if (scope) {
      auto s = PersonScopeSql(*scope);
      q.Clause(s.clause, s.values);
    }
    q.sql += " ORDER BY id";
    LB_TRY(rows, QueryOf(tx, q.sql, q.params));
    for (const auto& r : rows) {
      out.push_back(PersonFromRow(r));
      if (with_documents) LB_CHECK(LoadDocuments(tx, out.back()));
    }
  }
  std::sort(out.begin(), out.end(), [](const Person& a, const Person& b) { return a.id < b.id; });
  return out;
}

core::Result<std::optional<int64_t>> NameIndexVersion(Transaction& tx) {
  return FirstOf(tx.Query(kSelectNameIndexVersion, {}), [](const Row& r) { return r.Int(0); });
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

core::Result<std::optional<std::string>> FirstId(const core::Result<storage::Rows>& rows) {
  return FirstOf(rows, [](const Row& r) { return r.Str(0); });
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
  ListQuery q{"SELECT " + Persons().sql.columns +
                  ", d.kind, d.number, d.issuing_country, d.expires FROM persons"
                  " LEFT JOIN person_documents d ON d.person_id = persons.id AND d.seq = 1",
              {}};
  WherePersons(q, f, scope);
  const size_t d = Persons().Count();
  return AllOf(RunList(tx, q, after_id, limit, "persons.id"), [d](const Row& r) {
    Person p = PersonFromRow(r);
    if (!r.IsNull(d)) p.documents.push_back({r.Str(d), r.Str(d + 1), r.Str(d + 2), r.Opt(d + 3)});
    return p;
  });
}

core::Result<std::vector<PermitExportRow>> ExportPermits(Transaction& tx, const PermitFilter& f,
                                                         const std::optional<std::string>& after_id, int limit,
                                                         const Scope* scope) {
  // The permit with the natural keys of its person (first document) and employer, so the
  // file can be imported on another node where the ids mean nothing.
  // The names beside the codes are for the people who read the file (the import ignores them);
  // the employer's name only where the reader may see the employer.
  ListQuery q{"SELECT " + Permits().sql.columns +
                  ", d.kind, d.number, d.issuing_country, e.registration_number, e.country,"
                  " lp.family_name, lp.given_names, lp.native_name, le.name FROM work_permits"
                  " LEFT JOIN person_documents d ON d.person_id = work_permits.person_id AND d.seq = 1"
                  " JOIN employers e ON e.id = work_permits.employer_id"
                  " JOIN persons lp ON lp.id = work_permits.person_id",
              {}};
  JoinVisibleEmployer(q, scope);
  WherePermits(q, f, scope);
  const size_t d = Permits().Count();
  return AllOf(RunList(tx, q, after_id, limit, "work_permits.id"), [d](const Row& r) {
    PermitExportRow x{PermitFromRow(r), std::nullopt, r.Str(d + 3), r.Str(d + 4)};
    if (!r.IsNull(d)) x.person_document = Document{r.Str(d), r.Str(d + 1), r.Str(d + 2), std::nullopt};
    x.permit.parties = WorkPermit::Parties{r.Str(d + 5), r.Str(d + 6), r.Opt(d + 7), r.Opt(d + 8)};
    return x;
  });
}

}  // namespace lb::registry::store
