#include "platform/audit/audit_log.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "core/json_limits.h"
#include "platform/audit/chain.h"
#include "platform/audit/encoded.h"
#include "platform/audit/store.h"
#include "text/unicode.h"

namespace lb::audit {
namespace {

constexpr auto kFlushInterval = std::chrono::milliseconds(200);
// Read events held while the database is unreachable; beyond this the oldest are dropped
// (and counted in the log) rather than exhausting memory.
constexpr size_t kMaxQueued = 100000;
constexpr int kMaxListLimit = 1000;

// A queued read event with the time it happened.
struct Queued {
  Event event;
  std::string at;
};

core::Status Validate(const Event& e) { return ValidateEventText(e.actor, e.action, e.entity_type, e.entity_id); }

Entry ToEntry(StoredEntry s) {
  Entry e;
  e.seq = s.seq;
  e.at = std::move(s.at);
  e.node = std::move(s.node);
  e.event.actor = std::move(s.actor);
  e.event.action = std::move(s.action);
  e.event.entity_type = std::move(s.entity_type);
  e.event.entity_id = std::move(s.entity_id);
  if (s.changes) {
    e.event.changes = core::ParseStoredJson(*s.changes);
    if (e.event.changes.is_discarded()) e.event.changes = *s.changes;  // not JSON: show the text as stored
  }
  e.prev_hash = std::move(s.prev_hash);
  e.hash = std::move(s.hash);
  return e;
}

// Appends one entry at `at` (the caller validated the event).
core::Status AppendAt(storage::Transaction& tx, const std::string& node, const Event& event, std::string at) {
  LB_TRY(head, store::AdvanceHead(tx));
  StoredEntry e;
  e.seq = head.seq;
  e.at = std::move(at);
  e.node = node;
  e.actor = event.actor;
  e.action = event.action;
  e.entity_type = event.entity_type;
  e.entity_id = event.entity_id;
  if (!event.changes.is_null()) e.changes = CanonicalJson(event.changes);
  e.prev_hash = std::move(head.hash);
  e.hash = HashEntry(e);
  LB_CHECK(store::InsertEntry(tx, e));
  return store::SetHeadHash(tx, e.hash);
}

// Appends queued events in order with one head update for the whole batch: the chain is the
// same as appending them one by one, at a fraction of the statements.
template <typename Queue>
core::Status AppendBatch(storage::Transaction& tx, const std::string& node, const Queue& batch) {
  std::vector<StoredEntry> entries;
  entries.reserve(batch.size());
  for (const auto& q : batch) {
    StoredEntry& e = entries.emplace_back();
    e.at = q.at;
    e.node = node;
    e.actor = q.event.actor;
    e.action = q.event.action;
    e.entity_type = q.event.entity_type;
    e.entity_id = q.event.entity_id;
    if (!q.event.changes.is_null()) e.changes = CanonicalJson(q.event.changes);
  }
  return AppendEntries(tx, std::move(entries));
}

}  // namespace

nlohmann::json Diff(const nlohmann::json& before, const nlohmann::json& after) {
  nlohmann::json out = nlohmann::json::object();
  const bool objects = (before.is_object() || before.is_null()) && (after.is_object() || after.is_null());
  if (!objects) {
    if (before != after) out["value"] = {{"before", before}, {"after", after}};
    return out;
  }
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const nlohmann::json& b = before.is_null() ? kEmpty : before;
  const nlohmann::json& a = after.is_null() ? kEmpty : after;
  for (const auto& [key, value] : b.items()) {
    auto it = a.find(key);
    const nlohmann::json& other = it == a.end() ? nlohmann::json() : *it;
    if (value != other) out[key] = {{"before", value}, {"after", other}};
  }
  for (const auto& [key, value] : a.items()) {
    if (!b.contains(key) && !value.is_null()) out[key] = {{"before", nullptr}, {"after", value}};
  }
  return out;
}

nlohmann::json ToJson(const Entry& e) {
  return {{"seq", e.seq},
          {"at", e.at},
          {"node", e.node},
          {"actor", e.event.actor},
          {"action", e.event.action},
          {"entity_type", e.event.entity_type},
          {"entity_id", e.event.entity_id},
          {"changes", e.event.changes},
          {"prev_hash", e.prev_hash},
          {"hash", e.hash}};
}

struct AuditLog::Impl {
  Impl(storage::Database& db, const core::Clock& clock, std::string node)
      : db(db), clock(clock), node(std::move(node)) {}

  storage::Database& db;
  const core::Clock& clock;
  const std::string node;

  mutable std::mutex mu;  // guards queue, stop, worker, dropped
  std::condition_variable cv;
  std::deque<Queued> queue;
  bool stop = false;
  std::thread worker;
  uint64_t dropped = 0;

  // Held while a batch is taken and written, so Flush() returns only after every event
  // recorded before it is committed (even one the worker had already taken).
  std::mutex flush_mu;

