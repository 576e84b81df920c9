// The registry REST API on both backends: persons, employers and work permits through the
// Node's router — status codes, bodies, problem+json errors, headers — and the database
// afterwards (a failed request leaves nothing behind).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

constexpr char kPersons[] = "/api/v1/persons";
constexpr char kEmployers[] = "/api/v1/employers";
constexpr char kPermits[] = "/api/v1/permits";
constexpr char kNoSuchId[] = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";
constexpr char kCreatedAt[] = "2026-01-15T09:00:00.000Z";

// The problem+json contract: status, media type, stable type and title, status member.
::testing::AssertionResult IsProblem(const ApiResponse& r, int status, const std::string& type) {
  static const std::map<std::string, std::string> kTitles = {
      {"malformed", "Malformed request"},
      {"validation", "Invalid input"},
      {"unauthorized", "Authentication required"},
      {"not-found", "Not found"},
      {"conflict", "Conflict"},
      {"precondition-failed", "Precondition failed"},
      {"precondition-required", "Precondition required"},
      {"method-not-allowed", "Method not allowed"},
  };
  auto fail = [&](const std::string& what) {
    return ::testing::AssertionFailure() << what << "; status " << r.status << ", body " << r.body;
  };
  if (r.status != status) return fail("expected status " + std::to_string(status));
  if (r.Header("content-type") != "application/problem+json") {
    return fail("content type is '" + r.Header("content-type") + "'");
  }
  if (!r.json.is_object()) return fail("body is not a JSON object");
  if (r.json.value("type", "") != "urn:labourbridge:problem:" + type) return fail("type is not " + type);
  if (r.json.value("title", "") != kTitles.at(type)) return fail("title is not '" + kTitles.at(type) + "'");
  if (r.json.value("status", 0) != status) return fail("status member differs");
  if (r.json.value("detail", "").empty()) return fail("detail is empty");
  return ::testing::AssertionSuccess();
}

// "field:code" for each entry of the problem's errors[].
std::vector<std::string> FieldErrors(const ApiResponse& r) {
  std::vector<std::string> out;
  if (!r.json.is_object() || !r.json.contains("errors")) return out;
  for (const auto& e : r.json["errors"]) {
    out.push_back(e.value("field", "?") + ":" + e.value("code", "?"));
    EXPECT_FALSE(e.value("message", "").empty()) << e.dump();
  }
  return out;
}

std::vector<std::string> ItemIds(const ApiResponse& r) {
  std::vector<std::string> out;
  if (!r.json.is_object() || !r.json.contains("items")) return out;
  for (const auto& item : r.json["items"]) out.push_back(item.value("id", ""));
  return out;
}

std::string Quoted(int64_t version) { return "\"" + std::to_string(version) + "\""; }

class RegistryApiTest : public ApiFixture {
 protected:
  // POSTs and expects 201; returns the created record.
  // Persons are registered with confirm_new: these tests make many look-alike persons on
  // purpose; the duplicate warning has its own tests (search_suite.cpp).
  json Create(const std::string& collection, json body) {
    if (collection == kPersons && body.is_object() && !body.contains("confirm_new")) body["confirm_new"] = true;
    auto r = Post(collection, body);
    EXPECT_EQ(r.status, 201) << collection << " " << body.dump() << " -> " << r.body;
    return r.json;
  }
  std::string CreateId(const std::string& collection, const json& body) {
    auto j = Create(collection, body);
    return j.is_object() ? j.value("id", "") : "";
  }

  // A Lao worker with a passport number of its own.
  static json LaoWorkerNo(int n) {
    json b = LaoWorker();
    char number[16];
    std::snprintf(number, sizeof number, "P%07d", n);
    b["documents"][0]["number"] = number;
    return b;
  }
  // A Vietnamese employer with a registration number of its own.
  static json VietnameseEmployerNo(int n) {
    json b = VietnameseEmployer();
    b["registration_number"] = "29" + std::to_string(10000000 + n);
    return b;
  }
  // A valid body for a permit in Laos (12 months, issued).
  static json PermitInLaos(const std::string& person_id, const std::string& employer_id) {
    return {{"person_id", person_id},   {"employer_id", employer_id}, {"host_country", "LA"},
            {"host_province", "LA-AT"}, {"occupation", "7112"},       {"permit_number", "LA-WP-0001"},
            {"issued", "2026-01-20"},   {"valid_from", "2026-02-01"}, {"valid_until", "2027-01-31"},
            {"status", "issued"}};
  }

  ApiResponse PostRaw(const std::string& target, const std::string& body,
                      std::map<std::string, std::string> headers = {}) {
    return Send("POST", target, body, std::move(headers));
  }
  ApiResponse PatchRaw(const std::string& target, const std::string& body, const std::string& if_match) {
    return Send("PATCH", target, body, {{"If-Match", if_match}});
  }
  ApiResponse Archive(const std::string& target, const std::string& if_match) {
    std::map<std::string, std::string> h;
    if (!if_match.empty()) h["If-Match"] = if_match;
    return Send("POST", target + "/archive", "", std::move(h));
  }
  ApiResponse Transition(const std::string& permit_id, const json& body, const std::string& if_match = "") {
    std::map<std::string, std::string> h;
    if (!if_match.empty()) h["If-Match"] = if_match;
    return Send("POST", std::string(kPermits) + "/" + permit_id + "/transitions", body.dump(), std::move(h));
  }

  // Walks a list through every page; returns the ids in order and the number of pages.
  std::vector<std::string> WalkPages(const std::string& base, int limit, int& pages) {
    std::vector<std::string> ids;
    std::optional<std::string> cursor;
    pages = 0;
    for (int guard = 0; guard < 100; ++guard) {
      std::string target = base + (base.find('?') == std::string::npos ? "?" : "&") + "limit=" + std::to_string(limit);
      if (cursor) target += "&cursor=" + *cursor;
      auto r = Get(target);
      EXPECT_EQ(r.status, 200) << target << " -> " << r.body;
      if (r.status != 200) break;
      ++pages;
      EXPECT_LE(r.json["items"].size(), static_cast<size_t>(limit));
      for (const auto& id : ItemIds(r)) ids.push_back(id);
      if (r.json["next_cursor"].is_null()) break;
      EXPECT_FALSE(r.json["items"].empty()) << "a page with a next_cursor must not be empty";
      cursor = r.json["next_cursor"].get<std::string>();
    }
    return ids;
  }

  // A permit in VN for a person and employer created here, with its own number and status.
  std::string NewVietnamPermit(const json& base, const std::string& number, const std::string& status) {
    json b = base;
    b["permit_number"] = number;
    b["status"] = status;
    if (status == "applied") b.erase("issued");
    return CreateId(kPermits, b);
  }

  // Current version of a record (0 when it cannot be read).
  int64_t VersionOf(const std::string& target) {
    auto r = Get(target);
    return r.status == 200 ? r.json.value("version", int64_t{0}) : 0;
  }
};

// --- persons -------------------------------------------------------------------------------

TEST_P(RegistryApiTest, CreatingAPersonAnswers201WithLocationEtagAndTheStoredRecord) {
  auto r = Post(kPersons, LaoWorker());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Header("content-type"), "application/json");
  const std::string id = r.json.value("id", "");
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '7') << "a UUIDv7";
  EXPECT_EQ(r.Header("Location"), std::string(kPersons) + "/" + id);
  EXPECT_EQ(r.Header("ETag"), "\"1\"");
  EXPECT_EQ(r.Header("Cache-Control"), "no-store");
  EXPECT_EQ(r.Header("Idempotent-Replayed"), "");
  const json expected = {
      {"id", id},
      {"family_name", "VORACHITH"},
      {"given_names", "BOUNNHANG"},
      {"native_name", "ບຸນຍັງ ວໍລະຈິດ"},
      {"sex", "M"},
      {"birth_date", "1978-05"},
      {"nationality", "LA"},
      {"home_province", "LA-SV"},
      {"documents",
       {{{"kind", "passport"}, {"number", "P1234567"}, {"issuing_country", "LA"}, {"expires", "2030-01-31"}}}},
      {"phone", "+856 20 5555 1234"},
      {"status", "active"},
      {"version", 1},
      {"owner_node", "VN"},
      {"created_at", kCreatedAt},
      {"updated_at", kCreatedAt}};
  EXPECT_EQ(r.json, expected);
  EXPECT_EQ(Count("persons"), 1);
  EXPECT_EQ(Count("person_documents"), 1);
}

TEST_P(RegistryApiTest, ReadingAPersonReturnsWhatWasCreatedWithItsEtag) {
  auto created = Create(kPersons, VietnameseWorker());
  auto r = Get(std::string(kPersons) + "/" + created.value("id", ""));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("ETag"), "\"1\"");
  EXPECT_EQ(r.Header("Cache-Control"), "no-store");
  EXPECT_EQ(r.json, created);
  EXPECT_EQ(r.json["native_name"], "Nguyễn Thị Thủy");
  EXPECT_EQ(r.json["documents"][0]["expires"], nullptr);
  EXPECT_EQ(r.json["phone"], nullptr);
}

TEST_P(RegistryApiTest, ListingPersonsFiltersByNationalityProvinceAndStatus) {
  const std::string lao_sv = CreateId(kPersons, LaoWorkerNo(1));
  json lao_at_body = LaoWorkerNo(2);
  lao_at_body["home_province"] = "LA-AT";
  const std::string lao_at = CreateId(kPersons, lao_at_body);
  const std::string viet = CreateId(kPersons, VietnameseWorker());
  ASSERT_EQ(Archive(std::string(kPersons) + "/" + lao_at, "\"1\"").status, 200);

  auto all = Get(kPersons);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_THAT(ItemIds(all), UnorderedElementsAre(lao_sv, lao_at, viet));
  EXPECT_TRUE(all.json["next_cursor"].is_null());
  EXPECT_THAT(ItemIds(Get(std::string(kPersons) + "?nationality=LA")), UnorderedElementsAre(lao_sv, lao_at));
  EXPECT_THAT(ItemIds(Get(std::string(kPersons) + "?nationality=VN")), ElementsAre(viet));
  EXPECT_THAT(ItemIds(Get(std::string(kPersons) + "?province=LA-SV")), ElementsAre(lao_sv));
  EXPECT_THAT(ItemIds(Get(std::string(kPersons) + "?province=VN-22")), ElementsAre(viet));
  EXPECT_THAT(ItemIds(Get(std::string(kPersons) + "?status=archived")), ElementsAre(lao_at));
  EXPECT_THAT(ItemIds(Get(std::string(kPersons) + "?status=active")), UnorderedElementsAre(lao_sv, viet));
  EXPECT_THAT(ItemIds(Get(std::string(kPersons) + "?nationality=LA&status=active")), ElementsAre(lao_sv));
  EXPECT_THAT(ItemIds(Get(std::string(kPersons) + "?nationality=TH")), IsEmpty());
  // A filter value is checked like input and is data, never SQL.
  auto sneaky = Get(std::string(kPersons) + "?nationality=LA%27%20OR%20%271%27%3D%271");
  EXPECT_TRUE(IsProblem(sneaky, 422, "validation"));
  EXPECT_THAT(FieldErrors(sneaky), ElementsAre("nationality:invalid_country"));
  auto typo = Get(std::string(kPersons) + "?status=activ&province=LA-ZZ");
  EXPECT_TRUE(IsProblem(typo, 422, "validation"));
  EXPECT_THAT(FieldErrors(typo), UnorderedElementsAre("status:invalid_value", "province:unknown_province"));
  auto sneaky_permits = Get("/api/v1/permits?employer=x%27%20OR%20%271%27%3D%271");
  ASSERT_EQ(sneaky_permits.status, 200) << sneaky_permits.body;
  EXPECT_THAT(ItemIds(sneaky_permits), IsEmpty());
  // List items carry the full record, documents included.
  auto one = Get(std::string(kPersons) + "?province=LA-SV");
  ASSERT_EQ(one.json["items"].size(), 1u);
  EXPECT_EQ(one.json["items"][0]["documents"][0]["number"], "P0000001");
}

TEST_P(RegistryApiTest, PersonPagesFollowTheCursorWithoutDuplicatesOrGaps) {
  std::set<std::string> created;
  for (int i = 1; i <= 7; ++i) created.insert(CreateId(kPersons, LaoWorkerNo(i)));
  int pages = 0;
  auto ids = WalkPages(kPersons, 3, pages);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(ids.size(), 7u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end())) << "keyset order by id";
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), created);

  // A full last page ends the walk without an empty extra page.
  created.insert(CreateId(kPersons, LaoWorkerNo(8)));
  ids = WalkPages(kPersons, 4, pages);
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), created);
  EXPECT_EQ(ids.size(), 8u);

  // limit=1 walks one record at a time.
  ids = WalkPages(kPersons, 1, pages);
  EXPECT_EQ(pages, 8);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), created);
}

