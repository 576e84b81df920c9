#pragma once
// Test support: a fresh migrated database per test on SQLite or a real PostgreSQL server,
// and an in-process API client that drives a Node through its router.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.h"
#include "server/node.h"
#include "storage/database.h"

namespace lb::testing {

enum class Backend { kSqlite, kPostgres };

std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

// A database that exists for one test: a temp SQLite file, or a fresh schema in the
// PostgreSQL server named by the PG* environment variables (make test starts one with
// pg_virtualenv). Removed on destruction.
class TestDatabase {
 public:
  static constexpr int kLatestSchema = -1;  // every shipped migration
  static constexpr int kNoSchema = -2;      // an empty database
  // migrate = false leaves it empty (the migration upgrade test builds an older schema).
  explicit TestDatabase(Backend backend, size_t pool_size = 8, bool migrate = true);
  // A database migrated only up to `schema_version` (to test upgrades of an older schema).
  TestDatabase(Backend backend, size_t pool_size, int schema_version);
  ~TestDatabase();
  // Opens another pool on the same database.
  std::unique_ptr<storage::Database> Open(size_t pool_size = 8) const;
  // Takes the first pool (the one the constructor opened).
  std::unique_ptr<storage::Database> Take() { return std::move(db_); }
  storage::Database& db() { return *db_; }
  Backend backend() const { return backend_; }
  // Runs SQL directly (to inspect or tamper with rows).
  storage::Rows Query(const std::string& sql) const;

 private:
  Backend backend_;
  std::string location_;  // SQLite directory or PostgreSQL schema name
  std::string url_;
  std::unique_ptr<storage::Database> db_;
};

// The start of every test's clock: 2026-01-15T09:00:00Z.
core::TimePoint TestEpoch();

struct ApiResponse {
  int status = 0;
  nlohmann::json json;  // parsed body (null when not JSON)
  std::string body;
  http::Response raw;
  std::string Header(const std::string& name) const;
};

// A Node on a test database, with a token, driven in-process.
class ApiFixture : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  ApiResponse Send(const std::string& method, const std::string& target, const std::string& body = "",
                   std::map<std::string, std::string> headers = {}, bool auth = true);
  ApiResponse Get(const std::string& target) { return Send("GET", target); }
  ApiResponse Post(const std::string& target, const nlohmann::json& body,
                   std::map<std::string, std::string> headers = {}) {
    return Send("POST", target, body.dump(), std::move(headers));
  }
  ApiResponse Patch(const std::string& target, const nlohmann::json& body, const std::string& if_match) {
    std::map<std::string, std::string> h;
    if (!if_match.empty()) h["if-match"] = if_match;
    return Send("PATCH", target, body.dump(), std::move(h));
  }

  // Valid bodies to start from.
  static nlohmann::json LaoWorker();
  static nlohmann::json VietnameseWorker();
  static nlohmann::json LaoEmployer();
  static nlohmann::json VietnameseEmployer();
  // Creates a person and an employer and returns a valid permit body for them (host VN).
  nlohmann::json PermitInVietnam();

  // Inserts a user directly (no password: these tests use tokens) and returns a token for them.
  std::string AddUserWithToken(const std::string& name, const std::string& role, const std::string& country,
                               const std::optional<std::string>& province = std::nullopt,
                               const std::optional<std::string>& org = std::nullopt);

  // Counts rows of a table.
  int64_t Count(const std::string& table) const;

  std::unique_ptr<TestDatabase> testdb_;
  std::unique_ptr<core::ManualClock> clock_;
  std::unique_ptr<server::Node> node_;
  std::string token_;
};

}  // namespace lb::testing

// Instantiates a backend-parameterised suite: SQLite in lb_tests, PostgreSQL in lb_pgtests.
#ifdef LB_SQLITE_SUITES
#define LB_INSTANTIATE_BACKENDS(Suite)                                                        \
  INSTANTIATE_TEST_SUITE_P(Sqlite, Suite, ::testing::Values(::lb::testing::Backend::kSqlite), \
                           ::lb::testing::BackendName)
#else
#define LB_INSTANTIATE_BACKENDS(Suite)                                                            \
  INSTANTIATE_TEST_SUITE_P(Postgres, Suite, ::testing::Values(::lb::testing::Backend::kPostgres), \
                           ::lb::testing::BackendName)
#endif
