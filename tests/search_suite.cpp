// Name search and the duplicate warning through the API, on both backends: whatever spelling
// or script is typed, the same person comes first, and both backends rank alike (the expected
// orders below are asserted on each).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "features/registry/name_index.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::ElementsAre;

std::vector<std::string> FieldErrors(const ApiResponse& r) {
  std::vector<std::string> out;
  if (!r.json.is_object() || !r.json.contains("errors")) return out;
  for (const auto& e : r.json["errors"]) out.push_back(e.value("field", "?") + ":" + e.value("code", "?"));
  return out;
}

json Person(std::string family, std::string given, std::optional<std::string> native, std::string sex,
            std::string birth, std::string nationality, std::string doc) {
  json j = {{"family_name", family},
            {"given_names", given},
            {"sex", sex},
            {"birth_date", birth},
            {"nationality", nationality},
            {"documents", {{{"kind", "passport"}, {"number", doc}, {"issuing_country", nationality}}}}};
  if (native) j["native_name"] = *native;
  return j;
}

class SearchApi : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    Add("bounnhang", Person("Vorachith", "Bounnhang", "ບຸນຍັງ ວໍລະຈິດ", "M", "1937-08-15", "LA", "LA1000001"));
    Add("bounmy", Person("Keomany", "Bounmy", "ບຸນມີ ແກ້ວມະນີ", "M", "1985-02-01", "LA", "LA1000002"));
    Add("thongloun", Person("Sisoulith", "Thongloun", "ທອງລຸນ ສີສຸລິດ", "M", "1945-11-10", "LA", "LA1000003"));
    Add("sonexay", Person("Siphandone", "Sonexay", "ສອນໄຊ ສີພັນດອນ", "M", "1966-02-05", "LA", "LA1000004"));
    Add("thuy", Person("Nguyen", "Thi Thuy", "Nguyễn Thị Thủy", "F", "1990-03-21", "VN", "C1000001"));
    Add("thuy_acute", Person("Nguyen", "Thi Thuy", "Nguyễn Thị Thúy", "F", "1988-07-02", "VN", "C1000002"));
    Add("an", Person("Nguyen", "Van An", "Nguyễn Văn An", "M", "1979-01-01", "VN", "C1000003"));
    Add("anh", Person("Nguyen", "Van Anh", "Nguyễn Văn Anh", "M", "1981-01-01", "VN", "C1000004"));
  }

  void Add(const std::string& label, json body) {
    body["confirm_new"] = true;  // fixtures: register even look-alikes
    auto r = Post("/api/v1/persons", body);
    ASSERT_EQ(r.status, 201) << label << ": " << r.body;
    ids_[label] = r.json["id"];
  }

  // Labels of the search hits, best first.
  std::vector<std::string> Search(const std::string& q, int limit = 10) {
    auto r = Get("/api/v1/search?q=" + Encode(q) + "&limit=" + std::to_string(limit));
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
    std::vector<std::string> out;
    for (const auto& item : r.json["items"]) {
      const std::string id = item["person"]["id"];
      std::string label = id;
      for (const auto& [l, i] : ids_) {
        if (i == id) label = l;
      }
      out.push_back(label);
    }
    return out;
  }

  static std::string Encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
        out.push_back(static_cast<char>(c));
      } else {
        out += '%';
        out += hex[c >> 4];
        out += hex[c & 15];
      }
    }
    return out;
  }

  std::map<std::string, std::string> ids_;
};

TEST_P(SearchApi, FindsALaoPersonFromAnySpellingOrScript) {
  for (const char* q : {"Bun-nhăng", "bounnhang", "ບຸນຍັງ", "Vorachith", "Bun-nhăng Vo-la-chít", "BOUNNHANG VORACHIT",
                        "Vorachith Bounnhang", "ບຸນຍັງວໍລະຈິດ", "Boun Nhang"}) {
    const auto hits = Search(q);
    ASSERT_FALSE(hits.empty()) << q;
    EXPECT_EQ(hits[0], "bounnhang") << q;
  }
  EXPECT_EQ(Search("Xỏn-xay Xi-phăn-đon").at(0), "sonexay");
  EXPECT_EQ(Search("Thông-lun").at(0), "thongloun");
}

