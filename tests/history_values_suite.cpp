// A record's history on its page shows each change's values before and after (from the
// audit entries), to those who may read the record only; on both backends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "page_session.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class HistoryValuesSuite : public PageFixture {
 protected:
  // A Vietnamese worker (home Nghệ An) whose phone and birth date were then changed.
  std::string ChangedWorker() {
    auto created = Post("/api/v1/persons", VietnameseWorker());
    EXPECT_EQ(created.status, 201) << created.body;
    const std::string id = created.json.value("id", "");
    auto patched = Patch("/api/v1/persons/" + id, {{"phone", "+856 20 5555 0001"}, {"birth_date", "1991-04-22"}},
                         created.Header("etag"));
    EXPECT_EQ(patched.status, 200) << patched.body;
    return id;
  }
  // The history section of a page (from its heading on).
  static std::string HistoryOf(const std::string& body) {
    const auto at = body.find("class=\"history\"");
    return at == std::string::npos ? "" : body.substr(at);
  }
};

TEST_P(HistoryValuesSuite, TheWorkersHistoryShowsTheOldAndTheNewValueOfEachChangedField) {
  const std::string id = ChangedWorker();
  auto officer = SignIn("hist.officer", "registry_officer");
  auto page = Visit(officer, "GET", "/persons/" + id);
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string history = HistoryOf(page.body);
  EXPECT_THAT(history, HasSubstr("Details changed"));
  EXPECT_THAT(history, HasSubstr("Phone number"));
  EXPECT_THAT(history, HasSubstr("+856 20 5555 0001"));  // after
  EXPECT_THAT(history, HasSubstr("Date of birth"));
  // Before and after, in the page's language (English: "Mar 21, 1990" style dates).
  EXPECT_THAT(history, HasSubstr("1990"));
  EXPECT_THAT(history, HasSubstr("1991"));
  EXPECT_THAT(history, HasSubstr(">Before<"));
  EXPECT_THAT(history, HasSubstr(">After<"));
  EXPECT_THAT(history, HasSubstr("tester"));  // who made the change
}

TEST_P(HistoryValuesSuite, TheHistoryIsShownInVietnameseAndLaoToo) {
  const std::string id = ChangedWorker();
  auto officer = SignIn("hist.lang", "registry_officer");
  for (const char* lang : {"vi", "lo"}) {
    ASSERT_EQ(Visit(officer, "POST", "/language", {{"lang", lang}, {"next", "/"}}).status, 303);
    auto page = Visit(officer, "GET", "/persons/" + id);
    ASSERT_EQ(page.status, 200);
    EXPECT_THAT(HistoryOf(page.body), HasSubstr("+856 20 5555 0001")) << lang;
    EXPECT_THAT(HistoryOf(page.body), Not(HasSubstr(">Before<"))) << lang << ": the column heading is translated";
  }
}

TEST_P(HistoryValuesSuite, ThePermitPageShowsItsHistoryWithTheOldAndNewEndDate) {
  auto created = Post("/api/v1/permits", PermitInVietnam());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json.value("id", "");
  const std::string old_end = created.json.value("valid_until", "");
  auto patched = Patch("/api/v1/permits/" + id, {{"occupation", "7126"}}, created.Header("etag"));
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto officer = SignIn("hist.permits", "registry_officer");
  auto page = Visit(officer, "GET", "/permits/" + id);
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string history = HistoryOf(page.body.substr(page.body.find("<h2>History</h2>")));
  EXPECT_THAT(history, HasSubstr("Details changed"));
  EXPECT_THAT(history, HasSubstr("7126"));
  EXPECT_THAT(history, HasSubstr(created.json.value("occupation", "?")));
}

TEST_P(HistoryValuesSuite, TheEmployersHistoryCarriesBeforeAndAfterThroughTheService) {
  auto created = Post("/api/v1/employers", VietnameseEmployer());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json.value("id", "");
  auto patched = Patch("/api/v1/employers/" + id, {{"name", "Renamed Company"}}, created.Header("etag"));
  ASSERT_EQ(patched.status, 200) << patched.body;
  access::Principal officer;
  officer.user_name = "svc.officer";
  officer.role = access::Role::kRegistryOfficer;
  officer.country = "VN";
  auto history = node_->registry().RecordHistory(officer, "employer", id);
  ASSERT_TRUE(history) << history.error().message;
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->front().event.action, "employer.update");
  const auto& change = history->front().event.changes.at("name");
  EXPECT_EQ(change.at("before"), VietnameseEmployer().at("name"));
  EXPECT_EQ(change.at("after"), "Renamed Company");
}

TEST_P(HistoryValuesSuite, NobodyWhoMayNotReadTheRecordSeesItsHistory) {
  const std::string id = ChangedWorker();
  // Another province: the worker (home Nghệ An) is not there, so the page is 404.
  auto elsewhere = SignIn("hist.thanhhoa", "registry_officer", "VN-N10");
  auto page = Visit(elsewhere, "GET", "/persons/" + id);
  EXPECT_EQ(page.status, 404);
  EXPECT_THAT(page.body, Not(HasSubstr("5555")));
  // A role that reads no workers: 403.
  auto coop = SignIn("hist.coop", "cooperation_officer");
  page = Visit(coop, "GET", "/persons/" + id);
  EXPECT_EQ(page.status, 403);
  EXPECT_THAT(page.body, Not(HasSubstr("5555")));
  // Not signed in: to the login page.
  page = Visit(Browser{}, "GET", "/persons/" + id);
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(page.Header("location"), "/login");
  // The service refuses the same way.
  access::Principal p;
  p.user_name = "x";
  p.role = access::Role::kCooperationOfficer;
  p.country = "VN";
  auto refused = node_->registry().RecordHistory(p, "person", id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kForbidden);
  p.role = access::Role::kRegistryOfficer;
  p.province = "VN-N10";
  refused = node_->registry().RecordHistory(p, "person", id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kNotFound);
}

TEST_P(HistoryValuesSuite, TheConflictPageSaysWhoSavedTheOtherVersionAndWhen) {
  auto created = Post("/api/v1/persons", VietnameseWorker());
  ASSERT_EQ(created.status, 201);
  const std::string id = created.json.value("id", "");
  auto officer = SignIn("conflict.officer", "registry_officer");
  auto form = Visit(officer, "GET", "/persons/" + id + "/edit");
  ASSERT_EQ(form.status, 200);
  // Someone else (the API's "tester") saves first, 20 minutes later.
  clock_->Advance(std::chrono::minutes(20));
  ASSERT_EQ(Patch("/api/v1/persons/" + id, {{"phone", "+84 912 345 678"}}, created.Header("etag")).status, 200);
  auto r = Visit(officer, "POST", "/persons/" + id + "/edit",
                 {{"version", "1"},
                  {"family_name", "NGUYEN"},
                  {"given_names", "THI THUY"},
                  {"sex", "F"},
                  {"nationality", "VN"},
                  {"phone", "+84 900 000 000"}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_THAT(r.body, HasSubstr("tester saved this record on"));
  EXPECT_THAT(r.body, HasSubstr("2026"));
  EXPECT_THAT(r.body, HasSubstr("9:20"));  // 09:00 + 20 min, UTC
}

LB_INSTANTIATE_BACKENDS(HistoryValuesSuite);

}  // namespace
}  // namespace lb::testing
