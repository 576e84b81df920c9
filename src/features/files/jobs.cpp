#include "features/files/jobs.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>

#include "core/enum_names.h"
#include "core/id.h"
#include "features/files/exporter.h"
#include "features/files/xlsx_reader.h"
#include "platform/access/revocations.h"
#include "platform/audit/chain.h"

namespace lb::files {
namespace {

namespace fs = std::filesystem;

// A private temporary file (mode 0600, O_EXCL): the upload and the report hold personal data.
core::Result<fs::path> NewPrivateFile(const fs::path& dir, std::string_view stem, int* fd_out) {
  std::string pattern = (dir / (std::string(stem) + "-XXXXXX")).string();
  const int fd = ::mkstemp(pattern.data());  // creates with 0600
  if (fd < 0) return core::Fail(core::Error::Internal("cannot create a spool file in " + dir.string()));
  ::fchmod(fd, S_IRUSR | S_IWUSR);
  *fd_out = fd;
  return fs::path(pattern);
}

core::Status WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return core::Fail(core::Error::Internal("cannot write the spool file"));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

// The whole of a spool file; nullopt when it cannot be opened.
std::optional<std::string> ReadWhole(const fs::path& p) {
  std::FILE* f = std::fopen(p.c_str(), "rb");
  if (!f) return std::nullopt;
  std::string out;
  char buf[64 * 1024];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

void RemoveQuietly(const fs::path& p) {
  if (p.empty()) return;
  std::error_code ec;
  fs::remove(p, ec);
}

std::string ReportLine(const Issue& i) {
  std::string line = std::to_string(i.row) + ",";
  AppendCsvCell(line, i.column, true);
  line += ',';
  AppendCsvCell(line, i.value, true);
  line += ',';
  AppendCsvCell(line, i.code, true);
  line += ',';
  AppendCsvCell(line, i.message, true);
  line += "\r\n";
  return line;
}

constexpr std::string_view kReportHeader = "row,column,value,code,message\r\n";

// The account's status (the users table is the access layer's; read here for a job's start).
constexpr std::string_view kUserStatus = "SELECT status FROM users WHERE id = $1";

core::Error UserDisabled() {
  return core::Error{core::ErrorCode::kForbidden,
                     "The user who started this import was disabled; nothing was imported.",
                     {},
                     "import of a disabled user cancelled"};
}

// Whether `user_id` may still import: not disabled in the node's memory (a disable not yet
// written) nor, with `from_database`, in the account's row.
bool MayImport(storage::Database& db, const access::Revocations* revocations, const std::string& user_id,
               bool from_database) {
  if (revocations && revocations->Revoked(access::Revocations::Kind::kUser, user_id)) return false;
  if (!from_database) return true;
  auto rows =
      storage::InTransaction(db, false, [&](storage::Transaction& tx) { return tx.Query(kUserStatus, {user_id}); });
  if (!rows) return true;  // the import itself meets the database's trouble
  return !rows->empty() && rows->front().Str(0) == "active";
}

constexpr core::EnumName<JobState> kJobStateNames[] = {
    {JobState::kQueued, "queued"},
    {JobState::kRunning, "running"},
    {JobState::kSucceeded, "succeeded"},
    {JobState::kFailed, "failed"},
};
constexpr core::EnumName<ImportMode> kImportModeNames[] = {
    {ImportMode::kAllOrNothing, "all-or-nothing"},
    {ImportMode::kSkipInvalid, "skip-invalid"},
    {ImportMode::kDryRun, "dry-run"},
};
constexpr core::EnumName<Kind> kKindNames[] = {
    {Kind::kPersons, "persons"},
    {Kind::kEmployers, "employers"},
    {Kind::kPermits, "permits"},
};

}  // namespace

std::string_view JobStateName(JobState state) { return core::NameOf<JobState>(kJobStateNames, state, "failed"); }

std::optional<ImportMode> ParseImportMode(std::string_view s) { return core::ValueOf<ImportMode>(kImportModeNames, s); }

std::string_view ImportModeName(ImportMode mode) {
  return core::NameOf<ImportMode>(kImportModeNames, mode, "all-or-nothing");
}

std::optional<Kind> ParseKind(std::string_view s) { return core::ValueOf<Kind>(kKindNames, s); }

struct ImportJobs::Entry {
  ImportJob job;  // guarded by ImportJobs::mu_
  access::Principal actor;
  fs::path upload, report;
  std::string upload_sha256;                     // of the file as uploaded
  std::optional<core::TimePoint> checked_until;  // a clean check's file is kept until then
  std::chrono::steady_clock::time_point started;
  std::atomic<bool> cancel{false};
};

namespace {

// Hands the importer the spooled file's rows and stops it (an error, so the transaction rolls
// back) when the job is cancelled at shutdown.
class CancellableSource final : public TableSource {
 public:
  CancellableSource(std::unique_ptr<TableSource> inner, const std::atomic<bool>& cancel, std::function<bool()> allowed)
      : inner_(std::move(inner)), cancel_(cancel), allowed_(std::move(allowed)) {}
  core::Result<bool> Next(SourceRow& row) override {
    // A user disabled during their import: it stops and rolls back.
    if (!allowed_()) return core::Fail(UserDisabled());
    if (cancel_.load(std::memory_order_relaxed)) {
      return core::Fail(
          core::Error{core::ErrorCode::kUnavailable,
                      "The server stopped during the import; nothing was imported. Upload the file again.",
                      {},
                      "import cancelled at shutdown"});
    }
    return inner_->Next(row);
  }
  uint64_t Done() const override { return inner_->Done(); }
  uint64_t Total() const override { return inner_->Total(); }

