#pragma once
// The threads that run request handlers away from the I/O threads, with a bounded queue: work
// beyond what the idle threads and `max_queued` waiting places can take is refused at once, so
// an overloaded node answers 503 instead of queueing without bound.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace lb::http {

class WorkerPool {
 public:
  WorkerPool(unsigned threads, size_t max_queued);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Hands `task` to a thread; false, and nothing queued, when every thread is busy and
  // max_queued tasks already wait (or the pool is joining).
  bool TryPost(std::function<void()> task);
  // Runs what is queued, then ends the threads; further posts are refused. Idempotent.
  void Join();

 private:
  void Loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  size_t max_queued_;
  size_t size_;         // threads
  size_t running_ = 0;  // tasks a thread has taken and not finished
  bool joining_ = false;
  std::vector<std::thread> threads_;
};

// A per-key share of something scarce (a user's large uploads, their reports and exports): at
// most `limit` held at once by one key, whatever the other keys hold, so one user cannot take
// what a pool or the node has for everyone.
class PerKeyLimit {
 public:
  explicit PerKeyLimit(unsigned limit) : limit_(limit) {}
  unsigned limit() const { return limit_; }
  void set_limit(unsigned limit) { limit_ = limit; }

  // Held while it lives; empty when `key` already holds `limit`.
  using Ticket = std::shared_ptr<void>;
  Ticket TryTake(const std::string& key);

 private:
  void Give(const std::string& key);

  unsigned limit_;
  std::mutex mu_;
  std::unordered_map<std::string, unsigned> held_;
};

}  // namespace lb::http