TEST_P(RegistryApiTest, PersonPagesKeepTheFilterAcrossPages) {
  std::set<std::string> lao;
  for (int i = 1; i <= 5; ++i) lao.insert(CreateId(kPersons, LaoWorkerNo(i)));
  json viet = VietnameseWorker();
  viet.erase("documents");
  for (int i = 0; i < 3; ++i) CreateId(kPersons, viet);
  int pages = 0;
  auto ids = WalkPages(std::string(kPersons) + "?nationality=LA", 2, pages);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), lao);
}

TEST_P(RegistryApiTest, BadListParametersAreRejectedWith422NamingTheParameter) {
  CreateId(kPersons, LaoWorker());
  struct Case {
    std::string query, field, code;
  };
  const std::vector<Case> cases = {
      {"cursor=not-a-cursor!", "cursor", "invalid_cursor"},
      {"cursor=bm90LWEtdXVpZA", "cursor", "invalid_cursor"},  // base64url of "not-a-uuid"
      {"cursor=", "cursor", "invalid_cursor"},
      {"limit=0", "limit", "out_of_range"},
      {"limit=-1", "limit", "out_of_range"},
      {"limit=501", "limit", "out_of_range"},
      {"limit=abc", "limit", "type"},
      {"limit=2.5", "limit", "type"},
      {"limit=", "limit", "type"},
      {"limit=99999999999", "limit", "type"},
      {"colour=red", "colour", "unknown_parameter"},
  };
  for (const char* collection : {kPersons, kEmployers, kPermits}) {
    for (const auto& c : cases) {
      auto r = Get(std::string(collection) + "?" + c.query);
      EXPECT_TRUE(IsProblem(r, 422, "validation")) << collection << "?" << c.query;
      EXPECT_THAT(FieldErrors(r), ElementsAre(c.field + ":" + c.code)) << collection << "?" << c.query;
    }
  }
  // Each collection knows only its own filters.
  EXPECT_THAT(FieldErrors(Get(std::string(kPersons) + "?country=LA")), ElementsAre("country:unknown_parameter"));
  EXPECT_THAT(FieldErrors(Get(std::string(kEmployers) + "?nationality=LA")),
              ElementsAre("nationality:unknown_parameter"));
  EXPECT_THAT(FieldErrors(Get(std::string(kPermits) + "?nationality=LA")),
              ElementsAre("nationality:unknown_parameter"));
  // Several bad parameters are all named.
  EXPECT_THAT(FieldErrors(Get(std::string(kPersons) + "?limit=x&foo=1")),
              UnorderedElementsAre("limit:type", "foo:unknown_parameter"));
  // The edges of the range are fine.
  EXPECT_EQ(Get(std::string(kPersons) + "?limit=1").status, 200);
  EXPECT_EQ(Get(std::string(kPersons) + "?limit=500").status, 200);
}

TEST_P(RegistryApiTest, ListParametersWithInvalidUtf8OrControlCharactersAreRejected) {
  CreateId(kPersons, LaoWorker());
  for (const std::string& target :
       {std::string(kPersons) + "?nationality=%C3%28", std::string(kEmployers) + "?province=%FF",
        std::string(kPermits) + "?employer=%ED%A0%80", std::string(kPersons) + "?%C3%28=1"}) {
    auto r = Get(target);
    EXPECT_TRUE(IsProblem(r, 400, "malformed")) << target;
  }
  // A NUL would be cut off by one backend and kept by the other: rejected on both.
  auto r = Get(std::string(kPersons) + "?nationality=LA%00XX");
  EXPECT_TRUE(IsProblem(r, 422, "validation"));
  EXPECT_THAT(FieldErrors(r), ElementsAre("nationality:control_characters"));
}

TEST_P(RegistryApiTest, PatchingAPersonWithIfMatchChangesItAndBumpsTheVersion) {
  auto created = Create(kPersons, LaoWorker());
  const std::string url = std::string(kPersons) + "/" + created.value("id", "");
  clock_->Advance(std::chrono::minutes(5));
  auto r = Patch(url, {{"given_names", "BOUN NHANG"}, {"phone", nullptr}}, "\"1\"");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("ETag"), "\"2\"");
  json expected = created;
  expected["given_names"] = "BOUN NHANG";
  expected["phone"] = nullptr;  // a merge patch's null removes the value
  expected["version"] = 2;
  expected["updated_at"] = "2026-01-15T09:05:00.000Z";
  EXPECT_EQ(r.json, expected);
  auto read = Get(url);
  EXPECT_EQ(read.json, expected);
  EXPECT_EQ(read.Header("ETag"), "\"2\"");
  // The weak form of the ETag is accepted too; documents are replaced as a whole.
  auto again = Patch(url, {{"documents", json::array()}}, "W/\"2\"");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json["version"], 3);
  EXPECT_EQ(again.json["documents"], json::array());
  EXPECT_EQ(Count("person_documents"), 0);
  EXPECT_EQ(Count("persons"), 1);
}

TEST_P(RegistryApiTest, PatchingAPersonWithoutIfMatchIs428AndChangesNothing) {
  auto created = Create(kPersons, LaoWorker());
  const std::string url = std::string(kPersons) + "/" + created.value("id", "");
  auto r = Patch(url, {{"given_names", "OTHER"}}, "");
  EXPECT_TRUE(IsProblem(r, 428, "precondition-required"));
  EXPECT_EQ(Get(url).json, created);
}

TEST_P(RegistryApiTest, PatchingAPersonWithAStaleIfMatchIs412AndKeepsTheNewerChange) {
  auto created = Create(kPersons, LaoWorker());
  const std::string url = std::string(kPersons) + "/" + created.value("id", "");
  ASSERT_EQ(Patch(url, {{"given_names", "FIRST"}}, "\"1\"").status, 200);
  auto stale = Patch(url, {{"given_names", "SECOND"}}, "\"1\"");
  EXPECT_TRUE(IsProblem(stale, 412, "precondition-failed"));
  for (const std::string bad : {"\"7\"", "abc", "\"\"", "\"0\""}) {
    EXPECT_TRUE(IsProblem(Patch(url, {{"given_names", "THIRD"}}, bad), 412, "precondition-failed")) << bad;
  }
  auto read = Get(url);
  EXPECT_EQ(read.json["given_names"], "FIRST");
  EXPECT_EQ(read.json["version"], 2);
}

TEST_P(RegistryApiTest, PatchingReadOnlyOrUnknownPersonFieldsIs422AndChangesNothing) {
  auto created = Create(kPersons, LaoWorker());
  const std::string url = std::string(kPersons) + "/" + created.value("id", "");
  for (const std::string field : {"id", "version", "status", "owner_node", "created_at", "updated_at"}) {
    auto r = Patch(url, {{field, created[field]}, {"given_names", "CHANGED"}}, "\"1\"");
    EXPECT_TRUE(IsProblem(r, 422, "validation")) << field;
    EXPECT_THAT(FieldErrors(r), ElementsAre(field + ":read_only"));
  }
  auto unknown = Patch(url, {{"colour", "red"}}, "\"1\"");
  EXPECT_TRUE(IsProblem(unknown, 422, "validation"));
  EXPECT_THAT(FieldErrors(unknown), ElementsAre("colour:unknown_field"));
  auto both = Patch(url, {{"status", "archived"}, {"colour", "red"}}, "\"1\"");
  EXPECT_THAT(FieldErrors(both), UnorderedElementsAre("status:read_only", "colour:unknown_field"));
  // The merged record is validated as a whole: removing a required field or a bad value fails.
  auto required = Patch(url, {{"given_names", nullptr}}, "\"1\"");
  EXPECT_TRUE(IsProblem(required, 422, "validation"));
  EXPECT_THAT(FieldErrors(required), ElementsAre("given_names:required"));
  auto bad = Patch(url, {{"sex", "Q"}, {"birth_date", "1978-02-30"}}, "\"1\"");
  EXPECT_THAT(FieldErrors(bad), UnorderedElementsAre("sex:invalid_value", "birth_date:invalid_date"));
  auto malformed = PatchRaw(url, "{\"given_names\": ", "\"1\"");
  EXPECT_TRUE(IsProblem(malformed, 400, "malformed"));
  EXPECT_EQ(Get(url).json, created);
}

TEST_P(RegistryApiTest, ArchivingAPersonKeepsTheRowAndForbidsFurtherEdits) {
  auto created = Create(kPersons, LaoWorker());
  const std::string url = std::string(kPersons) + "/" + created.value("id", "");
  EXPECT_TRUE(IsProblem(Archive(url, ""), 428, "precondition-required"));
  EXPECT_TRUE(IsProblem(Archive(url, "\"2\""), 412, "precondition-failed"));
  auto r = Archive(url, "\"1\"");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("ETag"), "\"2\"");
  EXPECT_EQ(r.json["status"], "archived");
  EXPECT_EQ(r.json["version"], 2);
  EXPECT_EQ(r.json["documents"], created["documents"]);
  auto read = Get(url);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.json, r.json);
  EXPECT_EQ(Count("persons"), 1);
  EXPECT_EQ(Count("person_documents"), 1);

  auto edit = Patch(url, {{"given_names", "LATER"}}, "\"2\"");
  EXPECT_TRUE(IsProblem(edit, 409, "conflict"));
  auto twice = Archive(url, "\"2\"");
  EXPECT_TRUE(IsProblem(twice, 409, "conflict"));
  EXPECT_EQ(Get(url).json, r.json);

  // There is no hard delete.
  auto del = Send("DELETE", url);
  EXPECT_TRUE(IsProblem(del, 405, "method-not-allowed"));
  EXPECT_THAT(del.Header("Allow"), ::testing::HasSubstr("GET"));
  EXPECT_THAT(del.Header("Allow"), ::testing::HasSubstr("PATCH"));
  EXPECT_EQ(Count("persons"), 1);
}

TEST_P(RegistryApiTest, UnknownAndMalformedIdsAre404OnEveryRecordEndpoint) {
  const json transition = {{"to", "expired"}, {"date", "2026-02-01"}};
  for (const char* collection : {kPersons, kEmployers, kPermits}) {
    for (const std::string& id : {std::string(kNoSuchId), std::string("not-a-uuid"), std::string("42"),
                                  std::string("0190A1B2-C3D4-7E5F-8A6B-7C8D9E0F1A2B"),
                                  std::string("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b%27%20OR%201%3D1")}) {
      const std::string url = std::string(collection) + "/" + id;
      EXPECT_TRUE(IsProblem(Get(url), 404, "not-found")) << url;
      EXPECT_TRUE(IsProblem(Patch(url, json::object(), "\"1\""), 404, "not-found")) << url;
      if (std::string(collection) != kPermits) {
        EXPECT_TRUE(IsProblem(Archive(url, "\"1\""), 404, "not-found")) << url;
      } else {
        EXPECT_TRUE(IsProblem(Transition(id, transition, "\"1\""), 404, "not-found")) << url;
        EXPECT_TRUE(IsProblem(Transition(id, transition), 404, "not-found")) << url;
      }
    }
  }
  EXPECT_TRUE(IsProblem(Get("/api/v1/nothing-here"), 404, "not-found"));
  EXPECT_TRUE(IsProblem(Get(std::string(kPersons) + "/"), 404, "not-found"));
}

// --- employers -----------------------------------------------------------------------------

TEST_P(RegistryApiTest, CreatingAndReadingAnEmployerReturnsTheStoredRecord) {
  auto r = Post(kEmployers, LaoEmployer());
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = r.json.value("id", "");
  EXPECT_EQ(r.Header("Location"), std::string(kEmployers) + "/" + id);
  EXPECT_EQ(r.Header("ETag"), "\"1\"");
  const json expected = {{"id", id},
                         {"name", "Attapeu Hydropower Construction"},
                         {"native_name", "ບໍລິສັດ ກໍ່ສ້າງ ອັດຕະປື"},
                         {"registration_number", "LA-0001"},
                         {"country", "LA"},
                         {"province", "LA-AT"},
                         {"sector", "F"},
                         {"address", "Ban Mai, Samakkhixay"},
                         {"website", nullptr},
                         {"status", "active"},
                         {"version", 1},
                         {"owner_node", "VN"},
                         {"created_at", kCreatedAt},
                         {"updated_at", kCreatedAt}};
  EXPECT_EQ(r.json, expected);
  auto read = Get(std::string(kEmployers) + "/" + id);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.Header("ETag"), "\"1\"");
  EXPECT_EQ(read.json, expected);
  EXPECT_EQ(Count("employers"), 1);
}

