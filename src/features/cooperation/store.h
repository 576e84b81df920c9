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
#include "storage/database.h"

namespace lb::cooperation::store {

using storage::Transaction;

// Organisations
core::Status InsertOrganisation(Transaction& tx, const Organisation& o, const std::string& search_text);
core::Result<int64_t> UpdateOrganisation(Transaction& tx, const Organisation& o, const std::string& search_text,
                                         int64_t expected_version);
core::Result<std::optional<Organisation>> GetOrganisation(Transaction& tx, const std::string& id);
core::Result<std::optional<Organisation>> GetOrganisationByCode(Transaction& tx, const std::string& code);
// Keyset page by id; `ids` keeps to those ids when given; `search` is a folded substring.
core::Result<std::vector<Organisation>> ListOrganisations(Transaction& tx, const std::optional<std::string>& search,
                                                          const std::optional<std::string>& after_id, int limit);
core::Result<std::vector<Succession>> ListSuccessions(Transaction& tx);
core::Status InsertSuccession(Transaction& tx, const Succession& s, const std::string& recorded_at);

// Agreements and attachments
core::Status InsertAgreement(Transaction& tx, const Agreement& a);
core::Result<int64_t> UpdateAgreement(Transaction& tx, const Agreement& a, int64_t expected_version);
core::Result<std::optional<Agreement>> GetAgreement(Transaction& tx, const std::string& id);
core::Result<std::vector<Agreement>> ListAgreements(Transaction& tx, const std::optional<std::string>& conference_id,
                                                    const std::optional<std::string>& after_id, int limit);
// id -> the agreement it amends or replaces (for cycle checks).
core::Result<std::map<std::string, std::vector<std::string>>> AgreementLinks(Transaction& tx);
core::Result<std::vector<Attachment>> ListAttachments(Transaction& tx, const std::string& agreement_id);
core::Result<std::optional<Attachment>> GetAttachment(Transaction& tx, const std::string& id);
core::Status InsertAttachment(Transaction& tx, const Attachment& a, const std::string& content_base64);
core::Result<std::optional<std::string>> GetBlob(Transaction& tx, const std::string& sha256);

// Conferences
core::Status InsertConference(Transaction& tx, const Conference& c);
core::Result<int64_t> UpdateConference(Transaction& tx, const Conference& c, int64_t expected_version);
core::Result<std::optional<Conference>> GetConference(Transaction& tx, const std::string& id);
core::Result<std::vector<Conference>> ListConferences(Transaction& tx, const std::optional<std::string>& after_id,
                                                      int limit);
core::Result<std::optional<Conference>> FindConference(Transaction& tx, const std::string& kind, int64_t number);
// The first conference on or after `date` (planned or held).
core::Result<std::optional<Conference>> NextConference(Transaction& tx, const std::string& date);

// Commitments
core::Status InsertCommitment(Transaction& tx, const Commitment& c);
core::Result<int64_t> UpdateCommitment(Transaction& tx, const Commitment& c, int64_t expected_version);
core::Result<std::optional<Commitment>> GetCommitment(Transaction& tx, const std::string& id);
// `org_ids` (when non-empty) keeps to commitments any of those organisations answer for.
core::Result<std::vector<Commitment>> ListCommitments(Transaction& tx, const CommitmentFilter& f,
                                                      const std::vector<std::string>& org_ids,
                                                      const std::optional<std::string>& after_id, int limit);
core::Status InsertProgress(Transaction& tx, const std::string& commitment_id, const ProgressUpdate& p);
core::Result<std::vector<ProgressUpdate>> ListProgress(Transaction& tx, const std::string& commitment_id);
// Every progress update, by commitment id (for reports).
core::Result<std::map<std::string, std::vector<ProgressUpdate>>> AllProgress(Transaction& tx);

// Activities
core::Status InsertActivity(Transaction& tx, const Activity& a);
core::Result<int64_t> UpdateActivity(Transaction& tx, const Activity& a, int64_t expected_version);
core::Result<std::optional<Activity>> GetActivity(Transaction& tx, const std::string& id);
core::Result<std::vector<Activity>> ListActivities(Transaction& tx, const ActivityFilter& f,
                                                   const std::optional<std::string>& after_id, int limit);

// Twinning
core::Status InsertTwinning(Transaction& tx, const Twinning& t);
core::Result<int64_t> UpdateTwinning(Transaction& tx, const Twinning& t, int64_t expected_version);
core::Result<std::optional<Twinning>> GetTwinning(Transaction& tx, const std::string& id);
core::Result<std::vector<Twinning>> ListTwinnings(Transaction& tx, const std::optional<std::string>& after_id,
                                                  int limit);

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
