#pragma once
// Cooperation rules: validation of organisations, agreements, conferences, commitments,
// activities and twinning; succession (a record under an old organisation is found under its
// successor); amendment cycles; signed-file checks; who may read and change what. Knows
// nothing of HTTP; every write runs in one transaction with its audit entry.
#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "features/cooperation/model.h"
#include "platform/access/principal.h"
#include "platform/audit/audit_log.h"
#include "platform/kinds/list_query.h"
#include "platform/reference/reference.h"
#include "storage/database.h"

namespace lb::cooperation {

template <typename T>
using AfterWrite = std::function<core::Status(storage::Transaction&, const T&)>;

enum class CoopAction { kRead, kWrite };
// What a role may do with cooperation records (403 otherwise). Cooperation records are shared
// by both ministries, so reads are not narrowed to a country or province.
bool CoopRoleAllows(access::Role role, std::string_view kind, CoopAction action);

inline constexpr int64_t kAnyVersion = 0;
// Largest signed file accepted (bytes).
inline constexpr int64_t kMaxAttachmentBytes = 20 * 1024 * 1024;
// The request body an upload route accepts: a little above the file limit, so a file just
// over it gets the service's clear 422 rather than the server's 413, and a web form's
// multipart framing fits around a file of exactly the limit.
inline constexpr size_t kAttachmentRequestLimit = static_cast<size_t>(kMaxAttachmentBytes) + 64 * 1024;

struct ListRequest {
  std::optional<std::string> cursor;
  int limit = 50;
};

// An upload: a name, the size the sender declared (checked before reading) and the bytes.
struct Upload {
  std::string file_name;
  int64_t declared_size = 0;
  std::istream* content = nullptr;
};

// Counts by key (a nationality, a status), ordered by key.
using KeyCounts = std::vector<std::pair<std::string, int64_t>>;
// The registry figures the evaluation report shows (counts only), within the actor's scope.
// The server wires them to the registry's service, so cooperation knows no other feature;
// unset, the report shows none.
struct RegistryFigures {
  std::function<core::Result<KeyCounts>(const access::Principal&)> workers_by_nationality;
  std::function<core::Result<KeyCounts>(const access::Principal&)> permits_by_status;
};

// Whose turn it is to host the next delegation exchange.
struct Rotation {
  std::optional<std::string> last_host;  // VN or LA; none before the first exchange
  std::string next_host;
};

class CooperationService {
 public:
  CooperationService(storage::Database& db, const core::Clock& clock, audit::AuditLog* audit = nullptr,
                     const registry::Reference& reference = registry::Reference::Embedded())
      : db_(db), clock_(clock), audit_(audit), ref_(reference) {}

  // 403 unless the role may do `action` on `kind` (organisation, agreement, conference,
  // commitment, activity, twinning).
  core::Status Authorize(const access::Principal& actor, std::string_view kind, CoopAction action) const;

  core::Result<Organisation> CreateOrganisation(const access::Principal& actor, Organisation o,
                                                const AfterWrite<Organisation>& after = {});
  core::Result<Organisation> GetOrganisation(const access::Principal& actor, const std::string& id);
  // `query` matches names in any language, abbreviations and codes (case and accents
  // folded); an organisation that succeeded a match is listed too.
  core::Result<Page<Organisation>> ListOrganisations(const access::Principal& actor,
                                                     const std::optional<std::string>& query, const ListRequest& page);
  core::Result<Organisation> UpdateOrganisation(const access::Principal& actor, const std::string& id,
                                                int64_t expected_version, Organisation o);
  // Records that `successor_id` continues `predecessor_id` from `effective_on`; the
  // predecessor's validity ends the day before.
  core::Result<Organisation> AddSuccession(const access::Principal& actor, const std::string& predecessor_id,
                                           const std::string& successor_id, const std::string& effective_on);
  // `id` and every organisation it succeeded, transitively (for "found under its successor").
  core::Result<std::vector<std::string>> WithPredecessors(const std::string& id);

  core::Result<Agreement> CreateAgreement(const access::Principal& actor, Agreement a,
                                          const AfterWrite<Agreement>& after = {});
  core::Result<Agreement> GetAgreement(const access::Principal& actor, const std::string& id);
  core::Result<Page<Agreement>> ListAgreements(const access::Principal& actor,
                                               const std::optional<std::string>& conference_id,
                                               const ListRequest& page);
  core::Result<Agreement> UpdateAgreement(const access::Principal& actor, const std::string& id,
                                          int64_t expected_version, Agreement a);
  // Stores a signed PDF: the size is checked before reading, then the content's magic and
  // structure; the content is kept once per SHA-256.
  core::Result<Attachment> AddAttachment(const access::Principal& actor, const std::string& agreement_id,
                                         const Upload& upload);
  // The attachment and its bytes.
  core::Result<std::pair<Attachment, std::string>> GetAttachmentContent(const access::Principal& actor,
                                                                        const std::string& attachment_id);

