#pragma once
// One background thread that runs a node's periodic tasks (the audit checkpoint, the permit
// expiry pass, ...), each on its own schedule, so each task is a function and none keeps a
// thread and a loop of its own. Schedules are measured on a steady clock (they are schedules,
// not timestamps). Tasks run one at a time; a long one delays the others, so a task that may
// run long asks `stopping` between its steps.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lb::core {

class PeriodicTasks {
 public:
  // True once Stop() was asked: a long task ends early.
  using Stopping = std::function<bool()>;
  struct Task {
    std::string name;
    std::chrono::milliseconds interval;
    bool at_start = false;  // run once at Start, then every interval (else first after one interval)
    std::function<void(const Stopping&)> run;
  };

  PeriodicTasks() = default;
  ~PeriodicTasks();  // Stop()
  PeriodicTasks(const PeriodicTasks&) = delete;
  PeriodicTasks& operator=(const PeriodicTasks&) = delete;

  // Registers a task; a task added while running gets its schedule from now.
  void Add(Task task);
  // Starts the thread (again after a Stop); does nothing when it runs.
  void Start();
  // Wakes the thread and waits for it; a task in progress finishes first (it sees `stopping`).
  void Stop();
  bool running() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    Task task;
    Clock::time_point due;
  };
  void Run();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Entry> entries_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace lb::core
