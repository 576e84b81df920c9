#pragma once
// Registry rules: validation and normalisation of persons, employers and work permits,
// optimistic concurrency, lawful permit transitions and validity limits per host country.
// Knows nothing of HTTP; every write runs in one transaction.
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "features/registry/model.h"
#include "platform/access/principal.h"
#include "platform/audit/audit_log.h"
#include "platform/reference/reference.h"
#include "storage/database.h"

namespace lb::registry {

// Runs inside the write transaction after the record is written (the API uses it to store
// the idempotency record atomically with the create).
template <typename T>
using AfterWrite = std::function<core::Status(storage::Transaction&, const T&)>;

// What a role may do with registry records: the one table that decides (403 otherwise).
enum class RegistryAction { kRead, kWrite };
enum class RegistryRecord { kPerson, kEmployer, kPermit };
bool RoleAllows(access::Role role, RegistryRecord record, RegistryAction action);

// A page of a kind's CSV/XLSX rows: each record's cells, and the id of the last record.
struct FilePage {
  std::vector<std::vector<std::string>> rows;
  std::optional<std::string> last_id;
};

// An expected version that matches any (If-Match: *).
inline constexpr int64_t kAnyVersion = 0;

struct ListRequest {
  std::optional<std::string> cursor;  // opaque, from a previous page
  int limit = 50;
  // Whether the page is shown to someone: then the ids it returned are recorded as read
  // (one `<kind>.list` audit entry per page). Off only for counts that show no record.
  bool record_read = true;
  // The order (a sort key of the kind's list, asc or desc; unset: creation order).
  std::optional<std::string> sort, dir;
};

// The fields whose value places a record in scopes (a permit's host country and province; an
// employer's country and province; a person's nationality and home province). Changing one
// moves the record out of some scopes and into others: only a country-wide officer may.
std::span<const std::string_view> PlacingFields(RegistryRecord record);

class RegistryService {
 public:
  RegistryService(storage::Database& db, const core::Clock& clock, std::string node, audit::AuditLog* audit = nullptr,
                  const Reference& reference = Reference::Embedded())
      : db_(db), clock_(clock), node_(std::move(node)), audit_(audit), ref_(reference) {}

  // Fails with a kConflict error carrying the field error {"confirm_new", "possible_duplicate"}
  // when the input probably duplicates a visible person, unless `confirm_new`.
  core::Result<Person> CreatePerson(const access::Principal& actor, Person input, const AfterWrite<Person>& after = {},
                                    bool confirm_new = false);
  core::Result<Person> GetPerson(const access::Principal& actor, const std::string& id);
  core::Result<Page<Person>> ListPersons(const access::Principal& actor, const PersonFilter& filter,
                                         const ListRequest& page);
  // Replaces the editable fields; fails with 412 when `expected_version` is stale.
  core::Result<Person> UpdatePerson(const access::Principal& actor, const std::string& id, int64_t expected_version,
                                    Person input);
  core::Result<Person> ArchivePerson(const access::Principal& actor, const std::string& id, int64_t expected_version);

  // The changes made to a person's record, newest first (the audit log's entries for it,
  // without the reads), for anyone who may read the person.
  core::Result<std::vector<audit::Entry>> PersonHistory(const access::Principal& actor, const std::string& id,
                                                        int limit = 100);
  // The changes made to a person, employer or permit (`entity_type` "person", "employer",
  // "permit"), newest first, each with its fields' values before and after, for anyone who
  // may read the record (403 for a role that may not, 404 for a record out of scope).
  core::Result<std::vector<audit::Entry>> RecordHistory(const access::Principal& actor, const std::string& entity_type,
                                                        const std::string& id, int limit = 100);

  core::Result<Employer> CreateEmployer(const access::Principal& actor, Employer input,
                                        const AfterWrite<Employer>& after = {});
  core::Result<Employer> GetEmployer(const access::Principal& actor, const std::string& id);
  core::Result<Page<Employer>> ListEmployers(const access::Principal& actor, const EmployerFilter& filter,
                                             const ListRequest& page);
  core::Result<Employer> UpdateEmployer(const access::Principal& actor, const std::string& id, int64_t expected_version,
                                        Employer input);
  core::Result<Employer> ArchiveEmployer(const access::Principal& actor, const std::string& id,
                                         int64_t expected_version);
  core::Result<WorkPermit> CreatePermit(const access::Principal& actor, WorkPermit input,
                                        const AfterWrite<WorkPermit>& after = {});
  core::Result<WorkPermit> GetPermit(const access::Principal& actor, const std::string& id);
  core::Result<Page<WorkPermit>> ListPermits(const access::Principal& actor, const PermitFilter& filter,
                                             const ListRequest& page);
  core::Result<WorkPermit> UpdatePermit(const access::Principal& actor, const std::string& id, int64_t expected_version,
                                        WorkPermit input);
  // Applies a lawful status change; `expected_version` is checked when given.
  core::Result<WorkPermit> TransitionPermit(const access::Principal& actor, const std::string& id,
                                            std::optional<int64_t> expected_version, TransitionRequest request);

