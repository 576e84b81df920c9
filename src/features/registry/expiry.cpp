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

core::PeriodicTasks::Task ExpiryJob::Task() {
  return {"permit expiry", interval_, true, [this](const core::PeriodicTasks::Stopping& stopping) { Pass(stopping); }};
}

void ExpiryJob::Start() {
  if (!own_added_) own_.Add(Task());
  own_added_ = true;
  own_.Start();
}

void ExpiryJob::Stop() { own_.Stop(); }

int64_t ExpiryJob::passes() const {
  std::lock_guard lock(mu_);
  return passes_;
}

void ExpiryJob::Pass(const core::PeriodicTasks::Stopping& stopping) {
  auto n = RecordAllExpiries(service_, 200, stopping);
  if (!n) {
    spdlog::error("registry: recording permit expiries failed: {} {}", n.error().message, n.error().internal);
  } else if (*n > 0) {
    spdlog::info("registry: {} lapsed work permits recorded as expired", *n);
  }
  std::lock_guard lock(mu_);
  ++passes_;
}

}  // namespace lb::registry
