#pragma once
// Revocations that never wait for the database writer: ended sessions, revoked API tokens and
// disabled users are refused from the moment they are revoked, even while a long import holds
// SQLite's one write transaction. Each revocation is first marked in memory (consulted on every
// authentication, by every service of the node), then written with its audit entry by a
// background thread as soon as the writer is free, retried until it is written. The database
// stays the truth: a restarted node reads what was written, and marks are dropped a minute after
// their write. The node owns one set (and its journal) and hands it to the services that need
// it; a separate process (the console) makes its own.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/error.h"
#include "storage/database.h"

namespace lb::access {

class RevocationJournal;

class Revocations {
 public:
  explicit Revocations(storage::Database& db);
  // Writes what is still queued (retrying for up to 30 s), then stops the writing thread.
  ~Revocations();
  Revocations(const Revocations&) = delete;
  Revocations& operator=(const Revocations&) = delete;

  enum class Kind { kSession, kToken, kUser };
  struct Key {
    Kind kind;
    std::string id;  // session: the id's hash; token: its id; user: their id
  };
  bool Revoked(Kind kind, std::string_view id) const;

  // How long Persist waits for the write. In a node (kGrace) the mark already refuses the
  // session, token or user, so the caller waits only briefly and the write goes on in the
  // background. A separate process such as the console (kDurable) has no effect on a node's
  // memory, so it waits for the write itself and, when the writer stays busy past the limit,
  // cancels it: nothing changes and the caller says so.
  struct Wait {
    bool durable = true;
    std::chrono::milliseconds limit{std::chrono::seconds(120)};
  };
  void SetWait(Wait wait);
  // The wait of a separate process: LB_WRITER_WAIT_SECONDS from the environment, else 120 s.
  static Wait DurableWaitFromEnvironment();

  // Marks `keys` revoked and queues `write` (one write transaction; it must be idempotent:
  // it may be retried, and must treat "already revoked" as done). Returns true when the write
  // is in the database, false when it is still queued (kGrace); an error when the write failed
  // for good (the marks stay) or, kDurable, when the writer stayed busy (marks dropped,
  // nothing written). `what` names the change in messages.
  core::Result<bool> Persist(std::string what, std::vector<Key> keys,
                             std::function<core::Status(storage::Transaction&)> write);

  // The journal revocations are appended to before they are marked (revocation_journal.h);
  // none (nullptr) by default, and after the node closes it.
  void SetJournal(std::shared_ptr<RevocationJournal> journal);
  // Appends a revocation of `type` to the journal and fsyncs it; does nothing without one. An
  // error when it cannot be written: the caller then changes nothing.
  core::Status Journal(const std::string& type, const std::vector<Key>& keys, const nlohmann::json& data);

 private:
  struct Job;
  void Run();
  void Forget(const std::vector<Key>& keys);  // mu_ held
  void Prune();                               // mu_ held

  storage::Database& db_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  // Marks: key -> when its write was done (time_point::max() while it is not).
  std::map<std::pair<Kind, std::string>, std::chrono::steady_clock::time_point, std::less<>> marks_;
  std::deque<std::shared_ptr<Job>> queue_;
  Wait wait_;
  bool stop_ = false;
  std::shared_ptr<RevocationJournal> journal_;
  std::thread worker_;
};

}  // namespace lb::access