  core::Status WriteQueued() {
    std::lock_guard flushing(flush_mu);
    std::deque<Queued> batch;
    {
      std::lock_guard lock(mu);
      batch.swap(queue);
    }
    if (batch.empty()) return {};
    auto written = storage::InTransaction(db, true, [&](storage::Transaction& tx) -> core::Result<size_t> {
      LB_CHECK(AppendBatch(tx, node, batch));
      return batch.size();
    });
    if (written) return {};
    // Put the batch back in front of anything recorded meanwhile, keeping the order.
    std::lock_guard lock(mu);
    for (auto it = batch.rbegin(); it != batch.rend(); ++it) queue.push_front(std::move(*it));
    while (queue.size() > kMaxQueued) {
      queue.pop_front();
      ++dropped;
    }
    return core::Fail(written.error());
  }

  void Run() {
    std::unique_lock lock(mu);
    while (!stop) {
      cv.wait(lock, [&] { return stop || !queue.empty(); });
      if (stop) break;
      // Gather what arrives in the next interval into one transaction.
      cv.wait_for(lock, kFlushInterval, [&] { return stop; });
      lock.unlock();
      if (auto r = WriteQueued(); !r) {
        spdlog::warn("audit: writing queued read events failed, will retry: {} {}", r.error().message,
                     r.error().internal);
        lock.lock();
        cv.wait_for(lock, kFlushInterval, [&] { return stop; });  // back off before retrying
        if (dropped) {
          spdlog::error("audit: dropped {} queued read events (queue full)", dropped);
          dropped = 0;
        }
        continue;
      }
      lock.lock();
    }
  }
};

AuditLog::AuditLog(storage::Database& db, const core::Clock& clock, std::string node)
    : impl_(std::make_unique<Impl>(db, clock, std::move(node))) {
  if (sodium_init() < 0) spdlog::critical("audit: libsodium failed to initialise");
}

AuditLog::~AuditLog() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stop = true;
  }
  impl_->cv.notify_all();
  if (impl_->worker.joinable()) impl_->worker.join();
  if (auto r = impl_->WriteQueued(); !r) {
    spdlog::error("audit: {} read events could not be written at shutdown: {} {}", Pending(), r.error().message,
                  r.error().internal);
  }
}

core::Status AuditLog::Append(storage::Transaction& tx, const Event& event) {
  LB_CHECK(Validate(event));
  return AppendAt(tx, impl_->node, event, core::FormatRfc3339(impl_->clock.Now()));
}

core::Status AuditLog::AppendAll(storage::Transaction& tx, std::vector<Event> events) {
  std::vector<Queued> batch;
  batch.reserve(events.size());
  const std::string at = core::FormatRfc3339(impl_->clock.Now());
  for (auto& e : events) {
    LB_CHECK(Validate(e));
    batch.push_back({std::move(e), at});
  }
  return AppendBatch(tx, impl_->node, batch);
}

void AuditLog::Record(Event event) {
  if (auto v = Validate(event); !v) {
    // Never the values: they may hold personal data.
    spdlog::error("audit: dropped an invalid read event (action '{}'): {}",
                  text::IsValidUtf8(event.action) ? event.action : "?",
                  v.error().fields.empty() ? v.error().message : v.error().fields.front().message);
    return;
  }
  std::string at = core::FormatRfc3339(impl_->clock.Now());
  std::lock_guard lock(impl_->mu);
  if (impl_->stop) return;
  if (impl_->queue.size() >= kMaxQueued) {
    impl_->queue.pop_front();
    ++impl_->dropped;
  }
  impl_->queue.push_back({std::move(event), std::move(at)});
  if (!impl_->worker.joinable()) impl_->worker = std::thread([impl = impl_.get()] { impl->Run(); });
  impl_->cv.notify_all();
}

core::Status AuditLog::Flush() { return impl_->WriteQueued(); }

size_t AuditLog::Pending() const {
  std::lock_guard lock(impl_->mu);
  return impl_->queue.size();
}

core::Result<std::vector<Entry>> AuditLog::List(const Filter& filter) {
  store::ListFilter f;
  f.entity_type = filter.entity_type;
  f.entity_id = filter.entity_id;
  f.actor = filter.actor;
  f.action = filter.action;
  f.at_from = filter.at_from;
  f.at_until = filter.at_until;
  f.after_seq = filter.after_seq;
  f.newest_first = filter.newest_first;
  f.limit = std::clamp(filter.limit, 1, kMaxListLimit);
  LB_TRY(rows,
         storage::InTransaction(impl_->db, false, [&](storage::Transaction& tx) { return store::ListEntries(tx, f); }));
  std::vector<Entry> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back(ToEntry(std::move(r)));
  return out;
}

const std::string& AuditLog::node() const { return impl_->node; }

}  // namespace lb::audit
