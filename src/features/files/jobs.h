#pragma once
// Imports started over HTTP run as background jobs, one at a time per node, so a large file
// neither ties up a request nor competes with another import for the write transaction. The
// upload is spooled to a private temporary file; the job runs the same Importer as the CLI,
// as the principal who started it. Job state lives in memory (lost on restart): a job is a
// view of one import, and the import itself either committed or left nothing behind.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "features/files/importer.h"
#include "features/registry/service.h"
#include "platform/access/principal.h"
#include "platform/access/revocations.h"
#include "platform/audit/audit_log.h"
#include "storage/database.h"

namespace lb::files {

enum class JobState { kQueued, kRunning, kSucceeded, kFailed };
std::string_view JobStateName(JobState state);

// The three ways to run an import, as the API and the upload page name them.
enum class ImportMode { kAllOrNothing, kSkipInvalid, kDryRun };
std::optional<ImportMode> ParseImportMode(std::string_view s);
std::string_view ImportModeName(ImportMode mode);
std::optional<Kind> ParseKind(std::string_view s);

// A snapshot of one job.
struct ImportJob {
  std::string id;
  std::string owner_user_id;  // only they (and administrators) see the job
  Kind kind = Kind::kPersons;
  ImportMode mode = ImportMode::kAllOrNothing;
  bool confirm_new = false;
  JobState state = JobState::kQueued;
  std::string created_at, started_at, finished_at;  // RFC 3339; empty until reached
  int64_t rows_read = 0;
  int64_t rows_total = 0;         // exact once finished; before, estimated from the bytes read
  bool rows_total_exact = false;  // false while rows_total is an estimate (0: nothing to go on yet)
  uint64_t bytes_read = 0, bytes_total = 0;
  double rows_per_second = 0;
  std::optional<int64_t> eta_seconds;  // while running, once there is a rate
  ImportSummary summary;               // counts; final when the job has finished
  int64_t issue_count = 0;             // every problem found so far
  std::vector<Issue> issues;           // the first kIssuesKept of them
  std::optional<core::Error> error;    // why a failed job failed
  int queue_position = 0;              // queued: jobs ahead of this one
  // A check (dry run) that found no problem keeps its file for kCheckedFileKept: until then its
  // owner may import that same file (ImportChecked) without sending it again.
  bool can_import_now = false;
};

// How long a clean check's file is kept for "import now" (and never longer than its job).
inline constexpr std::chrono::minutes kCheckedFileKept{60};

struct ImportJobsOptions {
  std::filesystem::path spool_dir;  // empty: the system's temporary directory
  size_t issues_kept = 200;         // issues held per job for the API and the page (the CSV has all)
  size_t jobs_kept = 200;           // finished jobs remembered (oldest forgotten first)
  // The bytes of the files of every queued and running job together (more: 503; 0 = no cap).
  // The node sets four times its import body limit, so one user holds at most half of it.
  uint64_t spool_limit = 0;
  // The node's revocations: a user disabled but not yet written is refused (none: the row only).
  std::shared_ptr<access::Revocations> revocations;
};

// At most this many jobs queued or running per user (more: 429): one running and one waiting.
// A job of a user disabled meanwhile (the account's row, or the node's revocation marks)
// fails and writes nothing: checked when it starts (the row and the marks) and before every
// row (the marks).
inline constexpr unsigned kImportJobsPerUser = 2;

class ImportJobs {
 public:
  ImportJobs(storage::Database& db, registry::RegistryService& registry, audit::AuditLog* audit,
             const core::Clock& clock, ImportJobsOptions options = {});
  // Waits for the running import to end (it is cancelled: rolled back) and removes every file.
  ~ImportJobs();
  ImportJobs(const ImportJobs&) = delete;
  ImportJobs& operator=(const ImportJobs&) = delete;

  // Queues an import of `file` (CSV or XLSX, told apart by content). Checks at once that the
  // actor may write the kind (403) and that the file is not empty (422); the rest is the job's.
  core::Result<ImportJob> Submit(const access::Principal& actor, Kind kind, ImportMode mode, bool confirm_new,
                                 std::string_view file);

  // Imports the file of the actor's own check (a dry run that found no problem) as an
  // all-or-nothing import, as a new job, without the file being sent again. The file is the one
  // that was checked (its SHA-256 is compared) and is used once. Another user's job, an
  // administrator's included, and a file no longer kept are 404; a job that is no clean check
  // is 409; the actor must still be allowed to write the kind (403); the queue limits apply.
  core::Result<ImportJob> ImportChecked(const access::Principal& actor, const std::string& id);

  // The job, if the actor started it or is an administrator (404 otherwise).
  core::Result<ImportJob> Get(const access::Principal& actor, const std::string& id) const;
  // The full issue report (CSV: row, column, value, code, message), same visibility; while the
  // job runs, the problems found so far (up to issues_kept).
  core::Result<std::string> IssuesCsv(const access::Principal& actor, const std::string& id) const;

  // Stops taking jobs and cancels the running import (it rolls back) and the queued ones, at
  // once; the destructor then only waits for the worker (node shutdown: SIGTERM).
  void Cancel();

  // Blocks until no job is queued or running (tests, shutdown).
  void WaitIdle();

 private:
  struct Entry;
  void Work();
  void RunOne(const std::shared_ptr<Entry>& entry);
  core::Result<std::shared_ptr<Entry>> Find(const access::Principal& actor, const std::string& id) const;
  ImportJob Snapshot(const Entry& e) const;  // mu_ held
  void Forget();                             // mu_ held: drops the oldest finished jobs over the limit
  core::Status Admit(const std::string& user_id, uint64_t bytes,
                     const std::string& reused_check = {}) const;  // mu_ held: the queue limits
  void DropExpiredChecks();                                        // mu_ held

  storage::Database& db_;
  registry::RegistryService& registry_;
  audit::AuditLog* audit_;
  const core::Clock& clock_;
  ImportJobsOptions options_;

  mutable std::mutex mu_;
  std::condition_variable work_cv_, idle_cv_;
  std::map<std::string, std::shared_ptr<Entry>> jobs_;
  std::deque<std::shared_ptr<Entry>> queue_;
  std::deque<std::string> finished_order_;
  bool busy_ = false, stopping_ = false;
  std::thread worker_;
};

}  // namespace lb::files
