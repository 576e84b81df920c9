#include "platform/audit/checkpointer.h"

#include <spdlog/spdlog.h>

#include "platform/audit/store.h"

namespace lb::audit {

Checkpointer::Checkpointer(storage::Database& db, const core::Clock& clock, NodeKey key, std::string node,
                           std::chrono::milliseconds interval)
    : db_(db), clock_(clock), key_(std::move(key)), node_(std::move(node)), interval_(interval) {}

Checkpointer::~Checkpointer() { Stop(); }

core::PeriodicTasks::Task Checkpointer::Task() {
  return {"audit checkpoint", interval_, false, [this](const core::PeriodicTasks::Stopping&) { RunTick(); }};
}

void Checkpointer::Start() {
  if (!own_added_) own_.Add(Task());
  own_added_ = true;
  own_.Start();
}

void Checkpointer::Stop() { own_.Stop(); }

core::Result<std::optional<Checkpoint>> Checkpointer::Tick() {
  std::lock_guard ticking(tick_mu_);
  auto head = storage::InTransaction(db_, false, [](storage::Transaction& tx) { return store::ReadHead(tx); });
  if (!head) return core::Fail(head.error());
  {
    std::lock_guard lock(mu_);
    if (last_signed_ && last_signed_->first == head->seq && last_signed_->second == head->hash) {
      return std::optional<Checkpoint>();
    }
  }
  auto c = CreateCheckpoint(db_, clock_, key_, node_);
  if (!c) return core::Fail(c.error());
  std::lock_guard lock(mu_);
  last_signed_.emplace(c->seq, c->head_hash);
  ++taken_;
  return std::optional<Checkpoint>(std::move(*c));
}

int64_t Checkpointer::checkpoints_taken() const {
  std::lock_guard lock(mu_);
  return taken_;
}

void Checkpointer::RunTick() {
  auto c = Tick();
  if (!c) {
    spdlog::error("audit: checkpoint failed: {} {}", c.error().message, c.error().internal);
  } else if (*c) {
    spdlog::info("audit: checkpoint at entry {} signed", (*c)->seq);
  }
}

}  // namespace lb::audit
