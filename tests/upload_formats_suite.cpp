// Small input fixes on both backends: the import API takes the ODS media type (the reader reads
// ODS), the upload page names ODS, and a bad birth date's message names the accepted forms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "page_session.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(LB_SOURCE_DIR) + "/tests/fixtures/spreadsheets/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class UploadFormatsSuite : public PageFixture {};

TEST_P(UploadFormatsSuite, TheImportApiTakesAnOdsFileSentAsOds) {
  const std::string ods = Fixture("persons.ods");
  ASSERT_FALSE(ods.empty());
  auto r = Send("POST", "/api/v1/imports?kind=persons&mode=dry-run", ods,
                {{"Content-Type", "application/vnd.oasis.opendocument.spreadsheet"}});
  ASSERT_EQ(r.status, 202) << r.body;
  node_->imports().WaitIdle();
  auto job = Get("/api/v1/imports/" + r.json.value("id", std::string()));
  ASSERT_EQ(job.status, 200) << job.body;
  // The sheet was read row by row (its rows' own problems are the dry run's findings).
  EXPECT_GT(job.json.value("rows_read", 0), 2) << job.body;
  EXPECT_EQ(Count("persons"), 0);  // a dry run
}

TEST_P(UploadFormatsSuite, AnotherMediaTypeIsRefusedNamingTheThreeFormats) {
  auto r = Send("POST", "/api/v1/imports?kind=persons", "%PDF-1.7", {{"Content-Type", "application/pdf"}});
  EXPECT_EQ(r.status, 422);
  ASSERT_TRUE(r.json.contains("errors")) << r.body;
  EXPECT_EQ(r.json["errors"][0].value("field", ""), "Content-Type");
  EXPECT_THAT(r.json["errors"][0].value("message", ""), HasSubstr("application/vnd.oasis.opendocument.spreadsheet"));
}

TEST_P(UploadFormatsSuite, TheUploadPageNamesOds) {
  auto officer = SignIn("upload.officer", "registry_officer");
  auto page = Visit(officer, "GET", "/import");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("A CSV, XLSX or ODS file"));
}

TEST_P(UploadFormatsSuite, ABadBirthDateSaysWhichFormsAreAccepted) {
  auto body = VietnameseWorker();
  body["birth_date"] = "1990.12.31";
  auto r = Post("/api/v1/persons", body);
  ASSERT_EQ(r.status, 422) << r.body;
  const std::string message = r.json["errors"][0].value("message", "");
  EXPECT_THAT(message, HasSubstr("1990-12-31"));
  EXPECT_THAT(message, HasSubstr("31/12/1990"));
  EXPECT_THAT(message, HasSubstr("31-12-1990"));
}

TEST_P(UploadFormatsSuite, AWebFormTakesDatesWrittenDayFirst) {
  auto officer = SignIn("dates.officer", "registry_officer");
  auto r = Visit(officer, "POST", "/persons/new",
                 {{"family_name", "PHOMMA"},
                  {"given_names", "KHAMLA"},
                  {"sex", "F"},
                  {"birth_date", "21/03/1990"},
                  {"nationality", "LA"},
                  {"doc_kind", "passport"},
                  {"doc_number", "P7654321"},
                  {"doc_country", "LA"},
                  {"doc_expires", "31-12-2030"},
                  {"confirm_new", "1"}});
  ASSERT_EQ(r.status, 303) << r.body;
  auto rows = testdb_->Query(
      "SELECT p.birth_date, d.expires FROM persons p JOIN person_documents d ON d.person_id = p.id "
      "WHERE p.given_names = 'KHAMLA'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Str(0), "1990-03-21");
  EXPECT_EQ(rows[0].Str(1), "2030-12-31");
  // A month and year for a birth date; an impossible day is refused naming the field.
  r = Visit(officer, "POST", "/persons/new",
            {{"given_names", "BOUNMY"}, {"sex", "M"}, {"birth_date", "31/02/1990"}, {"nationality", "LA"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(r.body, HasSubstr("href=\"#f-birth_date\""));
  EXPECT_THAT(r.body, HasSubstr("value=\"31/02/1990\""));
}

LB_INSTANTIATE_BACKENDS(UploadFormatsSuite);

}  // namespace
}  // namespace lb::testing