 private:
  std::unique_ptr<TableSource> inner_;
  const std::atomic<bool>& cancel_;
  std::function<bool()> allowed_;
};

}  // namespace

ImportJobs::ImportJobs(storage::Database& db, registry::RegistryService& registry, audit::AuditLog* audit,
                       const core::Clock& clock, ImportJobsOptions options)
    : db_(db), registry_(registry), audit_(audit), clock_(clock), options_(std::move(options)) {
  if (options_.spool_dir.empty()) {
    std::error_code ec;
    options_.spool_dir = fs::temp_directory_path(ec);
    if (ec) options_.spool_dir = "/tmp";
  }
  worker_ = std::thread([this] { Work(); });
}

void ImportJobs::Cancel() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (auto& [id, e] : jobs_) e->cancel = true;
  }
  work_cv_.notify_all();
}

ImportJobs::~ImportJobs() {
  Cancel();
  worker_.join();
  for (auto& [id, e] : jobs_) {
    RemoveQuietly(e->upload);
    RemoveQuietly(e->report);
  }
}

core::Result<ImportJob> ImportJobs::Submit(const access::Principal& actor, Kind kind, ImportMode mode, bool confirm_new,
                                           std::string_view file) {
  LB_CHECK(registry_.Authorize(actor, RecordOf(kind), registry::RegistryAction::kWrite));
  if (file.empty()) {
    return core::Fail(core::Error::Field("file", "empty_file", "The file is empty; send a CSV or XLSX file."));
  }
  auto entry = std::make_shared<Entry>();
  entry->actor = actor;
  ImportJob& j = entry->job;
  j.id = core::NewUuidV7(clock_);
  j.owner_user_id = actor.user_id;
  j.kind = kind;
  j.mode = mode;
  j.confirm_new = confirm_new;
  j.created_at = core::FormatRfc3339(clock_.Now());
  j.bytes_total = file.size();
  // The job takes its place in the user's share and in the spool before its file is written,
  // so concurrent uploads cannot pass either limit.
  entry->upload_sha256 = audit::Sha256Hex(file);
  {
    std::lock_guard lock(mu_);
    DropExpiredChecks();
    LB_CHECK(Admit(actor.user_id, file.size()));
    jobs_[j.id] = entry;
  }
  auto drop = [&](const core::Error& e) -> core::Result<ImportJob> {
    RemoveQuietly(entry->upload);
    std::lock_guard lock(mu_);
    jobs_.erase(j.id);
    return core::Fail(e);
  };
  int fd = -1;
  auto made = NewPrivateFile(options_.spool_dir, "labourbridge-upload", &fd);
  if (!made) return drop(made.error());
  entry->upload = *made;
  auto written = WriteAll(fd, file);
  ::close(fd);
  if (!written) return drop(written.error());
  std::lock_guard lock(mu_);
  if (stopping_) {
    RemoveQuietly(entry->upload);
    jobs_.erase(j.id);
    return core::Fail(core::Error{core::ErrorCode::kUnavailable, "The server is stopping.", {}, {}});
  }
  queue_.push_back(entry);
  work_cv_.notify_one();
  return Snapshot(*entry);
}

