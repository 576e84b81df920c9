// The evaluation report a minister signs, served by the API on both backends, in Vietnamese, Lao
// and English: a tagged PDF (structure tree with headings and tables, /MarkInfo /Marked true)
// with its title and language that `qpdf --check` accepts; the conference table's fourth column
// has its header; work permit statuses are in the report's language; and no internal note of the
// seed ("verify: ...") reaches the PDF's text or the workbook.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <tuple>

#include "core/resources.h"
#include "features/cooperation/seed.h"
#include "support/report_fixture.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

struct Shelled {
  int rc;
  std::string out;
};

Shelled Shell(const std::string& cmd) {
  Shelled r{-1, ""};
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  r.rc = pclose(p);
  return r;
}

// Zero-width spaces mark Lao word boundaries for line breaking; compare text without them.
std::string WithoutZwsp(std::string s) {
  for (size_t at = s.find("\u200b"); at != std::string::npos; at = s.find("\u200b", at)) s.erase(at, 3);
  return s;
}

class EvaluationReportSuite : public CooperationReportFixture {
 protected:
  void SetUp() override {
    CooperationReportFixture::SetUp();
    // Two Lao workers with one permit each: one issued, one applied.
    auto employer = Post("/api/v1/employers", VietnameseEmployer());
    ASSERT_EQ(employer.status, 201) << employer.body;
    AddWorkerWithPermit(employer.json["id"].get<std::string>(), "P7100001", "KHAMPHOU", "VN-N08", "issued");
    AddWorkerWithPermit(employer.json["id"].get<std::string>(), "P7100002", "SOMSAK", "VN-N08", "applied");
    token_ = AddUserWithToken("coop.report17", "cooperation_officer", "VN");
    dir_ = std::filesystem::temp_directory_path() / ("lb-evaluation-report-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    CooperationReportFixture::TearDown();
  }

  // The report for the 2021–2027 period (every seeded conference and commitment) from the API.
  std::string Report(const std::string& lang, const std::string& format) {
    auto r =
        Send("GET",
             "/api/v1/cooperation/reports/evaluation?from=2021-01-01&to=2027-12-31&lang=" + lang + "&format=" + format,
             "", {{"authorization", "Bearer " + token_}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.body;
  }

  std::filesystem::path Write(const std::string& name, const std::string& bytes) {
    const auto p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

  std::string token_;
  std::filesystem::path dir_;
};

// What a screen reader needs: the title, the language, a structure tree of headings,
// paragraphs and tables, and the document marked as tagged; and qpdf finds nothing wrong.
TEST_P(EvaluationReportSuite, PdfIsTaggedWithTitleAndLanguageAndPassesQpdfCheck) {
  if (Shell("command -v qpdf").rc != 0) GTEST_SKIP() << "qpdf is not installed (apt-get install qpdf)";
  for (const std::string lang : {"vi", "lo", "en"}) {
    SCOPED_TRACE(lang);
    const std::string pdf = Report(lang, "pdf");
    ASSERT_TRUE(pdf.starts_with("%PDF-"));
    const auto file = Write("report-" + lang + ".pdf", pdf);
    const auto check = Shell("qpdf --check '" + file.string() + "'");
    EXPECT_EQ(check.rc, 0) << check.out;
    EXPECT_THAT(check.out, HasSubstr("No syntax or stream encoding errors found"));
    EXPECT_THAT(check.out, Not(HasSubstr("WARNING")));

    // The catalog as qpdf resolves it (the latest revision), objects written out in full.
    const auto root =
        Shell("qpdf --qdf --object-streams=disable '" + file.string() + "' - | grep -a -B14 -A4 '/Type /Catalog'");
    EXPECT_THAT(root.out, HasSubstr("/Lang (" + lang + ")"));
    EXPECT_THAT(root.out, HasSubstr("/StructTreeRoot"));
    EXPECT_THAT(root.out, HasSubstr("/MarkInfo"));
    EXPECT_THAT(root.out, HasSubstr("/Marked true"));
    EXPECT_THAT(root.out, HasSubstr("/DisplayDocTitle true"));

    const auto info = Shell("pdfinfo '" + file.string() + "'");
    EXPECT_THAT(info.out, ::testing::ContainsRegex("Tagged: +yes"));
    const std::string title = lang == "vi" ? "Báo cáo" : lang == "lo" ? "ບົດລາຍງານ" : "Evaluation report on Viet Nam";
    EXPECT_THAT(WithoutZwsp(info.out), ::testing::ContainsRegex("Title: +[^\n]*" + title)) << info.out;

    // Structure elements of every kind the report uses.
    const auto qdf = Shell("qpdf --qdf --object-streams=disable '" + file.string() +
                           "' - | grep -a -o '/S /[A-Za-z0-9]*' | sort | uniq -c");
    for (const char* type : {"/S /Document", "/S /H1", "/S /H2", "/S /P", "/S /Table", "/S /TR", "/S /TH", "/S /TD"}) {
      EXPECT_THAT(qdf.out, HasSubstr(type)) << qdf.out;
    }
  }
}

// The conference table's fourth column says what it holds, in each language.
TEST_P(EvaluationReportSuite, ConferenceTableHasAFourthColumnHeaderInEveryLanguage) {
  for (const auto& [lang, header] :
       {std::pair<std::string, std::string>{"en", "Host country"}, {"vi", "Nước chủ nhà"}, {"lo", "ປະເທດເຈົ້າພາບ"}}) {
    SCOPED_TRACE(lang);
    const auto file = Write("conf-" + lang + ".pdf", Report(lang, "pdf"));
    const auto text = Shell("pdftotext -enc UTF-8 '" + file.string() + "' -");
    ASSERT_EQ(text.rc, 0) << text.out;
    // The header row of the conference table: kind, dates, place, host country (the header
    // may wrap in its column).
    const std::string flat = std::regex_replace(WithoutZwsp(text.out), std::regex("\\s+"), " ");
    EXPECT_THAT(flat, HasSubstr(header)) << text.out;
  }
}

// Work permit statuses are in the report's language, in the PDF and in the workbook.
TEST_P(EvaluationReportSuite, PermitStatusesAreTranslatedInVietnameseAndLao) {
  for (const auto& [lang, issued, applied] :
       {std::tuple<std::string, std::string, std::string>{"vi", "Đã cấp", "Đã nộp hồ sơ"},
        {"lo", "ອອກໃຫ້ແລ້ວ", "ຍື່ນຄຳຮ້ອງແລ້ວ"}}) {
    SCOPED_TRACE(lang);
    const auto file = Write("status-" + lang + ".pdf", Report(lang, "pdf"));
    const std::string text = WithoutZwsp(Shell("pdftotext -enc UTF-8 '" + file.string() + "' -").out);
    EXPECT_THAT(text, HasSubstr(issued));
    EXPECT_THAT(text, HasSubstr(applied));
    EXPECT_FALSE(std::regex_search(text, std::regex("\\b(applied|issued)\\b"))) << text;

    const auto xlsx = Write("status-" + lang + ".xlsx", Report(lang, "xlsx"));
    const auto strings = Shell("unzip -p '" + xlsx.string() + "' xl/sharedStrings.xml");
    EXPECT_THAT(WithoutZwsp(strings.out), HasSubstr(issued));
    EXPECT_THAT(strings.out, Not(HasSubstr(">issued<")));
    EXPECT_THAT(strings.out, Not(HasSubstr(">applied<")));
  }
}

// The seed's internal notes ("verify: ...", on conferences, agreements and progress) never
// reach a report, in any language or format.
TEST_P(EvaluationReportSuite, NoSeedNoteReachesTheReport) {
  const auto seed = core::FindResource("data/cooperation/seed.json");
  ASSERT_TRUE(seed) << "data/cooperation/seed.json is not embedded";
  std::vector<std::string> notes;
  const std::function<void(const json&)> collect = [&](const json& j) {
    if (j.is_object()) {
      for (const auto& [k, v] : j.items()) {
        if (k == "note" && v.is_string()) notes.push_back(v.get<std::string>());
        collect(v);
      }
    } else if (j.is_array()) {
      for (const auto& v : j) collect(v);
    }
  };
  collect(json::parse(*seed));
  ASSERT_GE(notes.size(), 5u);
  for (const std::string lang : {"vi", "lo", "en"}) {
    SCOPED_TRACE(lang);
    const auto file = Write("notes-" + lang + ".pdf", Report(lang, "pdf"));
    // pdftotext breaks lines; compare with every run of white space as one space.
    std::string text = WithoutZwsp(Shell("pdftotext -enc UTF-8 '" + file.string() + "' -").out);
    text = std::regex_replace(text, std::regex("\\s+"), " ");
    EXPECT_THAT(text, Not(HasSubstr("verify")));
    const auto xlsx = Write("notes-" + lang + ".xlsx", Report(lang, "xlsx"));
    const auto strings = Shell("unzip -p '" + xlsx.string() + "' xl/sharedStrings.xml");
    EXPECT_THAT(strings.out, Not(HasSubstr("verify")));
    for (const auto& note : notes) {
      // The whole note (lines broken anywhere come back as single spaces).
      EXPECT_THAT(text, Not(HasSubstr(note)));
      EXPECT_THAT(strings.out, Not(HasSubstr(note)));
    }
  }
}

LB_INSTANTIATE_BACKENDS(EvaluationReportSuite);

}  // namespace
}  // namespace lb::testing
