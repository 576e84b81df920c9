#pragma once
// SQL for the registry. Stores run inside a caller's transaction and never check
// permissions or validate; they map rows to structs.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "features/registry/model.h"
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
// True when the record exists and lies in `scope`.
core::Result<bool> PersonInScope(Transaction& tx, const std::string& id, const Scope& scope);
core::Result<bool> EmployerInScope(Transaction& tx, const std::string& id, const Scope& scope);
core::Result<bool> PermitInScope(Transaction& tx, const std::string& id, const Scope& scope);
// Aggregates for reports (counts only, no personal data), within `scope` (nullptr: all):
// active persons by nationality, permits by status, each ordered by its key.
using KeyCount = std::pair<std::string, int64_t>;
core::Result<std::vector<KeyCount>> CountActivePersonsByNationality(Transaction& tx, const Scope* scope);
core::Result<std::vector<KeyCount>> CountPermitsByStatus(Transaction& tx, const Scope* scope);
core::Result<int64_t> UpdatePermit(Transaction& tx, const WorkPermit& w, int64_t expected_version);
core::Status InsertTransition(Transaction& tx, const std::string& permit_id, const PermitTransition& t);

// --- name search (docs/matching.md) ---

// One indexed word of a person's name.
struct NameKeyRow {
  int64_t seq = 0;
  std::string key, word, skeleton;
};
// Replaces the person's name rows.
core::Status WriteNameKeys(Transaction& tx, const std::string& person_id, const std::vector<NameKeyRow>& rows);

enum class NameColumn { kKey, kWord, kSkeleton };
// Ids of persons with a name row whose `column` equals `value` (or starts with it), in index
// order (value, then id), at most `limit`. Both backends compare bytes, so both answer alike.
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
