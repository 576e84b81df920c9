// The evaluation report renders in Vietnamese, Lao and English: the text read back from the
// PDF with pdftotext (poppler-utils) is the text we wrote, every font is embedded (pdffonts),
// and the XLSX workbook opens as a zip; `report evaluation` refuses a reversed period.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "features/cooperation/report/evaluation.h"
#include "features/cooperation/seed.h"
#include "support/cli_fixture.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Shell(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

class ReportTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    testdb_ = std::make_unique<TestDatabase>(Backend::kSqlite);
    clock_ = std::make_unique<core::ManualClock>(TestEpoch());
    svc_ = std::make_unique<cooperation::CooperationService>(testdb_->db(), *clock_);
    ASSERT_TRUE(cooperation::LoadSeed(*svc_, access::Principal::System("VN")));
    dir_ = std::filesystem::temp_directory_path() / ("lbreport-" + std::to_string(::getpid()) + "-" + GetParam());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path Write(const std::string& name, const std::string& bytes) {
    const auto p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

  std::unique_ptr<TestDatabase> testdb_;
  std::unique_ptr<core::ManualClock> clock_;
  std::unique_ptr<cooperation::CooperationService> svc_;
  std::filesystem::path dir_;
};

TEST_P(ReportTest, PdfTextComesBackIntactWithFontsEmbedded) {
  const std::string lang = GetParam();
  auto pdf =
      cooperation::RenderEvaluation(*svc_, access::Principal::System("VN"), {"2021-01-01", "2027-12-31", lang, "pdf"});
  ASSERT_TRUE(pdf) << pdf.error().message << pdf.error().internal;
  const auto file = Write("report.pdf", *pdf);
  const std::string text = Shell("pdftotext -raw -enc UTF-8 '" + file.string() + "' -");
  if (lang == "vi") {
    EXPECT_THAT(text, HasSubstr("Báo cáo đánh giá kết quả hợp tác lao động Việt Nam – Lào"));
    EXPECT_THAT(text, HasSubstr("Tìm kiếm, hồi hương hài cốt"));
    EXPECT_THAT(text, HasSubstr("Hội nghị Bộ trưởng 9"));
    EXPECT_THAT(text, HasSubstr("Ninh Bình"));
  } else if (lang == "lo") {
    EXPECT_THAT(text, HasSubstr("ຂໍ້ຕົກລົງຕາມຂົງເຂດ"));
    EXPECT_THAT(text, HasSubstr("ການຄົ້ນຫາ ແລະ ສົ່ງຄືນອັດຖິ"));
    EXPECT_THAT(text, HasSubstr("ຫຼວງພະບາງ"));  // ຫຼ with the subscript lo
    EXPECT_THAT(text, HasSubstr("ກອງປະຊຸມລັດຖະມົນຕີ 9"));
  } else {
    EXPECT_THAT(text, HasSubstr("Evaluation report on Viet Nam – Lao PDR labour cooperation"));
    EXPECT_THAT(text, HasSubstr("Quảng Ninh"));  // Vietnamese names keep their diacritics in English
  }
  EXPECT_THAT(text, Not(HasSubstr("\xE2\x80\x8B"))) << "zero-width break marks must not reach the text";
  const std::string fonts = Shell("pdffonts '" + file.string() + "'");
  EXPECT_THAT(fonts, HasSubstr("NotoSans"));
  if (lang == "lo") {
    EXPECT_THAT(fonts, HasSubstr("NotoSansLao"));
  }
  // Every font line (after the two header lines) says "emb yes".
  std::istringstream lines(fonts);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    if (++n <= 2 || line.empty()) continue;
    EXPECT_THAT(line, HasSubstr(" yes yes ")) << "not embedded: " << line;
  }
  EXPECT_GT(n, 2);
}

TEST_P(ReportTest, XlsxIsAWorkbook) {
  auto x = cooperation::RenderEvaluation(*svc_, access::Principal::System("VN"),
                                         {"2024-01-01", "2025-12-31", GetParam(), "xlsx"});
  ASSERT_TRUE(x);
  const auto file = Write("report.xlsx", *x);
  const std::string listing = Shell(
      "python3 -c \"import zipfile,sys; print(zipfile.ZipFile(sys.argv[1]).read('xl/sharedStrings.xml').decode())\" '" +
      file.string() + "'");
  if (GetParam() == "lo") {
    EXPECT_THAT(listing, HasSubstr("ສົ່ງຄືນອັດຖິ"));
  } else if (GetParam() == "vi") {
    EXPECT_THAT(listing, HasSubstr("Người có công"));
  }
}

INSTANTIATE_TEST_SUITE_P(Languages, ReportTest, ::testing::Values("vi", "lo", "en"),
                         [](const auto& info) { return info.param; });

class ReportCliTest : public CliFixture {};

TEST_F(ReportCliTest, ReversedPeriodIsAUsageErrorAndWritesNothing) {
  const std::string db = "sqlite:" + (dir_ / "r.db").string();
  auto r = Exec("report evaluation --from 2025-12-31 --to 2024-01-01 --db " + db + " -o " + (dir_ / "x.pdf").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("the period is reversed: to (2024-01-01) is before from (2025-12-31)"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "x.pdf"));
  r = Exec("seed cooperation --db " + db);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("6 conferences, 7 agreements, 11 commitments"));
  r = Exec("report evaluation --from 2024-01-01 --to 2025-12-31 --lang lo --format pdf --db " + db + " -o " +
           (dir_ / "lo.pdf").string());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Slurp(dir_ / "lo.pdf").substr(0, 5), "%PDF-");
  // A 200 MB file is refused from its size, before it is read.
  const auto big = dir_ / "big.pdf";
  std::filesystem::resize_file((std::ofstream(big), big), 200LL * 1024 * 1024);
  r = Exec("cooperation attach --agreement 0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b --file " + big.string() + " --db " +
           db);
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("at most 20 MB"));
}

}  // namespace
}  // namespace lb::testing
