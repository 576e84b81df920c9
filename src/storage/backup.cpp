#include "storage/backup.h"

#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

extern char** environ;

namespace lb::storage {
namespace {

namespace fs = std::filesystem;

// Rows the migrations themselves write: an empty node has them.
constexpr std::string_view kBookkeeping[] = {"schema_version", "audit_head"};

// Every table of the schema, read from the database's catalog.
core::Result<std::vector<std::string>> Tables(Transaction& tx) {
  const char* sql =
      tx.conn().dialect() == Dialect::kSqlite
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
          : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY table_name";
  LB_TRY(rows, tx.Query(sql, {}));
  std::vector<std::string> out;
  for (const auto& r : rows) {
    std::string name = r.Str(0);
    if (std::find(std::begin(kBookkeeping), std::end(kBookkeeping), name) == std::end(kBookkeeping)) {
      out.push_back(std::move(name));
    }
  }
  return out;
}

std::optional<std::string> SqlitePath(const std::string& url) {
  if (!url.starts_with("sqlite:")) return std::nullopt;
  std::string path = url.substr(7);
  if (path.starts_with("//")) path = path.substr(2);
  return path;
}

std::string PgConninfo(const std::string& url) { return url == "postgresql:" || url == "postgresql://" ? "" : url; }

core::Error Failed(std::string message, std::string internal) {
  return {core::ErrorCode::kUnavailable, std::move(message), {}, std::move(internal)};
}

// Copies every page of `from` into `to` with SQLite's backup API (a consistent snapshot).
core::Status SqliteCopy(const std::string& from, int from_flags, const std::string& to, int to_flags) {
  sqlite3 *src = nullptr, *dst = nullptr;
  auto close = [&] {
    sqlite3_close_v2(src);
    sqlite3_close_v2(dst);
  };
  if (sqlite3_open_v2(from.c_str(), &src, from_flags, nullptr) != SQLITE_OK ||
      sqlite3_open_v2(to.c_str(), &dst, to_flags, nullptr) != SQLITE_OK) {
    std::string why = sqlite3_errmsg(src ? (dst ? dst : src) : src);
    close();
    return core::Fail(Failed("The database file could not be opened.", why));
  }
  sqlite3_busy_timeout(src, 5000);
  sqlite3_busy_timeout(dst, 5000);
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) {
    std::string why = sqlite3_errmsg(dst);
    close();
    return core::Fail(Failed("The backup could not start.", why));
  }
  // All pages in one step: the source is read in one snapshot, so the copy is consistent
  // even while the server writes (WAL readers never block writers).
  int rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  std::string why = rc == SQLITE_DONE ? "" : sqlite3_errstr(rc);
  if (rc == SQLITE_DONE) {
    // A self-contained file: no WAL beside it.
    sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
  }
  close();
  if (rc != SQLITE_DONE) return core::Fail(Failed("The backup did not complete.", why));
  return {};
}

// Runs a program (no shell) and waits for it.
core::Status Run(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (int rc = posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ); rc != 0) {
    return core::Fail(Failed(argv[0] + " could not be started (is PostgreSQL's client installed?).",
                             std::string("posix_spawnp: ") + std::strerror(rc)));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return core::Fail(Failed(argv[0] + " failed; see its messages above.", "exit status " + std::to_string(status)));
  }
  return {};
}

}  // namespace

core::Result<BackupSummary> Backup(const std::string& db_url, const std::string& file) {
  if (fs::exists(file)) {
    return core::Fail(core::Error::Field("file", "exists", "The backup file exists already; choose a new name."));
  }
  BackupSummary s;
  if (auto path = SqlitePath(db_url)) {
    if (!fs::exists(*path))
      return core::Fail(core::Error::Field("db", "not_found", "The database file does not exist."));
    LB_CHECK(SqliteCopy(*path, SQLITE_OPEN_READONLY, file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    s.method = "sqlite online backup";
  } else {
    std::vector<std::string> argv = {"pg_dump", "--format=custom", "--no-owner", "--file=" + file};
    const std::string conninfo = PgConninfo(db_url);
    if (!conninfo.empty()) argv.push_back("--dbname=" + conninfo);
    if (auto r = Run(argv); !r) {
      std::error_code ec;
      fs::remove(file, ec);
      return core::Fail(r.error());
    }
    s.method = "pg_dump";
  }
  std::error_code ec;
  s.bytes = static_cast<int64_t>(fs::file_size(file, ec));
  return s;
}

core::Status CheckEmpty(Database& db) {
  auto count = InTransaction(db, false, [&](Transaction& tx) -> core::Result<int64_t> {
    LB_TRY(tables, Tables(tx));
    int64_t n = 0;
    for (const auto& t : tables) {
      // The name comes from the catalog, quoted as an identifier.
      LB_TRY(rows, tx.Query("SELECT COUNT(*) FROM \"" + t + "\"", {}));
      n += rows.front().Int(0);
    }
    return n;
  });
  if (!count) return core::Fail(count.error());
  if (*count > 0) {
    return core::Fail(core::Error::Conflict(
        "The database is not empty (it has records, users or audit entries); restore only into a new database."));
  }
  return {};
}

core::Status Restore(Database& db, const std::string& db_url, const std::string& file) {
  if (!fs::exists(file)) return core::Fail(core::Error::Field("file", "not_found", "The backup file does not exist."));
  LB_CHECK(CheckEmpty(db));
  db.CloseIdle();
  if (auto path = SqlitePath(db_url)) {
    // Check it is one of ours before overwriting anything.
    sqlite3* probe = nullptr;
    bool ours = sqlite3_open_v2(file.c_str(), &probe, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
                sqlite3_exec(probe, "SELECT 1 FROM schema_version LIMIT 1", nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close_v2(probe);
    if (!ours) {
      return core::Fail(core::Error::Field("file", "not_a_backup", "The file is not a LabourBridge SQLite backup."));
    }
    return SqliteCopy(file, SQLITE_OPEN_READONLY, *path, SQLITE_OPEN_READWRITE);
  }
  // The empty database has the migrated schema; --clean replaces it with the backup's.
  std::vector<std::string> argv = {"pg_restore",           "--clean",        "--if-exists", "--no-owner",
                                   "--single-transaction", "--exit-on-error"};
  const std::string conninfo = PgConninfo(db_url);
  argv.push_back("--dbname=" + (conninfo.empty() ? std::string("postgresql://") : conninfo));
  argv.push_back(file);
  return Run(argv);
}

}  // namespace lb::storage
