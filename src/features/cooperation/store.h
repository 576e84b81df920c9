#pragma once
// SQL for the cooperation records. Stores run inside a caller's transaction, never check
// permissions or validate; each row keeps the record's JSON in `doc` and the columns that
// constraints, filters and joins need.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "features/cooperation/model.h"
#include "platform/kinds/list_query.h"
#include "storage/database.h"

namespace lb::cooperation::store {

using storage::Transaction;

// One record of a kind T (Organisation, Agreement, Conference, Commitment, Activity or
// Twinning). Its table's columns come from the kind's field table (the fields marked `column`,
// features/cooperation/kinds.cpp) and the few a kind computes; the whole record is in `doc`.
template <typename T>
struct Records {
  // Writes a new record and the rows it keeps beside its own (links to other records).
  static core::Status Insert(Transaction& tx, const T& r);
  // Rewrites a record (and its links) when its version is `expected_version`; the rows changed.
  static core::Result<int64_t> Update(Transaction& tx, const T& r, int64_t expected_version);
  // The record with what a single read fills in (a conference's agreements, a commitment's
  // progress).
  static core::Result<std::optional<T>> Get(Transaction& tx, const std::string& id);
  // The keyset list query over the kind's table (add the kind's filters), and its page.
  static kinds::ListQuery Query();
  static core::Result<std::vector<T>> List(Transaction& tx, kinds::ListQuery& q,
                                           const std::optional<std::string>& after_id, int limit);
};
extern template struct Records<Organisation>;
extern template struct Records<Agreement>;
extern template struct Records<Conference>;
extern template struct Records<Commitment>;
extern template struct Records<Activity>;
extern template struct Records<Twinning>;

// Organisations: the folded text a search matches (code, names, abbreviation).
std::string SearchText(const Organisation& o);
core::Result<std::optional<Organisation>> GetOrganisationByCode(Transaction& tx, const std::string& code);
// Keyset page by id; `search` is a folded substring.
core::Result<std::vector<Organisation>> ListOrganisations(Transaction& tx, const std::optional<std::string>& search,
                                                          const std::optional<std::string>& after_id, int limit);
core::Result<std::vector<Succession>> ListSuccessions(Transaction& tx);
core::Status InsertSuccession(Transaction& tx, const Succession& s, const std::string& recorded_at);

// Agreements and attachments
// id -> the agreement it amends or replaces (for cycle checks).
core::Result<std::map<std::string, std::vector<std::string>>> AgreementLinks(Transaction& tx);
core::Result<std::vector<Attachment>> ListAttachments(Transaction& tx, const std::string& agreement_id);
core::Result<std::optional<Attachment>> GetAttachment(Transaction& tx, const std::string& id);
core::Status InsertAttachment(Transaction& tx, const Attachment& a, const std::string& content_base64);
core::Result<std::optional<std::string>> GetBlob(Transaction& tx, const std::string& sha256);

// Conferences
core::Result<std::optional<Conference>> FindConference(Transaction& tx, const std::string& kind, int64_t number);
// The first conference on or after `date` (planned or held).
core::Result<std::optional<Conference>> NextConference(Transaction& tx, const std::string& date);

// Commitments
// The filter's clauses; `org_ids` (when non-empty) keeps to commitments any of those
// organisations answer for.
void Where(kinds::ListQuery& q, const CommitmentFilter& f, const std::vector<std::string>& org_ids);
core::Status InsertProgress(Transaction& tx, const std::string& commitment_id, const ProgressUpdate& p);
core::Result<std::vector<ProgressUpdate>> ListProgress(Transaction& tx, const std::string& commitment_id);
// Every progress update, by commitment id (for reports).
core::Result<std::map<std::string, std::vector<ProgressUpdate>>> AllProgress(Transaction& tx);

// Activities
void Where(kinds::ListQuery& q, const ActivityFilter& f);

// Aggregates for the dashboard and reports.
struct Count2 {
  std::string a, b;
  int64_t n = 0;
};
core::Result<std::vector<Count2>> CountCommitmentsByFieldStatus(Transaction& tx);
core::Result<std::vector<Count2>> CountActivitiesByField(Transaction& tx, const std::string& from,
                                                         const std::string& until);
// Open commitments (planned, in progress) whose deadline is in [from, until].
core::Result<std::vector<Commitment>> OpenCommitmentsDue(Transaction& tx, const std::string& from,
                                                         const std::string& until, int limit);
core::Result<int64_t> CountOpenCommitmentsDue(Transaction& tx, const std::string& from, const std::string& until);
// The most recent delegation exchange's host (for the rotation).
core::Result<std::optional<std::string>> LastDelegationHost(Transaction& tx);

}  // namespace lb::cooperation::store