  // The day reads are made on (YYYY-MM-DD, from the injected clock): a permit in force whose
  // valid_until is before it reads as expired (registry/expiry.h).
  std::string Today() const;
  // One batch of the expiry job: records `expired` for up to `limit` lapsed permits in one
  // write transaction, each with its transition (dated the day after its end date) and one
  // audit entry by the system. A permit changed meanwhile is skipped (found, not recorded).
  struct ExpiryBatch {
    int64_t found = 0, recorded = 0;
  };
  core::Result<ExpiryBatch> RecordExpiries(int limit);

  // Name search over every written form of persons' names, best first (registry/search.cpp).
  core::Result<std::vector<PersonHit>> SearchPersons(const access::Principal& actor, std::string_view query,
                                                     size_t limit = 10);
  // Visible active persons who may be the same as `input`, most likely first (at most 5).
  core::Result<std::vector<DuplicateCandidate>> FindDuplicates(const access::Principal& actor, const Person& input);

  // Validation alone (also used by bulk import later): normalises in place, returns field errors.
  std::vector<core::FieldError> ValidatePerson(Person& p) const;
  std::vector<core::FieldError> ValidateEmployer(Employer& e) const;
  std::vector<core::FieldError> ValidatePermitFields(WorkPermit& w) const;

  const std::string& node() const { return node_; }

  // What `actor` may see.
  Scope ScopeOf(const access::Principal& actor) const;
  // 403 unless the actor's role may do `action` on `record` kinds at all. Handlers call it
  // first, so a forbidden caller learns nothing from validation errors.
  core::Status Authorize(const access::Principal& actor, RegistryRecord record, RegistryAction action) const;
  // 403 naming the first of `moved` (placing fields a change would alter) unless the actor may
  // move records: a writer whose scope is a whole country (no province, no organisation).
  // Handlers call it before validating, so a province officer learns nothing more.
  core::Status AuthorizeMove(const access::Principal& actor, RegistryRecord record,
                             const std::vector<std::string>& moved) const;
  // 403 (naming the field that places it) unless the permit's current place is within the
  // actor's write scope. Handlers call it before validating a change.
  core::Status AuthorizePermitWrite(const access::Principal& actor, const WorkPermit& current) const;
  // Whether `actor` may see the record an audit entry is about: true/false for persons,
  // employers and permits (their current place, as a read would answer), nullopt for other
  // entity types. The audit API asks this through a callback wired in node.cpp.
  core::Result<std::optional<bool>> RecordVisibleTo(const access::Principal& actor, const std::string& entity_type,
                                                    const std::string& entity_id);
  // Figures for reports (counts only, no personal data: registry/figures.cpp), within the
  // actor's scope whatever their role: active workers by nationality, permits by status.
  core::Result<std::vector<std::pair<std::string, int64_t>>> CountWorkersByNationality(const access::Principal& actor);
  core::Result<std::vector<std::pair<std::string, int64_t>>> CountPermitsByStatus(const access::Principal& actor);

  // --- bulk import (src/exchange) -------------------------------------------------------
  // The rules of the calls above for many records in one caller-owned write transaction:
  // the importer validates with Validate*, finds the record by its natural key, then inserts
  // or updates it here. The audit event is handed back instead of appended, so the importer
  // appends a batch of them at once (AuditLog::AppendAll) in the same transaction.
  template <typename T>
  struct Match {
    std::optional<T> record;
    bool outside_scope = false;  // a record exists but the actor may not see it
  };
  template <typename T>
  struct Written {
    T record;
    bool changed = true;  // false when an update would change nothing (no write, no event)
    audit::Event event;
  };
  core::Result<Match<Person>> FindPersonByDocument(storage::Transaction& tx, const Scope& scope, const Document& doc);
  core::Result<Match<Employer>> FindEmployerByRegistration(storage::Transaction& tx, const Scope& scope,
                                                           const std::string& country, const std::string& number);
  core::Result<Match<WorkPermit>> FindPermitByNumber(storage::Transaction& tx, const Scope& scope,
                                                     const std::string& host_country, const std::string& number);
  core::Result<Written<Person>> InsertPersonIn(storage::Transaction& tx, const access::Principal& actor, Person valid);
  core::Result<Written<Person>> UpdatePersonIn(storage::Transaction& tx, const access::Principal& actor,
                                               const Person& current, Person valid);
  core::Result<Written<Employer>> InsertEmployerIn(storage::Transaction& tx, const access::Principal& actor,
                                                   Employer valid);
  core::Result<Written<Employer>> UpdateEmployerIn(storage::Transaction& tx, const access::Principal& actor,
                                                   const Employer& current, Employer valid);
  // Checks the permit's place and parties as CreatePermit does.
  core::Result<Written<WorkPermit>> InsertPermitIn(storage::Transaction& tx, const access::Principal& actor,
                                                   const Scope& scope, WorkPermit valid);
  // Validates like UpdatePermit (the status, person and host country are not changed here).
  core::Result<Written<WorkPermit>> UpdatePermitIn(storage::Transaction& tx, const access::Principal& actor,
                                                   const Scope& scope, const WorkPermit& current, WorkPermit input);

