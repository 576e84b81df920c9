#include "http/access_log.h"

#include <spdlog/spdlog.h>

#include <iterator>
#include <vector>

namespace lb::http {

AccessLog::AccessLog(size_t capacity, Sink sink) : capacity_(capacity == 0 ? 1 : capacity), sink_(std::move(sink)) {
  if (!sink_) sink_ = [](std::string_view line) { spdlog::info("{}", line); };
  thread_ = std::thread([this] { Run(); });
}

AccessLog::~AccessLog() { Stop(); }

bool AccessLog::Add(std::string line) {
  {
    std::lock_guard lock(mu_);
    if (stop_ || queue_.size() >= capacity_) {
      ++dropped_;
      return false;
    }
    queue_.push_back(std::move(line));
  }
  cv_.notify_one();
  return true;
}

void AccessLog::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stop_ && !thread_.joinable()) return;
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  std::lock_guard lock(mu_);
  if (dropped_ > 0) spdlog::warn("access log: {} lines dropped (the log could not keep up)", dropped_);
}

uint64_t AccessLog::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

void AccessLog::Run() {
  std::vector<std::string> batch;
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty() && stop_) return;
    // Take what is queued at once and write it unlocked: the I/O threads never wait for the sink.
    batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
    queue_.clear();
    lock.unlock();
    for (const auto& line : batch) sink_(line);
    batch.clear();
    lock.lock();
  }
}

}  // namespace lb::http