TEST_P(RegistryApiTest, ListingEmployersFiltersByCountryProvinceAndStatus) {
  const std::string vn = CreateId(kEmployers, VietnameseEmployer());
  const std::string la_at = CreateId(kEmployers, LaoEmployer());
  json sv = LaoEmployer();
  sv["registration_number"] = "LA-0002";
  sv["province"] = "LA-SV";
  const std::string la_sv = CreateId(kEmployers, sv);
  ASSERT_EQ(Archive(std::string(kEmployers) + "/" + la_sv, "\"1\"").status, 200);

  EXPECT_THAT(ItemIds(Get(kEmployers)), UnorderedElementsAre(vn, la_at, la_sv));
  EXPECT_THAT(ItemIds(Get(std::string(kEmployers) + "?country=LA")), UnorderedElementsAre(la_at, la_sv));
  EXPECT_THAT(ItemIds(Get(std::string(kEmployers) + "?country=VN")), ElementsAre(vn));
  EXPECT_THAT(ItemIds(Get(std::string(kEmployers) + "?province=LA-AT")), ElementsAre(la_at));
  EXPECT_THAT(ItemIds(Get(std::string(kEmployers) + "?status=archived")), ElementsAre(la_sv));
  EXPECT_THAT(ItemIds(Get(std::string(kEmployers) + "?country=LA&status=active")), ElementsAre(la_at));
  EXPECT_THAT(ItemIds(Get(std::string(kEmployers) + "?province=VN-N08")), IsEmpty());
}

TEST_P(RegistryApiTest, EmployerPagesFollowTheCursorWithoutDuplicatesOrGaps) {
  std::set<std::string> created;
  for (int i = 1; i <= 5; ++i) created.insert(CreateId(kEmployers, VietnameseEmployerNo(i)));
  int pages = 0;
  auto ids = WalkPages(kEmployers, 2, pages);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), created);
}

TEST_P(RegistryApiTest, PatchingAnEmployerFollowsTheIfMatchRules) {
  auto created = Create(kEmployers, VietnameseEmployer());
  const std::string url = std::string(kEmployers) + "/" + created.value("id", "");
  EXPECT_TRUE(IsProblem(Patch(url, {{"address", "Vinh"}}, ""), 428, "precondition-required"));
  EXPECT_TRUE(IsProblem(Patch(url, {{"address", "Vinh"}}, "\"3\""), 412, "precondition-failed"));
  for (const std::string field : {"id", "version", "status", "owner_node"}) {
    auto r = Patch(url, {{field, created[field]}}, "\"1\"");
    EXPECT_TRUE(IsProblem(r, 422, "validation")) << field;
    EXPECT_THAT(FieldErrors(r), ElementsAre(field + ":read_only"));
  }
  auto unknown = Patch(url, {{"fax", "+84 238 3844 000"}}, "\"1\"");
  EXPECT_THAT(FieldErrors(unknown), ElementsAre("fax:unknown_field"));
  auto wrong_province = Patch(url, {{"province", "LA-AT"}}, "\"1\"");
  EXPECT_TRUE(IsProblem(wrong_province, 422, "validation"));
  EXPECT_THAT(FieldErrors(wrong_province), ElementsAre("province:province_not_in_country"));
  EXPECT_EQ(Get(url).json, created);

  auto r = Patch(url, {{"address", "12 Le Loi, Vinh"}, {"sector", "G"}}, "\"1\"");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("ETag"), "\"2\"");
  json expected = created;
  expected["address"] = "12 Le Loi, Vinh";
  expected["sector"] = "G";
  expected["version"] = 2;
  EXPECT_EQ(r.json, expected);
  EXPECT_EQ(Get(url).json, expected);
  EXPECT_TRUE(IsProblem(Patch(url, {{"address", "again"}}, "\"1\""), 412, "precondition-failed"));
}

TEST_P(RegistryApiTest, ArchivedEmployerCannotBeEditedNorTakeNewPermits) {
  json permit = PermitInVietnam();
  const std::string url = std::string(kEmployers) + "/" + permit.value("employer_id", "");
  EXPECT_TRUE(IsProblem(Archive(url, ""), 428, "precondition-required"));
  auto r = Archive(url, "\"1\"");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["status"], "archived");
  EXPECT_EQ(r.json["version"], 2);
  EXPECT_EQ(r.Header("ETag"), "\"2\"");
  EXPECT_TRUE(IsProblem(Patch(url, {{"address", "x"}}, "\"2\""), 409, "conflict"));
  EXPECT_TRUE(IsProblem(Archive(url, "\"2\""), 409, "conflict"));
  EXPECT_EQ(Get(url).json, r.json);
  auto p = Post(kPermits, permit);
  EXPECT_TRUE(IsProblem(p, 422, "validation"));
  EXPECT_THAT(FieldErrors(p), ElementsAre("employer_id:archived"));
  EXPECT_EQ(Count("work_permits"), 0);
  EXPECT_EQ(Count("employers"), 1);
}

TEST_P(RegistryApiTest, DuplicateEmployerRegistrationIs409ButOtherCountriesMayReuseTheNumber) {
  const std::string first = CreateId(kEmployers, VietnameseEmployer());
  json again = VietnameseEmployer();
  again["name"] = "Another Name";
  auto dup = Post(kEmployers, again);
  EXPECT_TRUE(IsProblem(dup, 409, "conflict"));
  EXPECT_THAT(FieldErrors(dup), ElementsAre("registration_number:duplicate"));
  // Surrounding spaces do not make a different number.
  again["registration_number"] = "  2900123456 ";
  EXPECT_TRUE(IsProblem(Post(kEmployers, again), 409, "conflict"));
  EXPECT_EQ(Count("employers"), 1);

  json lao = LaoEmployer();
  lao["registration_number"] = "2900123456";
  const std::string other_country = CreateId(kEmployers, lao);
  EXPECT_EQ(Count("employers"), 2);

  // Renaming into an existing registration is a conflict too, and changes nothing.
  json second_body = VietnameseEmployerNo(7);
  const std::string second = CreateId(kEmployers, second_body);
  auto patch = Patch(std::string(kEmployers) + "/" + second, {{"registration_number", "2900123456"}}, "\"1\"");
  EXPECT_TRUE(IsProblem(patch, 409, "conflict"));
  EXPECT_THAT(FieldErrors(patch), ElementsAre("registration_number:duplicate"));
  auto read = Get(std::string(kEmployers) + "/" + second);
  EXPECT_EQ(read.json["registration_number"], second_body["registration_number"]);
  EXPECT_EQ(read.json["version"], 1);
  EXPECT_FALSE(first.empty());
  EXPECT_FALSE(other_country.empty());
}

TEST_P(RegistryApiTest, InvalidEmployerFieldsAreNamedAndNothingIsStored) {
  json b = VietnameseEmployer();
  b["country"] = "XX";
  b["province"] = "VN-99";
  b["sector"] = "Z";
  b["name"] = "   ";
  b["registration_number"] = "";
  auto r = Post(kEmployers, b);
  EXPECT_TRUE(IsProblem(r, 422, "validation"));
  EXPECT_THAT(FieldErrors(r),
              UnorderedElementsAre("country:invalid_country", "province:unknown_province", "sector:invalid_value",
                                   "name:required", "registration_number:required"));
  json wrong = VietnameseEmployer();
  wrong["province"] = "LA-AT";
  EXPECT_THAT(FieldErrors(Post(kEmployers, wrong)), ElementsAre("province:province_not_in_country"));
  json control = VietnameseEmployer();
  control["address"] = "Ban Mai\x07 Samakkhixay";
  EXPECT_THAT(FieldErrors(Post(kEmployers, control)), ElementsAre("address:control_characters"));
  json types = {{"name", 1},     {"registration_number", 123}, {"country", true},
                {"province", 5}, {"sector", json::array()},    {"address", json::object()}};
  EXPECT_THAT(FieldErrors(Post(kEmployers, types)),
              UnorderedElementsAre("name:type", "registration_number:type", "country:type", "province:type",
                                   "sector:type", "address:type"));
  EXPECT_EQ(Count("employers"), 0);
}

// --- permits -------------------------------------------------------------------------------

TEST_P(RegistryApiTest, CreatingAPermitRecordsItsFirstTransition) {
  json body = PermitInVietnam();
  auto r = Post(kPermits, body);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = r.json.value("id", "");
  EXPECT_EQ(r.Header("Location"), std::string(kPermits) + "/" + id);
  EXPECT_EQ(r.Header("ETag"), "\"1\"");
  const json expected = {{"id", id},
                         {"person_id", body["person_id"]},
                         {"employer_id", body["employer_id"]},
                         {"host_country", "VN"},
                         {"host_province", "VN-N08"},
                         {"occupation", "8153"},
                         {"permit_number", "WP-2026-0001"},
                         {"issued", "2026-01-10"},
                         {"valid_from", "2026-01-10"},
                         {"valid_until", "2027-12-31"},
                         {"status", "issued"},
                         {"extensions", 0},
                         {"version", 1},
                         {"owner_node", "VN"},
                         {"created_at", kCreatedAt},
                         {"updated_at", kCreatedAt},
                         {"transitions",
                          {{{"from", nullptr},
                            {"to", "issued"},
                            {"date", "2026-01-10"},
                            {"reason", nullptr},
                            {"actor", "tester"},
                            {"valid_until", nullptr},
                            {"recorded_at", kCreatedAt}}}}};
  EXPECT_EQ(r.json, expected);
  auto read = Get(std::string(kPermits) + "/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Header("ETag"), "\"1\"");
  EXPECT_EQ(read.json, expected);
  EXPECT_EQ(Count("work_permits"), 1);
  EXPECT_EQ(Count("permit_transitions"), 1);
}

TEST_P(RegistryApiTest, APermitWithoutStatusStartsAsAppliedDatedToday) {
  json body = PermitInVietnam();
  body.erase("status");
  body.erase("issued");
  body["permit_number"] = " wp 2026 0009 ";
  auto r = Post(kPermits, body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["status"], "applied");
  EXPECT_EQ(r.json["issued"], nullptr);
  EXPECT_EQ(r.json["permit_number"], "WP20260009") << "upper-cased, spaces removed";
  ASSERT_EQ(r.json["transitions"].size(), 1u);
  EXPECT_EQ(r.json["transitions"][0]["to"], "applied");
  EXPECT_EQ(r.json["transitions"][0]["date"], "2026-01-15");
}

TEST_P(RegistryApiTest, ListingPermitsFiltersByEveryParameter) {
  const std::string person_a = CreateId(kPersons, LaoWorkerNo(1));
  const std::string person_b = CreateId(kPersons, LaoWorkerNo(2));
  const std::string vn1 = CreateId(kEmployers, VietnameseEmployerNo(1));
  const std::string vn2 = CreateId(kEmployers, VietnameseEmployerNo(2));
  const std::string la = CreateId(kEmployers, LaoEmployer());
  json b1 = {{"person_id", person_a},     {"employer_id", vn1},         {"host_country", "VN"},
             {"host_province", "VN-N08"}, {"occupation", "8153"},       {"permit_number", "VN-1"},
             {"issued", "2026-01-10"},    {"valid_from", "2026-01-10"}, {"valid_until", "2027-12-31"},
             {"status", "issued"}};
  const std::string p1 = CreateId(kPermits, b1);
  json b2 = b1;
  b2["person_id"] = person_b;
  b2["employer_id"] = vn2;
  b2["host_province"] = "VN-N05";
  b2["permit_number"] = "VN-2";
  b2["valid_until"] = "2026-06-30";
  b2["status"] = "applied";
  b2.erase("issued");
  const std::string p2 = CreateId(kPermits, b2);
  json b3 = PermitInLaos(person_a, la);
  const std::string p3 = CreateId(kPermits, b3);
  // Issued on 2026-01-20: a transition is dated between its issue and today.
  clock_->Advance(std::chrono::days(5));
  ASSERT_EQ(Transition(p3, {{"to", "revoked"}, {"date", "2026-01-20"}, {"reason", "Left the country"}}).status, 200);

  auto list = [&](const std::string& q) { return ItemIds(Get(std::string(kPermits) + "?" + q)); };
  EXPECT_THAT(ItemIds(Get(kPermits)), UnorderedElementsAre(p1, p2, p3));
  EXPECT_THAT(list("status=issued"), ElementsAre(p1));
  EXPECT_THAT(list("status=applied"), ElementsAre(p2));
  EXPECT_THAT(list("status=revoked"), ElementsAre(p3));
  EXPECT_THAT(list("status=expired"), IsEmpty());
  EXPECT_THAT(list("employer=" + vn1), ElementsAre(p1));
  EXPECT_THAT(list("employer=" + la), ElementsAre(p3));
  EXPECT_THAT(list("person=" + person_a), UnorderedElementsAre(p1, p3));
  EXPECT_THAT(list("person=" + person_b), ElementsAre(p2));
  EXPECT_THAT(list("host_country=LA"), ElementsAre(p3));
  EXPECT_THAT(list("host_country=VN"), UnorderedElementsAre(p1, p2));
  EXPECT_THAT(list("province=VN-N05"), ElementsAre(p2));
  EXPECT_THAT(list("province=LA-AT"), ElementsAre(p3));
  EXPECT_THAT(list("expiring_before=2027-01-01"), ElementsAre(p2));
  EXPECT_THAT(list("expiring_before=2027-02-01"), UnorderedElementsAre(p2, p3));
  EXPECT_THAT(list("expiring_before=2026-06-30"), IsEmpty()) << "strictly before";
  EXPECT_THAT(list("expiring_before=2026-07-01"), ElementsAre(p2));
  EXPECT_THAT(list("person=" + person_a + "&host_country=VN"), ElementsAre(p1));
  EXPECT_THAT(list("host_country=VN&expiring_before=2028-01-01&status=issued"), ElementsAre(p1));
  // List items are summaries: the history is only on the single read.
  auto one = Get(std::string(kPermits) + "?status=issued");
  ASSERT_EQ(one.json["items"].size(), 1u);
  EXPECT_EQ(one.json["items"][0]["permit_number"], "VN-1");
  EXPECT_FALSE(one.json["items"][0].contains("transitions"));

  auto bad_status = Get(std::string(kPermits) + "?status=bogus");
  EXPECT_TRUE(IsProblem(bad_status, 422, "validation"));
  EXPECT_THAT(FieldErrors(bad_status), ElementsAre("status:invalid_value"));
  for (const std::string d : {"2026-13-01", "2026", "2026-02-30", "tomorrow"}) {
    auto bad_date = Get(std::string(kPermits) + "?expiring_before=" + d);
    EXPECT_TRUE(IsProblem(bad_date, 422, "validation")) << d;
    EXPECT_THAT(FieldErrors(bad_date), ElementsAre("expiring_before:invalid_date")) << d;
  }
}

