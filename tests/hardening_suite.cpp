// The review's low findings: a repeated single-valued query parameter is refused naming it
// (it was last-wins); the report's `from`/`to` are required in data/openapi.json as in the
// API; import files live in a directory of the node's own, removed with the node, and the
// directories of nodes that no longer run are removed when a node starts (report files were
// left in the temporary directory).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/test_support.h"

namespace lb::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class HardeningSuite : public ApiFixture {};

TEST_P(HardeningSuite, ARepeatedQueryParameterIs400NamingIt) {
  auto r = Get("/api/v1/persons?limit=1&limit=500");
  EXPECT_EQ(r.status, 400) << r.body;
  ASSERT_TRUE(r.json.contains("errors")) << r.body;
  EXPECT_EQ(r.json["errors"][0].value("field", ""), "limit");
  EXPECT_EQ(r.json["errors"][0].value("code", ""), "repeated");
  // A change with a repeated parameter changes nothing.
  const int64_t before = Count("persons");
  auto w = Post("/api/v1/persons?lang=en&lang=vi", LaoWorker());
  EXPECT_EQ(w.status, 400) << w.body;
  EXPECT_EQ(Count("persons"), before);
  auto report = Get("/api/v1/cooperation/reports/evaluation?from=2024-01-01&to=2026-12-31&to=2020-01-01");
  EXPECT_EQ(report.status, 400) << report.body;
  // Once is fine.
  EXPECT_EQ(Get("/api/v1/persons?limit=1").status, 200);
}

TEST_P(HardeningSuite, TheReportsFromAndToAreRequiredInTheContractAsInTheApi) {
  auto doc = Get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  const json& params = doc.json["paths"]["/api/v1/cooperation/reports/evaluation"]["get"]["parameters"];
  int required = 0;
  for (const auto& p : params) {
    if (p.value("name", "") == "from" || p.value("name", "") == "to") {
      EXPECT_TRUE(p.value("required", false)) << p.dump();
      ++required;
    }
  }
  EXPECT_EQ(required, 2);
  EXPECT_EQ(Get("/api/v1/cooperation/reports/evaluation?to=2026-12-31").status, 422);
  EXPECT_EQ(Get("/api/v1/cooperation/reports/evaluation?from=2024-01-01").status, 422);
}

// A pid no process has (a child that has ended and been reaped).
pid_t DeadPid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

TEST_P(HardeningSuite, ImportFilesDoNotOutliveTheNode) {
  const fs::path tmp = fs::temp_directory_path();
  // What a node killed mid-import left behind.
  const fs::path stale = tmp / ("labourbridge-jobs-" + std::to_string(DeadPid()) + "-0");
  fs::create_directories(stale);
  std::ofstream(stale / "labourbridge-report-abc123") << "row,column\n";
  auto loose_reports = [&] {
    int n = 0;
    for (const auto& e : fs::directory_iterator(tmp)) {
      n += e.path().filename().string().starts_with("labourbridge-report-") ? 1 : 0;
    }
    return n;
  };
  const int loose_before = loose_reports();

  // A node starting removes it; its own import files live in its own directory.
  core::Config config;
  config.node = "VN";
  auto other = server::Node::Open(testdb_->Open(), config, *clock_);
  ASSERT_TRUE(other) << other.error().message;
  EXPECT_FALSE(fs::exists(stale)) << "a dead node's import files were left";

  auto upload = Send("POST", "/api/v1/imports?kind=persons",
                     "family_name,given_names,sex,birth_date,nationality\r\nX,,M,not-a-date,LA\r\n",
                     {{"Content-Type", "text/csv"}});
  ASSERT_EQ(upload.status, 202) << upload.body;
  node_->imports().WaitIdle();
  EXPECT_EQ(loose_reports(), loose_before) << "the import's report went straight into the temporary directory";
  std::vector<fs::path> mine;
  for (const auto& e : fs::directory_iterator(tmp)) {
    if (e.path().filename().string().starts_with("labourbridge-jobs-" + std::to_string(::getpid()) + "-")) {
      mine.push_back(e.path());
    }
  }
  EXPECT_FALSE(mine.empty());
  node_.reset();
  other->reset();
  for (const auto& d : mine) EXPECT_FALSE(fs::exists(d)) << d << " outlived its node";
}

LB_INSTANTIATE_BACKENDS(HardeningSuite);

}  // namespace
}  // namespace lb::testing
