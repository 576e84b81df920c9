// Backup and restore of a whole SQLite node (storage/backup): every table of the schema is
// part of it, the cooperation's included, and a restore refuses a database that holds rows in
// any of them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/clock.h"
#include "storage/backup.h"
#include "storage/migrate.h"
#include "storage/sqlite/sqlite_database.h"

namespace lb::testing {
namespace {

namespace fs = std::filesystem;

class StorageBackup : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lb-backup-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::unique_ptr<storage::Database> Open(const std::string& name) {
    auto db = storage::OpenSqlite(Path(name), 2);
    core::ManualClock clock(core::TimePoint{});
    EXPECT_TRUE(storage::Migrate(*db, clock));
    return db;
  }
  static void AddOrganisation(storage::Database& db, const std::string& id) {
    auto c = db.Acquire();
    ASSERT_TRUE(c);
    auto r = (*c)->ExecScript(
        "INSERT INTO coop_organisations (id, code, country, kind, search_text, doc, created_at, updated_at) "
        "VALUES ('" +
        id + "', 'MOLISA-" + id + "', 'VN', 'ministry', 'molisa', '{}', '2026-01-15', '2026-01-15')");
    ASSERT_TRUE(r) << r.error().message;
  }
  static std::vector<std::string> Organisations(storage::Database& db) {
    auto c = db.Acquire();
    EXPECT_TRUE(c);
    auto rows = (*c)->Query("SELECT id FROM coop_organisations ORDER BY id", {});
    EXPECT_TRUE(rows);
    std::vector<std::string> out;
    for (const auto& r : *rows) out.push_back(r.Str(0));
    return out;
  }

  fs::path dir_;
};

TEST_F(StorageBackup, CooperationRowsSurviveARoundTrip) {
  {
    auto src = Open("lb.db");
    AddOrganisation(*src, "o1");
    AddOrganisation(*src, "o2");
  }
  auto b = storage::Backup("sqlite:" + Path("lb.db"), Path("backup.db"));
  ASSERT_TRUE(b) << b.error().message;
  auto dst = Open("restored.db");
  auto r = storage::Restore(*dst, "sqlite:" + Path("restored.db"), Path("backup.db"));
  ASSERT_TRUE(r) << r.error().message << " " << r.error().internal;
  auto restored = storage::OpenSqlite(Path("restored.db"), 1);
  EXPECT_EQ(Organisations(*restored), (std::vector<std::string>{"o1", "o2"}));
}

TEST_F(StorageBackup, RestoreRefusesADatabaseHoldingOnlyCooperationRows) {
  {
    auto src = Open("lb.db");
    AddOrganisation(*src, "o1");
  }
  ASSERT_TRUE(storage::Backup("sqlite:" + Path("lb.db"), Path("backup.db")));
  auto dst = Open("other.db");
  AddOrganisation(*dst, "mine");
  EXPECT_EQ(storage::CheckEmpty(*dst).error().code, core::ErrorCode::kConflict);
  auto r = storage::Restore(*dst, "sqlite:" + Path("other.db"), Path("backup.db"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kConflict);
  auto after = storage::OpenSqlite(Path("other.db"), 1);
  EXPECT_EQ(Organisations(*after), (std::vector<std::string>{"mine"}));  // untouched
}

TEST_F(StorageBackup, AFreshlyMigratedDatabaseIsEmpty) {
  auto db = Open("fresh.db");
  EXPECT_TRUE(storage::CheckEmpty(*db));
}

}  // namespace
}  // namespace lb::testing
