#include "http/worker_pool.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace lb::http {

WorkerPool::WorkerPool(unsigned threads, size_t max_queued) : max_queued_(max_queued), size_(std::max(1u, threads)) {
  threads_.reserve(size_);
  for (size_t i = 0; i < size_; ++i) threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() { Join(); }

bool WorkerPool::TryPost(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    // A task posted while a thread is free waits only until that thread takes it; only the
    // tasks beyond the free threads take one of the waiting places.
    if (joining_ || queue_.size() >= (size_ - running_) + max_queued_) return false;
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
  return true;
}

void WorkerPool::Join() {
  {
    std::lock_guard lock(mu_);
    joining_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void WorkerPool::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return joining_ || !queue_.empty(); });
    if (queue_.empty()) return;  // joining, and nothing left to run
    {
      auto task = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
      lock.unlock();
      try {
        task();
      } catch (const std::exception& e) {
        // Handlers map their errors to answers; this is a fault in the server itself.
        spdlog::error("worker: a task failed: {}", e.what());
      }
    }  // what the task held (a connection, a work guard) goes before the lock is taken again
    lock.lock();
    --running_;
  }
}

PerKeyLimit::Ticket PerKeyLimit::TryTake(const std::string& key) {
  std::lock_guard lock(mu_);
  unsigned& used = held_[key];
  if (used >= limit_) {
    if (used == 0) held_.erase(key);
    return nullptr;
  }
  ++used;
  return Ticket(this, [key](PerKeyLimit* self) { self->Give(key); });
}

void PerKeyLimit::Give(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = held_.find(key);
  if (it != held_.end() && --it->second == 0) held_.erase(it);
}

}  // namespace lb::http
