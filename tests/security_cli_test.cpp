// Security review of the console: every user and token command leaves exactly one audit entry
// (actor "console", never a password or a token secret) and the chain still verifies; a SQLite
// file the node creates is readable by its owner only, and an existing file keeps its mode.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "storage/database.h"
#include "storage/sqlite/sqlite_database.h"
#include "support/cli_fixture.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "Sav4nnakhet-Ferry-2026!";

class SecurityCliTest : public CliFixture {
 protected:
  SecurityCliTest() : CliFixture("lbseccli") {}
  void SetUp() override {
    CliFixture::SetUp();
    path_ = dir_ / "node.db";
    db_ = "sqlite:" + path_.string();
  }

  struct Head {
    int64_t seq = 0;
    std::string hash;
  };
  struct Last {
    std::string actor, action, entity_type, changes;
  };

  // Read straight from the file, as an auditor with a copy of it would.
  storage::Rows Query(const std::string& sql) {
    auto db = storage::OpenSqlite(path_.string(), 1);
    auto rows = storage::InTransaction(*db, false, [&](storage::Transaction& tx) { return tx.Query(sql, {}); });
    EXPECT_TRUE(rows) << rows.error().message << " " << rows.error().internal;
    return rows ? std::move(*rows) : storage::Rows{};
  }
  Head AuditHead() {
    auto rows = Query("SELECT seq, hash FROM audit_head");
    if (rows.empty()) return {};
    return {rows[0].Int(0), rows[0].Str(1)};
  }
  Last LastEntry() {
    auto rows = Query("SELECT actor, action, entity_type, changes FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (rows.empty()) return {};
    return {rows[0].Str(0), rows[0].Str(1), rows[0].Str(2), rows[0].Opt(3).value_or("")};
  }

  // Runs a command that must change something, and checks it left exactly one entry of `action`.
  CliRun ExpectAudited(const std::string& args, const std::string& action, const std::string& stdin_text = "") {
    const Head before = AuditHead();
    CliRun r = Exec(args + " --db " + db_, stdin_text);
    EXPECT_EQ(r.code, 0) << args << ": " << r.err;
    const Head after = AuditHead();
    EXPECT_EQ(after.seq, before.seq + 1) << args << " should leave one audit entry";
    EXPECT_NE(after.hash, before.hash) << args;
    const Last last = LastEntry();
    EXPECT_EQ(last.action, action) << args;
    EXPECT_EQ(last.actor, "console") << args;
    EXPECT_THAT(last.changes, Not(HasSubstr(kPassword))) << args;
    return r;
  }

  static unsigned Mode(const std::filesystem::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return 0;
    return st.st_mode & 07777;
  }

  std::filesystem::path path_;
  std::string db_;
};

TEST_F(SecurityCliTest, EveryUserAndTokenCommandIsAuditedAsTheConsole) {
  ASSERT_EQ(Exec("migrate --db " + db_).code, 0);
  ExpectAudited("user add lan.savannakhet --role registry_officer --country LA --province LA-SV --password-stdin",
                "user.create", std::string(kPassword) + "\n");
  ExpectAudited("user add admin.two --role admin --country LA --password-stdin", "user.create",
                std::string(kPassword) + "\n");
  ExpectAudited("user set-role lan.savannakhet viewer", "user.set_role");
  CliRun token =
      ExpectAudited("token create --user lan.savannakhet --name sv-integration --expires 30", "token.create");
  std::string secret = token.out.substr(0, token.out.find('\n'));
  ASSERT_THAT(secret, ::testing::StartsWith("lb_"));
  EXPECT_EQ(LastEntry().entity_type, "token");
  ExpectAudited("token revoke sv-integration", "token.revoke");
  ExpectAudited("user unlock lan.savannakhet", "user.unlock");
  ExpectAudited("user disable lan.savannakhet", "user.disable");

  // Listing changes nothing and writes nothing.
  const Head before = AuditHead();
  EXPECT_EQ(Exec("user list --db " + db_).code, 0);
  EXPECT_EQ(Exec("token list --db " + db_).code, 0);
  EXPECT_EQ(AuditHead().seq, before.seq);

  // A refused command writes nothing either.
  EXPECT_EQ(Exec("user set-role nobody.here viewer --db " + db_).code, 2);
  EXPECT_EQ(Exec("token revoke sv-integration --db " + db_).code, 2);
  EXPECT_EQ(AuditHead().seq, before.seq);

  // Neither the password nor the token's secret (nor its hash) is anywhere in the log.
  for (const auto& row : Query("SELECT actor, changes FROM audit_log")) {
    for (int i = 0; i < 2; ++i) {
      const std::string text = row.Opt(i).value_or("");
      EXPECT_THAT(text, Not(HasSubstr(kPassword)));
      EXPECT_THAT(text, Not(HasSubstr(secret)));
      EXPECT_THAT(text, Not(HasSubstr(secret.substr(3))));
    }
  }
  CliRun verify = Exec("audit verify --db " + db_);
  EXPECT_EQ(verify.code, 0) << verify.out << verify.err;
}

TEST_F(SecurityCliTest, ANewSqliteFileIsReadableByItsOwnerOnly) {
  ASSERT_EQ(Exec("migrate --db " + db_).code, 0);
  ASSERT_TRUE(std::filesystem::exists(path_));
  EXPECT_EQ(Mode(path_), 0600u) << std::oct << Mode(path_);
  // The write-ahead log and its index hold the same data: same mode (they exist while open).
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::filesystem::path side = path_.string() + suffix;
    if (std::filesystem::exists(side)) {
      EXPECT_EQ(Mode(side), 0600u) << suffix << " " << std::oct << Mode(side);
    }
  }
  auto db = storage::OpenSqlite(path_.string(), 1);
  ASSERT_TRUE(db->Ping());
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::filesystem::path side = path_.string() + suffix;
    if (std::filesystem::exists(side)) {
      EXPECT_EQ(Mode(side), 0600u) << suffix << " " << std::oct << Mode(side);
    }
  }
}

TEST_F(SecurityCliTest, AnExistingSqliteFileKeepsTheModeItsOwnerGaveIt) {
  { std::ofstream touch(path_); }
  ASSERT_EQ(::chmod(path_.c_str(), 0640), 0);
  ASSERT_EQ(Exec("migrate --db " + db_).code, 0);
  EXPECT_EQ(Mode(path_), 0640u) << std::oct << Mode(path_);
}

}  // namespace
}  // namespace lb::testing
