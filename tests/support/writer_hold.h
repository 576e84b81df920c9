#pragma once
// Holds the database's writer from a thread of its own until Release(), as a long import does,
// for the tests of what must (or must not) wait for it.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "storage/database.h"
#include "support/test_support.h"

namespace lb::testing {

class WriterHold {
 public:
  // The write transaction itself (a write of its own, so it holds the writer's lock on every
  // backend).
  explicit WriterHold(storage::Database& db) : WriterHold(db, Backend::kSqlite) {}
  // What keeps a started import from reading the registry: on SQLite the writer; on PostgreSQL
  // an exclusive lock on the persons table (a transaction there does not stop other writers).
  WriterHold(storage::Database& db, Backend backend) {
    thread_ = std::thread([this, &db, backend] {
      if (backend == Backend::kSqlite) {
        auto r = db.RunWrite([&](storage::Transaction& tx) -> core::Status {
          LB_TRY(n, tx.Exec("UPDATE node_secrets SET value = value WHERE name = 'nothing'", {}));
          (void)n;
          Wait();
          return {};
        });
        EXPECT_TRUE(r) << r.error().message;
        return;
      }
      auto tx = storage::Transaction::Begin(db, true);
      ASSERT_TRUE(tx) << tx.error().message;
      auto locked = tx->Exec("LOCK TABLE persons IN ACCESS EXCLUSIVE MODE", {});
      EXPECT_TRUE(locked) << locked.error().message;
      Wait();
    });
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return held_; });
  }
  WriterHold(const WriterHold&) = delete;
  WriterHold& operator=(const WriterHold&) = delete;
  ~WriterHold() { Release(); }

  void Release() {
    {
      std::lock_guard lock(mu_);
      released_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Wait() {
    std::unique_lock lock(mu_);
    held_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return released_; });
  }

  std::mutex mu_;
  std::condition_variable cv_;
  bool held_ = false, released_ = false;
  std::thread thread_;
};

}  // namespace lb::testing
