// The upload page's templates (per kind, CSV and XLSX, headers in the chosen language) and
// "import now" after a clean check: the same file, by the user who checked it only, by a
// CSRF-protected post, once; on both backends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "page_session.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kHeader[] =
    "family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,document_kind,"
    "document_number,document_country,document_expires\r\n";

std::string Row(const std::string& number, const std::string& given, const std::string& birth = "1990-04-02") {
  return "PHOMMAVONG," + given + ",," + "M," + birth + ",LA,LA-VT,,passport," + number + ",LA,\r\n";
}
std::string ValidFile() { return std::string(kHeader) + Row("P2000001", "Khamla") + Row("P2000002", "Bounmy"); }
std::string FileWithBadRow() {
  return std::string(kHeader) + Row("P2000001", "Khamla") + Row("P2000002", "Bounmy", "1990-02-30");
}

class ImportNowSuite : public PageFixture {
 protected:
  ApiResponse Upload(const Browser& b, const std::string& mode, const std::string& file,
                     const std::string& kind = "persons") {
    const std::string boundary = "----lbimportnow7";
    std::string body;
    auto part = [&](const std::string& name, const std::string& value, const std::string& filename = "") {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
      if (!filename.empty()) body += "; filename=\"" + filename + "\"\r\nContent-Type: text/csv";
      body += "\r\n\r\n" + value + "\r\n";
    };
    part("csrf_token", b.csrf);
    part("kind", kind);
    part("mode", mode);
    part("file", file, "workers.csv");
    body += "--" + boundary + "--\r\n";
    return Send(
        "POST", "/import", body,
        {{"Cookie", b.cookie}, {"Accept", "text/html"}, {"Content-Type", "multipart/form-data; boundary=" + boundary}},
        false);
  }
  // Checks `file` (a dry run) as `b` and answers the job's id.
  std::string Checked(const Browser& b, const std::string& file) {
    auto r = Upload(b, "dry-run", file);
    EXPECT_EQ(r.status, 303) << r.body;
    node_->imports().WaitIdle();
    const std::string location = r.Header("location");
    EXPECT_THAT(location, StartsWith("/imports/"));
    return location.substr(std::string("/imports/").size());
  }
};

// ---- templates -------------------------------------------------------------------------

TEST_P(ImportNowSuite, TheUploadPageOffersATemplatePerKindInCsvAndXlsx) {
  auto officer = SignIn("tpl.officer", "registry_officer");
  auto page = Visit(officer, "GET", "/import");
  ASSERT_EQ(page.status, 200);
  for (const char* kind : {"persons", "employers", "permits"}) {
    for (const char* format : {"csv", "xlsx"}) {
      EXPECT_THAT(page.body,
                  HasSubstr(std::string("/import/template?kind=") + kind + "&amp;lang=en&amp;format=" + format));
    }
  }
  // In Vietnamese the links ask for Vietnamese headers; another language is a link away.
  ASSERT_EQ(Visit(officer, "POST", "/language", {{"lang", "vi"}, {"next", "/"}}).status, 303);
  page = Visit(officer, "GET", "/import");
  EXPECT_THAT(page.body, HasSubstr("/import/template?kind=permits&amp;lang=vi&amp;format=xlsx"));
  EXPECT_THAT(page.body, HasSubstr("/import?template_lang=lo"));
  page = Visit(officer, "GET", "/import?template_lang=lo");
  EXPECT_THAT(page.body, HasSubstr("/import/template?kind=permits&amp;lang=lo&amp;format=csv"));
}

TEST_P(ImportNowSuite, ACsvTemplateHasTheKindsHeadersInTheChosenLanguage) {
  auto officer = SignIn("tpl.csv", "registry_officer");
  auto en = Visit(officer, "GET", "/import/template?kind=persons&lang=en&format=csv");
  ASSERT_EQ(en.status, 200) << en.body;
  EXPECT_THAT(en.raw.content_type, HasSubstr("text/csv"));
  EXPECT_THAT(en.Header("content-disposition"), HasSubstr("persons-template-en.csv"));
  EXPECT_EQ(en.body, "\xEF\xBB\xBF" + std::string(kHeader)) << "the header row alone, as the importer reads it";
  auto vi = Visit(officer, "GET", "/import/template?kind=permits&lang=vi&format=csv");
  ASSERT_EQ(vi.status, 200);
  EXPECT_THAT(vi.body, HasSubstr("hiệu lực đến"));
  auto lo = Visit(officer, "GET", "/import/template?kind=permits&lang=lo&format=csv");
  EXPECT_THAT(lo.body, HasSubstr("ມີຜົນຮອດວັນທີ"));
  EXPECT_EQ(lo.body.find('\n'), lo.body.size() - 1) << "one line: no record";
}