core::Status ImportJobs::Admit(const std::string& user_id, uint64_t bytes, const std::string& reused_check) const {
  unsigned mine = 0;
  uint64_t spooled = 0;
  for (const auto& [id, e] : jobs_) {
    // A clean check's file kept for "import now" takes its room in the spool too (else clean
    // checks in a row filled the disk for an hour: found by the attack on a running node);
    // not the one an "import now" is about to take over.
    if (e->checked_until && !e->upload.empty() && id != reused_check) spooled += e->job.bytes_total;
    if (e->job.state != JobState::kQueued && e->job.state != JobState::kRunning) continue;
    mine += e->job.owner_user_id == user_id ? 1 : 0;
    spooled += e->job.bytes_total;
  }
  if (mine >= kImportJobsPerUser) {
    return core::Fail(core::Error{
        core::ErrorCode::kTooManyRequests,
        "You already have one running and one queued import: this node takes at most one running and one queued "
        "import per user. Upload the file again when your running import has finished.",
        {},
        {}});
  }
  const uint64_t limit = options_.spool_limit;
  if (limit > 0 && spooled + bytes > limit) {
    return core::Fail(core::Error{
        core::ErrorCode::kUnavailable,
        "This node already has " + std::to_string(spooled >> 20) +
            " MiB of imports waiting, running or checked and kept for import now (" + std::to_string(limit >> 20) +
            " MiB at most, this file included); nothing was queued. Upload the file again in a few minutes.",
        {},
        "import spool full"});
  }
  return {};
}

void ImportJobs::DropExpiredChecks() {
  const auto now = clock_.Now();
  for (auto& [id, e] : jobs_) {
    if (e->checked_until && now >= *e->checked_until) {
      RemoveQuietly(e->upload);
      e->upload.clear();
      e->checked_until.reset();
    }
  }
}

core::Result<ImportJob> ImportJobs::ImportChecked(const access::Principal& actor, const std::string& id) {
  auto entry = std::make_shared<Entry>();
  ImportJob& j = entry->job;
  {
    std::lock_guard lock(mu_);
    DropExpiredChecks();
    auto it = jobs_.find(id);
    // Only the user who checked the file imports it: for anyone else (an administrator too,
    // who may read the job) there is no such file.
    if (it == jobs_.end() || it->second->job.owner_user_id != actor.user_id) {
      return core::Fail(core::Error::NotFound("No checked file with this id: upload the file again."));
    }
    Entry& checked = *it->second;
    if (checked.job.mode != ImportMode::kDryRun || checked.job.state != JobState::kSucceeded) {
      return core::Fail(core::Error{core::ErrorCode::kConflict,
                                    "Only the file of a check that found no problem can be imported this way.",
                                    {},
                                    {}});
    }
    if (!checked.checked_until || checked.upload.empty()) {
      return core::Fail(core::Error::NotFound(
          "The checked file is no longer kept (it was imported already, or the check is over an hour old): upload "
          "it again."));
    }
    LB_CHECK(registry_.Authorize(actor, RecordOf(checked.job.kind), registry::RegistryAction::kWrite));
    LB_CHECK(Admit(actor.user_id, checked.job.bytes_total, checked.job.id));
    entry->actor = actor;
    j.id = core::NewUuidV7(clock_);
    j.owner_user_id = actor.user_id;
    j.kind = checked.job.kind;
    j.mode = ImportMode::kAllOrNothing;
    j.confirm_new = checked.job.confirm_new;
    j.created_at = core::FormatRfc3339(clock_.Now());
    j.bytes_total = checked.job.bytes_total;
    // The file moves to the new job, which takes its place in the limits now: it is imported
    // once, and two posts cannot both take it.
    entry->upload = std::move(checked.upload);
    entry->upload_sha256 = checked.upload_sha256;
    checked.upload.clear();
    checked.checked_until.reset();
    jobs_[j.id] = entry;
  }
  auto drop = [&](const core::Error& e) -> core::Result<ImportJob> {
    RemoveQuietly(entry->upload);
    std::lock_guard lock(mu_);
    jobs_.erase(j.id);
    return core::Fail(e);
  };
  // The file must be the one that was checked, byte for byte (read outside the lock: it may be
  // large).
  const auto bytes = ReadWhole(entry->upload);
  if (!bytes || audit::Sha256Hex(*bytes) != entry->upload_sha256) {
    return drop(core::Error::NotFound("The checked file is no longer kept: upload it again."));
  }
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      RemoveQuietly(entry->upload);
      jobs_.erase(j.id);
      return core::Fail(core::Error{core::ErrorCode::kUnavailable, "The server is stopping.", {}, {}});
    }
    queue_.push_back(entry);
  }
  work_cv_.notify_one();
  std::lock_guard lock(mu_);
  return Snapshot(*entry);
}