  // --- bulk export (features/files; registry/file_rows.cpp) ------------------------------
  // One page of the records in `scope` that pass `filter`, after `after_id` in id order, as
  // the cells of FileColumns (registry/kinds.h), in the caller's (read) transaction.
  core::Result<FilePage> FileRowsIn(storage::Transaction& tx, const Scope& scope, const PersonFilter& filter,
                                    const std::optional<std::string>& after_id, int limit) const;
  core::Result<FilePage> FileRowsIn(storage::Transaction& tx, const Scope& scope, const EmployerFilter& filter,
                                    const std::optional<std::string>& after_id, int limit) const;
  core::Result<FilePage> FileRowsIn(storage::Transaction& tx, const Scope& scope, const PermitFilter& filter,
                                    const std::optional<std::string>& after_id, int limit) const;

 private:
  // The one write path. The *In functions above write one record in the caller's transaction
  // and hand back its audit event; Record appends that event (when the write changed
  // something) and runs `after` in the same transaction, and Own runs a write in a
  // transaction of its own: the single-record calls are thin wrappers over both, so none can
  // forget the audit entry or the idempotency record.
  template <typename T>
  core::Status Record(storage::Transaction& tx, Written<T>& written, const AfterWrite<T>& after);
  template <typename T, typename Write>
  core::Result<T> Own(Write&& write, const AfterWrite<T>& after = {});

  // What the kinds' calls share (service.cpp, over each kind's KindOps): the single-record
  // read, edit and archive, and the write of a record in the caller's transaction.
  template <typename T>
  core::Result<T> GetRecord(const access::Principal& actor, const std::string& id);
  template <typename T, typename Fetch>
  core::Result<Page<T>> ListRecords(const access::Principal& actor, std::vector<core::FieldError> errors,
                                    const ListRequest& page, Fetch&& fetch);
  template <typename T>
  core::Result<T> UpdateRecord(const access::Principal& actor, const std::string& id, int64_t expected_version,
                               T input);
  template <typename T>
  core::Result<T> ArchiveRecord(const access::Principal& actor, const std::string& id, int64_t expected_version);
  template <typename T>
  core::Result<Written<T>> InsertIn(storage::Transaction& tx, const access::Principal& actor, T valid);
  template <typename T>
  core::Result<Written<T>> UpdateIn(storage::Transaction& tx, const access::Principal& actor, const T& current,
                                    T valid);
  std::vector<core::FieldError> Validate(Person& p) const { return ValidatePerson(p); }
  std::vector<core::FieldError> Validate(Employer& e) const { return ValidateEmployer(e); }
  core::Status Audit(storage::Transaction& tx, const access::Principal& actor, std::string action,
                     std::string entity_type, const std::string& id, const nlohmann::json& before,
                     const nlohmann::json& after);

  // The permit as a read on Today() shows it (a lapsed permit's status reads expired).
  WorkPermit AsReadToday(WorkPermit w) const;

  // Queues one read entry naming the ids a list or search returned (nothing when empty).
  void RecordRead(const access::Principal& actor, std::string action, std::string entity_type,
                  const std::vector<std::string>& ids);

  storage::Database& db_;
  const core::Clock& clock_;
  std::string node_;
  audit::AuditLog* audit_;
  const Reference& ref_;
};

// Opaque list cursors: base64url of the last id of the page.
std::string EncodeCursor(const std::string& last_id);
std::optional<std::string> DecodeCursor(const std::string& cursor);

// True when a permit may move from `from` to `to`.
bool IsLawfulTransition(std::string_view from, std::string_view to);

}  // namespace lb::registry
