// Import jobs are limited, so one user's uploads cannot queue hours of work or fill the disk:
// at most one running and one queued job per user (a third is 429 with Retry-After and a
// message saying why), and the spooled files of every queued and running job together stay
// under a cap (503 with Retry-After beyond it). A dry run releases the database writer between
// windows of rows, so another user's write finishes while a large dry run runs on SQLite
// (found in the attack on bulk import: ten dry runs held the SQLite writer for an hour).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "support/test_support.h"
#include "support/writer_hold.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

std::string PersonsCsv(int rows, int first = 0) {
  std::string csv =
      "family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,document_kind,"
      "document_number,document_country,document_expires\r\n";
  for (int i = 0; i < rows; ++i) {
    char number[16];
    std::snprintf(number, sizeof number, "Q%07d", first + i);
    const int day = 1 + i % 28;
    csv += std::string("SOUVANNA,Khamla,,M,1990-04-") + (day < 10 ? "0" : "") + std::to_string(day) +
           ",LA,LA-VT,,passport," + number + ",LA,\r\n";
  }
  return csv;
}

class ImportQueueLimitsSuite : public ApiFixture {
 protected:
  ApiResponse Upload(const std::string& token, const std::string& csv, const std::string& mode = "all-or-nothing") {
    return Send("POST", "/api/v1/imports?kind=persons&confirm_new=true&mode=" + mode, csv,
                {{"Content-Type", "text/csv"}, {"Authorization", "Bearer " + token}}, false);
  }
  // The job's state as its owner sees it.
  std::string StateOf(const std::string& token, const std::string& id) {
    auto r = Send("GET", "/api/v1/imports/" + id, "", {{"Authorization", "Bearer " + token}}, false);
    return r.json.is_object() ? r.json.value("state", "?") : "?";
  }
};

TEST_P(ImportQueueLimitsSuite, OneUserCannotQueueMoreThanTwoJobs) {
  const std::string officer = AddUserWithToken("queue.officer", "registry_officer", "VN");
  const std::string other = AddUserWithToken("queue.other", "registry_officer", "VN");
  std::string first, second;
  {
    WriterHold hold(node_->db(), GetParam());
    auto a = Upload(officer, PersonsCsv(3, 0));
    ASSERT_EQ(a.status, 202) << a.body;
    first = a.json.value("id", "");
    auto b = Upload(officer, PersonsCsv(3, 10));
    ASSERT_EQ(b.status, 202) << b.body;
    second = b.json.value("id", "");
    // The third: refused, saying why and when to come back.
    auto c = Upload(officer, PersonsCsv(3, 20));
    EXPECT_EQ(c.status, 429) << c.body;
    EXPECT_EQ(c.raw.content_type, "application/problem+json");
    EXPECT_THAT(c.json.value("detail", ""), HasSubstr("one running and one queued")) << c.body;
    EXPECT_FALSE(c.Header("retry-after").empty());
    // Another user's import is still taken.
    auto d = Upload(other, PersonsCsv(3, 30));
    EXPECT_EQ(d.status, 202) << d.body;
    hold.Release();
    node_->imports().WaitIdle();
  }
  EXPECT_EQ(StateOf(officer, first), "succeeded");
  EXPECT_EQ(StateOf(officer, second), "succeeded");
  EXPECT_EQ(Count("persons"), 9) << "the refused file was imported";
  // Once the jobs have ended, the user may import again.
  EXPECT_EQ(Upload(officer, PersonsCsv(3, 40)).status, 202);
  node_->imports().WaitIdle();
}

TEST_P(ImportQueueLimitsSuite, TheQueuedSpoolHasACap) {
  // A node taking files of at most 1,000 bytes spools at most four times that for the jobs
  // waiting or running (so one user, with one running and one queued job, holds half of it).
  core::Config config;
  config.node = "VN";
  config.import_body_limit = 1000;
  node_.reset();
  auto opened = server::Node::Open(testdb_->Open(), config, *clock_);
  ASSERT_TRUE(opened) << opened.error().message;
  node_ = std::move(*opened);
  const std::string a = AddUserWithToken("spool.a", "registry_officer", "VN");
  const std::string b = AddUserWithToken("spool.b", "registry_officer", "VN");
  const std::string c = AddUserWithToken("spool.c", "registry_officer", "VN");
  auto file = [](int n) { return PersonsCsv(9, 100 * n); };
  ASSERT_GT(file(0).size(), 667u);  // five fit in 4,000 bytes, six do not
  ASSERT_LE(file(0).size(), 800u);
  {
    WriterHold hold(node_->db(), GetParam());
    EXPECT_EQ(Upload(a, file(0)).status, 202);
    EXPECT_EQ(Upload(a, file(1)).status, 202);
    EXPECT_EQ(Upload(b, file(2)).status, 202);
    EXPECT_EQ(Upload(b, file(3)).status, 202);
    EXPECT_EQ(Upload(c, file(4)).status, 202);
    auto refused = Upload(c, file(5));
    EXPECT_EQ(refused.status, 503) << refused.body;
    EXPECT_THAT(refused.json.value("detail", ""), HasSubstr("waiting")) << refused.body;
    EXPECT_FALSE(refused.Header("retry-after").empty());
    hold.Release();
    node_->imports().WaitIdle();
  }
  EXPECT_EQ(Count("persons"), 45);
  // Once the others have run, the same file is taken.
  EXPECT_EQ(Upload(c, file(5)).status, 202);
  node_->imports().WaitIdle();
  EXPECT_EQ(Count("persons"), 54);
}