  core::Result<Conference> CreateConference(const access::Principal& actor, Conference c,
                                            const AfterWrite<Conference>& after = {});
  core::Result<Conference> GetConference(const access::Principal& actor, const std::string& id);
  core::Result<Page<Conference>> ListConferences(const access::Principal& actor, const ListRequest& page);
  core::Result<Conference> UpdateConference(const access::Principal& actor, const std::string& id,
                                            int64_t expected_version, Conference c);

  core::Result<Commitment> CreateCommitment(const access::Principal& actor, Commitment c,
                                            const AfterWrite<Commitment>& after = {});
  core::Result<Commitment> GetCommitment(const access::Principal& actor, const std::string& id);
  // The org filter includes commitments of the organisations it succeeded.
  core::Result<Page<Commitment>> ListCommitments(const access::Principal& actor, const CommitmentFilter& filter,
                                                 const ListRequest& page);
  core::Result<Commitment> UpdateCommitment(const access::Principal& actor, const std::string& id,
                                            int64_t expected_version, Commitment c);
  // A dated progress update; its status becomes the commitment's status. Moving to
  // carried_over needs `carried_to` (the conference that carries it).
  // Every commitment's progress updates, by commitment id (for reports).
  core::Result<std::map<std::string, std::vector<ProgressUpdate>>> ProgressByCommitment(const access::Principal& actor);
  core::Result<Commitment> AddProgress(const access::Principal& actor, const std::string& id,
                                       std::optional<int64_t> expected_version, ProgressUpdate update,
                                       std::optional<std::string> carried_to);

  core::Result<Activity> CreateActivity(const access::Principal& actor, Activity a,
                                        const AfterWrite<Activity>& after = {});
  core::Result<Activity> GetActivity(const access::Principal& actor, const std::string& id);
  core::Result<Page<Activity>> ListActivities(const access::Principal& actor, const ActivityFilter& filter,
                                              const ListRequest& page);
  core::Result<Activity> UpdateActivity(const access::Principal& actor, const std::string& id, int64_t expected_version,
                                        Activity a);
  core::Result<Rotation> DelegationRotation(const access::Principal& actor);

  core::Result<Twinning> CreateTwinning(const access::Principal& actor, Twinning t,
                                        const AfterWrite<Twinning>& after = {});
  core::Result<Twinning> GetTwinning(const access::Principal& actor, const std::string& id);
  core::Result<Page<Twinning>> ListTwinnings(const access::Principal& actor, const ListRequest& page);
  core::Result<Twinning> UpdateTwinning(const access::Principal& actor, const std::string& id, int64_t expected_version,
                                        Twinning t);

  // Field validation without the database (normalises in place).
  std::vector<core::FieldError> Validate(Organisation& o) const;
  std::vector<core::FieldError> Validate(Agreement& a) const;
  std::vector<core::FieldError> Validate(Conference& c) const;
  std::vector<core::FieldError> Validate(Commitment& c) const;
  std::vector<core::FieldError> Validate(Activity& a) const;
  std::vector<core::FieldError> Validate(Twinning& t) const;

  storage::Database& db() { return db_; }
  const core::Clock& clock() const { return clock_; }
  void SetRegistryFigures(RegistryFigures figures) { figures_ = std::move(figures); }
  const RegistryFigures& registry_figures() const { return figures_; }

 private:
  core::Status Audit(storage::Transaction& tx, const access::Principal& actor, std::string action,
                     std::string entity_type, const std::string& id, const nlohmann::json& before,
                     const nlohmann::json& after);
  // The one write path of every kind: the caller's transaction holds the references check,
  // the natural keys, the write and its audit entry. Per kind (KindOps in service.cpp) only
  // its name, references, read fill and conflict answer differ.
  template <typename T>
  core::Result<T> CreateIn(storage::Transaction& tx, const access::Principal& actor, T record);
  template <typename T>
  core::Result<T> UpdateIn(storage::Transaction& tx, const access::Principal& actor, const std::string& id,
                           int64_t expected_version, T record);
  // The same in a transaction of their own (`after`, the API's idempotency record, in it too).
  template <typename T>
  core::Result<T> Create(const access::Principal& actor, T record, const AfterWrite<T>& after);
  template <typename T>
  core::Result<T> Update(const access::Principal& actor, const std::string& id, int64_t expected_version, T record);
  template <typename T>
  core::Result<T> Get(const access::Principal& actor, const std::string& id);
  // A keyset page of the kind's records; `filter` adds the kind's clauses to the query.
  template <typename T, typename Filter>
  core::Result<Page<T>> List(const access::Principal& actor, const ListRequest& page, Filter&& filter);

  storage::Database& db_;
  const core::Clock& clock_;
  audit::AuditLog* audit_;
  const registry::Reference& ref_;
  RegistryFigures figures_;
};

// Folds text for organisation search: NFD, combining marks removed, lower case, đ -> d.
std::string FoldForSearch(std::string_view s);

// True when `bytes` look like a PDF: the %PDF- header within the first 1024 bytes and an
// %%EOF marker near the end.
bool LooksLikePdf(std::string_view bytes);

}  // namespace lb::cooperation
