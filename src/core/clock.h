#pragma once
// Time source injected into services, so tests control "now".
#include <atomic>
#include <chrono>
#include <string>

namespace lb::core {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

// The current time. Logic asks a Clock, never std::chrono::system_clock directly.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

// Wall-clock time.
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
};

// A clock tests set and advance by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : now_ms_(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(std::chrono::milliseconds(now_ms_.load())); }
  void Set(TimePoint t) { now_ms_ = t.time_since_epoch().count(); }
  void Advance(std::chrono::milliseconds d) { now_ms_ += d.count(); }

 private:
  std::atomic<long long> now_ms_;
};

// RFC 3339 UTC with milliseconds: 2026-11-26T08:30:00.123Z
std::string FormatRfc3339(TimePoint t);

// ISO 8601 calendar date (YYYY-MM-DD) of a time point in the node's zone (core/local_time.h):
// "today" for what is due, overdue or expired.
std::string FormatDate(TimePoint t);

}  // namespace lb::core
