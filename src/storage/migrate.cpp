#include "storage/migrate.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

#include "core/resources.h"

namespace lb::storage {
namespace {

constexpr std::string_view kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
constexpr std::string_view kSelectVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
constexpr std::string_view kSelectApplied = "SELECT version FROM schema_version ORDER BY version";
constexpr std::string_view kInsertVersion =
    "INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)";
// Serialises concurrent `migrate` runs against one PostgreSQL database.
constexpr std::string_view kPgLock = "SELECT pg_advisory_xact_lock(727274)";

}  // namespace

std::vector<Migration> EmbeddedMigrations(Dialect dialect) {
  const std::string prefix = dialect == Dialect::kSqlite ? "migrations/sqlite/" : "migrations/postgres/";
  std::vector<Migration> out;
  for (const auto& r : core::Resources()) {
    if (!r.path.starts_with(prefix)) continue;
    std::string_view file = r.path.substr(prefix.size());  // V001__name.sql
    if (file.size() < 6 || file[0] != 'V') continue;
    auto sep = file.find("__");
    if (sep == std::string_view::npos) continue;
    Migration m;
    std::from_chars(file.data() + 1, file.data() + sep, m.version);
    m.name = std::string(file.substr(sep + 2, file.size() - sep - 2 - 4));
    m.sql = std::string(r.data);
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

core::Result<int> CurrentSchemaVersion(Database& db) {
  auto conn = db.Acquire();
  if (!conn) return core::Fail(conn.error());
  if (auto r = (*conn)->ExecScript(kCreateVersionTable); !r) return core::Fail(ToError(r.error()));
  auto rows = (*conn)->Query(kSelectVersion, {});
  if (!rows) return core::Fail(ToError(rows.error()));
  return static_cast<int>(rows->at(0).Int(0));
}

core::Status CheckMigrationHistory(const std::vector<Migration>& files, const std::vector<int>& applied) {
  auto refuse = [](std::string message) {
    return core::Fail(core::Error{core::ErrorCode::kInternal, std::move(message), {}, {}});
  };
  for (size_t i = 1; i < files.size(); ++i) {
    if (files[i].version == files[i - 1].version) {
      return refuse("two migrations have the number V" + std::to_string(files[i].version) + " (" + files[i - 1].name +
                    ", " + files[i].name + "); renumber one");
    }
  }
  const int max_applied = applied.empty() ? 0 : *std::max_element(applied.begin(), applied.end());
  for (int v : applied) {
    bool known = std::any_of(files.begin(), files.end(), [&](const Migration& m) { return m.version == v; });
    if (!known) {
      return refuse("the database has migration V" + std::to_string(v) +
                    " applied, which this binary does not know (was it made by a newer version?)");
    }
  }
  for (const Migration& m : files) {
    if (m.version >= max_applied) break;
    if (std::find(applied.begin(), applied.end(), m.version) == applied.end()) {
      return refuse("migration V" + std::to_string(m.version) + " (" + m.name + ") was never applied, but V" +
                    std::to_string(max_applied) + " was; it would be skipped. Restore the database or renumber it");
    }
  }
  return {};
}

core::Result<int> Migrate(Database& db, const core::Clock& clock) {
  if (auto v = CurrentSchemaVersion(db); !v) return core::Fail(v.error());
  const std::vector<Migration> files = EmbeddedMigrations(db.dialect());
  std::vector<int> versions;
  {
    auto conn = db.Acquire();
    if (!conn) return core::Fail(conn.error());
    auto rows = (*conn)->Query(kSelectApplied, {});
    if (!rows) return core::Fail(ToError(rows.error()));
    for (const auto& row : *rows) versions.push_back(static_cast<int>(row.Int(0)));
    if (auto ok = CheckMigrationHistory(files, versions); !ok) return core::Fail(ok.error());
  }
  int applied = 0;
  for (const Migration& m : files) {
    // Applied already: no write lock taken (a console command must not wait for a long import
    // only to find the schema current). A race with another migrator is settled below.
    if (std::find(versions.begin(), versions.end(), m.version) != versions.end()) continue;
    auto tx = Transaction::Begin(db, /*write=*/true);
    if (!tx) return core::Fail(tx.error());
    if (db.dialect() == Dialect::kPostgres) {
      if (auto r = tx->Query(kPgLock, {}); !r) return core::Fail(r.error());
    }
    auto cur = tx->Query(kSelectVersion, {});
    if (!cur) return core::Fail(cur.error());
    if (cur->at(0).Int(0) >= m.version) continue;
    if (auto r = tx->conn().ExecScript(m.sql); !r) {
      auto e = ToError(r.error());
      e.code = core::ErrorCode::kInternal;
      e.message = "migration V" + std::to_string(m.version) + " (" + m.name + ") failed: " + r.error().message;
      return core::Fail(e);
    }
    if (auto r = tx->Exec(kInsertVersion, {int64_t{m.version}, m.name, core::FormatRfc3339(clock.Now())}); !r) {
      return core::Fail(r.error());
    }
    if (auto c = tx->Commit(); !c) return core::Fail(c.error());
    spdlog::info("applied migration V{:03d} {}", m.version, m.name);
    ++applied;
  }
  return applied;
}

}  // namespace lb::storage
