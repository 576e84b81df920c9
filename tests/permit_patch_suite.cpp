// Editing a permit cannot get round the extension rule: its dates are corrected freely only
// while it is `applied`; once it is in force (`issued`, `extended`) its `valid_until` changes
// only by an extension (the transition, with the law's limits) and its `valid_from` not at all —
// through the API (PATCH), the edit page and a permits file that updates it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "page_session.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPermits[] = "/api/v1/permits";

class PermitPatchSuite : public PageFixture {
 protected:
  json Permit(const std::string& id) { return Get(std::string(kPermits) + "/" + id).json; }
  std::string Etag(const json& w) { return "\"" + std::to_string(w.value("version", 0)) + "\""; }
  std::string NewPermit(json body, const std::string& number, const std::string& status) {
    body["permit_number"] = number;
    body["status"] = status;
    if (status == "applied") body.erase("issued");
    auto r = Post(kPermits, body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.value("id", "");
  }
  // The edit page's post with the permit's own values, `changes` applied.
  std::vector<std::pair<std::string, std::string>> EditForm(const json& w,
                                                            const std::map<std::string, std::string>& changes) {
    std::vector<std::pair<std::string, std::string>> f;
    for (const char* k : {"employer_id", "permit_number", "host_country", "host_province", "occupation", "issued",
                          "valid_from", "valid_until"}) {
      std::string v = w.contains(k) && w[k].is_string() ? w[k].get<std::string>() : "";
      if (auto it = changes.find(k); it != changes.end()) v = it->second;
      f.emplace_back(k, v);
    }
    f.emplace_back("version", std::to_string(w.value("version", 0)));
    return f;
  }
  int64_t EditEntries(const std::string& id) {
    return testdb_
        ->Query("SELECT COUNT(*) FROM audit_log WHERE entity_id = '" + id +
                "' AND action LIKE 'permit.%' AND action <> 'permit.create' AND action <> 'permit.read'")
        .at(0)
        .Int(0);
  }
};

// Test clock: 2026-01-15. The permits run from 2026-01-10 (VN: at most 24 months).
TEST_P(PermitPatchSuite, ValidityCannotGrowOutsideTheExtensionRule) {
  const json base = PermitInVietnam();
  const std::string issued = NewPermit(base, "WP-PATCH-ISSUED", "issued");
  const std::string applied = NewPermit(base, "WP-PATCH-APPLIED", "applied");
  const std::string extended = NewPermit(base, "WP-PATCH-EXT", "issued");
  auto ext = Post(std::string(kPermits) + "/" + extended + "/transitions",
                  {{"to", "extended"}, {"date", "2026-01-15"}, {"valid_until", "2029-12-31"}});
  ASSERT_EQ(ext.status, 200) << ext.body;

  // The API: a permit in force keeps its dates; the answer names the field and the way.
  for (const std::string& id : {issued, extended}) {
    const json before = Permit(id);
    const std::string url = std::string(kPermits) + "/" + id;
    auto longer = Patch(url, {{"valid_until", "2039-12-31"}}, Etag(before));
    EXPECT_THAT(longer.status, ::testing::AnyOf(409, 422)) << longer.body;
    ASSERT_TRUE(longer.json.contains("errors")) << longer.body;
    EXPECT_EQ(longer.json["errors"][0].value("field", ""), "valid_until") << longer.body;
    EXPECT_THAT(longer.json["errors"][0].value("message", ""), HasSubstr("extension")) << longer.body;
    // Re-dated into a fresh term (within 24 months of the new start): refused as well.
    auto fresh = Patch(url, {{"valid_from", "2027-06-01"}, {"valid_until", "2029-05-31"}}, Etag(before));
    EXPECT_THAT(fresh.status, ::testing::AnyOf(409, 422)) << fresh.body;
    EXPECT_THAT(fresh.body, HasSubstr("valid_from"));
    auto shorter = Patch(url, {{"valid_until", "2026-06-30"}}, Etag(before));
    EXPECT_THAT(shorter.status, ::testing::AnyOf(409, 422)) << shorter.body;
    // The issue date is fixed too: transitions may not be dated before it, so moving it to
    // 2099 blocked every later revocation and extension (found by the attack on a running node).
    for (const char* day : {"2099-12-31", "1900-01-01"}) {
      auto moved = Patch(url, {{"issued", day}}, Etag(before));
      EXPECT_EQ(moved.status, 422) << moved.body;
      EXPECT_THAT(moved.body, HasSubstr("\"issued\"")) << moved.body;
    }
    EXPECT_EQ(Permit(id)["issued"], before["issued"]) << id;
    const json after = Permit(id);
    EXPECT_EQ(after["valid_from"], before["valid_from"]) << id;
    EXPECT_EQ(after["valid_until"], before["valid_until"]) << id;
    EXPECT_EQ(after["version"], before["version"]) << id;
    EXPECT_EQ(after["extensions"], before["extensions"]) << id;
    // Other fields stay editable, and giving the dates unchanged is no change of them.
    auto occupation = Patch(url, {{"occupation", "7112"}, {"valid_until", before["valid_until"]}}, Etag(before));
    EXPECT_EQ(occupation.status, 200) << occupation.body;
    EXPECT_EQ(Permit(id)["occupation"], "7112");
  }
  EXPECT_EQ(Permit(extended)["valid_until"], "2029-12-31");

  // While applied, the dates are corrected freely.
  {
    const json before = Permit(applied);
    auto fixed = Patch(std::string(kPermits) + "/" + applied,
                       {{"valid_from", "2026-02-01"}, {"valid_until", "2027-12-31"}}, Etag(before));
    EXPECT_EQ(fixed.status, 200) << fixed.body;
    EXPECT_EQ(Permit(applied)["valid_from"], "2026-02-01");
  }

  // The edit page: the dates of a permit in force are shown, not editable, with the way to
  // record an extension; a forged post of new dates is refused and changes nothing.
  const Browser officer = SignIn("patch.officer", "registry_officer");
  auto form = Visit(officer, "GET", "/permits/" + issued + "/edit");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_THAT(form.body, Not(HasSubstr("name=\"valid_until\"")));
  EXPECT_THAT(form.body, Not(HasSubstr("name=\"valid_from\"")));
  EXPECT_THAT(form.body, HasSubstr("href=\"/permits/" + issued + "#change-status\""));
  {
    const json before = Permit(issued);
    const int64_t entries = EditEntries(issued);
    auto post =
        Visit(officer, "POST", "/permits/" + issued + "/edit", EditForm(before, {{"valid_until", "2039-12-31"}}));
    EXPECT_EQ(post.status, 422) << post.body;
    EXPECT_THAT(post.body, HasSubstr("extension"));
    auto from =
        Visit(officer, "POST", "/permits/" + issued + "/edit", EditForm(before, {{"valid_from", "2026-03-01"}}));
    EXPECT_EQ(from.status, 422) << from.body;
    const json after = Permit(issued);
    EXPECT_EQ(after["valid_until"], before["valid_until"]);
    EXPECT_EQ(after["valid_from"], before["valid_from"]);
    EXPECT_EQ(after["version"], before["version"]);
    EXPECT_EQ(EditEntries(issued), entries);
    // The form as drawn (no date fields) saves the other fields and keeps the dates.
    auto drawn = EditForm(before, {{"occupation", "8153"}});
    std::erase_if(drawn, [](const auto& f) { return f.first == "valid_from" || f.first == "valid_until"; });
    auto saved = Visit(officer, "POST", "/permits/" + issued + "/edit", drawn);
    EXPECT_EQ(saved.status, 303) << saved.body;
    EXPECT_EQ(Permit(issued)["occupation"], "8153");
    EXPECT_EQ(Permit(issued)["valid_until"], before["valid_until"]);
  }
  // An applied permit's form has the dates, and the page saves a correction.
  {
    auto applied_form = Visit(officer, "GET", "/permits/" + applied + "/edit");
    ASSERT_EQ(applied_form.status, 200);
    EXPECT_THAT(applied_form.body, HasSubstr("name=\"valid_until\""));
    const json before = Permit(applied);
    auto post =
        Visit(officer, "POST", "/permits/" + applied + "/edit", EditForm(before, {{"valid_until", "2027-06-30"}}));
    EXPECT_EQ(post.status, 303) << post.body;
    EXPECT_EQ(Permit(applied)["valid_until"], "2027-06-30");
  }

  // A permits file that would re-date the issued permit: the row is refused, nothing changes.
  {
    const json before = Permit(issued);
    auto person = Get("/api/v1/persons/" + before["person_id"].get<std::string>()).json;
    auto employer = Get("/api/v1/employers/" + before["employer_id"].get<std::string>()).json;
    std::string csv = "permit_number,host_country,host_province,occupation,status,issued,valid_from,valid_until,";
    csv += "person_document_kind,person_document_number,person_document_country,employer_registration_number,";
    csv += "employer_country\r\n";
    const auto& doc = person["documents"][0];
    // A fresh 24-month term, valid by itself (the finding: extensions still 0).
    csv += "WP-PATCH-ISSUED,VN,VN-N08,8153,issued,2027-06-01,2027-06-01,2029-05-31," +
           doc.value("kind", std::string()) + "," + doc.value("number", std::string()) + "," +
           doc.value("country", std::string()) + "," + employer.value("registration_number", std::string()) + "," +
           employer.value("country", std::string()) + "\r\n";
    auto r = Send("POST", "/api/v1/imports?kind=permits", csv, {{"Content-Type", "text/csv"}});
    ASSERT_EQ(r.status, 202) << r.body;
    node_->imports().WaitIdle();
    const json after = Permit(issued);
    EXPECT_EQ(after["valid_until"], before["valid_until"]) << "an import re-dated a permit in force";
    EXPECT_EQ(after["version"], before["version"]);
  }
}

LB_INSTANTIATE_BACKENDS(PermitPatchSuite);

}  // namespace
}  // namespace lb::testing
