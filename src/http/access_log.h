#pragma once
// The access log, written off the I/O threads: an I/O thread only puts the finished line on a
// bounded queue (no file or log I/O, no waiting); one logger thread drains the queue in order
// into the sink. When the queue is full the line is dropped and counted, so a slow disk or a
// flood of requests can never hold a socket. Stop() (and the destructor) writes what is queued.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace lb::http {

class AccessLog {
 public:
  using Sink = std::function<void(std::string_view line)>;
  // The default sink is the process log (spdlog, level info). `capacity` lines may wait.
  explicit AccessLog(size_t capacity = 8192, Sink sink = {});
  ~AccessLog();  // Stop()
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Queues one line; never blocks on the sink. False (and counted) when the queue is full or
  // the log is stopped.
  bool Add(std::string line);
  // Writes every queued line, then ends the logger thread; later Adds are dropped. Idempotent.
  void Stop();

  // Lines dropped because the queue was full (or the log stopped).
  uint64_t dropped() const;

 private:
  void Run();

  const size_t capacity_;
  Sink sink_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  uint64_t dropped_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace lb::http