TEST_P(SearchApi, ReportsScoreAndTheFormThatMatched) {
  auto r = Get("/api/v1/search?q=" + Encode("ບຸນຍັງ") + "&kind=person");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_FALSE(r.json["items"].empty());
  const auto& top = r.json["items"][0];
  EXPECT_EQ(top["kind"], "person");
  EXPECT_EQ(top["matched_form"], "ບຸນຍັງ ວໍລະຈິດ");
  EXPECT_GT(top["score"].get<double>(), 0.9);
  EXPECT_LE(top["score"].get<double>(), 1.0);
  EXPECT_EQ(top["person"]["documents"].size(), 1u);
  r = Get("/api/v1/search?q=Vorachith");
  EXPECT_EQ(r.json["items"][0]["matched_form"], "Bounnhang Vorachith");
}

TEST_P(SearchApi, VietnameseNamesMatchWithOrWithoutMarksButKeepTonesApart) {
  // Typed without marks, both Thủy and Thúy match; typed with marks, the exact one leads.
  auto hits = Search("nguyen thi thuy");
  ASSERT_GE(hits.size(), 2u);
  EXPECT_THAT(std::vector<std::string>(hits.begin(), hits.begin() + 2),
              ::testing::UnorderedElementsAre("thuy", "thuy_acute"));
  EXPECT_EQ(Search("Nguyễn Thị Thuỷ").at(0), "thuy");  // old tone placement
  EXPECT_EQ(Search("Nguyễn Thị Thúy").at(0), "thuy_acute");
  EXPECT_EQ(Search("Nguyễn Văn An").at(0), "an");
  EXPECT_EQ(Search("Nguyễn Văn Anh").at(0), "anh");
}

TEST_P(SearchApi, TypeAheadFindsWordsByTheirStart) {
  auto hits = Search("Boun");
  EXPECT_THAT(hits, Contains("bounnhang"));
  EXPECT_THAT(hits, Contains("bounmy"));
  hits = Search("ບຸນ");
  EXPECT_THAT(hits, Contains("bounnhang"));
  EXPECT_THAT(hits, Contains("bounmy"));
  EXPECT_EQ(Search("Bounmy Keo").at(0), "bounmy");
}

TEST_P(SearchApi, RanksTheSameOnEveryBackend) {
  // Fixed expectations: each backend must produce exactly these orders.
  EXPECT_THAT(Search("Siphandone"), ElementsAre("sonexay"));
  EXPECT_THAT(Search("Sisoulith Thongloun"), ElementsAre("thongloun"));
  EXPECT_THAT(Search("Nguyễn Văn An", 2), ElementsAre("an", "anh"));
}

TEST_P(SearchApi, RejectsBadQueriesNamingTheField) {
  auto r = Get("/api/v1/search");
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(FieldErrors(r), Contains("q:required"));
  r = Get("/api/v1/search?q=" + std::string(201, 'a'));
  EXPECT_THAT(FieldErrors(r), Contains("q:too_long"));
  r = Get("/api/v1/search?q=---");
  EXPECT_THAT(FieldErrors(r), Contains("q:required"));
  r = Get("/api/v1/search?q=a&kind=employer");
  EXPECT_THAT(FieldErrors(r), Contains("kind:unsupported"));
  r = Get("/api/v1/search?q=a&limit=0");
  EXPECT_THAT(FieldErrors(r), Contains("limit:range"));
  r = Get("/api/v1/search?q=a&limit=x");
  EXPECT_THAT(FieldErrors(r), Contains("limit:type"));
  r = Get("/api/v1/search?q=a&colour=red");
  EXPECT_THAT(FieldErrors(r), Contains("colour:unknown_parameter"));
  r = Get("/api/v1/search?q=%FF%FE");
  EXPECT_EQ(r.status, 400);
  // Injection strings are only text to match.
  r = Get("/api/v1/search?q=" + Encode("'; DROP TABLE persons; --"));
  EXPECT_EQ(r.status, 200);
  EXPECT_GT(Count("persons"), 0);
  r = Get("/api/v1/search?q=" + Encode("<script>alert(1)</script>"));
  EXPECT_EQ(r.status, 200);
}

TEST_P(SearchApi, KeepsToTheCallersScope) {
  // A provincial officer in another province sees none of these persons.
  const std::string token = AddUserWithToken("far_officer", "registry_officer", "VN", std::string("VN-N01"));
  auto r = Send("GET", "/api/v1/search?q=Bounnhang", "", {{"authorization", "Bearer " + token}}, false);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json["items"].empty()) << r.body;
}