core::Result<std::shared_ptr<ImportJobs::Entry>> ImportJobs::Find(const access::Principal& actor,
                                                                  const std::string& id) const {
  auto it = jobs_.find(id);
  // Someone else's job is "not found", exactly like one that does not exist.
  if (it == jobs_.end() || (it->second->job.owner_user_id != actor.user_id && actor.role != access::Role::kAdmin)) {
    return core::Fail(core::Error::NotFound("No import job with this id (jobs are kept until the server restarts)."));
  }
  return it->second;
}

core::Result<ImportJob> ImportJobs::Get(const access::Principal& actor, const std::string& id) const {
  std::lock_guard lock(mu_);
  LB_TRY(e, Find(actor, id));
  return Snapshot(*e);
}

core::Result<std::string> ImportJobs::IssuesCsv(const access::Principal& actor, const std::string& id) const {
  fs::path report;
  {
    std::lock_guard lock(mu_);
    LB_TRY(e, Find(actor, id));
    if (e->job.state == JobState::kQueued || e->job.state == JobState::kRunning) {
      // The file is still being written: the problems found so far that are held in memory.
      std::string out(kReportHeader);
      for (const auto& i : e->job.issues) out += ReportLine(i);
      return out;
    }
    report = e->report;
  }
  std::string out(kReportHeader);
  if (report.empty()) return out;
  auto text = ReadWhole(report);
  if (!text) return core::Fail(core::Error::Internal("the report file is gone"));
  return out + *text;
}

void ImportJobs::WaitIdle() {
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock, [&] { return queue_.empty() && !busy_; });
}

ImportJob ImportJobs::Snapshot(const Entry& e) const {
  ImportJob j = e.job;
  if (j.state == JobState::kQueued) {
    int ahead = busy_ ? 1 : 0;
    for (const auto& q : queue_) {
      if (q.get() == &e) break;
      ++ahead;
    }
    j.queue_position = ahead;
  }
  j.can_import_now = e.checked_until && !e.upload.empty() && clock_.Now() < *e.checked_until;
  return j;
}

void ImportJobs::Forget() {
  while (finished_order_.size() > options_.jobs_kept) {
    auto it = jobs_.find(finished_order_.front());
    finished_order_.pop_front();
    if (it == jobs_.end()) continue;
    RemoveQuietly(it->second->report);
    RemoveQuietly(it->second->upload);  // a clean check's file goes with its job
    jobs_.erase(it);
  }
}

void ImportJobs::Work() {
  for (;;) {
    std::shared_ptr<Entry> next;
    {
      std::unique_lock lock(mu_);
      work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) {
        for (auto& q : queue_) {
          q->job.state = JobState::kFailed;
          q->job.error =
              core::Error{core::ErrorCode::kUnavailable, "The server stopped before the import ran.", {}, {}};
        }
        queue_.clear();
        busy_ = false;
        idle_cv_.notify_all();
        return;
      }
      next = queue_.front();
      queue_.pop_front();
      busy_ = true;
      next->job.state = JobState::kRunning;
      next->job.started_at = core::FormatRfc3339(clock_.Now());
      next->started = std::chrono::steady_clock::now();
    }
    if (!MayImport(db_, options_.revocations.get(), next->actor.user_id, true)) {
      RemoveQuietly(next->upload);
      std::lock_guard lock(mu_);
      next->job.state = JobState::kFailed;
      next->job.error = UserDisabled();
      next->job.finished_at = core::FormatRfc3339(clock_.Now());
    } else {
      RunOne(next);
    }
    {
      std::lock_guard lock(mu_);
      busy_ = false;
      finished_order_.push_back(next->job.id);
      Forget();
      if (queue_.empty()) idle_cv_.notify_all();
    }
  }
}

