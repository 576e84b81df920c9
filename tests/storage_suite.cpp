// The storage layer on both backends: migrations, transactions, constraint mapping,
// parameter binding, the connection pool.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "storage/migrate.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using storage::Transaction;
using storage::Value;

class StorageTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { testdb_ = std::make_unique<TestDatabase>(GetParam()); }
  std::unique_ptr<TestDatabase> testdb_;
  core::ManualClock clock_{TestEpoch()};
};

TEST_P(StorageTest, MigrationsAreRecordedAndIdempotent) {
  auto v = storage::CurrentSchemaVersion(testdb_->db());
  ASSERT_TRUE(v);
  const auto all = storage::EmbeddedMigrations(testdb_->db().dialect());
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(*v, all.back().version);
  auto again = storage::Migrate(testdb_->db(), clock_);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  auto rows = testdb_->Query("SELECT version, name FROM schema_version ORDER BY version");
  ASSERT_EQ(rows.size(), all.size());
  EXPECT_EQ(rows[0].Str(1), "registry");
}

TEST_P(StorageTest, BothDialectsShipTheSameMigrations) {
  auto a = storage::EmbeddedMigrations(storage::Dialect::kSqlite);
  auto b = storage::EmbeddedMigrations(storage::Dialect::kPostgres);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].version, b[i].version);
    EXPECT_EQ(a[i].name, b[i].name);
  }
}

TEST_P(StorageTest, ShippedMigrationsHaveOneFileANumber) {
  // Two branches once both added a V009; the second was skipped silently on every database.
  for (auto dialect : {storage::Dialect::kSqlite, storage::Dialect::kPostgres}) {
    auto files = storage::EmbeddedMigrations(dialect);
    for (size_t i = 1; i < files.size(); ++i) EXPECT_LT(files[i - 1].version, files[i].version) << files[i].name;
    EXPECT_TRUE(storage::CheckMigrationHistory(files, {}));
  }
}

TEST_P(StorageTest, MigrateRefusesAFileBelowTheCurrentVersionThatWasNeverApplied) {
  testdb_->Query("DELETE FROM schema_version WHERE version = 5");
  auto r = storage::Migrate(testdb_->db(), clock_);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("V5 (name_search) was never applied"), std::string::npos) << r.error().message;
  EXPECT_EQ(testdb_->Query("SELECT COUNT(*) FROM schema_version WHERE version = 5")[0].Int(0), 0);
}

TEST_P(StorageTest, MigrateRefusesADatabaseFromANewerBinary) {
  testdb_->Query("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', 't')");
  auto r = storage::Migrate(testdb_->db(), clock_);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("V999 applied, which this binary does not know"), std::string::npos);
}

