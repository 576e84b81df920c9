// The console's `user disable` and `token revoke` are separate processes: while a long import
// holds the SQLite writer they cannot take effect in the node's memory, so they wait for the
// writer, saying so, up to LB_WRITER_WAIT_SECONDS (default 120 s), and then fail with a clear
// message and change nothing (found in review: they gave up after 5 s with "database is busy").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <future>
#include <mutex>
#include <thread>

#include "storage/database.h"
#include "storage/sqlite/sqlite_database.h"
#include "support/cli_fixture.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kPassword[] = "Sav4nnakhet-Ferry-2026!";

class CliBusyWriterTest : public CliFixture {
 protected:
  CliBusyWriterTest() : CliFixture("lbclibusy") {}
  void SetUp() override {
    CliFixture::SetUp();
    path_ = (dir_ / "node.db").string();
    db_ = "sqlite:" + path_;
    ASSERT_EQ(Exec("migrate --db " + db_).code, 0);
    ASSERT_EQ(Exec("user add lan.savannakhet --role viewer --country LA --password-stdin --db " + db_,
                   std::string(kPassword) + "\n")
                  .code,
              0);
    ASSERT_EQ(Exec("token create --user lan.savannakhet --name sv-int --db " + db_).code, 0);
  }

  // Another process's long write (an import): the writer of this file, held for `hold`.
  std::thread HoldWriter(std::chrono::milliseconds hold) {
    auto db = storage::OpenSqlite(path_, 2);
    auto held = std::make_shared<std::promise<void>>();
    auto f = held->get_future();
    std::thread t([db = std::shared_ptr<storage::Database>(std::move(db)), hold, held] {
      auto r = db->RunWrite([&](storage::Transaction& tx) -> core::Status {
        LB_TRY(n, tx.Exec("UPDATE node_secrets SET value = value WHERE name = 'nothing'", {}));
        (void)n;
        held->set_value();
        std::this_thread::sleep_for(hold);
        return {};
      });
      EXPECT_TRUE(r) << r.error().message;
    });
    f.wait();
    return t;
  }

  std::string One(const std::string& sql) {
    auto db = storage::OpenSqlite(path_, 1);
    auto rows = storage::InTransaction(*db, false, [&](storage::Transaction& tx) { return tx.Query(sql, {}); });
    EXPECT_TRUE(rows);
    return rows && !rows->empty() ? rows->front().Str(0) : "";
  }

  std::string path_, db_;
};

TEST_F(CliBusyWriterTest, DisableAndRevokeFailClearlyAndChangeNothingWhenTheWriterStaysBusy) {
  std::thread holder = HoldWriter(std::chrono::seconds(20));
  // A short wait, so the test does not take two minutes.
  ::setenv("LB_WRITER_WAIT_SECONDS", "3", 1);
  CliRun d = Exec("user disable lan.savannakhet --db " + db_);
  CliRun t = Exec("token revoke sv-int --db " + db_);
  ::unsetenv("LB_WRITER_WAIT_SECONDS");
  holder.join();
  EXPECT_NE(t.code, 0) << t.err;
  EXPECT_THAT(t.err, HasSubstr("nothing changed")) << t.err;
  EXPECT_EQ(One("SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NOT NULL"), "0");
  EXPECT_NE(d.code, 0) << d.err;
  EXPECT_THAT(d.err, HasSubstr("import")) << d.err;
  EXPECT_THAT(d.err, HasSubstr("nothing changed")) << d.err;
  EXPECT_EQ(One("SELECT status FROM users WHERE name = 'lan.savannakhet'"), "active");
  EXPECT_EQ(One("SELECT COUNT(*) FROM audit_log WHERE action = 'user.disable'"), "0");
}

TEST_F(CliBusyWriterTest, DisableAndRevokeWaitForTheWriterSayingSoAndThenTakeEffect) {
  std::thread holder = HoldWriter(std::chrono::seconds(7));
  CliRun r = Exec("token revoke sv-int --db " + db_);
  holder.join();
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("waiting for the database writer")) << r.err;
  EXPECT_EQ(One("SELECT COUNT(*) FROM api_tokens WHERE name = 'sv-int' AND revoked_at IS NOT NULL"), "1");

  holder = HoldWriter(std::chrono::seconds(7));
  CliRun d = Exec("user disable lan.savannakhet --db " + db_);
  holder.join();
  EXPECT_EQ(d.code, 0) << d.err;
  EXPECT_THAT(d.err, HasSubstr("waiting for the database writer")) << d.err;
  EXPECT_EQ(One("SELECT status FROM users WHERE name = 'lan.savannakhet'"), "disabled");
}

}  // namespace
}  // namespace lb::testing