TEST_P(RegistryApiTest, PermitPagesFollowTheCursorWithoutDuplicatesOrGaps) {
  json base = PermitInVietnam();
  std::set<std::string> created;
  for (int i = 1; i <= 5; ++i) created.insert(NewVietnamPermit(base, "WP-" + std::to_string(i), "issued"));
  int pages = 0;
  auto ids = WalkPages(kPermits, 2, pages);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), created);
  ids = WalkPages(std::string(kPermits) + "?host_country=VN&status=issued", 4, pages);
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), created);
}

TEST_P(RegistryApiTest, PermitValidityOutsideTheHostCountryLimitsIs422) {
  json base = PermitInVietnam();
  struct Case {
    std::string from, until, error;  // empty error = accepted
  };
  // Vietnam: at most 24 months from valid_from (the last day is 2028-01-09).
  const std::vector<Case> vn = {{"2026-03-01", "2026-02-28", "valid_until:before_valid_from"},
                                {"2026-01-10", "2028-01-10", "valid_until:too_long"},
                                {"2026-01-10", "2030-01-01", "valid_until:too_long"},
                                {"2026-01-10", "2028-01-09", ""},
                                {"2026-03-01", "2026-03-01", ""}};
  int n = 0;
  for (const auto& c : vn) {
    json b = base;
    b["permit_number"] = "VN-LIMIT-" + std::to_string(++n);
    b["valid_from"] = c.from;
    b["valid_until"] = c.until;
    auto r = Post(kPermits, b);
    if (c.error.empty()) {
      EXPECT_EQ(r.status, 201) << c.from << ".." << c.until << " " << r.body;
    } else {
      EXPECT_TRUE(IsProblem(r, 422, "validation")) << c.from << ".." << c.until;
      EXPECT_THAT(FieldErrors(r), ElementsAre(c.error)) << c.from << ".." << c.until;
    }
  }
  EXPECT_EQ(Count("work_permits"), 2);
  // Laos: at most 12 months.
  const std::string la_employer = CreateId(kEmployers, LaoEmployer());
  const std::vector<Case> la = {{"2026-02-01", "2027-02-01", "valid_until:too_long"},
                                {"2026-02-01", "2026-01-31", "valid_until:before_valid_from"},
                                {"2026-02-01", "2027-01-31", ""}};
  for (const auto& c : la) {
    json b = PermitInLaos(base.value("person_id", ""), la_employer);
    b["permit_number"] = "LA-LIMIT-" + std::to_string(++n);
    b["valid_from"] = c.from;
    b["valid_until"] = c.until;
    auto r = Post(kPermits, b);
    if (c.error.empty()) {
      EXPECT_EQ(r.status, 201) << c.from << ".." << c.until << " " << r.body;
    } else {
      EXPECT_TRUE(IsProblem(r, 422, "validation")) << c.from << ".." << c.until;
      EXPECT_THAT(FieldErrors(r), ElementsAre(c.error)) << c.from << ".." << c.until;
    }
  }
  EXPECT_EQ(Count("work_permits"), 3);
  EXPECT_EQ(Count("permit_transitions"), 3);
}

TEST_P(RegistryApiTest, HostProvinceMustBeInTheHostCountryAndExistOnValidFrom) {
  json base = PermitInVietnam();
  struct Case {
    std::string province, from, until, error;
  };
  const std::vector<Case> cases = {
      {"LA-AT", "2026-01-10", "2027-01-09", "host_province:province_not_in_country"},
      {"VN-99", "2026-01-10", "2027-01-09", "host_province:unknown_province"},
      {"", "2026-01-10", "2027-01-09", "host_province:required"},
      // Nghe An's old code ended on 2025-06-30, the new one starts on 2025-07-01.
      {"VN-22", "2026-01-10", "2027-01-09", "host_province:province_not_valid_on_date"},
      {"VN-22", "2025-07-01", "2026-06-30", "host_province:province_not_valid_on_date"},
      {"VN-N08", "2025-06-30", "2026-06-29", "host_province:province_not_valid_on_date"},
      {"VN-22", "2025-06-30", "2026-06-29", ""},
      {"VN-N08", "2025-07-01", "2026-06-30", ""},
  };
  int n = 0;
  for (const auto& c : cases) {
    json b = base;
    b["permit_number"] = "PROV-" + std::to_string(++n);
    b["host_province"] = c.province;
    b["valid_from"] = c.from;
    b["valid_until"] = c.until;
    b["issued"] = c.from;
    auto r = Post(kPermits, b);
    if (c.error.empty()) {
      EXPECT_EQ(r.status, 201) << c.province << " " << c.from << " " << r.body;
    } else {
      EXPECT_TRUE(IsProblem(r, 422, "validation")) << c.province << " " << c.from;
      EXPECT_THAT(FieldErrors(r), ElementsAre(c.error)) << c.province << " " << c.from;
    }
  }
  EXPECT_EQ(Count("work_permits"), 2);
}

TEST_P(RegistryApiTest, InvalidPermitFieldsAreNamedAndNothingIsStored) {
  json base = PermitInVietnam();
  auto expect_errors = [&](json b, std::vector<std::string> errors) {
    auto r = Post(kPermits, b);
    EXPECT_TRUE(IsProblem(r, 422, "validation")) << b.dump();
    EXPECT_THAT(FieldErrors(r), UnorderedElementsAreArray(errors)) << b.dump();
  };
  json b = base;
  b["occupation"] = "9999";
  expect_errors(b, {"occupation:unknown_occupation"});
  b["occupation"] = "81";
  expect_errors(b, {"occupation:unknown_occupation"});
  b = base;
  b["host_country"] = "TH";
  expect_errors(b, {"host_country:invalid_value"});
  b = base;
  b["valid_from"] = "2026-02-30";
  b["issued"] = "2026-1-10";
  expect_errors(b, {"valid_from:invalid_date", "issued:invalid_date"});
  for (const std::string status : {"extended", "expired", "revoked", "refused", "withdrawn", "bogus"}) {
    b = base;
    b["status"] = status;
    expect_errors(b, {"status:invalid_initial_status"});
  }
  b = base;
  b["person_id"] = "abc";
  b["employer_id"] = "";
  expect_errors(b, {"person_id:invalid_id", "employer_id:required"});
  expect_errors(json::object(),
                {"person_id:required", "employer_id:required", "host_country:required", "host_province:required",
                 "occupation:required", "permit_number:required", "valid_from:required", "valid_until:required"});
  b = base;
  b["occupation"] = 8153;
  b["valid_from"] = 20260110;
  b["person_id"] = json::array();
  b["status"] = 1;
  expect_errors(b, {"occupation:type", "valid_from:type", "person_id:type", "status:type"});
  b = base;
  b["salary"] = 1000;
  expect_errors(b, {"salary:unknown_field"});
  EXPECT_EQ(Count("work_permits"), 0);
  EXPECT_EQ(Count("permit_transitions"), 0);
}

TEST_P(RegistryApiTest, PermitPartiesMustExistAndBeActive) {
  json base = PermitInVietnam();
  auto expect_errors = [&](const json& b, std::vector<std::string> errors) {
    auto r = Post(kPermits, b);
    EXPECT_TRUE(IsProblem(r, 422, "validation")) << b.dump();
    EXPECT_THAT(FieldErrors(r), UnorderedElementsAreArray(errors)) << b.dump();
  };
  json b = base;
  b["person_id"] = kNoSuchId;
  expect_errors(b, {"person_id:not_found"});
  b = base;
  b["employer_id"] = kNoSuchId;
  expect_errors(b, {"employer_id:not_found"});
  b["person_id"] = kNoSuchId;
  expect_errors(b, {"person_id:not_found", "employer_id:not_found"});
  // An employer id is not a person id.
  b = base;
  b["person_id"] = base["employer_id"];
  expect_errors(b, {"person_id:not_found"});

  ASSERT_EQ(Archive(std::string(kPersons) + "/" + base.value("person_id", ""), "\"1\"").status, 200);
  expect_errors(base, {"person_id:archived"});
  EXPECT_EQ(Count("work_permits"), 0);
  EXPECT_EQ(Count("permit_transitions"), 0);
}

TEST_P(RegistryApiTest, DuplicatePermitNumberIs409WithinAHostCountryOnly) {
  json base = PermitInVietnam();
  const std::string first = CreateId(kPermits, base);
  auto dup = Post(kPermits, base);
  EXPECT_TRUE(IsProblem(dup, 409, "conflict"));
  EXPECT_THAT(FieldErrors(dup), ElementsAre("permit_number:duplicate"));
  json spelled = base;
  spelled["permit_number"] = " wp-2026-0001 ";
  EXPECT_TRUE(IsProblem(Post(kPermits, spelled), 409, "conflict")) << "case and spaces do not make another number";
  EXPECT_EQ(Count("work_permits"), 1);
  EXPECT_EQ(Count("permit_transitions"), 1);

  // The same number in the other host country is another permit.
  json la = PermitInLaos(base.value("person_id", ""), CreateId(kEmployers, LaoEmployer()));
  la["permit_number"] = "WP-2026-0001";
  auto other = Post(kPermits, la);
  ASSERT_EQ(other.status, 201) << other.body;
  EXPECT_EQ(other.json["permit_number"], "WP-2026-0001");
  EXPECT_EQ(other.json["host_country"], "LA");
  EXPECT_EQ(Count("work_permits"), 2);

  // Renumbering a permit to a taken number is a conflict and changes nothing.
  json second = base;
  second["permit_number"] = "WP-2026-0002";
  const std::string second_id = CreateId(kPermits, second);
  auto patch = Patch(std::string(kPermits) + "/" + second_id, {{"permit_number", "WP-2026-0001"}}, "\"1\"");
  EXPECT_TRUE(IsProblem(patch, 409, "conflict"));
  EXPECT_THAT(FieldErrors(patch), ElementsAre("permit_number:duplicate"));
  auto read = Get(std::string(kPermits) + "/" + second_id);
  EXPECT_EQ(read.json["permit_number"], "WP-2026-0002");
  EXPECT_EQ(read.json["version"], 1);
  EXPECT_FALSE(first.empty());
}

TEST_P(RegistryApiTest, PatchingAPermitFollowsTheIfMatchAndReadOnlyRules) {
  json base = PermitInVietnam();
  // Applied: its dates may still be corrected (those of a permit in force move only by an
  // extension: PermitPatchSuite).
  base["status"] = "applied";
  base.erase("issued");
  auto created = Create(kPermits, base);
  const std::string url = std::string(kPermits) + "/" + created.value("id", "");
  EXPECT_TRUE(IsProblem(Patch(url, {{"occupation", "7112"}}, ""), 428, "precondition-required"));
  EXPECT_TRUE(IsProblem(Patch(url, {{"occupation", "7112"}}, "\"2\""), 412, "precondition-failed"));
  for (const std::string field : {"id", "version", "status", "owner_node", "created_at", "updated_at", "person_id",
                                  "host_country", "extensions", "transitions"}) {
    auto r = Patch(url, {{field, created[field]}}, "\"1\"");
    EXPECT_TRUE(IsProblem(r, 422, "validation")) << field;
    EXPECT_THAT(FieldErrors(r), ElementsAre(field + ":read_only"));
  }
  EXPECT_THAT(FieldErrors(Patch(url, {{"salary", 1}}, "\"1\"")), ElementsAre("salary:unknown_field"));
  EXPECT_THAT(FieldErrors(Patch(url, {{"valid_until", "2028-06-30"}}, "\"1\"")), ElementsAre("valid_until:too_long"));
  EXPECT_THAT(FieldErrors(Patch(url, {{"occupation", "0000"}}, "\"1\"")), ElementsAre("occupation:unknown_occupation"));
  EXPECT_THAT(FieldErrors(Patch(url, {{"employer_id", kNoSuchId}}, "\"1\"")), ElementsAre("employer_id:not_found"));
  EXPECT_EQ(Get(url).json, created);

  clock_->Advance(std::chrono::hours(1));
  auto r = Patch(url, {{"occupation", "7112"}, {"valid_until", "2027-06-30"}}, "\"1\"");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("ETag"), "\"2\"");
  json expected = created;
  expected["occupation"] = "7112";
  expected["valid_until"] = "2027-06-30";
  expected["version"] = 2;
  expected["updated_at"] = "2026-01-15T10:00:00.000Z";
  EXPECT_EQ(r.json, expected) << "an edit is not a transition: the history is unchanged";
  EXPECT_EQ(Get(url).json, expected);
  EXPECT_EQ(Count("permit_transitions"), 1);
}

