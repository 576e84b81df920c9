#pragma once
// The tamper-evident audit log: an append-only hash chain of every change (written in the
// same transaction as the change) and of reads of personal records, with the head signed by
// the node's Ed25519 key at checkpoints.
#include <nlohmann/json.hpp>

#include <cstdint>
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
nlohmann::json Diff(const nlohmann::json& before, const nlohmann::json& after);

class AuditLog {
 public:
  AuditLog(storage::Database& db, const core::Clock& clock, std::string node);
  ~AuditLog();

  // Appends in the caller's write transaction, so the entry exists exactly when the change does.
  core::Status Append(storage::Transaction& tx, const Event& event);

  // Records an event that is not a change (a read of a personal record). Such events are
  // queued and written in batches shortly after (Flush), so reads do not wait for a commit.
  void Record(Event event);
  core::Status Flush();

  struct Filter {
    std::optional<std::string> entity_type, entity_id, actor;
    std::optional<int64_t> after_seq;
    int limit = 100;
  };
  core::Result<std::vector<Entry>> List(const Filter& filter);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lb::audit
