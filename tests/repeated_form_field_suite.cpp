// A field given twice in a form body is refused (400 naming it) as a repeated query parameter
// is: which value counts would otherwise be the first sent. Nothing is changed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "expiry_support.h"
#include "page_session.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr char kPermits[] = "/api/v1/permits";

class RepeatedFormFieldSuite : public PageFixture {
 protected:
  json Permit(const std::string& id) { return Get(std::string(kPermits) + "/" + id).json; }
};

TEST_P(RepeatedFormFieldSuite, ARepeatedFormFieldIs400NamingIt) {
  auto created = Post(kPermits, IssuedPermit(PermitInVietnam(), "WP-REP-1", "2025-12-01", "2026-01-31"));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json.value("id", "");
  const Browser officer = SignIn("rep.officer", "registry_officer", "VN-N08");

  // The worklist: `action` twice (expire first, extend second).
  auto twice = Visit(officer, "POST", "/permits/expiring",
                     {{"within", "30"},
                      {"action", "extend"},
                      {"action", "expire"},
                      {"effective_on", "2026-01-15"},
                      {"pick_" + id, "1"},
                      {"version_" + id, "1"},
                      {"until_" + id, "2026-12-31"}});
  EXPECT_EQ(twice.status, 400) << twice.body;
  EXPECT_THAT(twice.body, HasSubstr("action"));
  // `until_<id>` twice.
  auto until = Visit(officer, "POST", "/permits/expiring",
                     {{"within", "30"},
                      {"action", "extend"},
                      {"effective_on", "2026-01-15"},
                      {"pick_" + id, "1"},
                      {"version_" + id, "1"},
                      {"until_" + id, "2026-12-31"},
                      {"until_" + id, "2027-12-31"}});
  EXPECT_EQ(until.status, 400) << until.body;
  EXPECT_THAT(until.body, HasSubstr("until_" + id));
  // The edit form: `occupation` twice; the CSRF token twice (the right one first).
  const json w = Permit(id);
  auto edit = Visit(officer, "POST", "/permits/" + id + "/edit",
                    {{"version", "1"},
                     {"employer_id", w.value("employer_id", "")},
                     {"permit_number", "WP-REP-1"},
                     {"host_country", "VN"},
                     {"host_province", "VN-N08"},
                     {"issued", "2025-12-01"},
                     {"occupation", "7112"},
                     {"occupation", "8153"}});
  EXPECT_EQ(edit.status, 400) << edit.body;
  EXPECT_THAT(edit.body, HasSubstr("occupation"));
  auto csrf = Visit(officer, "POST", "/permits/" + id + "/transition",
                    {{"version", "1"},
                     {"to", "revoked"},
                     {"effective_on", "2026-01-15"},
                     {"reason", "test"},
                     {"csrf_token", officer.csrf}});
  EXPECT_EQ(csrf.status, 400) << csrf.body;
  EXPECT_THAT(csrf.body, HasSubstr("csrf_token"));
  const json after = Permit(id);
  EXPECT_EQ(after["version"], 1);
  EXPECT_EQ(after["status"], "issued");
  EXPECT_EQ(after["occupation"], "8153");
}

LB_INSTANTIATE_BACKENDS(RepeatedFormFieldSuite);

}  // namespace
}  // namespace lb::testing
