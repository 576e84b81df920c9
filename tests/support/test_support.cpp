#include "support/test_support.h"

#include <sodium.h>

#include <cstdlib>
#include <filesystem>

#include "core/id.h"
#include "http/message.h"
#include "storage/migrate.h"
#include "storage/postgres/pg_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace lb::testing {
namespace {

std::string RandomSuffix() {
  if (sodium_init() < 0) std::abort();
  std::string s;
  for (int i = 0; i < 12; ++i) s.push_back("abcdefghijklmnopqrstuvwxyz0123456789"[randombytes_uniform(36)]);
  return s;
}

void RequirePostgresEnv() {
  if (!std::getenv("PGHOST") && !std::getenv("PGPORT") && !std::getenv("LB_TEST_PG")) {
    FAIL() << "PostgreSQL tests need a server: run them through `make test` (which starts one with "
              "pg_virtualenv) or set the PG* environment variables.";
  }
}

std::string PgAdminConninfo() {
  const char* url = std::getenv("LB_TEST_PG");
  return url ? url : "";
}

}  // namespace

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

core::TimePoint TestEpoch() {
  return core::TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 1 / 15).time_since_epoch() +
                         std::chrono::hours(9));
}

TestDatabase::TestDatabase(Backend backend, size_t pool_size, bool migrate)
    : TestDatabase(backend, pool_size, migrate ? kLatestSchema : kNoSchema) {}

TestDatabase::TestDatabase(Backend backend, size_t pool_size, int schema_version) : backend_(backend) {
  if (backend == Backend::kSqlite) {
    location_ = (std::filesystem::temp_directory_path() / ("lbtest-" + RandomSuffix())).string();
    std::filesystem::create_directories(location_);
    url_ = location_ + "/test.db";
  } else {
    RequirePostgresEnv();
    location_ = "t_" + RandomSuffix();
    auto admin = storage::OpenPostgres(PgAdminConninfo(), 1);
    auto c = admin->Acquire();
    if (!c) throw std::runtime_error("cannot connect to PostgreSQL: " + c.error().internal);
    if (auto r = (*c)->ExecScript("CREATE SCHEMA " + location_); !r) {
      throw std::runtime_error("CREATE SCHEMA failed: " + r.error().message);
    }
    const std::string base = PgAdminConninfo();
    url_ = (base.empty() ? "" : base + " ") + "options=-csearch_path=" + location_;
  }
  db_ = Open(pool_size);
  if (schema_version == kNoSchema) return;
  core::ManualClock clock(TestEpoch());
  if (schema_version == kLatestSchema) {
    auto m = storage::Migrate(*db_, clock);
    if (!m) throw std::runtime_error("migration failed: " + m.error().message + " " + m.error().internal);
    return;
  }
  // The shipped migrations up to `schema_version`, recorded as Migrate records them.
  if (auto v = storage::CurrentSchemaVersion(*db_); !v)
    throw std::runtime_error("schema_version: " + v.error().message);
  for (const auto& m : storage::EmbeddedMigrations(db_->dialect())) {
    if (m.version > schema_version) break;
    auto done = storage::InTransaction(*db_, true, [&](storage::Transaction& tx) -> core::Status {
      if (auto r = tx.conn().ExecScript(m.sql); !r) return core::Fail(storage::ToError(r.error()));
      LB_TRY(n, tx.Exec("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
                        {int64_t{m.version}, m.name, std::string("2026-01-15T09:00:00Z")}));
      (void)n;
      return {};
    });
    if (!done) throw std::runtime_error("migration V" + std::to_string(m.version) + " failed: " + done.error().message);
  }
}

std::unique_ptr<storage::Database> TestDatabase::Open(size_t pool_size) const {
  if (backend_ == Backend::kSqlite) return storage::OpenSqlite(url_, pool_size);
  return storage::OpenPostgres(url_, pool_size);
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (backend_ == Backend::kSqlite) {
    std::error_code ec;
    std::filesystem::remove_all(location_, ec);
  } else if (!location_.empty()) {
    auto admin = storage::OpenPostgres(PgAdminConninfo(), 1);
    if (auto c = admin->Acquire()) (void)(*c)->ExecScript("DROP SCHEMA IF EXISTS " + location_ + " CASCADE");
  }
}

storage::Rows TestDatabase::Query(const std::string& sql) const {
  auto db = Open(1);
  auto c = db->Acquire();
  if (!c) throw std::runtime_error("acquire failed");
  auto rows = (*c)->Query(sql, {});
  if (!rows) throw std::runtime_error("query failed: " + rows.error().message);
  return std::move(*rows);
}

std::string ApiResponse::Header(const std::string& name) const {
  for (const auto& [k, v] : raw.headers) {
    if (http::ToLowerAscii(k) == http::ToLowerAscii(name)) return v;
  }
  if (http::ToLowerAscii(name) == "content-type") return raw.content_type;
  return "";
}

