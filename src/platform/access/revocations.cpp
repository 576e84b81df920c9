#include "platform/access/revocations.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdlib>
#include <optional>

#include "platform/access/revocation_journal.h"

namespace lb::access {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kRetryEvery = std::chrono::seconds(1);
constexpr auto kDrainLimit = std::chrono::seconds(30);
constexpr auto kKeepAfterWrite = std::chrono::minutes(1);  // longer than the token cache (5 s)
constexpr auto kSayWaitingAfter = std::chrono::seconds(1);
constexpr std::string_view kCancelled = "revocation cancelled";

// Worth another try: the writer was busy, the disk full, the database away.
bool Retryable(const core::Error& e) {
  return e.code == core::ErrorCode::kUnavailable || e.code == core::ErrorCode::kInsufficientStorage ||
         e.code == core::ErrorCode::kInternal;
}

}  // namespace

struct Revocations::Job {
  enum class State { kQueued, kWriting, kDone, kFailed, kCancelled };
  std::string what;
  std::vector<Key> keys;
  std::function<core::Status(storage::Transaction&)> write;
  State state = State::kQueued;
  core::Status result;
  int attempts = 0;
};

Revocations::Revocations(storage::Database& db) : db_(db), wait_(DurableWaitFromEnvironment()) {
  worker_ = std::thread([this] { Run(); });
}

Revocations::~Revocations() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

Revocations::Wait Revocations::DurableWaitFromEnvironment() {
  Wait w;
  if (const char* env = std::getenv("LB_WRITER_WAIT_SECONDS")) {
    int seconds = 0;
    const std::string_view s(env);
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), seconds);
    if (ec == std::errc() && end == s.data() + s.size() && seconds > 0) w.limit = std::chrono::seconds(seconds);
  }
  return w;
}

void Revocations::SetJournal(std::shared_ptr<RevocationJournal> journal) {
  std::lock_guard lock(mu_);
  journal_ = std::move(journal);
}

core::Status Revocations::Journal(const std::string& type, const std::vector<Key>& keys, const nlohmann::json& data) {
  std::shared_ptr<RevocationJournal> journal;
  {
    std::lock_guard lock(mu_);
    journal = journal_;
  }
  if (!journal) return {};
  return journal->Append(type, keys, data);
}

void Revocations::SetWait(Wait wait) {
  std::lock_guard lock(mu_);
  wait_ = wait;
}

bool Revocations::Revoked(Kind kind, std::string_view id) const {
  std::lock_guard lock(mu_);
  return marks_.find(std::pair<Kind, std::string>(kind, std::string(id))) != marks_.end();
}

void Revocations::Forget(const std::vector<Key>& keys) {
  for (const auto& k : keys) {
    // Another queued revocation of the same key keeps its mark.
    bool queued_elsewhere = false;
    for (const auto& j : queue_) {
      if (j->state != Job::State::kCancelled) {
        for (const auto& o : j->keys) queued_elsewhere = queued_elsewhere || (o.kind == k.kind && o.id == k.id);
      }
    }
    if (!queued_elsewhere) marks_.erase({k.kind, k.id});
  }
}

void Revocations::Prune() {
  const auto now = Clock::now();
  for (auto it = marks_.begin(); it != marks_.end();) {
    it = (it->second != Clock::time_point::max() && now - it->second > kKeepAfterWrite) ? marks_.erase(it)
                                                                                        : std::next(it);
  }
}

core::Result<bool> Revocations::Persist(std::string what, std::vector<Key> keys,
                                        std::function<core::Status(storage::Transaction&)> write) {
  auto job = std::make_shared<Job>();
  job->what = std::move(what);
  job->keys = std::move(keys);
  job->write = std::move(write);
  std::unique_lock lock(mu_);
  Prune();
  for (const auto& k : job->keys) marks_[{k.kind, k.id}] = Clock::time_point::max();
  if (stop_) return core::Fail(core::Error{core::ErrorCode::kUnavailable, "The server is stopping.", {}, {}});
  queue_.push_back(job);
  cv_.notify_all();
  const Wait wait = wait_;
  const auto start = Clock::now();
  const auto finished = [&] { return job->state == Job::State::kDone || job->state == Job::State::kFailed; };
  if (wait.durable && !cv_.wait_until(lock, start + kSayWaitingAfter, finished)) {
    spdlog::warn("waiting for the database writer to record {} (an import may be holding it); giving up after {} s",
                 job->what, std::chrono::duration_cast<std::chrono::seconds>(wait.limit).count());
  }
  if (!cv_.wait_until(lock, start + wait.limit, finished)) {
    if (!wait.durable) return false;  // marked; written when the writer is free
    // A write under way is about to commit: wait for it; else nothing is written.
    cv_.wait(lock, [&] { return job->state != Job::State::kWriting; });
    if (job->state == Job::State::kQueued) {
      job->state = Job::State::kCancelled;
      Forget(job->keys);
      return core::Fail(
          core::Error{core::ErrorCode::kUnavailable,
                      "The database stayed busy for " +
                          std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait.limit).count()) +
                          " s (an import is probably running): " + job->what +
                          " was not recorded and nothing changed. Try again when the import has finished.",
                      {},
                      std::string(kCancelled)});
    }
  }
  if (job->state == Job::State::kFailed) return core::Fail(job->result.error());
  return true;
}

void Revocations::Run() {
  std::unique_lock lock(mu_);
  std::optional<Clock::time_point> drain_until;
  for (;;) {
    cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) break;  // stopping, nothing left
    if (stop_ && !drain_until) drain_until = Clock::now() + kDrainLimit;
    auto job = queue_.front();
    if (job->state == Job::State::kCancelled) {
      queue_.pop_front();
      continue;
    }
    lock.unlock();
    auto written = db_.RunWrite([&](storage::Transaction& tx) -> core::Status {
      {
        std::lock_guard guard(mu_);
        if (job->state == Job::State::kCancelled) {
          return core::Fail(core::Error{core::ErrorCode::kConflict, "", {}, std::string(kCancelled)});
        }
        job->state = Job::State::kWriting;
      }
      cv_.notify_all();
      return job->write(tx);
    });
    lock.lock();
    if (job->state == Job::State::kCancelled) {
      queue_.pop_front();
      continue;
    }
    if (written) {
      job->state = Job::State::kDone;
      const auto now = Clock::now();
      for (const auto& k : job->keys) {
        auto it = marks_.find(std::pair<Kind, std::string>(k.kind, k.id));
        if (it != marks_.end()) it->second = now;
      }
      queue_.pop_front();
      cv_.notify_all();
      continue;
    }
    ++job->attempts;
    if (Retryable(written.error()) && !(drain_until && Clock::now() > *drain_until)) {
      job->state = Job::State::kQueued;
      cv_.notify_all();
      if (job->attempts == 1 || job->attempts % 60 == 0) {
        spdlog::warn("revocations: recording {} failed, will retry: {}", job->what, written.error().internal);
      }
      cv_.wait_for(lock, kRetryEvery, [&] { return stop_ && !drain_until; });
      continue;
    }
    if (Retryable(written.error())) {
      spdlog::error("revocations: {} was NOT recorded before shutdown ({}); it held until now only in memory",
                    job->what, written.error().internal);
    } else if (job->attempts > 0) {
      spdlog::warn("revocations: recording {} failed: {}", job->what, written.error().message);
    }
    job->state = Job::State::kFailed;
    job->result = core::Fail(written.error());
    queue_.pop_front();
    cv_.notify_all();
  }
}

}  // namespace lb::access
