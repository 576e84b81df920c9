// `labourbridge audit checkpoint|verify|list` run as an operator or auditor would: exit codes,
// messages, the checkpoint file and the node key file.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/clock.h"
#include "platform/audit/audit_log.h"
#include "storage/sqlite/sqlite_database.h"
#include "support/cli_fixture.h"

namespace lb {
namespace {

namespace fs = std::filesystem;

using testing::CliRun;
using testing::Slurp;

class AuditCliTest : public testing::CliFixture {
 protected:
  AuditCliTest() : CliFixture("lbaudit") {}
  void SetUp() override {
    CliFixture::SetUp();
    db_path_ = dir_ / "audit.db";
    db_ = "sqlite:" + db_path_.string();
    key_ = (dir_ / "node.key").string();
    CliRun m = Exec("migrate --db " + db_);
    ASSERT_EQ(m.code, 0) << m.err;
  }

  // Appends entries in-process, as the services do.
  void Append(int n) {
    auto db = storage::OpenSqlite(db_path_.string(), 2);
    core::SystemClock clock;
    audit::AuditLog log(*db, clock, "VN");
    for (int i = 0; i < n; ++i) {
      auto r = storage::InTransaction(*db, true, [&](storage::Transaction& tx) -> core::Result<bool> {
        LB_CHECK(log.Append(tx, {"officer.a", "person.update", "person", "p-" + std::to_string(i % 2),
                                 nlohmann::json{{"phone", {{"before", i}, {"after", i + 1}}}}}));
        return true;
      });
      ASSERT_TRUE(r) << r.error().message;
    }
  }

  // Tampers with the database file directly, as someone with access to it could.
  void Tamper(const std::string& sql) {
    auto db = storage::OpenSqlite(db_path_.string(), 1);
    auto c = db->Acquire();
    ASSERT_TRUE(c);
    auto r = (*c)->ExecScript(
        "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;"
        " DROP TRIGGER IF EXISTS audit_checkpoints_no_delete; " +
        sql);
    ASSERT_TRUE(r) << r.error().message;
  }

  static unsigned Mode(const std::string& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
  }

  fs::path db_path_;
  std::string db_, key_;
};

TEST_F(AuditCliTest, VerifyReportsAnIntactLogAndExitsZero) {
  CliRun empty = Exec("audit verify --db " + db_);
  EXPECT_EQ(empty.code, 0) << empty.err;
  EXPECT_EQ(empty.out, "audit log intact: 0 entries\n");
  Append(3);
  CliRun r = Exec("audit verify --db " + db_);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "audit log intact: 3 entries\n");
}

TEST_F(AuditCliTest, CheckpointCreatesTheKey0600AndPrintsASignedCheckpoint) {
  Append(3);
  ASSERT_FALSE(fs::exists(key_));
  CliRun r = Exec("audit checkpoint --db " + db_ + " --key " + key_);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Mode(key_), 0600u);
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  EXPECT_EQ(doc["format"], "labourbridge-audit-checkpoint/1");
  EXPECT_EQ(doc["seq"], 3);
  EXPECT_EQ(doc["node"], "VN");
  EXPECT_EQ(doc["head_hash"].get<std::string>().size(), 64u);
  EXPECT_EQ(doc["signature"].get<std::string>().size(), 128u);
  EXPECT_NE(r.err.find("checkpoint signed at entry 3"), std::string::npos) << r.err;

  // The same key signs the next one; --out writes the file instead.
  const std::string file = (dir_ / "cp.json").string();
  CliRun second = Exec("audit checkpoint --db " + db_ + " --key " + key_ + " --out " + file);
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_EQ(second.out, "");
  auto saved = nlohmann::json::parse(Slurp(file), nullptr, false);
  ASSERT_FALSE(saved.is_discarded());
  EXPECT_EQ(saved["public_key"], doc["public_key"]);

  CliRun v = Exec("audit verify --db " + db_ + " --key " + key_ + " --from-checkpoint " + file);
  EXPECT_EQ(v.code, 0) << v.err;
  EXPECT_EQ(v.out, "audit log intact: 3 entries\n");
  EXPECT_NE(v.err.find("3 signed checkpoints verified"), std::string::npos) << v.err;
}

TEST_F(AuditCliTest, VerifyNamesTheFirstBadEntryAndExitsTwo) {
  Append(4);
  Tamper("UPDATE audit_log SET actor = 'someone.else' WHERE seq = 2");
  CliRun r = Exec("audit verify --db " + db_);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("labourbridge: error: audit log does not verify: entry 2 was changed: its hash does not "
                       "match its contents\n"),
            std::string::npos)
      << r.err;

  Tamper("DELETE FROM audit_log WHERE seq = 1");
  r = Exec("audit verify --db " + db_);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("entry 1 is missing"), std::string::npos) << r.err;
}