TEST_P(RegistryApiTest, EndedPermitsCannotBeEdited) {
  json base = PermitInVietnam();
  const std::string id = CreateId(kPermits, base);
  const std::string url = std::string(kPermits) + "/" + id;
  ASSERT_EQ(Transition(id, {{"to", "revoked"}, {"date", "2026-01-15"}, {"reason", "Fraud"}}).status, 200);
  auto r = Patch(url, {{"occupation", "7112"}}, "\"2\"");
  EXPECT_TRUE(IsProblem(r, 409, "conflict"));
  auto read = Get(url);
  EXPECT_EQ(read.json["occupation"], "8153");
  EXPECT_EQ(read.json["version"], 2);
}

// --- permit transitions --------------------------------------------------------------------

TEST_P(RegistryApiTest, EveryLawfulPermitTransitionSucceeds) {
  json base = PermitInVietnam();
  struct Step {
    std::string to;
    json extra;
  };
  const json reason = {{"reason", "Checked by the provincial office"}};
  const std::vector<std::pair<std::string, std::vector<Step>>> paths = {
      {"applied", {{"issued", {}}}},
      {"applied", {{"refused", reason}}},
      {"applied", {{"withdrawn", {}}}},
      {"issued", {{"extended", {{"valid_until", "2029-06-30"}}}}},
      {"issued", {{"expired", reason}}},  // before its end date: with a reason
      {"issued", {{"revoked", reason}}},
      {"issued", {{"extended", {{"valid_until", "2029-06-30"}}}, {"expired", reason}}},
      {"issued", {{"extended", {{"valid_until", "2029-06-30"}}}, {"revoked", reason}}},
  };
  int n = 0;
  for (const auto& [start, steps] : paths) {
    const std::string id = NewVietnamPermit(base, "LAWFUL-" + std::to_string(++n), start);
    std::string from = start;
    int64_t version = 1;
    for (const auto& step : steps) {
      // Today (the test clock's 2026-01-15): a transition lies between the last one and today.
      json body = {{"to", step.to}, {"date", "2026-01-15"}};
      if (step.extra.is_object()) body.update(step.extra);
      auto r = Transition(id, body, Quoted(version));
      ASSERT_EQ(r.status, 200) << from << " -> " << step.to << ": " << r.body;
      ++version;
      EXPECT_EQ(r.Header("ETag"), Quoted(version));
      EXPECT_EQ(r.json["status"], step.to);
      EXPECT_EQ(r.json["version"], version);
      ASSERT_EQ(r.json["transitions"].size(), static_cast<size_t>(version));
      const json& last = r.json["transitions"].back();
      EXPECT_EQ(last["from"], from);
      EXPECT_EQ(last["to"], step.to);
      EXPECT_EQ(last["date"], body["date"]);
      EXPECT_EQ(last["actor"], "tester");
      if (step.to == "extended") {
        EXPECT_EQ(r.json["valid_until"], "2029-06-30");
        EXPECT_EQ(r.json["extensions"], 1);
        EXPECT_EQ(last["valid_until"], "2029-06-30");
      }
      if (step.to == "issued") {
        EXPECT_EQ(r.json["issued"], body["date"]) << "issuing dates the permit";
      }
      from = step.to;
    }
  }
  EXPECT_EQ(Count("permit_transitions"), static_cast<int64_t>(paths.size() + 10));
}

TEST_P(RegistryApiTest, UnlawfulPermitTransitionsAre409AndChangeNothing) {
  json base = PermitInVietnam();
  const std::vector<std::string> statuses = {"applied", "issued",  "extended", "expired",
                                             "revoked", "refused", "withdrawn"};
  // How to reach each status from a new permit.
  const std::map<std::string, std::vector<json>> reach = {
      {"applied", {}},
      {"issued", {}},
      {"extended", {json{{"to", "extended"}, {"date", "2026-01-15"}, {"valid_until", "2029-06-30"}}}},
      {"expired", {json{{"to", "expired"}, {"date", "2026-01-15"}, {"reason", "Left early"}}}},
      {"revoked", {json{{"to", "revoked"}, {"date", "2026-01-15"}, {"reason", "Fraud"}}}},
      {"refused", {json{{"to", "refused"}, {"date", "2026-01-15"}, {"reason", "Incomplete file"}}}},
      {"withdrawn", {json{{"to", "withdrawn"}, {"date", "2026-01-15"}}}},
  };
  const std::set<std::pair<std::string, std::string>> lawful = {
      {"applied", "issued"},    {"applied", "refused"},  {"applied", "withdrawn"},
      {"issued", "extended"},   {"issued", "expired"},   {"issued", "revoked"},
      {"extended", "extended"}, {"extended", "expired"}, {"extended", "revoked"}};
  int n = 0;
  int tried = 0;
  for (const auto& state : statuses) {
    const bool starts_applied = state == "applied" || state == "refused" || state == "withdrawn";
    const std::string id =
        NewVietnamPermit(base, "UNLAWFUL-" + std::to_string(++n), starts_applied ? "applied" : "issued");
    for (const auto& step : reach.at(state)) ASSERT_EQ(Transition(id, step).status, 200) << state;
    auto before = Get(std::string(kPermits) + "/" + id);
    ASSERT_EQ(before.json["status"], state);
    const int64_t transitions = Count("permit_transitions");
    for (const auto& to : statuses) {
      if (lawful.contains({state, to})) continue;
      json body = {{"to", to}, {"date", "2028-01-15"}, {"reason", "Trying"}};
      if (to == "extended") body["valid_until"] = "2029-12-31";
      auto r = Transition(id, body);
      EXPECT_TRUE(IsProblem(r, 409, "conflict")) << state << " -> " << to;
      EXPECT_THAT(FieldErrors(r), ElementsAre("to:unlawful_transition")) << state << " -> " << to;
      ++tried;
    }
    EXPECT_EQ(Get(std::string(kPermits) + "/" + id).json, before.json) << state;
    EXPECT_EQ(Count("permit_transitions"), transitions) << state;
  }
  EXPECT_EQ(tried, 7 * 7 - 9);
}

TEST_P(RegistryApiTest, AVietnamesePermitIsExtendedOnceOnly) {
  const std::string id = CreateId(kPermits, PermitInVietnam());
  // One extension of at most 24 months beyond 2027-12-31.
  auto too_long = Transition(id, {{"to", "extended"}, {"date", "2026-01-15"}, {"valid_until", "2030-01-01"}});
  EXPECT_TRUE(IsProblem(too_long, 422, "validation"));
  EXPECT_THAT(FieldErrors(too_long), ElementsAre("valid_until:too_long"));
  auto earlier = Transition(id, {{"to", "extended"}, {"date", "2026-01-15"}, {"valid_until", "2027-12-31"}});
  EXPECT_THAT(FieldErrors(earlier), ElementsAre("valid_until:not_later"));
  auto missing = Transition(id, {{"to", "extended"}, {"date", "2026-01-15"}});
  EXPECT_THAT(FieldErrors(missing), ElementsAre("valid_until:required"));
  EXPECT_EQ(VersionOf(std::string(kPermits) + "/" + id), 1);

  auto once = Transition(id, {{"to", "extended"}, {"date", "2026-01-15"}, {"valid_until", "2029-12-31"}});
  ASSERT_EQ(once.status, 200) << once.body;
  EXPECT_EQ(once.json["extensions"], 1);
  EXPECT_EQ(once.json["valid_until"], "2029-12-31");
  auto twice = Transition(id, {{"to", "extended"}, {"date", "2026-01-15"}, {"valid_until", "2030-06-30"}});
  EXPECT_TRUE(IsProblem(twice, 409, "conflict"));
  EXPECT_THAT(FieldErrors(twice), ElementsAre("to:extension_limit"));
  auto read = Get(std::string(kPermits) + "/" + id);
  EXPECT_EQ(read.json["status"], "extended");
  EXPECT_EQ(read.json["extensions"], 1);
  EXPECT_EQ(read.json["valid_until"], "2029-12-31");
  EXPECT_EQ(read.json["version"], 2);
  EXPECT_EQ(Count("permit_transitions"), 2);
}

TEST_P(RegistryApiTest, ALaoPermitIsRenewableMoreThanOnceByAtMostTwelveMonths) {
  json vn = PermitInVietnam();
  const std::string id =
      CreateId(kPermits, PermitInLaos(vn.value("person_id", ""), CreateId(kEmployers, LaoEmployer())));
  // 2027-01-31 -> 2028-01-31 -> 2029-01-31 -> 2030-01-31, recorded on the day it was issued
  // (2026-01-20: a transition lies between the permit's issue and today).
  clock_->Advance(std::chrono::days(5));
  for (int i = 1; i <= 3; ++i) {
    const std::string until = std::to_string(2027 + i) + "-01-31";
    auto r = Transition(id, {{"to", "extended"}, {"date", "2026-01-20"}, {"valid_until", until}}, Quoted(i));
    ASSERT_EQ(r.status, 200) << i << ": " << r.body;
    EXPECT_EQ(r.json["status"], "extended");
    EXPECT_EQ(r.json["extensions"], i);
    EXPECT_EQ(r.json["valid_until"], until);
  }
  auto too_long = Transition(id, {{"to", "extended"}, {"date", "2026-01-20"}, {"valid_until", "2031-02-01"}});
  EXPECT_TRUE(IsProblem(too_long, 422, "validation"));
  EXPECT_THAT(FieldErrors(too_long), ElementsAre("valid_until:too_long"));
  auto fourth = Transition(id, {{"to", "extended"}, {"date", "2026-01-20"}, {"valid_until", "2031-01-31"}});
  ASSERT_EQ(fourth.status, 200) << fourth.body;
  EXPECT_EQ(fourth.json["extensions"], 4);
  EXPECT_EQ(fourth.json["transitions"].size(), 5u);
}

TEST_P(RegistryApiTest, RevokingOrRefusingWithoutAReasonIs422) {
  json base = PermitInVietnam();
  const std::string issued = NewVietnamPermit(base, "R-1", "issued");
  const std::string applied = NewVietnamPermit(base, "R-2", "applied");
  for (const json& reason : {json(nullptr), json(""), json("   ")}) {
    json revoke = {{"to", "revoked"}, {"date", "2026-02-01"}};
    json refuse = {{"to", "refused"}, {"date", "2026-02-01"}};
    if (!reason.is_null()) revoke["reason"] = refuse["reason"] = reason;
    auto r = Transition(issued, revoke);
    EXPECT_TRUE(IsProblem(r, 422, "validation")) << reason.dump();
    EXPECT_THAT(FieldErrors(r), ElementsAre("reason:required")) << reason.dump();
    auto f = Transition(applied, refuse);
    EXPECT_TRUE(IsProblem(f, 422, "validation")) << reason.dump();
    EXPECT_THAT(FieldErrors(f), ElementsAre("reason:required")) << reason.dump();
  }
  EXPECT_EQ(Get(std::string(kPermits) + "/" + issued).json["status"], "issued");
  EXPECT_EQ(Get(std::string(kPermits) + "/" + applied).json["status"], "applied");
  EXPECT_EQ(Count("permit_transitions"), 2);
}

