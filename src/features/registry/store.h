#pragma once
// SQL for the registry. Stores run inside a caller's transaction and never check
// permissions or validate; they map rows to structs.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "features/registry/model.h"
#include "platform/kinds/list_query.h"
#include "storage/database.h"

namespace lb::registry::store {

using storage::Transaction;

core::Status InsertPerson(Transaction& tx, const Person& p);
core::Result<std::optional<Person>> GetPerson(Transaction& tx, const std::string& id);
// Lists keep to `scope` when given (nullptr: everything).
core::Result<std::vector<Person>> ListPersons(Transaction& tx, const PersonFilter& f,
                                              const std::optional<std::string>& after_id, int limit,
                                              const Scope* scope = nullptr);
// Writes every field and bumps the version when it equals `expected_version`; returns rows changed.
core::Result<int64_t> UpdatePerson(Transaction& tx, const Person& p, int64_t expected_version);
core::Result<int64_t> CountPersons(Transaction& tx);

core::Status InsertEmployer(Transaction& tx, const Employer& e);
core::Result<std::optional<Employer>> GetEmployer(Transaction& tx, const std::string& id);
core::Result<std::vector<Employer>> ListEmployers(Transaction& tx, const EmployerFilter& f,
                                                  const std::optional<std::string>& after_id, int limit,
                                                  const Scope* scope = nullptr);
core::Result<int64_t> UpdateEmployer(Transaction& tx, const Employer& e, int64_t expected_version);

core::Status InsertPermit(Transaction& tx, const WorkPermit& w);
core::Result<std::optional<WorkPermit>> GetPermit(Transaction& tx, const std::string& id, bool with_history);
core::Result<std::vector<WorkPermit>> ListPermits(Transaction& tx, const PermitFilter& f,
                                                  const std::optional<std::string>& after_id, int limit,
                                                  const Scope* scope = nullptr);
// Sorted pages of the lists people and integrators read (kinds::RunSortedList): the records in
// `scope` (nullptr: all) that pass the filter, with the total of the filter and both cursors.
// The keys each list may be sorted by come first; the first is the default (creation order).
std::span<const kinds::SortKey> PersonSortKeys();
std::span<const kinds::SortKey> EmployerSortKeys();
std::span<const kinds::SortKey> PermitSortKeys();
core::Result<Page<Person>> PagePersons(Transaction& tx, const PersonFilter& f, const kinds::SortedRequest& req,
                                       const Scope* scope);
core::Result<Page<Employer>> PageEmployers(Transaction& tx, const EmployerFilter& f, const kinds::SortedRequest& req,
                                           const Scope* scope);
// Permits come with their parties' names. With `f.q`, a permit matches when its number is q
// or its holder is one of `named_persons` (the ids a name search found for q).
core::Result<Page<WorkPermit>> PagePermits(Transaction& tx, const PermitFilter& f, const kinds::SortedRequest& req,
                                           const Scope* scope, const std::vector<std::string>& named_persons = {});
// True when the record exists and lies in `scope`.
core::Result<bool> PersonInScope(Transaction& tx, const std::string& id, const Scope& scope);
core::Result<bool> EmployerInScope(Transaction& tx, const std::string& id, const Scope& scope);
core::Result<bool> PermitInScope(Transaction& tx, const std::string& id, const Scope& scope);
// Aggregates for reports (counts only, no personal data), within `scope` (nullptr: all):
// active persons by nationality, permits by status, each ordered by its key.
using KeyCount = std::pair<std::string, int64_t>;
core::Result<std::vector<KeyCount>> CountActivePersonsByNationality(Transaction& tx, const Scope* scope);
core::Result<std::vector<KeyCount>> CountPermitsByStatus(Transaction& tx, const Scope* scope);
// Permits by their effective status on `today` (a lapsed one counts as expired).
core::Result<std::vector<KeyCount>> CountPermitsByEffectiveStatus(Transaction& tx, const Scope* scope,
                                                                  const std::string& today);
// Permits still recorded as in force (issued, extended) whose valid_until is before `today`,
// oldest end date first, at most `limit` (the expiry job's batch).
core::Result<std::vector<WorkPermit>> LapsedPermits(Transaction& tx, const std::string& today, int limit);
core::Result<int64_t> UpdatePermit(Transaction& tx, const WorkPermit& w, int64_t expected_version);
core::Status InsertTransition(Transaction& tx, const std::string& permit_id, const PermitTransition& t);

// --- name search (docs/matching.md) ---

// One indexed word of a person's name.
struct NameKeyRow {
  int64_t seq = 0;
  std::string key, word, skeleton;
};

// The name index (migrations V011): each distinct key, folded word and skeleton is a term
// with an integer id (name_terms), and a person's postings are (term id, name_ref) pairs
// (person_name_terms); name_ref is a small integer on the person.

// A person's written name as the index needs it.
struct NameSource {
  std::string id;
  std::optional<int64_t> name_ref;
  std::string family_name, given_names;
  std::optional<std::string> native_name;
};
// Indexes persons that have no postings yet (new, or after ClearNameIndex); gives a name_ref
// to those without one. Batches share their statements.
core::Status AddNamePostings(Transaction& tx, const std::vector<NameSource>& persons);
// Empties the index (before a rebuild); name_refs stay.
core::Status ClearNameIndex(Transaction& tx);
// Persons in id order after `after_id`, for a rebuild.
core::Result<std::vector<NameSource>> ListNameSources(Transaction& tx, const std::optional<std::string>& after_id,
                                                      int limit);

enum class NameColumn { kKey, kWord, kSkeleton };
// The index term of a name value: its column's letter, then the value (name_terms.term).
std::string NameTerm(NameColumn column, std::string_view value);
// name_refs of persons with a term of kind `column` equal to `value` (or starting with it),
// in index order (term, then name_ref), at most `limit`. Both backends compare bytes, so both
// answer alike.
core::Result<std::vector<int64_t>> PersonRefsByName(Transaction& tx, NameColumn column, const std::string& value,
                                                    bool prefix, int limit);
// The ids of the persons with these name_refs, in the same order (unknown refs left out).
core::Result<std::vector<std::string>> PersonIdsByRef(Transaction& tx, const std::vector<int64_t>& refs);
// PersonRefsByName, as person ids.
core::Result<std::vector<std::string>> PersonsByName(Transaction& tx, NameColumn column, const std::string& value,
                                                     bool prefix, int limit);
// Ids of persons holding a document with this number (any kind), optionally from `country`.
core::Result<std::vector<std::string>> PersonsByDocument(Transaction& tx, const std::string& number,
                                                         const std::optional<std::string>& country, int limit);
// The active persons among `ids` that lie in `scope` (nullptr: all), ordered by id; documents
// are loaded when asked for.
core::Result<std::vector<Person>> ActivePersonsAmong(Transaction& tx, const std::vector<std::string>& ids,
                                                     const Scope* scope, bool with_documents);
// The key version the stored name rows were built with (nullopt: never built).
core::Result<std::optional<int64_t>> NameIndexVersion(Transaction& tx);
core::Status SetNameIndexVersion(Transaction& tx, int64_t version);

// Bulk exchange (src/exchange): records by natural key, and export pages in one statement.
core::Result<std::optional<std::string>> FindPersonByDocument(Transaction& tx, const std::string& issuing_country,
                                                              const std::string& kind, const std::string& number);
core::Result<std::optional<std::string>> FindEmployerByRegistration(Transaction& tx, const std::string& country,
                                                                    const std::string& registration_number);
core::Result<std::optional<std::string>> FindPermitByNumber(Transaction& tx, const std::string& host_country,
                                                            const std::string& permit_number);
// Persons with their first document only.
core::Result<std::vector<Person>> ExportPersons(Transaction& tx, const PersonFilter& f,
                                                const std::optional<std::string>& after_id, int limit,
                                                const Scope* scope);
struct PermitExportRow {
  WorkPermit permit;
  std::optional<Document> person_document;  // the person's first document
  std::string employer_registration_number, employer_country;
};
core::Result<std::vector<PermitExportRow>> ExportPermits(Transaction& tx, const PermitFilter& f,
                                                         const std::optional<std::string>& after_id, int limit,
                                                         const Scope* scope);

}  // namespace lb::registry::store
