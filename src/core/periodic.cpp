#include "core/periodic.h"

#include <algorithm>

namespace lb::core {

PeriodicTasks::~PeriodicTasks() { Stop(); }

void PeriodicTasks::Add(Task task) {
  {
    std::lock_guard lock(mu_);
    const auto now = Clock::now();
    const bool now_first = task.at_start;
    const auto interval = task.interval;
    entries_.push_back({std::move(task), now_first ? now : now + interval});
  }
  cv_.notify_all();
}

void PeriodicTasks::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  const auto now = Clock::now();
  for (auto& e : entries_) e.due = e.task.at_start ? now : now + e.task.interval;
  thread_ = std::thread([this] { Run(); });
}

void PeriodicTasks::Stop() {
  std::thread t;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    t = std::move(thread_);
  }
  cv_.notify_all();
  if (t.joinable()) t.join();
}

bool PeriodicTasks::running() const {
  std::lock_guard lock(mu_);
  return thread_.joinable() && !stop_;
}

void PeriodicTasks::Run() {
  const Stopping stopping = [this] {
    std::lock_guard lock(mu_);
    return stop_;
  };
  std::unique_lock lock(mu_);
  while (!stop_) {
    if (entries_.empty()) {
      cv_.wait(lock, [&] { return stop_ || !entries_.empty(); });
      continue;
    }
    auto next = std::min_element(entries_.begin(), entries_.end(),
                                 [](const Entry& a, const Entry& b) { return a.due < b.due; });
    const auto due = next->due;
    if (Clock::now() < due) {
      // Woken early by Stop or by a new task: look again.
      cv_.wait_until(lock, due);
      continue;
    }
    const size_t index = static_cast<size_t>(next - entries_.begin());
    auto run = entries_[index].task.run;  // a copy: Add may grow entries_ while it runs
    lock.unlock();
    run(stopping);
    lock.lock();
    // The next run is one interval after this one ended, so a slow run never queues up runs.
    entries_[index].due = Clock::now() + entries_[index].task.interval;
  }
}

}  // namespace lb::core
