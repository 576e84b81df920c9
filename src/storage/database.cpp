#include "storage/database.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace lb::storage {

using core::Error;
using core::ErrorCode;

const std::string& Row::Str(size_t i) const {
  static const std::string kEmpty;
  const auto& c = cols_.at(i);
  return c ? *c : kEmpty;
}

int64_t Row::Int(size_t i) const {
  const auto& c = cols_.at(i);
  if (!c) return 0;
  int64_t v = 0;
  std::from_chars(c->data(), c->data() + c->size(), v);
  return v;
}

core::Error ToError(const DbError& e) {
  switch (e.kind) {
    case DbFailure::kUniqueViolation:
      return {
          ErrorCode::kConflict, "A record with the same unique value already exists.", {}, "unique:" + e.constraint};
    case DbFailure::kForeignKeyViolation:
      return {ErrorCode::kConflict, "A referenced record does not exist.", {}, "fk:" + e.constraint};
    case DbFailure::kCheckViolation:
      return {ErrorCode::kValidation, "A value breaks a database rule.", {}, "check:" + e.constraint};
    case DbFailure::kBusy:
      return {ErrorCode::kUnavailable, "The database is busy; try again.", {}, e.message};
    case DbFailure::kDiskFull:
      return {ErrorCode::kInsufficientStorage,
              "The database's disk is full; nothing was saved. Try again once the operator has freed space.",
              {},
              e.message};
    case DbFailure::kOther:
      break;
  }
  return {ErrorCode::kUnavailable, "The database is unavailable.", {}, e.message};
}

struct Database::Pool {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::unique_ptr<Connection>> idle;
  size_t open = 0;
};

std::shared_ptr<Database::Pool> Database::MakePool() { return std::make_shared<Pool>(); }

PooledConnection::~PooledConnection() {
  if (db_ && conn_) db_->Release(std::move(conn_));
}

core::Result<PooledConnection> Database::Acquire() {
  std::unique_lock lock(pool_->mu);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (pool_->idle.empty() && pool_->open >= pool_size_) {
    if (pool_->cv.wait_until(lock, deadline) == std::cv_status::timeout) {
      return core::Fail(
          Error{ErrorCode::kUnavailable, "All database connections are busy; try again.", {}, "pool exhausted"});
    }
  }
  if (!pool_->idle.empty()) {
    auto c = std::move(pool_->idle.front());
    pool_->idle.pop_front();
    return PooledConnection(this, std::move(c));
  }
  ++pool_->open;
  lock.unlock();
  auto c = Open();
  if (!c) {
    std::lock_guard relock(pool_->mu);
    --pool_->open;
    pool_->cv.notify_one();
    return core::Fail(ToError(c.error()));
  }
  return PooledConnection(this, std::move(*c));
}

void Database::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(pool_->mu);
  if (conn->Healthy()) {
    pool_->idle.push_back(std::move(conn));
  } else {
    --pool_->open;  // dropped; a new one is opened on demand
  }
  pool_->cv.notify_one();
}

void Database::CloseIdle() {
  std::lock_guard lock(pool_->mu);
  pool_->open -= pool_->idle.size();
  pool_->idle.clear();
}

core::Status Database::Ping() {
  auto c = Acquire();
  if (!c) return core::Fail(c.error());
  auto r = (*c)->Query("SELECT 1", {});
  if (!r) return core::Fail(ToError(r.error()));
  return {};
}

core::Status Database::RunWrite(const WriteWork& work) {
  auto tx = Transaction::Begin(*this, true);
  if (!tx) return core::Fail(tx.error());
  if (auto r = work(*tx); !r) return r;
  return tx->Commit();
}

Transaction::Transaction(PooledConnection conn) : pooled_(std::move(conn)) { conn_ = &**pooled_; }

core::Result<Transaction> Transaction::Begin(Database& db, bool write) {
  auto c = db.Acquire();
  if (!c) return core::Fail(std::move(c.error()));
  if (auto b = (*c)->Begin(write); !b) return core::Fail(ToError(b.error()));
  return Transaction(std::move(*c));
}

Transaction::Transaction(Transaction&& other) noexcept
    : pooled_(std::move(other.pooled_)), conn_(other.conn_), open_(other.open_) {
  if (pooled_) conn_ = &**pooled_;
  other.open_ = false;
}

Transaction::~Transaction() {
  if (open_) conn_->Rollback();
}

core::Status Transaction::Commit() {
  if (!open_) return {};  // borrowed: the owner commits
  open_ = false;
  if (auto r = conn_->Commit(); !r) {
    conn_->Rollback();
    return core::Fail(ToError(r.error()));
  }
  return {};
}

core::Result<Rows> Transaction::Query(std::string_view sql, std::initializer_list<Value> params) {
  auto r = conn_->Query(sql, std::span<const Value>(params.begin(), params.size()));
  if (!r) return core::Fail(ToError(r.error()));
  return std::move(*r);
}

std::string ValuesList(size_t columns, size_t rows) {
  std::string out;
  out.reserve(rows * columns * 5);
  size_t n = 0;
  for (size_t r = 0; r < rows; ++r) {
    out += r ? ", (" : "(";
    for (size_t c = 0; c < columns; ++c) {
      if (c) out += ", ";
      out += '$';
      out += std::to_string(++n);
    }
    out += ')';
  }
  return out;
}

core::Result<int64_t> Transaction::Exec(std::string_view sql, std::initializer_list<Value> params) {
  return Exec(sql, std::span<const Value>(params.begin(), params.size()));
}

core::Result<int64_t> Transaction::Exec(std::string_view sql, std::span<const Value> params) {
  auto r = conn_->Exec(sql, params);
  if (!r) return core::Fail(ToError(r.error()));
  return *r;
}

}  // namespace lb::storage
