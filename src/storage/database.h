#pragma once
// The storage interface: one Database, two backends (SQLite and PostgreSQL).
// SQL uses $1, $2 ... placeholders in both dialects; values are always bound, never spliced.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"

namespace lb::storage {

enum class Dialect { kSqlite, kPostgres };

// A bound parameter: NULL, integer, or text.
using Value = std::variant<std::monostate, int64_t, std::string>;

inline Value Null() { return std::monostate{}; }
inline Value Opt(const std::optional<std::string>& s) { return s ? Value(*s) : Value(std::monostate{}); }

// "($1, $2), ($3, $4)" for `rows` rows of `columns` parameters: the VALUES list of a multi-row
// INSERT, which bulk writes use to pay the per-statement cost once for many rows (both
// dialects accept it). Keep rows * columns well under SQLite's 32,766 parameters.
std::string ValuesList(size_t columns, size_t rows);

// One result row; every column is text or NULL (integers come back as decimal text).
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cols) : cols_(std::move(cols)) {}
  size_t size() const { return cols_.size(); }
  bool IsNull(size_t i) const { return !cols_.at(i).has_value(); }
  const std::string& Str(size_t i) const;  // "" for NULL
  std::optional<std::string> Opt(size_t i) const { return cols_.at(i); }
  int64_t Int(size_t i) const;  // 0 for NULL

 private:
  std::vector<std::optional<std::string>> cols_;
};

using Rows = std::vector<Row>;

// A database error classified for callers: unique/foreign-key violations are expected
// (they become 409 or 422), a full disk is 507, the rest are unavailable/internal.
enum class DbFailure { kUniqueViolation, kForeignKeyViolation, kCheckViolation, kBusy, kDiskFull, kOther };

// Describes a failed statement; `constraint` names the violated constraint where known.
struct DbError {
  DbFailure kind = DbFailure::kOther;
  std::string constraint;
  std::string message;
};

// Converts a DbError into a core error (conflict for constraint violations, else unavailable).
core::Error ToError(const DbError& e);

// A single connection. Not thread-safe: used by one thread at a time through the pool.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs a statement (prepared and cached per connection) and returns its rows.
  virtual std::expected<Rows, DbError> Query(std::string_view sql, std::span<const Value> params) = 0;
  // Runs a statement and returns the number of rows changed.
  virtual std::expected<int64_t, DbError> Exec(std::string_view sql, std::span<const Value> params) = 0;
  // Runs several ;-separated statements without parameters (migrations).
  virtual std::expected<void, DbError> ExecScript(std::string_view sql) = 0;
  // Starts a transaction; `write` takes the write lock up front where the backend needs it.
  virtual std::expected<void, DbError> Begin(bool write) = 0;
  virtual std::expected<void, DbError> Commit() = 0;
  virtual void Rollback() noexcept = 0;
  // True when the connection is still usable (after an error it may not be).
  virtual bool Healthy() = 0;
};

class Database;

// A connection borrowed from the pool, returned on destruction.
class PooledConnection {
 public:
  PooledConnection(Database* db, std::unique_ptr<Connection> conn) : db_(db), conn_(std::move(conn)) {}
  PooledConnection(PooledConnection&&) noexcept = default;
  PooledConnection& operator=(PooledConnection&&) = delete;
  ~PooledConnection();
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }

 private:
  Database* db_;
  std::unique_ptr<Connection> conn_;
};

// A database: a pool of connections of one backend.
class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // Borrows a connection, waiting up to a few seconds when all are in use.
  core::Result<PooledConnection> Acquire();
  // Checks the database answers (for /readyz).
  core::Status Ping();
  // Closes every idle connection (graceful shutdown).
  virtual void CloseIdle();

  // Runs `work` in a write transaction and returns once it is durably committed (or failed
  // and rolled back). The default opens one transaction per call; SQLite overrides it with
  // group commit: concurrent writers share one transaction and one fsync, each inside its
  // own savepoint, so one writer's failure never touches another's work.
  using WriteWork = std::function<core::Status(class Transaction&)>;
  virtual core::Status RunWrite(const WriteWork& work);

 protected:
  explicit Database(size_t pool_size) : pool_size_(pool_size) {}
  virtual std::expected<std::unique_ptr<Connection>, DbError> Open() = 0;

 private:
  friend class PooledConnection;
  void Release(std::unique_ptr<Connection> conn);

  struct Pool;
  std::shared_ptr<Pool> pool_ = MakePool();
  size_t pool_size_;
  static std::shared_ptr<Pool> MakePool();
};

// Opens a database from a URL: "sqlite:PATH", "sqlite::memory:" or "postgresql://...".
core::Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, size_t pool_size);

// A transaction that rolls back unless committed. Holds its pooled connection, or borrows
// the shared writer connection of a group commit (then Commit is the group's business).
class Transaction {
 public:
  static core::Result<Transaction> Begin(Database& db, bool write);
  // A transaction scope on a connection whose transaction someone else manages.
  static Transaction Borrow(Connection& conn) { return Transaction(conn); }
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Connection& conn() { return *conn_; }
  core::Status Commit();

  // Shorthands that map DbError to core::Error.
  core::Result<Rows> Query(std::string_view sql, std::initializer_list<Value> params);
  core::Result<int64_t> Exec(std::string_view sql, std::initializer_list<Value> params);
  // For statements whose parameter count is only known at run time (multi-row inserts).
  core::Result<int64_t> Exec(std::string_view sql, std::span<const Value> params);

 private:
  explicit Transaction(PooledConnection conn);
  explicit Transaction(Connection& borrowed) : conn_(&borrowed), open_(false) {}
  std::optional<PooledConnection> pooled_;
  Connection* conn_ = nullptr;
  bool open_ = true;
};

// Runs `fn` in a transaction (a write one when `write`) and commits when it succeeds;
// rolls back when it fails. `fn` takes a Transaction& and returns Result<T>.
template <typename Fn>
auto InTransaction(Database& db, bool write, Fn&& fn) -> decltype(fn(std::declval<Transaction&>())) {
  using R = decltype(fn(std::declval<Transaction&>()));
  if (!write) {
    auto tx = Transaction::Begin(db, false);
    if (!tx) return core::Fail(std::move(tx.error()));
    auto result = fn(*tx);
    if (!result) return result;
    if (auto c = tx->Commit(); !c) return core::Fail(std::move(c.error()));
    return result;
  }
  std::optional<R> result;
  auto status = db.RunWrite([&](Transaction& tx) -> core::Status {
    result.emplace(fn(tx));
    if (!*result) return core::Fail(result->error());
    return {};
  });
  if (!status) return core::Fail(std::move(status.error()));
  return std::move(*result);
}

}  // namespace lb::storage
