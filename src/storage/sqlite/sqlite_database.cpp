#include "storage/sqlite/sqlite_database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lb::storage {
namespace {

DbError MakeError(sqlite3* db, int rc) {
  DbError e;
  e.message = std::string(sqlite3_errstr(rc)) + ": " + (db ? sqlite3_errmsg(db) : "");
  const int ext = db ? sqlite3_extended_errcode(db) : rc;
  switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      e.kind = DbFailure::kUniqueViolation;
      break;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      e.kind = DbFailure::kForeignKeyViolation;
      break;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
      e.kind = DbFailure::kCheckViolation;
      break;
    default:
      if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED) e.kind = DbFailure::kBusy;
      if ((rc & 0xFF) == SQLITE_FULL || (ext & 0xFF) == SQLITE_FULL) e.kind = DbFailure::kDiskFull;
      break;
  }
  if (e.kind == DbFailure::kUniqueViolation) {
    // "UNIQUE constraint failed: table.col1, table.col2" -> "table.col1, table.col2"
    std::string msg = db ? sqlite3_errmsg(db) : "";
    auto colon = msg.find(": ");
    if (colon != std::string::npos) e.constraint = msg.substr(colon + 2);
  }
  return e;
}

void CreatePrivately(const std::string& path) {
  // The file holds personal data and the audit log: readable by the node's user only. SQLite
  // would create it with 0644 (less the umask); made here first with 0600, and SQLite gives
  // the -wal and -shm files the mode of the database file. An existing file is left as its
  // owner set it. Not for ":memory:" or URI names.
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);  // EEXIST (or a failure SQLite will report) otherwise
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, c] : cache_) sqlite3_finalize(c.stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  std::expected<Rows, DbError> Query(std::string_view sql, std::span<const Value> params) override {
    auto stmt = Prepare(sql, params);
    if (!stmt) return std::unexpected(stmt.error());
    Rows rows;
    const int ncols = sqlite3_column_count(*stmt);
    for (;;) {
      int rc = sqlite3_step(*stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        auto e = MakeError(db_, rc);
        sqlite3_reset(*stmt);
        return std::unexpected(e);
      }
      std::vector<std::optional<std::string>> cols;
      cols.reserve(ncols);
      for (int i = 0; i < ncols; ++i) {
        if (sqlite3_column_type(*stmt, i) == SQLITE_NULL) {
          cols.emplace_back(std::nullopt);
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(*stmt, i));
          cols.emplace_back(std::string(text, sqlite3_column_bytes(*stmt, i)));
        }
      }
      rows.emplace_back(std::move(cols));
    }
    sqlite3_reset(*stmt);
    return rows;
  }

  std::expected<int64_t, DbError> Exec(std::string_view sql, std::span<const Value> params) override {
    auto stmt = Prepare(sql, params);
    if (!stmt) return std::unexpected(stmt.error());
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
      auto e = MakeError(db_, rc);
      sqlite3_reset(*stmt);
      return std::unexpected(e);
    }
    sqlite3_reset(*stmt);
    return sqlite3_changes64(db_);
  }

  std::expected<void, DbError> ExecScript(std::string_view sql) override {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      auto e = MakeError(db_, rc);
      sqlite3_free(err);
      return std::unexpected(e);
    }
    return {};
  }

  // Transaction control runs as cached prepared statements: sqlite3_exec would parse the
  // text again on every request.
  std::expected<void, DbError> Begin(bool write) override {
    // IMMEDIATE takes the write lock now, so a writer never fails later on lock upgrade.
    return Control(write ? "BEGIN IMMEDIATE" : "BEGIN");
  }
  std::expected<void, DbError> Commit() override { return Control("COMMIT"); }
  std::expected<void, DbError> Control(std::string_view sql) {
    auto r = Exec(sql, {});
    if (!r) return std::unexpected(r.error());
    return {};
  }
  void Rollback() noexcept override {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  bool Healthy() override { return sqlite3_get_autocommit(db_) != 0; }

 private:
  std::expected<sqlite3_stmt*, DbError> Prepare(std::string_view sql, std::span<const Value> params) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      sqlite3_clear_bindings(it->second.stmt);
    } else {
      sqlite3_stmt* stmt = nullptr;
      int rc =
          sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return std::unexpected(MakeError(db_, rc));
      it = cache_.emplace(std::string(sql), Cached{stmt, {}}).first;
    }
    Cached& c = it->second;
    // $N placeholders are bound by name so their order in the text does not matter; the
    // index of each name is looked up once per statement (bulk imports bind millions).
    for (size_t i = c.index.size(); i < params.size(); ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "$%zu", i + 1);
      c.index.push_back(sqlite3_bind_parameter_index(c.stmt, name));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const int idx = c.index[i];
      if (idx == 0) continue;  // parameter not used by this statement
      int rc = SQLITE_OK;
      const Value& v = params[i];
      if (std::holds_alternative<std::monostate>(v)) {
        rc = sqlite3_bind_null(c.stmt, idx);
      } else if (const auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(c.stmt, idx, *n);
      } else {
        // The values outlive the statement's run (Query/Exec step and reset before returning).
        const auto& str = std::get<std::string>(v);
        rc = sqlite3_bind_text64(c.stmt, idx, str.data(), str.size(), SQLITE_STATIC, SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) return std::unexpected(MakeError(db_, rc));
    }
    return c.stmt;
  }

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_;
  struct Cached {
    sqlite3_stmt* stmt;
    std::vector<int> index;  // bind index of $1, $2, ... (0: not in the statement)
  };
  std::unordered_map<std::string, Cached, Hash, std::equal_to<>> cache_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, size_t pool_size) : Database(pool_size), path_(std::move(path)) {}
  Dialect dialect() const override { return Dialect::kSqlite; }

  // Group commit. With synchronous=FULL every COMMIT waits for an fsync (milliseconds on
  // common disks), which would cap durable writes at a few hundred per second. Writers
  // arriving while another writes join one open transaction on a dedicated connection, each
  // in its own savepoint; the last writer of the group commits for all, and every writer
  // returns only once that commit is durable (or reports its failure).
  core::Status RunWrite(const WriteWork& work) override {
    std::unique_lock lock(mu_);
    ++waiting_;
    cv_.wait(lock, [&] { return !committing_; });
    --waiting_;
    if (!writer_) {
      auto c = Open();
      if (!c) return core::Fail(ToError(c.error()));
      writer_ = std::move(*c);
    }
    if (!in_tx_) {
      if (auto b = writer_->Begin(true); !b) return core::Fail(ToError(b.error()));
      in_tx_ = true;
      ++batch_;
      batch_size_ = 0;
    }
    const uint64_t my_batch = batch_;
    if (auto sp = writer_->Exec("SAVEPOINT lb_write", {}); !sp) return FailBatch(ToError(sp.error()));
    core::Status result;
    {
      Transaction tx = Transaction::Borrow(*writer_);
      try {
        result = work(tx);
      } catch (const std::exception& e) {
        result = core::Fail(core::Error::Internal(std::string("exception in write: ") + e.what()));
      }
    }
    if (writer_->Healthy()) {
      // SQLite rolled the whole transaction back (I/O error, disk full): the group is lost.
      // The write's own error says why (a full disk is 507), else the database is unavailable.
      if (!result && (result.error().code == core::ErrorCode::kInsufficientStorage ||
                      result.error().code == core::ErrorCode::kUnavailable)) {
        return FailBatch(result.error());
      }
      return FailBatch(core::Error{
          core::ErrorCode::kUnavailable, "The database is unavailable.", {}, "transaction rolled back by SQLite"});
    }
    if (!result) {
      (void)writer_->Exec("ROLLBACK TO lb_write", {});
      (void)writer_->Exec("RELEASE lb_write", {});
      if (waiting_ == 0 && batch_size_ == 0) {  // nobody else in this group: end it
        writer_->Rollback();
        in_tx_ = false;
      } else if (waiting_ == 0) {
        CommitBatch(lock);
      }
      return result;
    }
    if (auto rel = writer_->Exec("RELEASE lb_write", {}); !rel) return FailBatch(ToError(rel.error()));
    ++batch_size_;
    if (waiting_ > 0 && batch_size_ < kMaxBatch) {
      // Others are queued: the last of them commits this group.
      cv_.wait(lock, [&] { return results_.contains(my_batch); });
      return Result(my_batch);
    }
    CommitBatch(lock);
    return Result(my_batch);
  }

  void CloseIdle() override {
    Database::CloseIdle();
    std::lock_guard lock(mu_);
    if (!in_tx_ && !committing_) writer_.reset();
  }

 protected:
  std::expected<std::unique_ptr<Connection>, DbError> Open() override {
    CreatePrivately(path_);
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      DbError e{DbFailure::kOther, "",
                std::string("cannot open SQLite database: ") + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc))};
      sqlite3_close_v2(db);
      return std::unexpected(e);
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);
    auto conn = std::make_unique<SqliteConnection>(db);
    // WAL + synchronous=FULL: a committed write survives a crash or power loss.
    if (auto r = conn->ExecScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                                  " PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456; PRAGMA cache_size=-16384;");
        !r) {
      return std::unexpected(r.error());
    }
    return std::unique_ptr<Connection>(std::move(conn));
  }

 private:
  static constexpr int kMaxBatch = 256;

  // Commits the open group; the lock is released during the fsync so new writers can queue.
  void CommitBatch(std::unique_lock<std::mutex>& lock) {
    const uint64_t batch = batch_;
    committing_ = true;
    lock.unlock();
    auto c = writer_->Commit();
    if (!c) writer_->Rollback();
    lock.lock();
    committing_ = false;
    in_tx_ = false;
    results_[batch] = c ? core::Status{} : core::Status(core::Fail(ToError(c.error())));
    // Keep a few recent results for writers still waking up.
    while (results_.size() > 4096) results_.erase(results_.begin());
    cv_.notify_all();
  }

  core::Status FailBatch(core::Error e) {
    writer_->Rollback();
    in_tx_ = false;
    results_[batch_] = core::Fail(e);
    cv_.notify_all();
    return core::Fail(std::move(e));
  }

  core::Status Result(uint64_t batch) {
    auto it = results_.find(batch);
    return it == results_.end() ? core::Status{} : it->second;
  }

  std::string path_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::unique_ptr<Connection> writer_;
  bool in_tx_ = false, committing_ = false;
  int waiting_ = 0, batch_size_ = 0;
  uint64_t batch_ = 0;
  std::map<uint64_t, core::Status> results_;
};

}  // namespace

std::unique_ptr<Database> OpenSqlite(const std::string& path, size_t pool_size) {
  return std::make_unique<SqliteDatabase>(path, pool_size);
}

}  // namespace lb::storage
