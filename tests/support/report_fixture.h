#pragma once
// What the cooperation report suites share: a node with the cooperation's seed data and a
// way to register Lao workers with permits in Vietnam through the API.
#include <gtest/gtest.h>

#include <string>

#include "features/cooperation/seed.h"
#include "support/test_support.h"

namespace lb::testing {

class CooperationReportFixture : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    auto s = cooperation::LoadSeed(node_->cooperation(), access::Principal::System("VN"));
    ASSERT_TRUE(s) << s.error().message << " " << s.error().internal;
  }

  // A Lao worker (given names `given`, passport `number`, no native name) and a permit
  // WP-<number> for them at `employer_id`, hosted in `province` with `status` (an issued one
  // issued on 2026-01-10).
  void AddWorkerWithPermit(const std::string& employer_id, const std::string& number, const std::string& given,
                           const std::string& province, const std::string& status) {
    nlohmann::json w = LaoWorker();
    w["documents"][0]["number"] = number;
    w["given_names"] = given;
    w["native_name"] = nullptr;
    auto person = Post("/api/v1/persons", w);
    ASSERT_EQ(person.status, 201) << person.body;
    nlohmann::json permit = {
        {"person_id", person.json["id"]}, {"employer_id", employer_id},  {"host_country", "VN"},
        {"host_province", province},      {"occupation", "8153"},        {"permit_number", "WP-" + number},
        {"valid_from", "2026-01-10"},     {"valid_until", "2027-12-31"}, {"status", status}};
    if (status == "issued") permit["issued"] = "2026-01-10";
    auto p = Post("/api/v1/permits", permit);
    ASSERT_EQ(p.status, 201) << p.body;
  }
};

}  // namespace lb::testing
