#pragma once
// Signs the audit head periodically (hourly while serving), as a task of the node's periodic
// runner (core::PeriodicTasks).
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/periodic.h"
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

  // The periodic task: a tick every interval (the first one interval after it starts). A node
  // adds it to its own runner.
  core::PeriodicTasks::Task Task();

  // Runs the task alone on a runner of its own (a process without a node's runner, tests).
  void Start();
  // Wakes that runner and waits for it to finish; a tick in progress completes first.
  void Stop();

  // One tick now, on the caller's thread: the new checkpoint, or nullopt when skipped.
  core::Result<std::optional<Checkpoint>> Tick();

  int64_t checkpoints_taken() const;

 private:
  void RunTick();

  storage::Database& db_;
  const core::Clock& clock_;
  const NodeKey key_;
  const std::string node_;
  const std::chrono::milliseconds interval_;

  mutable std::mutex mu_;
  int64_t taken_ = 0;
  std::optional<std::pair<int64_t, std::string>> last_signed_;  // seq and hash of our newest checkpoint
  std::mutex tick_mu_;
  bool own_added_ = false;
  core::PeriodicTasks own_;  // Start()/Stop() only; destroyed (stopped) first
};

}  // namespace lb::audit