TEST_P(RegistryApiTest, InvalidTransitionRequestsAreNamedFieldByField) {
  const std::string id = CreateId(kPermits, PermitInVietnam());
  auto expect_errors = [&](const json& body, std::vector<std::string> errors) {
    auto r = Transition(id, body);
    EXPECT_TRUE(IsProblem(r, 422, "validation")) << body.dump();
    EXPECT_THAT(FieldErrors(r), UnorderedElementsAreArray(errors)) << body.dump();
  };
  expect_errors(json::object(), {"to:required", "date:required"});
  expect_errors({{"to", "bogus"}, {"date", "2026-02-30"}}, {"to:invalid_value", "date:invalid_date"});
  expect_errors({{"to", "expired"}, {"date", "2026-02"}}, {"date:invalid_date"});
  expect_errors({{"to", "expired"}, {"date", "2026-02-01"}, {"valid_until", "2028-01-01"}},
                {"valid_until:not_allowed"});
  expect_errors({{"to", "extended"}, {"date", "2026-02-01"}, {"valid_until", "2028-02-30"}},
                {"valid_until:invalid_date"});
  expect_errors({{"to", 1}, {"date", 20260201}, {"reason", false}}, {"to:type", "date:type", "reason:type"});
  expect_errors({{"to", "expired"}, {"date", "2026-02-01"}, {"by", "me"}}, {"by:unknown_field"});
  EXPECT_TRUE(IsProblem(PostRaw(std::string(kPermits) + "/" + id + "/transitions", "{\"to\":"), 400, "malformed"));
  EXPECT_TRUE(IsProblem(PostRaw(std::string(kPermits) + "/" + id + "/transitions", "[]"), 422, "validation"));
  EXPECT_EQ(VersionOf(std::string(kPermits) + "/" + id), 1);
  EXPECT_EQ(Count("permit_transitions"), 1);
}

TEST_P(RegistryApiTest, PermitHistoryListsEveryTransitionInOrder) {
  const std::string id = CreateId(kPermits, PermitInVietnam());
  clock_->Advance(std::chrono::hours(24));
  ASSERT_EQ(Transition(id, {{"to", "extended"}, {"date", "2026-01-16"}, {"valid_until", "2029-06-30"}}).status, 200);
  clock_->Advance(std::chrono::hours(24));
  ASSERT_EQ(Transition(id, {{"to", "revoked"}, {"date", "2026-01-17"}, {"reason", "  Employer   closed "}}).status,
            200);
  auto r = Get(std::string(kPermits) + "/" + id);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("ETag"), "\"3\"");
  EXPECT_EQ(r.json["status"], "revoked");
  EXPECT_EQ(r.json["valid_until"], "2029-06-30");
  EXPECT_EQ(r.json["extensions"], 1);
  const json expected = {{{"from", nullptr},
                          {"to", "issued"},
                          {"date", "2026-01-10"},
                          {"reason", nullptr},
                          {"actor", "tester"},
                          {"valid_until", nullptr},
                          {"recorded_at", kCreatedAt}},
                         {{"from", "issued"},
                          {"to", "extended"},
                          {"date", "2026-01-16"},
                          {"reason", nullptr},
                          {"actor", "tester"},
                          {"valid_until", "2029-06-30"},
                          {"recorded_at", "2026-01-16T09:00:00.000Z"}},
                         {{"from", "extended"},
                          {"to", "revoked"},
                          {"date", "2026-01-17"},
                          {"reason", "Employer closed"},
                          {"actor", "tester"},
                          {"valid_until", nullptr},
                          {"recorded_at", "2026-01-17T09:00:00.000Z"}}};
  EXPECT_EQ(r.json["transitions"], expected);
  EXPECT_EQ(Count("permit_transitions"), 3);
}

TEST_P(RegistryApiTest, ATransitionWithAStaleIfMatchIs412) {
  const std::string id = CreateId(kPermits, PermitInVietnam());
  const json body = {{"to", "expired"}, {"date", "2026-01-15"}, {"reason", "Left early"}};
  for (const std::string stale : {"\"2\"", "\"0\"", "nonsense"}) {
    EXPECT_TRUE(IsProblem(Transition(id, body, stale), 412, "precondition-failed")) << stale;
  }
  EXPECT_EQ(Get(std::string(kPermits) + "/" + id).json["status"], "issued");
  ASSERT_EQ(Patch(std::string(kPermits) + "/" + id, {{"occupation", "7112"}}, "\"1\"").status, 200);
  EXPECT_TRUE(IsProblem(Transition(id, body, "\"1\""), 412, "precondition-failed")) << "the edit moved the version";
  auto ok = Transition(id, body, "\"2\"");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Header("ETag"), "\"3\"");
  EXPECT_EQ(ok.json["status"], "expired");
  EXPECT_EQ(Count("permit_transitions"), 2);
}

// --- idempotency ---------------------------------------------------------------------------

TEST_P(RegistryApiTest, RepeatingACreateWithTheSameIdempotencyKeyReplaysTheFirstResponse) {
  json permit = PermitInVietnam();
  json person = LaoWorkerNo(99);
  json employer = VietnameseEmployerNo(99);
  permit["permit_number"] = "IDEM-1";
  const std::vector<std::tuple<std::string, json, std::string>> cases = {
      {kPersons, person, "persons"}, {kEmployers, employer, "employers"}, {kPermits, permit, "work_permits"}};
  for (const auto& [collection, body, table] : cases) {
    const int64_t before = Count(table);
    const std::map<std::string, std::string> key = {{"Idempotency-Key", "create-" + table}};
    auto first = Post(collection, body, key);
    ASSERT_EQ(first.status, 201) << collection << ": " << first.body;
    EXPECT_EQ(first.Header("Idempotent-Replayed"), "");
    clock_->Advance(std::chrono::seconds(1));
    auto second = Post(collection, body, key);
    ASSERT_EQ(second.status, 201) << collection << ": " << second.body;
    EXPECT_EQ(second.Header("Idempotent-Replayed"), "true");
    EXPECT_EQ(second.json, first.json) << collection;
    EXPECT_EQ(second.Header("Location"), first.Header("Location"));
    EXPECT_EQ(second.Header("ETag"), "\"1\"");
    EXPECT_EQ(Count(table), before + 1) << collection;
    // A different key is a different request.
    auto other_key = Post(collection, body, {{"Idempotency-Key", "other-" + table}});
    EXPECT_TRUE(IsProblem(other_key, 409, "conflict")) << collection;
    EXPECT_EQ(Count(table), before + 1) << collection;
  }
  EXPECT_EQ(Count("idempotency_keys"), 3);
}

TEST_P(RegistryApiTest, ReusingAnIdempotencyKeyForAnotherBodyIs422AndCreatesNothing) {
  json body = LaoWorker();
  auto first = Post(kPersons, body, {{"Idempotency-Key", "k-1"}});
  ASSERT_EQ(first.status, 201) << first.body;
  json other = LaoWorkerNo(2);
  auto second = Post(kPersons, other, {{"Idempotency-Key", "k-1"}});
  EXPECT_TRUE(IsProblem(second, 422, "validation"));
  EXPECT_THAT(FieldErrors(second), ElementsAre("Idempotency-Key:reused"));
  // The same key on another collection is another request too.
  auto employer = Post(kEmployers, VietnameseEmployer(), {{"Idempotency-Key", "k-1"}});
  EXPECT_TRUE(IsProblem(employer, 422, "validation"));
  EXPECT_THAT(FieldErrors(employer), ElementsAre("Idempotency-Key:reused"));
  EXPECT_EQ(Count("persons"), 1);
  EXPECT_EQ(Count("employers"), 0);
  EXPECT_EQ(Count("idempotency_keys"), 1);
}

TEST_P(RegistryApiTest, AFailedCreateDoesNotUseUpItsIdempotencyKey) {
  json bad = LaoWorker();
  bad["sex"] = "Q";
  auto r = Post(kPersons, bad, {{"Idempotency-Key", "retry-me"}});
  EXPECT_TRUE(IsProblem(r, 422, "validation"));
  EXPECT_EQ(Count("idempotency_keys"), 0);
  auto fixed = Post(kPersons, LaoWorker(), {{"Idempotency-Key", "retry-me"}});
  ASSERT_EQ(fixed.status, 201) << fixed.body;
  EXPECT_EQ(fixed.Header("Idempotent-Replayed"), "");
  EXPECT_EQ(Count("persons"), 1);
  EXPECT_EQ(Count("idempotency_keys"), 1);
}

TEST_P(RegistryApiTest, AnInvalidIdempotencyKeyIs422) {
  for (const std::string& key :
       {std::string(""), std::string("has space"), std::string(201, 'k'), std::string("caf\xC3\xA9")}) {
    auto r = Post(kPersons, LaoWorker(), {{"Idempotency-Key", key}});
    EXPECT_TRUE(IsProblem(r, 422, "validation")) << key;
    EXPECT_THAT(FieldErrors(r), ElementsAre("Idempotency-Key:invalid")) << key;
  }
  EXPECT_EQ(Count("persons"), 0);
  EXPECT_EQ(Count("idempotency_keys"), 0);
  EXPECT_EQ(Post(kPersons, LaoWorker(), {{"Idempotency-Key", std::string(200, 'k')}}).status, 201);
}

// --- authentication ------------------------------------------------------------------------

TEST_P(RegistryApiTest, RequestsWithoutAValidTokenAre401WithWwwAuthenticate) {
  const std::string id = CreateId(kPersons, LaoWorker());
  const std::vector<std::optional<std::string>> headers = {
      std::nullopt,      "",    "Bearer", "Bearer ", "Bearer lb_not_a_real_token", "Basic dXNlcjpwYXNz",
      "Token " + token_, token_};
  for (const auto& h : headers) {
    std::map<std::string, std::string> hm;
    if (h) hm["authorization"] = *h;
    for (const auto& [method, target, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"GET", kPersons, ""},
             {"GET", std::string(kPersons) + "/" + id, ""},
             {"POST", kPersons, LaoWorkerNo(5).dump()},
             {"POST", kEmployers, VietnameseEmployer().dump()},
             {"GET", kPermits, ""}}) {
      auto r = Send(method, target, body, hm, /*auth=*/false);
      EXPECT_TRUE(IsProblem(r, 401, "unauthorized")) << method << " " << target << " with " << h.value_or("(none)");
      EXPECT_EQ(r.Header("WWW-Authenticate"), "Bearer");
    }
  }
  EXPECT_EQ(Count("persons"), 1);
  EXPECT_EQ(Count("employers"), 0);
}

TEST_P(RegistryApiTest, ARevokedTokenIsRefusedAtOnce) {
  ASSERT_EQ(Get(kPersons).status, 200);  // the token is now cached
  ASSERT_TRUE(node_->tokens().Revoke(access::Principal::System("VN"), "tester-token"));
  auto r = Get(kPersons);
  EXPECT_TRUE(IsProblem(r, 401, "unauthorized"));
  EXPECT_EQ(r.Header("WWW-Authenticate"), "Bearer");
  auto post = Post(kPersons, LaoWorker());
  EXPECT_TRUE(IsProblem(post, 401, "unauthorized"));
  EXPECT_EQ(Count("persons"), 0);
}

TEST_P(RegistryApiTest, HealthAndTheOpenApiDocumentNeedNoToken) {
  auto health = Send("GET", "/healthz", "", {}, /*auth=*/false);
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json, json({{"status", "ok"}}));
  auto doc = Send("GET", "/api/v1/openapi.json", "", {}, /*auth=*/false);
  ASSERT_EQ(doc.status, 200) << doc.body.substr(0, 200);
  ASSERT_TRUE(doc.json.is_object());
  EXPECT_TRUE(doc.json.value("openapi", "").starts_with("3.1")) << doc.json.value("openapi", "");
  ASSERT_TRUE(doc.json.contains("paths"));
  for (const char* path : {"/api/v1/persons", "/api/v1/persons/{id}", "/api/v1/employers", "/api/v1/permits",
                           "/api/v1/permits/{id}/transitions"}) {
    EXPECT_TRUE(doc.json["paths"].contains(path)) << path;
  }
}

// --- bad input -----------------------------------------------------------------------------

TEST_P(RegistryApiTest, MalformedJsonIs400OnEveryWriteAndChangesNothing) {
  json permit = PermitInVietnam();
  const std::string permit_id = CreateId(kPermits, permit);
  const std::string person_url = std::string(kPersons) + "/" + permit.value("person_id", "");
  const std::string employer_url = std::string(kEmployers) + "/" + permit.value("employer_id", "");
  const std::string permit_url = std::string(kPermits) + "/" + permit_id;
  const int64_t persons = Count("persons"), employers = Count("employers"), permits = Count("work_permits"),
                transitions = Count("permit_transitions");
  for (const std::string bad : {"", "{", "{\"family_name\": }", "{'sex': 'M'}", "{\"a\":1} trailing", "{\"a\":1,}",
                                "nul", "{\"a\":\"\\x41\"}", "{\"a\":\"\\ud800\"}"}) {
    EXPECT_TRUE(IsProblem(PostRaw(kPersons, bad), 400, "malformed")) << bad;
    EXPECT_TRUE(IsProblem(PostRaw(kEmployers, bad), 400, "malformed")) << bad;
    EXPECT_TRUE(IsProblem(PostRaw(kPermits, bad), 400, "malformed")) << bad;
    EXPECT_TRUE(IsProblem(PatchRaw(person_url, bad, "\"1\""), 400, "malformed")) << bad;
    EXPECT_TRUE(IsProblem(PatchRaw(employer_url, bad, "\"1\""), 400, "malformed")) << bad;
    EXPECT_TRUE(IsProblem(PatchRaw(permit_url, bad, "\"1\""), 400, "malformed")) << bad;
    EXPECT_TRUE(IsProblem(PostRaw(permit_url + "/transitions", bad), 400, "malformed")) << bad;
  }
  EXPECT_EQ(Count("persons"), persons);
  EXPECT_EQ(Count("employers"), employers);
  EXPECT_EQ(Count("work_permits"), permits);
  EXPECT_EQ(Count("permit_transitions"), transitions);
  EXPECT_EQ(VersionOf(person_url), 1);
  EXPECT_EQ(VersionOf(employer_url), 1);
  EXPECT_EQ(VersionOf(permit_url), 1);
}