TEST_P(ImportNowSuite, AnXlsxTemplateIsAWorkbookAndItsFilledCopyImports) {
  auto officer = SignIn("tpl.xlsx", "registry_officer");
  auto r = Visit(officer, "GET", "/import/template?kind=employers&lang=lo&format=xlsx");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.raw.content_type, HasSubstr("spreadsheetml"));
  EXPECT_THAT(r.Header("content-disposition"), HasSubstr("employers-template-lo.xlsx"));
  ASSERT_GT(r.body.size(), 1000u);
  EXPECT_EQ(r.body.substr(0, 2), "PK") << "a zip (XLSX) file";
  // The empty template is a file the importer reads: its header is right, it has no rows.
  auto job = Send("POST", "/api/v1/imports?kind=employers&mode=dry-run", r.body,
                  {{"Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}});
  ASSERT_EQ(job.status, 202) << job.body;
  node_->imports().WaitIdle();
  auto done = Get("/api/v1/imports/" + job.json.value("id", std::string()));
  EXPECT_EQ(done.json.value("state", ""), "succeeded") << done.body;
  EXPECT_EQ(done.json.value("issue_count", -1), 0) << done.body;
}

TEST_P(ImportNowSuite, TemplatesAreForThoseWhoImportAndBadChoicesAreNamed) {
  auto viewer = SignIn("tpl.viewer", "viewer");
  EXPECT_EQ(Visit(viewer, "GET", "/import/template?kind=persons&lang=en&format=csv").status, 403);
  Browser anonymous;
  auto r = Visit(anonymous, "GET", "/import/template?kind=persons&lang=en&format=csv");
  EXPECT_EQ(r.status, 303);
  EXPECT_THAT(r.Header("location"), HasSubstr("/login"));
  auto officer = SignIn("tpl.bad", "registry_officer");
  EXPECT_EQ(Visit(officer, "GET", "/import/template?kind=cats&lang=en&format=csv").status, 422);
  EXPECT_EQ(Visit(officer, "GET", "/import/template?kind=persons&lang=fr&format=csv").status, 422);
  EXPECT_EQ(Visit(officer, "GET", "/import/template?kind=persons&lang=en&format=pdf").status, 422);
}

// ---- import now --------------------------------------------------------------------------

TEST_P(ImportNowSuite, AfterACleanCheckImportNowImportsTheSameFileOnce) {
  auto officer = SignIn("now.officer", "registry_officer");
  const std::string id = Checked(officer, ValidFile());
  EXPECT_EQ(Count("persons"), 0) << "a check writes nothing";
  auto page = Visit(officer, "GET", "/imports/" + id);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("action=\"/imports/" + id + "/import\""));
  EXPECT_THAT(page.body, HasSubstr("Import now"));

  auto r = Visit(officer, "POST", "/imports/" + id + "/import");
  ASSERT_EQ(r.status, 303) << r.body;
  const std::string location = r.Header("location");
  ASSERT_THAT(location, StartsWith("/imports/"));
  EXPECT_NE(location, "/imports/" + id) << "a new job";
  node_->imports().WaitIdle();
  EXPECT_EQ(Count("persons"), 2);
  auto done = Visit(officer, "GET", location);
  EXPECT_THAT(done.body, HasSubstr("The import is finished."));
  // The file was used: neither the button nor a second post imports it again.
  EXPECT_THAT(Visit(officer, "GET", "/imports/" + id).body, Not(HasSubstr("action=\"/imports/" + id + "/import\"")));
  EXPECT_EQ(Visit(officer, "POST", "/imports/" + id + "/import").status, 404);
}

TEST_P(ImportNowSuite, ACheckWithProblemsOrARealImportOffersNoImportNow) {
  auto officer = SignIn("now.problems", "registry_officer");
  const std::string bad = Checked(officer, FileWithBadRow());
  EXPECT_THAT(Visit(officer, "GET", "/imports/" + bad).body, Not(HasSubstr("action=\"/imports/" + bad + "/import\"")));
  EXPECT_EQ(Visit(officer, "POST", "/imports/" + bad + "/import").status, 409);

  auto r = Upload(officer, "all-or-nothing", ValidFile());
  ASSERT_EQ(r.status, 303);
  node_->imports().WaitIdle();
  const std::string real = r.Header("location").substr(9);
  EXPECT_EQ(Visit(officer, "POST", "/imports/" + real + "/import").status, 409);
  EXPECT_EQ(Count("persons"), 2) << "imported once, by the real import";
}

TEST_P(ImportNowSuite, AnotherUserAnAdministratorAndAViewerGet404Or403AndNothingIsImported) {
  auto officer = SignIn("now.owner", "registry_officer");
  const std::string id = Checked(officer, ValidFile());
  auto other = SignIn("now.other", "registry_officer");
  EXPECT_EQ(Visit(other, "POST", "/imports/" + id + "/import").status, 404);
  auto admin = SignIn("now.admin", "admin");
  // The administrator may read the job, but the file is not theirs to import.
  auto seen = Visit(admin, "GET", "/imports/" + id);
  ASSERT_EQ(seen.status, 200);
  EXPECT_THAT(seen.body, Not(HasSubstr("action=\"/imports/" + id + "/import\"")));
  EXPECT_EQ(Visit(admin, "POST", "/imports/" + id + "/import").status, 404);
  auto viewer = SignIn("now.viewer", "viewer");
  EXPECT_EQ(Visit(viewer, "POST", "/imports/" + id + "/import").status, 403);
  EXPECT_EQ(Visit(officer, "POST", "/imports/not-a-job/import").status, 404);
  node_->imports().WaitIdle();
  EXPECT_EQ(Count("persons"), 0);
  // The owner still can.
  EXPECT_EQ(Visit(officer, "POST", "/imports/" + id + "/import").status, 303);
  node_->imports().WaitIdle();
  EXPECT_EQ(Count("persons"), 2);
}

TEST_P(ImportNowSuite, ImportNowNeedsTheSessionsCsrfTokenAndASession) {
  auto officer = SignIn("now.csrf", "registry_officer");
  const std::string id = Checked(officer, ValidFile());
  EXPECT_EQ(Visit(officer, "POST", "/imports/" + id + "/import", {}, false).status, 403) << "no token";
  EXPECT_EQ(Visit(officer, "POST", "/imports/" + id + "/import", {{"csrf_token", "forged"}}, false).status, 403);
  Browser anonymous;
  auto r = Visit(anonymous, "POST", "/imports/" + id + "/import", {}, false);
  EXPECT_THAT(r.status, ::testing::AnyOf(303, 403)) << "to the sign-in page, or refused";
  EXPECT_THAT(r.Header("location"), Not(HasSubstr("/imports/")));
  node_->imports().WaitIdle();
  EXPECT_EQ(Count("persons"), 0);
}

TEST_P(ImportNowSuite, TheCheckedFileExpires) {
  auto officer = SignIn("now.late", "registry_officer");
  const std::string id = Checked(officer, ValidFile());
  // An hour and a minute later (in steps, so the session stays alive: it ends after 30 idle minutes).
  for (int step = 0; step < 3; ++step) {
    clock_->Set(clock_->Now() + std::chrono::minutes(20));
    ASSERT_EQ(Visit(officer, "GET", "/imports/" + id).status, 200);
  }
  clock_->Set(clock_->Now() + files::kCheckedFileKept - std::chrono::minutes(59));
  auto page = Visit(officer, "GET", "/imports/" + id);
  EXPECT_THAT(page.body, Not(HasSubstr("action=\"/imports/" + id + "/import\"")));
  EXPECT_EQ(Visit(officer, "POST", "/imports/" + id + "/import").status, 404);
  node_->imports().WaitIdle();
  EXPECT_EQ(Count("persons"), 0);
}

LB_INSTANTIATE_BACKENDS(ImportNowSuite);

}  // namespace
}  // namespace lb::testing
