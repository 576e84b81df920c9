// A user disabled while the database writer is busy is disabled everywhere at once: a login
// waiting for the writer is refused (401, no login.success), the admin page shows them as
// disabled before the write lands, and their queued and running imports are cancelled and
// write nothing (found in the attack on revocations: the login answered 200 and the imports
// committed).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <regex>
#include <thread>

#include "platform/access/revocations.h"
#include "support/test_support.h"
#include "support/writer_hold.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
constexpr char kPassword[] = "Mekong-Ferry-7q!Vx2";

class DisabledUserSuite : public ApiFixture {
 protected:
  void AddUser(const std::string& name, const std::string& role) {
    auto u =
        node_->users().Add(access::Principal::System("VN"), {name, role, "VN", std::nullopt, std::nullopt, kPassword});
    ASSERT_TRUE(u) << u.error().message;
  }
  access::Principal Admin() {
    auto u = node_->users().FindByName("tester");
    EXPECT_TRUE(u && *u);
    return (u && *u) ? (*u)->AsPrincipal() : access::Principal{};
  }
  int64_t AuditCount(const std::string& action, const std::string& user_id) {
    EXPECT_TRUE(node_->audit().Flush());
    return testdb_
        ->Query("SELECT COUNT(*) FROM audit_log WHERE action = '" + action + "' AND entity_id = '" + user_id + "'")
        .front()
        .Int(0);
  }
};

TEST_P(DisabledUserSuite, LoginOfAUserDisabledWhileTheWriterIsHeldIs401) {
  AddUser("leaving.user", "viewer");
  const std::string id = testdb_->Query("SELECT id FROM users WHERE name = 'leaving.user'").front().Str(0);
  // A disable answered while the writer was busy: in force in memory, its write still to come
  // (here: refused as "busy" until the test lets it through).
  struct Gate {
    std::atomic<bool> open{false}, written{false};
  };
  auto gate = std::make_shared<Gate>();
  auto revocations = node_->revocations();
  auto pending =
      revocations->Persist("disabling user 'leaving.user'", {{access::Revocations::Kind::kUser, id}},
                           [gate](storage::Transaction&) -> core::Status {
                             if (!gate->open) {
                               return core::Fail(core::Error{core::ErrorCode::kUnavailable, "busy", {}, "busy"});
                             }
                             gate->written = true;
                             return {};
                           });
  ASSERT_TRUE(pending);
  EXPECT_FALSE(*pending) << "the write was not held back";
  const ApiResponse r =
      Send("POST", "/login", json{{"name", "leaving.user"}, {"password", kPassword}}.dump(), {}, false);
  gate->open = true;
  for (int i = 0; i < 100 && !gate->written; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_TRUE(r.Header("set-cookie").empty());
  EXPECT_EQ(AuditCount("login.success", id), 0);
}

TEST_P(DisabledUserSuite, TheAdminPageShowsAPendingDisableAsDisabled) {
  AddUser("page.admin", "admin");
  AddUser("pending.user", "viewer");
  auto session = node_->sessions().Login("page.admin", kPassword, "127.0.0.1");
  ASSERT_TRUE(session) << session.error().message;
  const std::string cookie = std::string(access::kSessionCookie) + "=" + session->session_id;
  auto row_of = [&](const std::string& body) {
    const auto at = body.find("pending.user");
    return at == std::string::npos ? std::string() : body.substr(at, body.find("</tr>", at) - at);
  };
  WriterHold hold(node_->db(), GetParam());
  auto disabled = node_->users().Disable(Admin(), "pending.user");
  ASSERT_TRUE(disabled) << disabled.error().message;
  auto page = Send("GET", "/admin/users", "", {{"Cookie", cookie}, {"Accept", "text/html"}}, false);
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string row = row_of(page.body);
  ASSERT_FALSE(row.empty()) << page.body;
  EXPECT_THAT(row, HasSubstr("Disabled")) << row;
  EXPECT_THAT(row, ::testing::Not(HasSubstr("Active"))) << row;
  hold.Release();
}

TEST_P(DisabledUserSuite, DisablingAUserCancelsTheirQueuedAndRunningImports) {
  const std::string officer = AddUserWithToken("import.leaver", "registry_officer", "VN");
  auto upload = [&](int first) {
    std::string csv =
        "family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,document_kind,"
        "document_number,document_country,document_expires\r\n";
    for (int i = first; i < first + 5; ++i) {
      csv += "SOUVANNA,Khamla,,M,1990-04-0" + std::to_string(1 + i % 9) + ",LA,LA-VT,,passport,Z" +
             std::to_string(1000000 + i) + ",LA,\r\n";
    }
    return Send("POST", "/api/v1/imports?kind=persons&confirm_new=true", csv,
                {{"Content-Type", "text/csv"}, {"Authorization", "Bearer " + officer}}, false);
  };
  std::string running, queued;
  {
    WriterHold hold(node_->db(), GetParam());
    auto a = upload(0);
    ASSERT_EQ(a.status, 202) << a.body;
    running = a.json.value("id", "");
    auto b = upload(100);
    ASSERT_EQ(b.status, 202) << b.body;
    queued = b.json.value("id", "");
    auto disabled = node_->users().Disable(Admin(), "import.leaver");
    ASSERT_TRUE(disabled) << disabled.error().message;
    hold.Release();
    node_->imports().WaitIdle();
  }
  // Both jobs stop, on both databases: on PostgreSQL the held lock stops the running import at
  // its first write, after it has read its small file (no row check comes after the disable),
  // and the check of the account just before the commit stops it.
  for (const auto& id : {running, queued}) {
    auto job = node_->imports().Get(Admin(), id);
    ASSERT_TRUE(job) << job.error().message;
    EXPECT_EQ(job->state, files::JobState::kFailed) << id;
    ASSERT_TRUE(job->error.has_value());
    EXPECT_THAT(job->error->message, HasSubstr("disabled")) << job->error->message;
  }
  EXPECT_EQ(Count("persons"), 0) << "a disabled user's import was written";
}

LB_INSTANTIATE_BACKENDS(DisabledUserSuite);

}  // namespace
}  // namespace lb::testing