TEST_P(RegistryApiTest, ABodyThatIsNotAnObjectIs422) {
  const std::string person_url = std::string(kPersons) + "/" + CreateId(kPersons, LaoWorker());
  for (const std::string body : {"[]", "[{\"sex\":\"M\"}]", "\"text\"", "42", "null", "true"}) {
    for (const auto& r : {PostRaw(kPersons, body), PostRaw(kEmployers, body), PostRaw(kPermits, body),
                          PatchRaw(person_url, body, "\"1\"")}) {
      EXPECT_TRUE(IsProblem(r, 422, "validation")) << body;
      EXPECT_THAT(FieldErrors(r), ElementsAre(":type")) << body;
    }
  }
  EXPECT_EQ(Count("persons"), 1);
  EXPECT_EQ(VersionOf(person_url), 1);
}

TEST_P(RegistryApiTest, InvalidUtf8Is400AndStoresNothing) {
  const std::string person_url = std::string(kPersons) + "/" + CreateId(kPersons, LaoWorker());
  for (const std::string bytes : {"\xC3\x28", "\xFF", "\xC0\xAF", "\xED\xA0\x80", "\xE0\xA4", "\x80"}) {
    const std::string person =
        "{\"given_names\":\"A\",\"sex\":\"M\",\"nationality\":\"LA\",\"native_name\":\"x" + bytes + "y\"}";
    EXPECT_TRUE(IsProblem(PostRaw(kPersons, person), 400, "malformed"));
    const std::string employer = "{\"name\":\"Co" + bytes + "\",\"registration_number\":\"1\",\"country\":\"VN\"}";
    EXPECT_TRUE(IsProblem(PostRaw(kEmployers, employer), 400, "malformed"));
    EXPECT_TRUE(IsProblem(PatchRaw(person_url, "{\"native_name\":\"" + bytes + "\"}", "\"1\""), 400, "malformed"));
    // Invalid bytes in a member name are just as bad.
    EXPECT_TRUE(IsProblem(PostRaw(kPersons, "{\"sex" + bytes + "\":\"M\"}"), 400, "malformed"));
  }
  EXPECT_EQ(Count("persons"), 1);
  EXPECT_EQ(Count("employers"), 0);
  EXPECT_EQ(VersionOf(person_url), 1);
}

TEST_P(RegistryApiTest, WrongTypesAre422NamingEachField) {
  const json body = {{"family_name", 42},       {"given_names", json::array({"X"})},
                     {"native_name", false},    {"sex", true},
                     {"birth_date", 1978},      {"nationality", json::object()},
                     {"home_province", 1.5},    {"phone", 85620},
                     {"documents", "passport"}, {"confirm_new", "yes"}};
  auto r = Post(kPersons, body);
  EXPECT_TRUE(IsProblem(r, 422, "validation"));
  EXPECT_THAT(FieldErrors(r),
              UnorderedElementsAre("family_name:type", "given_names:type", "native_name:type", "sex:type",
                                   "birth_date:type", "nationality:type", "home_province:type", "phone:type",
                                   "documents:type", "confirm_new:type"));
  json nested = LaoWorker();
  nested["documents"] = {"passport", {{"kind", 1}, {"number", 2}, {"issuing_country", false}, {"expires", 20300131}}};
  auto n = Post(kPersons, nested);
  EXPECT_TRUE(IsProblem(n, 422, "validation"));
  EXPECT_THAT(FieldErrors(n),
              UnorderedElementsAre("documents[0]:type", "documents[1].kind:type", "documents[1].number:type",
                                   "documents[1].issuing_country:type", "documents[1].expires:type"));
  auto required = Post(kPersons, json::object());
  EXPECT_THAT(FieldErrors(required),
              UnorderedElementsAre("given_names:required", "sex:required", "nationality:required"));
  EXPECT_EQ(Count("persons"), 0);
  EXPECT_EQ(Count("person_documents"), 0);
}

TEST_P(RegistryApiTest, UnknownFieldsAre422) {
  json person = LaoWorker();
  person["colour"] = "red";
  person["documents"][0]["colour"] = "blue";
  auto r = Post(kPersons, person);
  EXPECT_TRUE(IsProblem(r, 422, "validation"));
  EXPECT_THAT(FieldErrors(r), UnorderedElementsAre("colour:unknown_field", "documents[0].colour:unknown_field"));
  // Server-assigned fields cannot be given on create either.
  json with_id = LaoWorker();
  with_id["id"] = kNoSuchId;
  with_id["status"] = "archived";
  EXPECT_THAT(FieldErrors(Post(kPersons, with_id)), UnorderedElementsAre("id:unknown_field", "status:unknown_field"));
  json employer = LaoEmployer();
  employer["fax"] = "+856 21 000 000";
  EXPECT_THAT(FieldErrors(Post(kEmployers, employer)), ElementsAre("fax:unknown_field"));
  EXPECT_EQ(Count("persons"), 0);
  EXPECT_EQ(Count("employers"), 0);
}

TEST_P(RegistryApiTest, NamesInNfdAreStoredAndReturnedAsNfc) {
  json b = VietnameseWorker();
  b["family_name"] = "NGUYE\u0302\u0303N";                       // decomposed Ễ
  b["native_name"] = "Nguye\u0302\u0303n Thi\u0323 Thu\u0309y";  // decomposed ễ, ị, ủ
  auto r = Post(kPersons, b);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string nfc_family = "NGUY\u1EC4N";
  const std::string nfc_native = "Nguy\u1EC5n Th\u1ECB Th\u1EE7y";
  EXPECT_EQ(r.json["family_name"], nfc_family);
  EXPECT_EQ(r.json["native_name"], nfc_native);
  auto read = Get(std::string(kPersons) + "/" + r.json.value("id", ""));
  EXPECT_EQ(read.json["family_name"], nfc_family);
  EXPECT_EQ(read.json["native_name"], nfc_native);
  auto rows = testdb_->Query("SELECT family_name, native_name FROM persons");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Str(0), nfc_family);
  EXPECT_EQ(rows[0].Str(1), nfc_native);

  json e = VietnameseEmployer();
  e["native_name"] = "Co\u0302ng ty May Nghe\u0302\u0323 An";
  auto er = Post(kEmployers, e);
  ASSERT_EQ(er.status, 201) << er.body;
  EXPECT_EQ(er.json["native_name"], "C\u00F4ng ty May Ngh\u1EC7 An");
  EXPECT_EQ(testdb_->Query("SELECT native_name FROM employers")[0].Str(0), "C\u00F4ng ty May Ngh\u1EC7 An");
}

TEST_P(RegistryApiTest, SqlAndHtmlMetacharactersAreStoredAndReturnedVerbatim) {
  const std::string sql = "O'Brien; DROP TABLE persons; --";
  const std::string html = "<script>alert(1)</script>";
  json b = LaoWorker();
  b["family_name"] = "O'BRIEN";
  b["native_name"] = sql;
  auto r = Post(kPersons, b);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["family_name"], "O'BRIEN");
  EXPECT_EQ(r.json["native_name"], sql);
  const std::string person_url = std::string(kPersons) + "/" + r.json.value("id", "");
  auto patched = Patch(person_url, {{"native_name", html}}, "\"1\"");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json["native_name"], html);
  EXPECT_EQ(Get(person_url).json["native_name"], html);
  EXPECT_EQ(testdb_->Query("SELECT native_name FROM persons")[0].Str(0), html);

  json e = VietnameseEmployer();
  e["name"] = html;
  e["native_name"] = "Robert'); DROP TABLE employers;--";
  e["address"] = "1 \"Main\" St & <b>Co</b>; -- ' OR '1'='1";
  auto er = Post(kEmployers, e);
  ASSERT_EQ(er.status, 201) << er.body;
  auto read = Get(std::string(kEmployers) + "/" + er.json.value("id", ""));
  for (const char* field : {"name", "native_name", "address"}) {
    EXPECT_EQ(er.json[field], e[field]) << field;
    EXPECT_EQ(read.json[field], e[field]) << field;
  }
  auto rows = testdb_->Query("SELECT name, native_name, address FROM employers");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Str(0), html);
  EXPECT_EQ(rows[0].Str(2), e["address"].get<std::string>());
  EXPECT_EQ(Count("persons"), 1);
  EXPECT_EQ(Count("employers"), 1);
}

TEST_P(RegistryApiTest, PassportNamesMustBeLatin) {
  struct Case {
    std::string field, value;
  };
  const std::vector<Case> cases = {{"family_name", "ວໍລະຈິດ"},
                                   {"given_names", "ບຸນຍັງ"},
                                   {"family_name", "VORACHITH ວໍລະຈິດ"},
                                   {"family_name", "<script>alert(1)</script>"},
                                   {"family_name", "SMITH; DROP TABLE persons"},
                                   {"given_names", "АННА"},  // Cyrillic
                                   {"given_names", "JOHN2"}};
  for (const auto& c : cases) {
    json b = LaoWorker();
    b[c.field] = c.value;
    auto r = Post(kPersons, b);
    EXPECT_TRUE(IsProblem(r, 422, "validation")) << c.value;
    EXPECT_THAT(FieldErrors(r), ElementsAre(c.field + ":not_latin")) << c.value;
  }
  json control = LaoWorker();
  control["native_name"] = std::string("ບຸນ") + '\0' + "ຍັງ";
  EXPECT_THAT(FieldErrors(Post(kPersons, control)), ElementsAre("native_name:control_characters"));
  EXPECT_EQ(Count("persons"), 0);
  // Vietnamese diacritics, hyphens, apostrophes and an empty family name are fine.
  json ok = VietnameseWorker();
  ok["family_name"] = "";
  ok["given_names"] = "Thị Thủy-Anh d'Arc";
  auto r = Post(kPersons, ok);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["family_name"], "");
  EXPECT_EQ(r.json["given_names"], "Thị Thủy-Anh d'Arc");
}

TEST_P(RegistryApiTest, BirthDatesMayBePartialButMustExistAndNotBeInTheFuture) {
  json base = LaoWorker();
  base.erase("documents");
  for (const std::string d : {"1978", "1978-05", "1978-05-21", "2000-02-29", "2026", "2026-01", "2026-01-15"}) {
    json b = base;
    b["birth_date"] = d;
    auto r = Post(kPersons, b);
    ASSERT_EQ(r.status, 201) << d << ": " << r.body;
    EXPECT_EQ(r.json["birth_date"], d);
    EXPECT_EQ(Get(std::string(kPersons) + "/" + r.json.value("id", "")).json["birth_date"], d);
  }
  const int64_t stored = Count("persons");
  for (const std::string d : {"1978-02-30", "1999-02-29", "1978-13", "1978-00", "1978-05-00", "1978-05-32", "19780521",
                              "78", "1899", "1978-5", "1978-05-21T00:00", "", "21/05/1978"}) {
    json b = base;
    b["birth_date"] = d;
    auto r = Post(kPersons, b);
    EXPECT_TRUE(IsProblem(r, 422, "validation")) << d;
    EXPECT_THAT(FieldErrors(r), ElementsAre("birth_date:invalid_date")) << d;
  }
  for (const std::string d : {"2026-01-16", "2026-02", "2027", "2099-12-31"}) {
    json b = base;
    b["birth_date"] = d;
    auto r = Post(kPersons, b);
    EXPECT_TRUE(IsProblem(r, 422, "validation")) << d;
    EXPECT_THAT(FieldErrors(r), ElementsAre("birth_date:in_future")) << d;
  }
  EXPECT_EQ(Count("persons"), stored);
}

TEST_P(RegistryApiTest, BadSexNationalityAndProvinceAreNamed) {
  struct Case {
    std::string field;
    std::string value;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"sex", "m", "invalid_value"},
      {"sex", "Male", "invalid_value"},
      {"sex", "", "required"},
      {"nationality", "XX", "invalid_country"},
      {"nationality", "la", "invalid_country"},
      {"nationality", "LAO", "invalid_country"},
      {"nationality", "", "required"},
      {"home_province", "LA-ZZ", "unknown_province"},
      {"home_province", "SV", "unknown_province"},
      {"phone", "call me", "invalid_phone"},
  };
  for (const auto& c : cases) {
    json b = LaoWorker();
    b[c.field] = c.value;
    auto r = Post(kPersons, b);
    EXPECT_TRUE(IsProblem(r, 422, "validation")) << c.field << "=" << c.value;
    EXPECT_THAT(FieldErrors(r), ElementsAre(c.field + ":" + c.code)) << c.field << "=" << c.value;
  }
  // Several bad fields are all named in one answer.
  json b = LaoWorker();
  b["sex"] = "Q";
  b["nationality"] = "XX";
  b["home_province"] = "XX-1";
  b["birth_date"] = "1978-02-30";
  EXPECT_THAT(FieldErrors(Post(kPersons, b)),
              UnorderedElementsAre("sex:invalid_value", "nationality:invalid_country", "home_province:unknown_province",
                                   "birth_date:invalid_date"));
  EXPECT_EQ(Count("persons"), 0);
}

