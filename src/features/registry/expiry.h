#pragma once
// Permits expire by themselves: a permit in force (issued or extended) whose valid_until has
// passed is expired. Reads show that at once (the effective status); the expiry job records
// the `expired` transition, audited, with the system as actor.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/periodic.h"
#include "features/registry/model.h"

namespace lb::registry {

class RegistryService;

// True when `w` is recorded as in force but its last valid day is before `today` (YYYY-MM-DD).
bool IsLapsed(const WorkPermit& w, std::string_view today);
// The status a read shows on `today`: "expired" for a lapsed permit, else the stored one.
std::string EffectiveStatus(const WorkPermit& w, std::string_view today);

// Records the expiry of every lapsed permit, a bounded batch per write transaction so the
// SQLite writer is never held long; returns how many were recorded (0 when none lapsed).
// `stopping` is asked between batches (a node shutting down ends the pass there).
core::Result<int64_t> RecordAllExpiries(RegistryService& service, int batch = 200,
                                        const std::function<bool()>& stopping = {});

// Runs RecordAllExpiries at start and then every `interval`, as a task of the node's periodic
// runner (core::PeriodicTasks), until stopped. The interval is a schedule on a steady clock;
// the day permits are read on comes from the service's injected clock.
class ExpiryJob {
 public:
  ExpiryJob(RegistryService& service, std::chrono::milliseconds interval = std::chrono::hours(1));
  ~ExpiryJob();  // stops
  ExpiryJob(const ExpiryJob&) = delete;
  ExpiryJob& operator=(const ExpiryJob&) = delete;

  // The periodic task: a pass at once, then every interval. A node adds it to its own runner.
  core::PeriodicTasks::Task Task();

  // Runs the task alone on a runner of its own (tests).
  void Start();
  // Wakes that runner and waits for it; a pass in progress finishes its current batch first.
  void Stop();
  // Passes completed since Start (for tests and logs).
  int64_t passes() const;

 private:
  void Pass(const core::PeriodicTasks::Stopping& stopping);

  RegistryService& service_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mu_;
  int64_t passes_ = 0;
  bool own_added_ = false;
  core::PeriodicTasks own_;  // Start()/Stop() only; destroyed (stopped) first
};

}  // namespace lb::registry