TEST_P(ImportQueueLimitsSuite, FilesKeptForImportNowTakeTheirRoomInTheSpool) {
  // A clean check keeps its file for an hour ("import now"). Found by the attack on a running
  // node: kept files were not counted, so one user's clean checks in a row filled the disk.
  // Now each user keeps one (their newest), and kept files count against the spool's cap.
  core::Config config;
  config.node = "VN";
  config.import_body_limit = 1000;
  node_.reset();
  auto opened = server::Node::Open(testdb_->Open(), config, *clock_);
  ASSERT_TRUE(opened) << opened.error().message;
  node_ = std::move(*opened);
  auto file = [](int n) { return PersonsCsv(9, 100 * n); };
  ASSERT_GT(file(0).size(), 667u);  // five fit in 4,000 bytes, six do not
  ASSERT_LE(file(0).size(), 800u);
  std::vector<std::string> tokens;
  for (const char* name : {"kept.a", "kept.b", "kept.c", "kept.d", "kept.e", "kept.f"}) {
    tokens.push_back(AddUserWithToken(name, "registry_officer", "VN"));
  }
  // The first user checks twice: only the newest check keeps its file.
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(Upload(tokens[0], file(i), "dry-run").status, 202);
    node_->imports().WaitIdle();
  }
  for (int u = 1; u <= 4; ++u) {
    auto r = Upload(tokens[u], file(u + 1), "dry-run");
    ASSERT_EQ(r.status, 202) << u << " " << r.body;
    node_->imports().WaitIdle();
  }
  // Five kept files fill the spool: a sixth file waits for room.
  auto refused = Upload(tokens[5], file(7));
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_THAT(refused.json.value("detail", ""), HasSubstr("kept")) << refused.body;
  EXPECT_EQ(Count("persons"), 0);
}

TEST_P(ImportQueueLimitsSuite, ADryRunDoesNotBlockWrites) {
  if (GetParam() != Backend::kSqlite) GTEST_SKIP() << "PostgreSQL writers do not wait for each other";
  const std::string importer = AddUserWithToken("dry.importer", "registry_officer", "VN");
  const std::string writer = AddUserWithToken("dry.writer", "registry_officer", "VN");
  // The registry holds persons, so the dry run checks every row against them.
  ASSERT_EQ(Upload(importer, PersonsCsv(2000, 900000)).status, 202);
  node_->imports().WaitIdle();
  const int64_t before = Count("persons");

  auto started = Upload(importer, PersonsCsv(150000), "dry-run");
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id = started.json.value("id", "");
  bool running = false;
  for (int i = 0; i < 2000 && !running; ++i) {
    auto r = Send("GET", "/api/v1/imports/" + id, "", {{"Authorization", "Bearer " + importer}}, false);
    running = r.json.value("state", "") == "running" && r.json.value("rows_read", 0) >= 2000;
    ASSERT_NE(r.json.value("state", ""), "succeeded") << "the dry run ended before the test could write";
    if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(running);
  // Another user's write, while the dry run runs.
  auto written = std::async(std::launch::async, [&] {
    return Send("POST", "/api/v1/persons", LaoWorker().dump(),
                {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + writer}}, false);
  });
  const auto w = written.get();
  EXPECT_EQ(w.status, 201) << w.body;
  EXPECT_EQ(StateOf(importer, id), "running") << "the write waited for the whole dry run";
  node_->imports().WaitIdle();
  // The dry run still checked every row and wrote nothing.
  auto done = Send("GET", "/api/v1/imports/" + id, "", {{"Authorization", "Bearer " + importer}}, false);
  EXPECT_EQ(done.json.value("state", ""), "succeeded") << done.body;
  EXPECT_EQ(done.json.value("rows_read", 0), 150000) << done.body;
  EXPECT_EQ(done.json.value("created", 0), 150000) << done.body;
  EXPECT_EQ(Count("persons"), before + 1);
}

LB_INSTANTIATE_BACKENDS(ImportQueueLimitsSuite);

}  // namespace
}  // namespace lb::testing
