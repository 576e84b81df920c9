// The evaluation report keeps to the caller's scope, on both backends: its registry figures
// (workers by nationality, permits by status) count only the persons and permits the caller
// could see, in the collected data and in the XLSX served by the API. (The report used to run
// unscoped SQL on persons and work_permits, so a province officer's report counted the whole
// registry.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <tuple>

#include "features/cooperation/report/evaluation.h"
#include "features/cooperation/seed.h"
#include "support/report_fixture.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using Counts = std::vector<std::pair<std::string, int64_t>>;

class ReportScopeSuite : public CooperationReportFixture {
 protected:
  void SetUp() override {
    CooperationReportFixture::SetUp();
    // One employer; two Lao workers, each with a permit: one hosted in Nghệ An (VN-N08), one
    // in Thanh Hóa (VN-N10).
    auto employer = Post("/api/v1/employers", VietnameseEmployer());
    ASSERT_EQ(employer.status, 201) << employer.body;
    AddWorkerWithPermit(employer.json["id"].get<std::string>(), "P7000008", "KHAMPHOU", "VN-N08", "issued");
    AddWorkerWithPermit(employer.json["id"].get<std::string>(), "P7000010", "SOMSAK", "VN-N10", "issued");
  }

  static access::Principal Officer(std::optional<std::string> province) {
    access::Principal p;
    p.user_id = "coop-officer";
    p.user_name = province ? "coop." + *province : "coop.national";
    p.role = access::Role::kCooperationOfficer;
    p.country = "VN";
    p.province = std::move(province);
    return p;
  }

  // The numbers in the registry sheet (the fourth) of an XLSX workbook, top to bottom.
  std::string RegistrySheetNumbers(const std::string& xlsx) {
    const auto file =
        std::filesystem::temp_directory_path() / ("lb-report-scope-" + std::to_string(::getpid()) + ".xlsx");
    std::ofstream(file, std::ios::binary) << xlsx;
    const std::string cmd =
        "python3 -c \"import re,sys,zipfile; x=zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet4.xml')."
        "decode(); print(' '.join(re.findall(r'<c r=.B[0-9]+.(?: s=.[0-9]+.)?><v>([0-9.]+)</v>', x)))\" '" +
        file.string() + "'";
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
      char buf[4096];
      size_t n;
      while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
      pclose(p);
    }
    std::filesystem::remove(file);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
  }
};

TEST_P(ReportScopeSuite, ProvinceOfficersReportCountsOnlyTheirProvince) {
  const cooperation::EvaluationRequest request{"2024-01-01", "2026-12-31", "en", "xlsx"};
  auto national = cooperation::CollectEvaluation(node_->cooperation(), Officer(std::nullopt), request);
  ASSERT_TRUE(national) << national.error().message << national.error().internal;
  EXPECT_EQ(national->workers_by_nationality, (Counts{{"LA", 2}}));
  EXPECT_EQ(national->permits_by_status, (Counts{{"issued", 2}}));

  auto n08 = cooperation::CollectEvaluation(node_->cooperation(), Officer("VN-N08"), request);
  ASSERT_TRUE(n08) << n08.error().message << n08.error().internal;
  EXPECT_EQ(n08->workers_by_nationality, (Counts{{"LA", 1}}));
  EXPECT_EQ(n08->permits_by_status, (Counts{{"issued", 1}}));
  // Cooperation records are shared by both ministries: the province officer's report lists
  // the same commitments and activities as the national one.
  EXPECT_EQ(n08->commitments.size(), national->commitments.size());
  EXPECT_EQ(n08->activities.size(), national->activities.size());
  EXPECT_EQ(n08->conferences.size(), national->conferences.size());
  EXPECT_FALSE(national->commitments.empty());

  // An officer of a province with no worker counts none.
  auto elsewhere = cooperation::CollectEvaluation(node_->cooperation(), Officer("VN-33"), request);
  ASSERT_TRUE(elsewhere);
  EXPECT_TRUE(elsewhere->workers_by_nationality.empty());
  EXPECT_TRUE(elsewhere->permits_by_status.empty());
}

TEST_P(ReportScopeSuite, ApiWorkbookOfAProvinceOfficerCountsOnlyTheirProvince) {
  const std::string target = "/api/v1/cooperation/reports/evaluation?from=2024-01-01&to=2026-12-31&lang=en&format=xlsx";
  const std::string n08 = AddUserWithToken("coop.n08", "cooperation_officer", "VN", std::string("VN-N08"));
  const std::string national = AddUserWithToken("coop.vn", "cooperation_officer", "VN");
  auto mine = Send("GET", target, "", {{"authorization", "Bearer " + n08}});
  ASSERT_EQ(mine.status, 200) << mine.body;
  auto all = Send("GET", target, "", {{"authorization", "Bearer " + national}});
  ASSERT_EQ(all.status, 200) << all.body;
  // Workers (LA) then permits (issued).
  EXPECT_EQ(RegistrySheetNumbers(all.body), "2 2");
  EXPECT_EQ(RegistrySheetNumbers(mine.body), "1 1");
}

LB_INSTANTIATE_BACKENDS(ReportScopeSuite);

}  // namespace
}  // namespace lb::testing
