#pragma once
// Signs the audit head periodically (hourly while serving) on a background thread.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/clock.h"
#include "platform/audit/checkpoint.h"
#include "platform/audit/signing.h"
#include "storage/database.h"

namespace lb::audit {

// Takes a checkpoint every `interval` until stopped. A tick whose head is already covered by
// the last checkpoint this Checkpointer took is skipped, so an idle node does not pile up
// identical checkpoints. The interval is measured on a steady clock (it is a schedule, not
// a timestamp); the checkpoint's `at` comes from the injected Clock.
class Checkpointer {
 public:
  Checkpointer(storage::Database& db, const core::Clock& clock, NodeKey key, std::string node,
               std::chrono::milliseconds interval = std::chrono::hours(1));
  ~Checkpointer();  // stops
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  void Start();
  // Wakes the thread and waits for it to finish; a tick in progress completes first.
  void Stop();

  // One tick now, on the caller's thread: the new checkpoint, or nullopt when skipped.
  core::Result<std::optional<Checkpoint>> Tick();

  int64_t checkpoints_taken() const;

 private:
  void Run();

  storage::Database& db_;
  const core::Clock& clock_;
  const NodeKey key_;
  const std::string node_;
  const std::chrono::milliseconds interval_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  int64_t taken_ = 0;
  std::optional<std::pair<int64_t, std::string>> last_signed_;  // seq and hash of our newest checkpoint
  std::mutex tick_mu_;
  std::thread thread_;
};

}  // namespace lb::audit