TEST_F(AuditCliTest, TruncationAfterACheckpointIsCaughtWithTheCheckpointFile) {
  Append(5);
  const std::string file = (dir_ / "cp.json").string();
  ASSERT_EQ(Exec("audit checkpoint --db " + db_ + " --key " + key_ + " --out " + file).code, 0);
  Append(2);
  // Remove the tail and every stored checkpoint, and move the head back to entry 3.
  Tamper(
      "DELETE FROM audit_log WHERE seq > 3; DELETE FROM audit_checkpoints;"
      " UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3)");
  CliRun db_only = Exec("audit verify --db " + db_ + " --key " + key_);
  EXPECT_EQ(db_only.code, 0) << "undetectable from the database alone: " << db_only.err;
  CliRun r = Exec("audit verify --db " + db_ + " --key " + key_ + " --from-checkpoint " + file);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("truncated after a checkpoint: it ends at entry 3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the checkpoint file"), std::string::npos) << r.err;
}

TEST_F(AuditCliTest, AKeyFileOthersCanReadIsRefused) {
  ASSERT_EQ(Exec("audit checkpoint --db " + db_ + " --key " + key_).code, 0);
  ASSERT_EQ(::chmod(key_.c_str(), 0644), 0);
  for (const char* sub : {"checkpoint", "verify"}) {
    CliRun r = Exec(std::string("audit ") + sub + " --db " + db_ + " --key " + key_);
    EXPECT_EQ(r.code, 3) << sub;
    EXPECT_NE(r.err.find("labourbridge: error: node key file " + key_ + " has mode 0644"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("chmod 600"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST_F(AuditCliTest, TheConfigFileNamesTheKeyFile) {
  const std::string key = (dir_ / "from-config.key").string();
  const fs::path config = dir_ / "lb.toml";
  std::ofstream(config) << "node = \"LA\"\nnode_key_file = \"" << key << "\"\n";
  CliRun r = Exec("--config " + config.string() + " audit checkpoint --db " + db_);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(key));
  EXPECT_EQ(Mode(key), 0600u);
  EXPECT_EQ(nlohmann::json::parse(r.out)["node"], "LA");
}

TEST_F(AuditCliTest, BadCheckpointFilesAreRejected) {
  const fs::path file = dir_ / "cp.json";
  std::ofstream(file) << "{not json";
  CliRun r = Exec("audit verify --db " + db_ + " --from-checkpoint " + file.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not valid JSON"), std::string::npos) << r.err;
  CliRun missing = Exec("audit verify --db " + db_ + " --from-checkpoint " + (dir_ / "none.json").string());
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("cannot read checkpoint file"), std::string::npos) << missing.err;
  CliRun no_key = Exec("audit verify --db " + db_ + " --key " + (dir_ / "none.key").string());
  EXPECT_EQ(no_key.code, 2);
  EXPECT_NE(no_key.err.find("does not exist"), std::string::npos) << no_key.err;
  EXPECT_FALSE(fs::exists(dir_ / "none.key")) << "verify never creates a key";
}

TEST_F(AuditCliTest, ListShowsEntriesForOperators) {
  Append(5);
  CliRun all = Exec("audit list --db " + db_ + " --limit 2");
  ASSERT_EQ(all.code, 0) << all.err;
  EXPECT_NE(all.out.find("SEQ"), std::string::npos);
  EXPECT_NE(all.out.find("\n4 "), std::string::npos) << all.out;
  EXPECT_NE(all.out.find("\n5 "), std::string::npos) << all.out;
  EXPECT_EQ(all.out.find("\n3 "), std::string::npos) << all.out;

  CliRun json = Exec("audit list --db " + db_ + " --entity person:p-1 --json");
  ASSERT_EQ(json.code, 0) << json.err;
  std::istringstream lines(json.out);
  std::string line;
  std::vector<int64_t> seqs;
  while (std::getline(lines, line)) {
    auto e = nlohmann::json::parse(line);
    EXPECT_EQ(e["entity_id"], "p-1");
    EXPECT_EQ(e["hash"].get<std::string>().size(), 64u);
    seqs.push_back(e["seq"].get<int64_t>());
  }
  EXPECT_EQ(seqs, (std::vector<int64_t>{2, 4}));

  CliRun bad = Exec("audit list --db " + db_ + " --entity :x");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--entity must be TYPE or TYPE:ID"), std::string::npos) << bad.err;
  EXPECT_EQ(Exec("audit --db " + db_).code, 1);
}

}  // namespace
}  // namespace lb