TEST_P(RegistryApiTest, VietnameseDocumentNumbersFollowTheirFormats) {
  auto with_document = [](const std::string& kind, const std::string& number) {
    json b = VietnameseWorker();
    b["documents"] = {{{"kind", kind}, {"number", number}, {"issuing_country", "VN"}}};
    return b;
  };
  for (const std::string bad : {"04019000123", "0401900012345", "04019000123A", "A40190001234"}) {
    auto r = Post(kPersons, with_document("national_id", bad));
    EXPECT_TRUE(IsProblem(r, 422, "validation")) << bad;
    EXPECT_THAT(FieldErrors(r), ElementsAre("documents[0].number:invalid_format")) << bad;
  }
  for (const std::string bad : {"12345678", "BB123456", "B123456", "B12345678", "B123456X"}) {
    auto r = Post(kPersons, with_document("passport", bad));
    EXPECT_TRUE(IsProblem(r, 422, "validation")) << bad;
    EXPECT_THAT(FieldErrors(r), ElementsAre("documents[0].number:invalid_format")) << bad;
  }
  EXPECT_EQ(Count("persons"), 0);
  // Spaces and lower case are normalised before the check.
  auto id = Post(kPersons, with_document("national_id", "0401 9000 1234"));
  ASSERT_EQ(id.status, 201) << id.body;
  EXPECT_EQ(id.json["documents"][0]["number"], "040190001234");
  auto passport = Post(kPersons, with_document("passport", "b 1234567"));
  ASSERT_EQ(passport.status, 201) << passport.body;
  EXPECT_EQ(passport.json["documents"][0]["number"], "B1234567");
  // Other document rules.
  json lao_id = LaoWorker();
  lao_id["documents"] = {
      {{"kind", "lao_id_card"}, {"number", "123"}, {"issuing_country", "VN"}},
      {{"kind", "visa"}, {"number", "X"}, {"issuing_country", "LA"}},
      {{"kind", "passport"}, {"number", "P-1/2?"}, {"issuing_country", "LA"}, {"expires", "2030-02"}}};
  EXPECT_THAT(FieldErrors(Post(kPersons, lao_id)),
              UnorderedElementsAre("documents[0].issuing_country:invalid_value", "documents[1].kind:invalid_value",
                                   "documents[2].number:invalid_format", "documents[2].expires:invalid_date"));
  EXPECT_EQ(Count("persons"), 2);
}

TEST_P(RegistryApiTest, ADocumentRegisteredToAnotherPersonIs409AndLeavesNoRow) {
  const std::string first = CreateId(kPersons, LaoWorker());
  json other = LaoWorker();
  other["given_names"] = "SOMEONE ELSE";
  other["documents"].push_back({{"kind", "lao_id_card"}, {"number", "ID-777"}, {"issuing_country", "LA"}});
  auto dup = Post(kPersons, other);
  EXPECT_TRUE(IsProblem(dup, 409, "conflict"));
  EXPECT_THAT(FieldErrors(dup), ElementsAre("documents:duplicate"));
  other["documents"][0]["number"] = "p 123 4567";
  EXPECT_TRUE(IsProblem(Post(kPersons, other), 409, "conflict")) << "normalised numbers compare equal";
  EXPECT_EQ(Count("persons"), 1);
  EXPECT_EQ(Count("person_documents"), 1);

  // The same number of another kind or from another country is another document.
  json vn_passport = LaoWorker();
  vn_passport["documents"][0]["issuing_country"] = "VN";
  EXPECT_EQ(Post(kPersons, vn_passport).status, 201);
  json id_card = LaoWorker();
  id_card["documents"][0]["kind"] = "lao_id_card";
  EXPECT_EQ(Post(kPersons, id_card).status, 201);
  EXPECT_EQ(Count("persons"), 3);

  // One person listing a document twice is a field error.
  json twice = LaoWorkerNo(5);
  twice["documents"].push_back(twice["documents"][0]);
  auto t = Post(kPersons, twice);
  EXPECT_TRUE(IsProblem(t, 422, "validation"));
  EXPECT_THAT(FieldErrors(t), ElementsAre("documents[1]:duplicate"));

  // Taking another person's document through an edit is a conflict and keeps the old documents.
  json later = LaoWorkerNo(6);
  auto created = Create(kPersons, later);
  const std::string url = std::string(kPersons) + "/" + created.value("id", "");
  auto patch = Patch(url, {{"documents", LaoWorker()["documents"]}}, "\"1\"");
  EXPECT_TRUE(IsProblem(patch, 409, "conflict"));
  EXPECT_THAT(FieldErrors(patch), ElementsAre("documents:duplicate"));
  EXPECT_EQ(Get(url).json, created);
  EXPECT_EQ(Count("persons"), 4);
  EXPECT_EQ(Count("person_documents"), 4);
  EXPECT_FALSE(first.empty());
}

// --- concurrency ---------------------------------------------------------------------------

TEST_P(RegistryApiTest, TwoPatchesWithTheSameIfMatchOneWinsOneGets412) {
  const std::string url = std::string(kPersons) + "/" + CreateId(kPersons, LaoWorker());
  for (int64_t round = 1; round <= 8; ++round) {
    std::latch start(2);
    ApiResponse results[2];
    const std::string names[2] = {"ALPHA ROUND " + std::string(round, 'I'), "BETA ROUND " + std::string(round, 'I')};
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        results[t] = Patch(url, {{"given_names", names[t]}}, Quoted(round));
      });
    }
    for (auto& th : threads) th.join();
    std::multiset<int> statuses = {results[0].status, results[1].status};
    ASSERT_EQ(statuses, (std::multiset<int>{200, 412})) << results[0].body << " | " << results[1].body;
    const int winner = results[0].status == 200 ? 0 : 1;
    EXPECT_TRUE(IsProblem(results[1 - winner], 412, "precondition-failed"));
    EXPECT_EQ(results[winner].json["version"], round + 1);
    auto read = Get(url);
    EXPECT_EQ(read.json["version"], round + 1);
    EXPECT_EQ(read.json["given_names"], names[winner]);
  }
}

TEST_P(RegistryApiTest, ConcurrentCreatesWithTheSameIdempotencyKeyMakeOneRecord) {
  struct Case {
    std::string collection, table;
    json body;
  };
  json permit = PermitInVietnam();
  std::vector<Case> cases;
  for (int i = 1; i <= 4; ++i) {
    cases.push_back({kPersons, "persons", LaoWorkerNo(100 + i)});
    cases.push_back({kEmployers, "employers", VietnameseEmployerNo(100 + i)});
    json p = permit;
    p["permit_number"] = "RACE-" + std::to_string(i);
    cases.push_back({kPermits, "work_permits", p});
  }
  int n = 0;
  for (const auto& c : cases) {
    const int64_t before = Count(c.table);
    const std::map<std::string, std::string> key = {{"Idempotency-Key", "race-" + std::to_string(++n)}};
    std::latch start(2);
    ApiResponse results[2];
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        results[t] = Post(c.collection, c.body, key);
      });
    }
    for (auto& th : threads) th.join();
    ASSERT_EQ(results[0].status, 201) << c.collection << ": " << results[0].body;
    ASSERT_EQ(results[1].status, 201) << c.collection << ": " << results[1].body;
    EXPECT_EQ(results[0].json["id"], results[1].json["id"]);
    EXPECT_EQ(results[0].Header("Location"), results[1].Header("Location"));
    const int replayed =
        (results[0].Header("Idempotent-Replayed") == "true") + (results[1].Header("Idempotent-Replayed") == "true");
    EXPECT_EQ(replayed, 1) << c.collection;
    EXPECT_EQ(Count(c.table), before + 1) << c.collection;
  }
}

TEST_P(RegistryApiTest, IfMatchStarMatchesAnyCurrentVersion) {
  const std::string url = std::string(kPersons) + "/" + CreateId(kPersons, LaoWorker());
  ASSERT_EQ(Patch(url, {{"phone", "+856 20 1111 2222"}}, "\"1\"").status, 200);
  auto r = Patch(url, {{"phone", "+856 20 3333 4444"}}, "*");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["version"], 3);
  EXPECT_EQ(r.Header("ETag"), "\"3\"");
  auto archived = Send("POST", url + "/archive", "", {{"If-Match", "*"}});
  EXPECT_EQ(archived.status, 200) << archived.body;
  EXPECT_EQ(Send("PATCH", std::string(kPersons) + "/" + kNoSuchId, "{}", {{"If-Match", "*"}}).status, 404);
}

TEST_P(RegistryApiTest, APatchThatChangesNothingKeepsTheVersion) {
  const std::string url = std::string(kPersons) + "/" + CreateId(kPersons, LaoWorker());
  for (const json& patch : {json::object(), json{{"sex", "M"}}, json{{"given_names", "BOUNNHANG"}}}) {
    auto r = Patch(url, patch, "\"1\"");
    ASSERT_EQ(r.status, 200) << patch.dump() << " " << r.body;
    EXPECT_EQ(r.json["version"], 1) << patch.dump();
    EXPECT_EQ(r.json["updated_at"], kCreatedAt);
  }
  // Stale If-Match is still refused, even when nothing would change.
  ASSERT_EQ(Patch(url, {{"sex", "X"}}, "\"1\"").status, 200);
  EXPECT_TRUE(IsProblem(Patch(url, json::object(), "\"1\""), 412, "precondition-failed"));
}

TEST_P(RegistryApiTest, ShapeAndValueErrorsComeInOneAnswer) {
  json body = LaoWorker();
  body["sex"] = 7;             // wrong type
  body["nationality"] = "ZZ";  // bad value
  body["birth_date"] = "1978-02-30";
  body["favourite_colour"] = "blue";  // unknown
  auto r = Post(kPersons, body);
  EXPECT_TRUE(IsProblem(r, 422, "validation"));
  EXPECT_THAT(FieldErrors(r), UnorderedElementsAre("sex:type", "favourite_colour:unknown_field",
                                                   "nationality:invalid_country", "birth_date:invalid_date"));
  EXPECT_EQ(Count("persons"), 0);
}

TEST_P(RegistryApiTest, IdempotencyKeyCoversTheBodyAsSent) {
  // The key hashes the raw bytes (the body is never parsed for it): the same JSON laid out
  // differently is another request, refused for the key; the same bytes are replayed.
  const std::string compact = LaoWorker().dump();
  auto first = PostRaw(kPersons, compact, {{"Idempotency-Key", "order-1"}});
  ASSERT_EQ(first.status, 201) << first.body;
  auto same = PostRaw(kPersons, compact, {{"Idempotency-Key", "order-1"}});
  EXPECT_EQ(same.status, 201) << same.body;
  EXPECT_EQ(same.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(same.json["id"], first.json["id"]);
  auto spaced = PostRaw(kPersons, "  " + LaoWorker().dump(2) + "\n", {{"Idempotency-Key", "order-1"}});
  EXPECT_TRUE(IsProblem(spaced, 422, "validation"));
  EXPECT_THAT(FieldErrors(spaced), ElementsAre("Idempotency-Key:reused"));
  EXPECT_EQ(Count("persons"), 1);
}

TEST_P(RegistryApiTest, APersonsHistoryShowsEachChangeWithBeforeAndAfter) {
  const std::string url = std::string(kPersons) + "/" + CreateId(kPersons, LaoWorker());
  ASSERT_EQ(Patch(url, {{"phone", "+856 20 9999 0000"}}, "\"1\"").status, 200);
  ASSERT_EQ(Get(url).status, 200);  // a read: audited, but not part of the history
  auto h = Get(url + "/history");
  ASSERT_EQ(h.status, 200) << h.body;
  ASSERT_EQ(h.json["items"].size(), 2u) << h.body;
  const json& update = h.json["items"][0];
  EXPECT_EQ(update["action"], "person.update");
  EXPECT_EQ(update["actor"], "tester");
  EXPECT_EQ(update["changes"], json({{"phone", {{"before", "+856 20 5555 1234"}, {"after", "+856 20 9999 0000"}}}}));
  EXPECT_EQ(h.json["items"][1]["action"], "person.create");
  EXPECT_TRUE(IsProblem(Get(std::string(kPersons) + "/" + kNoSuchId + "/history"), 404, "not-found"));
}

LB_INSTANTIATE_BACKENDS(RegistryApiTest);

}  // namespace
}  // namespace lb::testing