void ApiFixture::SetUp() {
  testdb_ = std::make_unique<TestDatabase>(GetParam());
  clock_ = std::make_unique<core::ManualClock>(TestEpoch());
  core::Config config;
  config.node = "VN";
  auto node = server::Node::Open(testdb_->Take(), config, *clock_);
  ASSERT_TRUE(node) << node.error().message << " " << node.error().internal;
  node_ = std::move(*node);
  token_ = AddUserWithToken("tester", "admin", "VN");
  ASSERT_FALSE(token_.empty());
}

std::string ApiFixture::AddUserWithToken(const std::string& name, const std::string& role, const std::string& country,
                                         const std::optional<std::string>& province,
                                         const std::optional<std::string>& org) {
  auto inserted = storage::InTransaction(node_->db(), true, [&](storage::Transaction& tx) {
    return tx.Exec(
        "INSERT INTO users (id, name, role, country, province, org, status, failed_logins, version, created_at,"
        " updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'active', 0, 1, $7, $7)",
        {core::NewUuidV7(*clock_), name, role, country, storage::Opt(province), storage::Opt(org),
         core::FormatRfc3339(clock_->Now())});
  });
  EXPECT_TRUE(inserted) << inserted.error().message << " " << inserted.error().internal;
  auto token = node_->tokens().Create(access::Principal::System("VN"), name, name + "-token", std::nullopt);
  EXPECT_TRUE(token) << token.error().message;
  return token ? token->secret : "";
}

void ApiFixture::TearDown() {
  node_.reset();
  testdb_.reset();
}

ApiResponse ApiFixture::Send(const std::string& method, const std::string& target, const std::string& body,
                             std::map<std::string, std::string> headers, bool auth) {
  http::Request req;
  req.method = method;
  if (!http::ParseTarget(target, req.path, req.query)) ADD_FAILURE() << "bad target " << target;
  for (auto& [k, v] : headers) req.headers[http::ToLowerAscii(k)] = v;
  if (auth && !req.headers.contains("authorization")) req.headers["authorization"] = "Bearer " + token_;
  req.body = body;
  ApiResponse out;
  out.raw = node_->Handle(req);
  out.status = out.raw.status;
  out.body = out.raw.body;
  out.json = nlohmann::json::parse(out.body, nullptr, false);
  if (out.json.is_discarded()) out.json = nullptr;
  return out;
}

int64_t ApiFixture::Count(const std::string& table) const {
  auto c = node_->db().Acquire();
  auto rows = (*c)->Query("SELECT COUNT(*) FROM " + table, {});
  return rows ? rows->at(0).Int(0) : -1;
}

nlohmann::json ApiFixture::LaoWorker() {
  return {{"family_name", "VORACHITH"},
          {"given_names", "BOUNNHANG"},
          {"native_name", "ບຸນຍັງ ວໍລະຈິດ"},
          {"sex", "M"},
          {"birth_date", "1978-05"},
          {"nationality", "LA"},
          {"home_province", "LA-SV"},
          {"documents",
           {{{"kind", "passport"}, {"number", "P1234567"}, {"issuing_country", "LA"}, {"expires", "2030-01-31"}}}},
          {"phone", "+856 20 5555 1234"},
          // Suites register these bodies many times over; the duplicate warning they would
          // raise has its own tests (search_suite.cpp).
          {"confirm_new", true}};
}

nlohmann::json ApiFixture::VietnameseWorker() {
  return {{"family_name", "NGUYEN"},
          {"given_names", "THI THUY"},
          {"native_name", "Nguyễn Thị Thủy"},
          {"sex", "F"},
          {"birth_date", "1990-03-21"},
          {"nationality", "VN"},
          {"home_province", "VN-22"},
          {"documents", {{{"kind", "national_id"}, {"number", "040190001234"}, {"issuing_country", "VN"}}}},
          {"confirm_new", true}};
}

nlohmann::json ApiFixture::LaoEmployer() {
  return {{"name", "Attapeu Hydropower Construction"},
          {"native_name", "ບໍລິສັດ ກໍ່ສ້າງ ອັດຕະປື"},
          {"registration_number", "LA-0001"},
          {"country", "LA"},
          {"province", "LA-AT"},
          {"sector", "F"},
          {"address", "Ban Mai, Samakkhixay"}};
}

nlohmann::json ApiFixture::VietnameseEmployer() {
  return {{"name", "Nghe An Garment Company"},
          {"native_name", "Công ty May Nghệ An"},
          {"registration_number", "2900123456"},
          {"country", "VN"},
          {"province", "VN-22"},
          {"sector", "C"}};
}

nlohmann::json ApiFixture::PermitInVietnam() {
  auto person = Post("/api/v1/persons", LaoWorker());
  EXPECT_EQ(person.status, 201) << person.body;
  auto employer = Post("/api/v1/employers", VietnameseEmployer());
  EXPECT_EQ(employer.status, 201) << employer.body;
  return {{"person_id", person.json.value("id", "")},
          {"employer_id", employer.json.value("id", "")},
          {"host_country", "VN"},
          {"host_province", "VN-N08"},
          {"occupation", "8153"},
          {"permit_number", "WP-2026-0001"},
          {"issued", "2026-01-10"},
          {"valid_from", "2026-01-10"},
          {"valid_until", "2027-12-31"},
          {"status", "issued"}};
}

}  // namespace lb::testing