void ImportJobs::RunOne(const std::shared_ptr<Entry>& e) {
  auto fail = [&](const core::Error& error) {
    std::lock_guard lock(mu_);
    e->job.state = JobState::kFailed;
    e->job.error = error;
    e->job.eta_seconds.reset();
    e->job.finished_at = core::FormatRfc3339(clock_.Now());
  };

  int fd = -1;
  auto report_path = NewPrivateFile(options_.spool_dir, "labourbridge-report", &fd);
  std::FILE* report = nullptr;
  if (report_path) {
    report = ::fdopen(fd, "wb");
    std::lock_guard lock(mu_);
    e->report = *report_path;
  }
  auto source = OpenTable(e->upload.string(), std::nullopt);
  if (!source) {
    if (report) {
      // The file-level problem is the report's one line.
      const auto& f = source.error().fields;
      Issue i{1, "", "", f.empty() ? "unreadable" : f.front().code,
              f.empty() ? source.error().message : f.front().message};
      const std::string line = ReportLine(i);
      std::fwrite(line.data(), 1, line.size(), report);
      std::fclose(report);
      std::lock_guard lock(mu_);
      e->job.issue_count = 1;
      e->job.issues.push_back(std::move(i));
    }
    RemoveQuietly(e->upload);
    return fail(source.error());
  }
  // Before every row, the node's marks (a lookup in memory): a disable stops the import at once.
  CancellableSource cancellable(std::move(*source), e->cancel,
                                [revocations = options_.revocations, user = e->actor.user_id] {
                                  return !revocations || !revocations->Revoked(access::Revocations::Kind::kUser, user);
                                });

  auto sink = [&](const Issue& i) {
    if (report) {
      const std::string line = ReportLine(i);
      std::fwrite(line.data(), 1, line.size(), report);
    }
    std::lock_guard lock(mu_);
    ++e->job.issue_count;
    if (e->job.issues.size() < options_.issues_kept) e->job.issues.push_back(i);
  };
  auto progress = [&](const ImportProgress& p) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - e->started).count();
    std::lock_guard lock(mu_);
    ImportJob& j = e->job;
    j.rows_read = p.rows;
    j.bytes_read = p.done;
    if (p.total) j.bytes_total = p.total;
    j.rows_per_second = seconds > 0 ? static_cast<double>(p.rows) / seconds : 0;
    if (p.finished) {
      j.rows_total = p.rows;
      j.rows_total_exact = true;
      j.eta_seconds.reset();
    } else if (p.done > 0 && p.total >= p.done) {
      j.rows_total = static_cast<int64_t>(std::llround(static_cast<double>(p.rows) * p.total / p.done));
      const double left = seconds * (static_cast<double>(p.total - p.done) / p.done);
      j.eta_seconds = static_cast<int64_t>(std::ceil(left));
    }
  };

  ImportOptions options;
  options.kind = e->job.kind;
  options.dry_run = e->job.mode == ImportMode::kDryRun;
  options.skip_invalid = e->job.mode == ImportMode::kSkipInvalid;
  options.confirm_new = e->job.confirm_new;
  // Once more just before the commit, the account (the marks and its row): on PostgreSQL an
  // import blocked at its first write has read all of a small file, so no row check follows a
  // disable made while it waited.
  options.before_commit = [this, user = e->actor.user_id]() -> core::Status {
    if (!MayImport(db_, options_.revocations.get(), user, true)) return core::Fail(UserDisabled());
    return {};
  };
  Importer importer(db_, registry_, audit_);
  ImportSummary summary;
  auto result = importer.Run(e->actor, cancellable, options, sink, progress, &summary);
  if (report) std::fclose(report);
  // A check that found no problem keeps its file for "import now"; any other run is done with it.
  const bool keep = options.dry_run && result && summary.invalid == 0;
  if (!keep) RemoveQuietly(e->upload);
  {
    std::lock_guard lock(mu_);
    e->job.summary = summary;
    e->job.rows_read = summary.rows;
    e->job.rows_total = summary.rows;
    e->job.rows_total_exact = true;
    e->job.bytes_read = e->job.bytes_total;
  }
  // Ids and counts only: never the file's contents.
  spdlog::info("import job {} ({}, {}) by user {}: {} rows, {} created, {} updated, {} unchanged, {} invalid, {}",
               e->job.id, KindName(e->job.kind), ImportModeName(e->job.mode), e->actor.user_id, summary.rows,
               summary.created, summary.updated, summary.unchanged, summary.invalid,
               result ? "ok" : core::ErrorCodeName(result.error().code));
  if (!result) return fail(result.error());
  if (options.dry_run && summary.invalid > 0) {
    // What the real run would do: reject the file.
    return fail(core::Error::Field(
        "file", "invalid_rows",
        std::to_string(summary.invalid) + " of " + std::to_string(summary.rows) +
            " rows are invalid; the import would be rejected (this was a dry run: nothing was written)."));
  }
  std::lock_guard lock(mu_);
  if (keep) {
    // One kept file per user: their newest clean check. An earlier one is let go.
    for (auto& [other_id, other] : jobs_) {
      if (other != e && other->checked_until && other->job.owner_user_id == e->job.owner_user_id) {
        RemoveQuietly(other->upload);
        other->upload.clear();
        other->checked_until.reset();
      }
    }
    e->checked_until = clock_.Now() + kCheckedFileKept;
  }
  e->job.state = JobState::kSucceeded;
  e->job.eta_seconds.reset();
  e->job.finished_at = core::FormatRfc3339(clock_.Now());
}

}  // namespace lb::files