TEST_P(SearchApi, FindsAPersonAfterARenameAndNotAfterArchiving) {
  auto got = Get("/api/v1/persons/" + ids_["bounmy"]);
  auto r = Patch("/api/v1/persons/" + ids_["bounmy"], {{"family_name", "Phommachanh"}, {"native_name", nullptr}},
                 got.Header("etag"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Search("Bounmy Phommachanh").at(0), "bounmy");
  EXPECT_THAT(Search("Keomany"), ::testing::Not(Contains("bounmy")));
  r = Send("POST", "/api/v1/persons/" + ids_["bounmy"] + "/archive", "", {{"if-match", r.Header("etag")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(Search("Bounmy"), ::testing::Not(Contains("bounmy")));
}

TEST_P(SearchApi, RebuildsTheIndexWhenItsVersionIsOld) {
  ASSERT_TRUE(storage::InTransaction(node_->db(), true, [](storage::Transaction& tx) -> core::Status {
    if (auto r = tx.Exec("DELETE FROM person_name_terms", {}); !r) return core::Fail(r.error());
    if (auto r = tx.Exec("UPDATE name_index_state SET key_version = 0", {}); !r) return core::Fail(r.error());
    return {};
  }));
  EXPECT_TRUE(Search("Bounnhang").empty());
  ASSERT_TRUE(registry::EnsureNameIndex(node_->db()));
  EXPECT_EQ(Search("Bounnhang").at(0), "bounnhang");
}

// ---- the duplicate warning ----

TEST_P(SearchApi, WarnsBeforeRegisteringTheSamePersonTwice) {
  const int64_t before = Count("persons");
  // Same person, other spelling and script order, a new passport.
  auto r = Post("/api/v1/persons", Person("Volachit", "Bounnhang", std::nullopt, "M", "1937-08-15", "LA", "LA2000001"));
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.Header("content-type"), "application/problem+json");
  EXPECT_EQ(r.json["type"], "urn:labourbridge:problem:possible-duplicate");
  EXPECT_THAT(FieldErrors(r), ElementsAre("confirm_new:possible_duplicate"));
  ASSERT_FALSE(r.json["candidates"].empty());
  EXPECT_EQ(r.json["candidates"][0]["person"]["id"], ids_["bounnhang"]);
  EXPECT_THAT(r.json["candidates"][0]["reasons"], Contains("birth_date"));
  EXPECT_EQ(Count("persons"), before);

  // The officer confirms: registered.
  json body = Person("Volachit", "Bounnhang", std::nullopt, "M", "1937-08-15", "LA", "LA2000001");
  body["confirm_new"] = true;
  r = Post("/api/v1/persons", body);
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Count("persons"), before + 1);
}

TEST_P(SearchApi, BirthDatesDecide) {
  // Same name, birth year differs: a different person, no warning.
  auto r = Post("/api/v1/persons", Person("Nguyen", "Van An", "Nguyễn Văn An", "M", "1995-01-01", "VN", "C3000001"));
  EXPECT_EQ(r.status, 201) << r.body;
  // Day and month swapped (1990-03-21 written 1990-21-03 is invalid; use 1988-07-02 → 1988-02-07).
  r = Post("/api/v1/persons", Person("Nguyen", "Thi Thuy", "Nguyễn Thị Thúy", "F", "1988-02-07", "VN", "C3000002"));
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_THAT(r.json["candidates"][0]["reasons"], Contains("birth_date_day_month_swapped"));
  // Only the year known on one side: compatible.
  r = Post("/api/v1/persons", Person("Sisoulith", "Thongloun", std::nullopt, "M", "1945", "LA", "LA3000003"));
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_THAT(r.json["candidates"][0]["reasons"], Contains("birth_year"));
}

TEST_P(SearchApi, TheSameDocumentNumberIsAWarningWhateverTheName) {
  auto r = Post("/api/v1/persons", Person("Someone", "Else", std::nullopt, "F", "2000-01-01", "LA", "LA1000002"));
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json["type"], "urn:labourbridge:problem:possible-duplicate") << r.body;
  EXPECT_EQ(r.json["candidates"][0]["person"]["id"], ids_["bounmy"]);
  EXPECT_THAT(r.json["candidates"][0]["reasons"], Contains("document"));
}

TEST_P(SearchApi, ConfirmNewMustBeABoolean) {
  json body = Person("New", "Person", std::nullopt, "F", "2001-01-01", "VN", "C4000001");
  body["confirm_new"] = "yes";
  auto r = Post("/api/v1/persons", body);
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(FieldErrors(r), Contains("confirm_new:type"));
}

LB_INSTANTIATE_BACKENDS(SearchApi);

}  // namespace
}  // namespace lb::testing
