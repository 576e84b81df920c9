// The administrator's audit view (/admin/audit) on both backends: filters by user, record,
// action and dates, keyset pages both ways, links to the records, admins only, reading writes
// nothing, the CSV download is recorded, and no field values are shown.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "page_session.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class AuditViewSuite : public PageFixture {
 protected:
  void SetUp() override {
    PageFixture::SetUp();
    admin_ = SignIn("audit.admin", "admin");
  }
  // Rows of the entries table.
  static int Rows(const std::string& body) {
    int n = 0;
    for (size_t at = body.find("<tr><td "); at != std::string::npos; at = body.find("<tr><td ", at + 1)) ++n;
    return n;
  }
  // A worker with a document number of their own.
  std::string NewWorker() {
    auto body = VietnameseWorker();
    body["documents"][0]["number"] = "0401900" + std::to_string(10000 + ++workers_);
    auto r = Post("/api/v1/persons", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.value("id", "");
  }
  Browser admin_;
  int workers_ = 0;
};

TEST_P(AuditViewSuite, AnAdminSeesTheLogWithLinksToTheRecordsAndNoFieldValues) {
  const std::string id = NewWorker();
  auto r = Visit(admin_, "GET", "/admin/audit");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr("person.create"));
  EXPECT_THAT(r.body, HasSubstr("href=\"/persons/" + id + "\""));
  EXPECT_THAT(r.body, HasSubstr("href=\"/admin/audit?user=tester\""));
  // Which fields, never their values (those are on the record's own history).
  EXPECT_THAT(r.body, HasSubstr("birth_date"));
  EXPECT_THAT(r.body, Not(HasSubstr("040190001234")));
  EXPECT_THAT(r.body, Not(HasSubstr("1990-03-21")));
}

TEST_P(AuditViewSuite, FiltersByUserRecordActionAndDates) {
  const std::string first = NewWorker();
  clock_->Advance(std::chrono::hours(24 * 3));  // 2026-01-18
  const std::string second = NewWorker();
  admin_ = SignIn("audit.admin2", "admin");  // the first session has ended meanwhile
  auto r = Visit(admin_, "GET", "/admin/audit?kind=person&record=" + first);
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr(first));
  EXPECT_THAT(r.body, Not(HasSubstr(second)));
  r = Visit(admin_, "GET", "/admin/audit?user=audit.admin2");
  EXPECT_THAT(r.body, Not(HasSubstr("person.create")));
  EXPECT_THAT(r.body, HasSubstr("login.success"));
  r = Visit(admin_, "GET", "/admin/audit?action=person.create");
  EXPECT_THAT(r.body, HasSubstr(first));
  EXPECT_THAT(r.body, HasSubstr(second));
  EXPECT_THAT(r.body, Not(HasSubstr("login.success")));
  // Day-first dates; "to" includes its whole day.
  r = Visit(admin_, "GET", "/admin/audit?action=person.create&from=17/01/2026&to=18-01-2026");
  EXPECT_THAT(r.body, HasSubstr(second));
  EXPECT_THAT(r.body, Not(HasSubstr(first)));
  r = Visit(admin_, "GET", "/admin/audit?action=person.create&to=2026-01-15");
  EXPECT_THAT(r.body, HasSubstr(first));
  EXPECT_THAT(r.body, Not(HasSubstr(second)));
}

TEST_P(AuditViewSuite, ABadDateIsAFieldErrorAndShowsNoEntries) {
  auto r = Visit(admin_, "GET", "/admin/audit?from=31/02/2026");
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(r.body, HasSubstr("href=\"#f-from\""));
  EXPECT_THAT(r.body, Not(HasSubstr("login.success")));
  r = Visit(admin_, "GET", "/admin/audit?from=2026-02-01&to=2026-01-01");
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(r.body, HasSubstr("href=\"#f-to\""));
}

TEST_P(AuditViewSuite, PagesGoBothWaysByKeyset) {
  for (int i = 0; i < 60; ++i) NewWorker();
  auto first = Visit(admin_, "GET", "/admin/audit?action=person.create");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(Rows(first.body), 50);
  EXPECT_THAT(first.body, Not(HasSubstr("rel=\"prev\"")));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(first.body, m, std::regex("href=\"(/admin/audit\\?before=[^\"]+)\" rel=\"next\"")));
  std::string older = m[1];
  older = std::regex_replace(older, std::regex("&amp;"), "&");
  EXPECT_THAT(older, HasSubstr("action=person.create"));  // the filter goes along
  auto second = Visit(admin_, "GET", older);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(Rows(second.body), 10);
  EXPECT_THAT(second.body, Not(HasSubstr("rel=\"next\"")));
  ASSERT_TRUE(std::regex_search(second.body, m, std::regex("href=\"(/admin/audit\\?after=[^\"]+)\" rel=\"prev\"")));
  std::string newer = std::regex_replace(std::string(m[1]), std::regex("&amp;"), "&");
  auto back = Visit(admin_, "GET", newer);
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(Rows(back.body), 50);
  // The same entries as the first page, newest first.
  EXPECT_EQ(back.body.substr(back.body.find("<tbody>"), 2000), first.body.substr(first.body.find("<tbody>"), 2000));
}

TEST_P(AuditViewSuite, ReadingTheViewWritesNothing) {
  NewWorker();
  ASSERT_EQ(Visit(admin_, "GET", "/admin/audit").status, 200);
  const int64_t before = AuditCount();
  ASSERT_EQ(Visit(admin_, "GET", "/admin/audit?action=person.create").status, 200);
  EXPECT_EQ(AuditCount(), before);
}

TEST_P(AuditViewSuite, TheCsvDownloadIsRecordedWithTheAdminAsActor) {
  NewWorker();
  auto r = Visit(admin_, "GET", "/admin/audit.csv?action=person.create");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.Header("content-type"), HasSubstr("text/csv"));
  EXPECT_THAT(r.body, HasSubstr("seq,at,actor,action,entity_type,entity_id,fields"));
  EXPECT_THAT(r.body, HasSubstr("person.create"));
  auto exports = EntriesOf("audit.export");
  ASSERT_EQ(exports.size(), 1u);
  EXPECT_EQ(exports[0].event.actor, "audit.admin");
  EXPECT_EQ(exports[0].event.changes.value("action", ""), "person.create");
  EXPECT_EQ(exports[0].event.changes.value("rows", 0), 1);
}

TEST_P(AuditViewSuite, OnlyAdminsMayReadOrDownloadIt) {
  NewWorker();
  for (const char* role : {"registry_officer", "viewer", "auditor"}) {
    auto b = SignIn(std::string("audit.") + role, role);
    auto r = Visit(b, "GET", "/admin/audit");
    EXPECT_EQ(r.status, 403) << role;
    EXPECT_THAT(r.body, Not(HasSubstr("person.create"))) << role;
    EXPECT_EQ(Visit(b, "GET", "/admin/audit.csv").status, 403) << role;
  }
  auto anonymous = Visit(Browser{}, "GET", "/admin/audit");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.Header("location"), "/login");
  EXPECT_EQ(Visit(Browser{}, "GET", "/admin/audit.csv").status, 303);
  EXPECT_TRUE(EntriesOf("audit.export").empty());
}

LB_INSTANTIATE_BACKENDS(AuditViewSuite);

}  // namespace
}  // namespace lb::testing
