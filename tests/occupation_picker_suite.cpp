// GET /api/v1/reference/isco: any signed-in caller (token or session, any role), limited
// results, bad parameters named, anonymous refused, nothing audited; and the permit form's
// occupation input carries the picker; on both backends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "page_session.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;

class OccupationPickerSuite : public PageFixture {
 protected:
  ApiResponse Isco(const std::string& query, const std::string& token) {
    return Send("GET", "/api/v1/reference/isco" + query, "", {{"Authorization", "Bearer " + token}}, false);
  }
};

TEST_P(OccupationPickerSuite, AnyRoleFindsTitlesAndCodes) {
  for (const char* role : {"viewer", "registry_officer", "cooperation_officer", "auditor"}) {
    const std::string token = AddUserWithToken(std::string("isco.") + role, role, "LA", std::nullopt);
    auto r = Isco("?q=brick", token);
    ASSERT_EQ(r.status, 200) << role << " " << r.body;
    ASSERT_TRUE(r.json["items"].is_array()) << r.body;
    ASSERT_FALSE(r.json["items"].empty());
    EXPECT_EQ(r.json["items"][0].value("code", ""), "7112") << role;
    EXPECT_EQ(r.json["items"][0].value("title", ""), "Bricklayers and related workers");
    EXPECT_EQ(r.json.value("more", true), false);
  }
}

TEST_P(OccupationPickerSuite, SeparatorsAloneAnswerNoItemsAndTheNodeStaysUp) {
  // Before the fix, any of these crashed the node (a signed-in viewer was enough).
  const std::string token = AddUserWithToken("isco.separators", "viewer", "LA", std::nullopt);
  for (const char* q : {"-", ",", "%09", "%20-%20"}) {
    auto r = Isco(std::string("?q=") + q, token);
    ASSERT_EQ(r.status, 200) << q << " " << r.body;
    EXPECT_TRUE(r.json["items"].empty()) << q;
  }
  EXPECT_EQ(Isco("?q=brick", token).status, 200);
}

TEST_P(OccupationPickerSuite, ResultsAreLimited) {
  const std::string token = AddUserWithToken("isco.limit", "viewer", "VN");
  auto r = Isco("?q=a", token);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["items"].size(), 20u) << "twenty unless asked";
  EXPECT_EQ(r.json.value("more", false), true);
  r = Isco("?q=a&limit=50", token);
  EXPECT_EQ(r.json["items"].size(), 50u);
  r = Isco("?q=7", token);
  for (const auto& item : r.json["items"]) EXPECT_EQ(item.value("code", "").substr(0, 1), "7");
  r = Isco("", token);
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.json["items"].empty()) << "no query, nothing";
}

TEST_P(OccupationPickerSuite, BadParametersAreNamed) {
  const std::string token = AddUserWithToken("isco.bad", "viewer", "VN");
  auto field_of = [](const ApiResponse& r) { return r.json["errors"][0].value("field", ""); };
  auto r = Isco("?q=a&limit=51", token);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(field_of(r), "limit");
  r = Isco("?q=a&limit=0", token);
  EXPECT_EQ(r.status, 422);
  r = Isco("?q=a&limit=ten", token);
  EXPECT_EQ(r.status, 422);
  r = Isco("?q=" + std::string(101, 'a'), token);
  ASSERT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "q");
  r = Isco("?q=a&sort=title", token);
  ASSERT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "sort");
}

TEST_P(OccupationPickerSuite, AnonymousCallersAndBadTokensAreRefused) {
  EXPECT_EQ(Send("GET", "/api/v1/reference/isco?q=brick", "", {}, false).status, 401);
  EXPECT_EQ(Isco("?q=brick", "not-a-token").status, 401);
}

TEST_P(OccupationPickerSuite, ASignedInBrowserMayAskAndNothingIsAudited) {
  auto viewer = SignIn("isco.browser", "viewer");
  const int64_t before = AuditCount();
  auto r = Send("GET", "/api/v1/reference/isco?q=brick", "",
                {{"Cookie", viewer.cookie}, {"Accept", "application/json"}}, false);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["items"][0].value("code", ""), "7112");
  EXPECT_EQ(AuditCount(), before) << "a reference read is not audited";
}

TEST_P(OccupationPickerSuite, ThePermitFormsOccupationInputCarriesThePicker) {
  auto created = Post("/api/v1/permits", PermitInVietnam());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json.value("id", "");
  const std::string code = created.json.value("occupation", "");
  auto officer = SignIn("isco.form", "registry_officer");
  auto edit = Visit(officer, "GET", "/permits/" + id + "/edit");
  ASSERT_EQ(edit.status, 200) << edit.body;
  EXPECT_THAT(edit.body, HasSubstr("data-suggest=\"/api/v1/reference/isco\""));
  EXPECT_THAT(edit.body, HasSubstr("id=\"f-occupation-suggestions\""));
  // Without scripts the code is typed, and the form names the chosen code's title.
  EXPECT_THAT(edit.body, HasSubstr("name=\"occupation\" value=\"" + code + "\""));
  EXPECT_THAT(edit.body, HasSubstr(code + " – "));
}

LB_INSTANTIATE_BACKENDS(OccupationPickerSuite);

}  // namespace
}  // namespace lb::testing
