#pragma once
// The tamper-evident audit log: an append-only hash chain of every change (written in the
// same transaction as the change) and of reads of personal records, with the head signed by
// the node's Ed25519 key at checkpoints.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "storage/database.h"

namespace lb::audit {

// One event to record.
struct Event {
  std::string actor;        // user name, or "system"
  std::string action;       // "person.create", "person.update", "person.read", "login.failure", ...
  std::string entity_type;  // "person", "employer", "permit", "user", "token", "session"
  std::string entity_id;
  nlohmann::json changes = nullptr;  // {"field": {"before": x, "after": y}}; null when none
};

// A stored entry: the event plus its place in the chain.
struct Entry {
  int64_t seq = 0;
  std::string at;    // RFC 3339
  std::string node;  // VN or LA
  Event event;
  std::string prev_hash;  // hex SHA-256 of the previous entry ("" for the first)
  std::string hash;       // hex SHA-256 over the canonical encoding of this entry and prev_hash
};

// The members that differ between two JSON objects, as {"field": {"before": a, "after": b}}.
// A member missing on one side counts as null there, so Diff(nullptr, record) describes a
// creation and Diff(record, nullptr) a removal; members are compared whole (a changed array
// or nested object appears with both its values). Returns an empty object when nothing
// differs. Values that are neither objects nor null are compared whole under the key "value".
nlohmann::json Diff(const nlohmann::json& before, const nlohmann::json& after);

// An entry as JSON: {"seq", "at", "node", "actor", "action", "entity_type", "entity_id",
// "changes", "prev_hash", "hash"} (for the API and `audit list --json`).
nlohmann::json ToJson(const Entry& entry);

// Writes the audit log: Append for changes (in the change's transaction), Record for reads.
class AuditLog {
 public:
  AuditLog(storage::Database& db, const core::Clock& clock, std::string node);
  ~AuditLog();

  // Appends in the caller's write transaction, so the entry exists exactly when the change does.
  // Takes the chain's head row (audit_head) for the rest of the transaction, so concurrent
  // appenders queue and the chain never forks; a rolled-back transaction leaves no entry and
  // no gap. Call it as the last statement of the transaction: the head row is the hottest
  // lock in the database, and taking it before other row locks invites deadlocks on
  // PostgreSQL. kValidation when a field is empty (actor, action, entity_type) or not UTF-8.
  core::Status Append(storage::Transaction& tx, const Event& event);
  // Appends several events in order with one head update (bulk import): the same chain as
  // appending them one by one. Nothing is appended when one of them is invalid.
  core::Status AppendAll(storage::Transaction& tx, std::vector<Event> events);

  // Records an event that is not a change (a read of a personal record). Such events are
  // queued and written in batches shortly after (Flush), so reads do not wait for a commit.
  // A background thread, started by the first Record, writes the queue in one transaction
  // about every 200 ms; the destructor writes what is left. `at` is the time of the Record.
  void Record(Event event);
  // Writes every queued event now (and waits for a batch the background thread is writing).
  // On failure the events stay queued for the next attempt.
  core::Status Flush();
  // Events waiting to be written (for tests and /readyz-style checks).
  size_t Pending() const;

  struct Filter {
    std::optional<std::string> entity_type, entity_id, actor;
    std::optional<std::string> action;             // exactly this action
    std::optional<std::string> at_from, at_until;  // RFC 3339 text: at >= at_from, at < at_until
    // Keyset cursor: entries after this seq in the listing order.
    std::optional<int64_t> after_seq;
    int limit = 100;            // clamped to 1..1000
    bool newest_first = false;  // seq descending (then after_seq means "seq < after_seq")
  };
  core::Result<std::vector<Entry>> List(const Filter& filter);

  const std::string& node() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lb::audit