TEST_P(StorageTest, TwoMigrationFilesWithOneNumberAreRefused) {
  auto files = storage::EmbeddedMigrations(testdb_->db().dialect());
  ASSERT_GE(files.size(), 2u);
  files[1].version = files[0].version;
  auto r = storage::CheckMigrationHistory(files, {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("two migrations have the number V1"), std::string::npos);
}

TEST_P(StorageTest, RollsBackUnlessCommitted) {
  {
    auto tx = Transaction::Begin(testdb_->db(), true);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(tx->Exec("INSERT INTO api_tokens (id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)",
                         {"a", "n1", "h1", "t"}));
    // destroyed without Commit
  }
  EXPECT_EQ(testdb_->Query("SELECT COUNT(*) FROM api_tokens")[0].Int(0), 0);
  {
    auto tx = Transaction::Begin(testdb_->db(), true);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(tx->Exec("INSERT INTO api_tokens (id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)",
                         {"a", "n1", "h1", "t"}));
    ASSERT_TRUE(tx->Commit());
  }
  EXPECT_EQ(testdb_->Query("SELECT COUNT(*) FROM api_tokens")[0].Int(0), 1);
}

TEST_P(StorageTest, UniqueViolationIsAConflict) {
  auto insert = [&](const std::string& id) {
    return storage::InTransaction(testdb_->db(), true, [&](Transaction& tx) {
      return tx.Exec("INSERT INTO api_tokens (id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)",
                     {id, "same-name", id + "h", "t"});
    });
  };
  ASSERT_TRUE(insert("a"));
  auto dup = insert("b");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
  EXPECT_NE(dup.error().internal.find("api_tokens"), std::string::npos) << dup.error().internal;
}

TEST_P(StorageTest, ForeignKeysAreEnforced) {
  auto r = storage::InTransaction(testdb_->db(), true, [&](Transaction& tx) {
    return tx.Exec(
        "INSERT INTO person_documents (person_id, seq, kind, number, issuing_country) VALUES ($1, 1, $2, $3, $4)",
        {"no-such-person", "passport", "X1", "LA"});
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kConflict);
}

TEST_P(StorageTest, BindsValuesVerbatimNeverAsSql) {
  const std::string evil = "x'); DROP TABLE api_tokens; --";
  const std::string lao = "ບຸນຍັງ \"ວໍລະຈິດ\" <b>&amp;";
  ASSERT_TRUE(storage::InTransaction(testdb_->db(), true, [&](Transaction& tx) {
    return tx.Exec("INSERT INTO api_tokens (id, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
                   {evil, lao, "h", "t", storage::Null()});
  }));
  auto rows = testdb_->Query("SELECT id, name, expires_at FROM api_tokens");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Str(0), evil);
  EXPECT_EQ(rows[0].Str(1), lao);
  EXPECT_TRUE(rows[0].IsNull(2));
}

TEST_P(StorageTest, ParametersMayAppearOutOfOrderAndRepeated) {
  auto rows = storage::InTransaction(testdb_->db(), false, [&](Transaction& tx) {
    return tx.Query("SELECT $2 || $1 || $2", {"b", "a"});
  });
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->at(0).Str(0), "aba");
}

TEST_P(StorageTest, PoolServesConcurrentWriters) {
  constexpr int kThreads = 8, kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string id = std::to_string(t) + "-" + std::to_string(i);
        auto r = storage::InTransaction(testdb_->db(), true, [&](Transaction& tx) {
          return tx.Exec("INSERT INTO api_tokens (id, name, token_hash, created_at) VALUES ($1, $1, $1, $2)",
                         {id, "t"});
        });
        if (!r) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(testdb_->Query("SELECT COUNT(*) FROM api_tokens")[0].Int(0), kThreads * kEach);
}

TEST_P(StorageTest, ConcurrentWritersCommitTogetherAndFailAlone) {
  // On SQLite these writers share group commits; a writer that fails must lose only its own
  // row, and every writer that succeeded must find its row committed when it returns.
  constexpr int kThreads = 16, kEach = 20;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto reader = testdb_->Open(1);
      for (int i = 0; i < kEach; ++i) {
        const std::string id = "w" + std::to_string(t) + "-" + std::to_string(i);
        const bool fail = (t + i) % 5 == 0;
        auto r = storage::InTransaction(testdb_->db(), true, [&](Transaction& tx) -> core::Result<int> {
          auto e =
              tx.Exec("INSERT INTO api_tokens (id, name, token_hash, created_at) VALUES ($1, $1, $1, $2)", {id, "t"});
          if (!e) return core::Fail(e.error());
          if (fail) return core::Fail(core::Error::Conflict("writer gives up"));
          return 1;
        });
        if (static_cast<bool>(r) == fail) ++wrong;
        // Visible to another connection as soon as the call returns (committed), or never.
        auto c = reader->Acquire();
        auto rows = (*c)->Query("SELECT COUNT(*) FROM api_tokens WHERE id = $1", std::vector<Value>{id});
        if (!rows || rows->at(0).Int(0) != (fail ? 0 : 1)) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  int expected = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) expected += (t + i) % 5 != 0;
  }
  EXPECT_EQ(testdb_->Query("SELECT COUNT(*) FROM api_tokens")[0].Int(0), expected);
}

TEST_P(StorageTest, PingAnswers) { EXPECT_TRUE(testdb_->db().Ping()); }

LB_INSTANTIATE_BACKENDS(StorageTest);

}  // namespace
}  // namespace lb::testing
