#include "features/registry/expiry.h"

#include <spdlog/spdlog.h>

#include "features/registry/service.h"

namespace lb::registry {

bool IsLapsed(const WorkPermit& w, std::string_view today) {
  // Dates are ISO YYYY-MM-DD, so text order is date order.
  return (w.status == "issued" || w.status == "extended") && !w.valid_until.empty() && w.valid_until < today;
}

std::string EffectiveStatus(const WorkPermit& w, std::string_view today) {
  return IsLapsed(w, today) ? std::string("expired") : w.status;
}

core::Result<int64_t> RecordAllExpiries(RegistryService& service, int batch, const std::function<bool()>& stopping) {
  int64_t total = 0;
  while (!stopping || !stopping()) {
    LB_TRY(n, service.RecordExpiries(batch));
    total += n.recorded;
    // A short batch was the last; a batch of only skipped (changed meanwhile) permits also ends
    // the pass, so a permit that keeps failing cannot spin it.
    if (n.found < batch || n.recorded == 0) break;
  }
  return total;
}

ExpiryJob::ExpiryJob(RegistryService& service, std::chrono::milliseconds interval)
    : service_(service), interval_(interval) {}

ExpiryJob::~ExpiryJob() { Stop(); }

void ExpiryJob::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void ExpiryJob::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int64_t ExpiryJob::passes() const {
  std::lock_guard lock(mu_);
  return passes_;
}

void ExpiryJob::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    auto n = RecordAllExpiries(service_, 200, [this] {
      std::lock_guard stopping(mu_);
      return stop_;
    });
    if (!n) {
      spdlog::error("registry: recording permit expiries failed: {} {}", n.error().message, n.error().internal);
    } else if (*n > 0) {
      spdlog::info("registry: {} lapsed work permits recorded as expired", *n);
    }
    lock.lock();
    ++passes_;
    cv_.notify_all();
    if (cv_.wait_for(lock, interval_, [&] { return stop_; })) break;
  }
}

}  // namespace lb::registry
