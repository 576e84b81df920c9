// Backup and restore on PostgreSQL (pg_dump / pg_restore): a database with records and their
// audit chain round-trips into a new, empty database with every table equal.
#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <filesystem>

#include "core/clock.h"
#include "features/files/csv_reader.h"
#include "features/files/importer.h"
#include "features/registry/service.h"
#include "platform/audit/audit_log.h"
#include "platform/audit/verify.h"
#include "storage/backup.h"
#include "storage/migrate.h"
#include "storage/postgres/pg_database.h"

namespace lb::files {
namespace {

using storage::Backup;  // backup moved to storage/ (issue 14)
using storage::Restore;

std::string Suffix() {
  if (sodium_init() < 0) std::abort();
  std::string s;
  for (int i = 0; i < 10; ++i) s.push_back("abcdefghijklmnopqrstuvwxyz"[randombytes_uniform(26)]);
  return s;
}

class ExchangeBackupPg : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::getenv("PGHOST")) << "run through make test (pg_virtualenv sets PGHOST)";
    const std::string s = Suffix();
    source_ = "lbbk_src_" + s;
    target_ = "lbbk_dst_" + s;
    Admin("CREATE DATABASE " + source_);
    Admin("CREATE DATABASE " + target_);
    file_ = (std::filesystem::temp_directory_path() / ("lbbk-" + s + ".dump")).string();
  }
  void TearDown() override {
    Admin("DROP DATABASE IF EXISTS " + source_ + " WITH (FORCE)");
    Admin("DROP DATABASE IF EXISTS " + target_ + " WITH (FORCE)");
    std::filesystem::remove(file_);
  }
  void Admin(const std::string& sql) {
    auto admin = storage::OpenPostgres("", 1);
    auto c = admin->Acquire();
    ASSERT_TRUE(c);
    auto r = (*c)->ExecScript(sql);
    ASSERT_TRUE(r) << r.error().message;
  }
  std::unique_ptr<storage::Database> Open(const std::string& name) {
    auto db = storage::OpenPostgres("dbname=" + name, 2);
    core::ManualClock clock(core::TimePoint{});
    EXPECT_TRUE(storage::Migrate(*db, clock));
    return db;
  }
  std::string Dump(storage::Database& db) {
    auto c = db.Acquire();
    auto tables = (*c)->Query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name", {});
    std::string out;
    for (const auto& t : *tables) {
      out += "== " + t.Str(0) + "\n";
      auto rows = (*c)->Query("SELECT * FROM " + t.Str(0) + " ORDER BY 1", {});
      EXPECT_TRUE(rows) << t.Str(0);
      for (const auto& r : *rows) {
        for (size_t i = 0; i < r.size(); ++i) out += (r.IsNull(i) ? "NULL" : r.Str(i)) + "|";
        out += "\n";
      }
    }
    return out;
  }

  std::string source_, target_, file_;
};

TEST_F(ExchangeBackupPg, RoundTripsEveryTableIntoAnEmptyDatabaseAndTheAuditChainVerifies) {
  auto src = Open(source_);
  core::ManualClock clock(core::TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 1 / 15).time_since_epoch()));
  audit::AuditLog audit(*src, clock, "VN");
  registry::RegistryService registry(*src, clock, "VN", &audit);
  const access::Principal clerk{"", "clerk", access::Role::kRegistryOfficer, "VN"};
  auto csv = CsvReader::FromString(
      "given_names,sex,nationality,document_kind,document_number,document_country\n"
      "Khamla,M,LA,passport,P0000001,LA\nNoy,F,LA,passport,P0000002,LA\n");
  Importer importer(*src, registry, &audit);
  auto imported = importer.Run(clerk, *csv, {}, [](const Issue&) {});
  ASSERT_TRUE(imported) << imported.error().message;
  ASSERT_EQ(imported->created, 2);

  auto b = Backup("dbname=" + source_, file_);
  ASSERT_TRUE(b) << b.error().message << " " << b.error().internal;
  EXPECT_EQ(b->method, "pg_dump");

  auto dst = Open(target_);
  auto r = Restore(*dst, "dbname=" + target_, file_);
  ASSERT_TRUE(r) << r.error().message << " " << r.error().internal;
  auto restored = storage::OpenPostgres("dbname=" + target_, 2);
  EXPECT_EQ(Dump(*restored), Dump(*src));
  auto verified = audit::Verify(*restored, {});
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact()) << verified->message;
  EXPECT_EQ(verified->entries, 2);

  // Never into a database that has data.
  auto again = Restore(*restored, "dbname=" + target_, file_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
}

}  // namespace
}  // namespace lb::files
