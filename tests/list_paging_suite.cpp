// Lists that count, sort and page both ways (issue #17), on both backends: the totals agree
// with a full count and never count records outside the caller's provinces; each sort key
// orders the whole list with a stable tiebreak on the id; next and previous cursors walk
// exactly the same pages; a cursor that was not issued for the list and order is refused
// naming `cursor`; and the employer's page is refused as every registry read is.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "Mekong-Ferry-7q!Vx2";
constexpr char kForm[] = "application/x-www-form-urlencoded";

std::vector<std::string> Ids(const json& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.value("id", ""));
  return out;
}

std::vector<std::string> Errors(const ApiResponse& r) {
  std::vector<std::string> out;
  if (!r.json.is_object() || !r.json.contains("errors")) return out;
  for (const auto& e : r.json["errors"]) out.push_back(e.value("field", "?") + ":" + e.value("code", "?"));
  return out;
}

std::string Base64Url(const std::string& bin) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bin.size(); i += 3) {
    const unsigned n = (unsigned char)bin[i] << 16 | (unsigned char)bin[i + 1] << 8 | (unsigned char)bin[i + 2];
    out += {k[n >> 18 & 63], k[n >> 12 & 63], k[n >> 6 & 63], k[n & 63]};
  }
  if (bin.size() - i == 1) {
    const unsigned n = (unsigned char)bin[i] << 16;
    out += {k[n >> 18 & 63], k[n >> 12 & 63]};
  } else if (bin.size() - i == 2) {
    const unsigned n = (unsigned char)bin[i] << 16 | (unsigned char)bin[i + 1] << 8;
    out += {k[n >> 18 & 63], k[n >> 12 & 63], k[n >> 6 & 63]};
  }
  return out;
}

class ListPagingSuite : public ApiFixture {
 protected:
  // 3 employers (2 in VN-N08, 1 in VN-N10), 9 workers with family names that sort alike in
  // any collation, 14 permits: 9 hosted in VN-N08, 5 in VN-N10, several sharing an end date
  // so the id must break the ties.
  void SetUp() override {
    ApiFixture::SetUp();
    const std::vector<std::pair<std::string, std::string>> employers = {
        {"DELTA BUILD", "VN-N08"}, {"ALPHA TEXTILE", "VN-N08"}, {"KILO FOODS", "VN-N10"}};
    for (size_t i = 0; i < employers.size(); ++i) {
      json e = VietnameseEmployer();
      e["name"] = employers[i].first;
      e["native_name"] = "Công ty " + std::to_string(i);
      e["registration_number"] = "31" + std::to_string(10000000 + i);
      e["province"] = employers[i].second;
      e["sector"] = i == 2 ? "I" : "F";
      auto r = Post("/api/v1/employers", e);
      ASSERT_EQ(r.status, 201) << r.body;
      employer_ids_.push_back(r.json["id"]);
    }
    const std::vector<std::string> family = {"KEOLA",   "BOUNMA",  "SOMPHONE", "ANOUSONE", "PHET",
                                             "XAYSANA", "CHANTHA", "VONGSA",   "LATSAMY"};
    for (size_t i = 0; i < family.size(); ++i) {
      json p = LaoWorker();
      p["family_name"] = family[i];
      p["given_names"] = "NOY";
      p["documents"][0]["number"] = "P77" + std::to_string(10000 + i);
      auto r = Post("/api/v1/persons", p);
      ASSERT_EQ(r.status, 201) << r.body;
      person_ids_.push_back(r.json["id"]);
      family_of_[r.json["id"]] = family[i];
    }
    const std::vector<std::string> ends = {"2027-03-31", "2026-09-30", "2027-03-31", "2026-12-31", "2027-06-30",
                                           "2026-09-30", "2027-03-31", "2026-08-31", "2027-01-31", "2026-12-31",
                                           "2027-03-31", "2026-10-31", "2027-05-31", "2026-09-30"};
    for (size_t i = 0; i < ends.size(); ++i) {
      const bool n10 = i % 3 == 2;
      json w = {{"person_id", person_ids_[i % person_ids_.size()]},
                {"employer_id", employer_ids_[n10 ? 2 : i % 2]},
                {"host_country", "VN"},
                {"host_province", n10 ? "VN-N10" : "VN-N08"},
                {"occupation", "7112"},
                {"permit_number", "WP-17-" + std::to_string(100 + i)},
                {"issued", "2026-01-10"},
                {"valid_from", "2026-01-10"},
                {"valid_until", ends[i]},
                {"status", i % 4 == 1 ? "applied" : "issued"}};
      if (i % 4 == 1) w.erase("issued");
      auto r = Post("/api/v1/permits", w);
      ASSERT_EQ(r.status, 201) << r.body;
      permit_hosts_[r.json["id"]] = n10 ? "VN-N10" : "VN-N08";
      (n10 ? n10_permits_ : n08_permits_)++;
    }
  }

  // Every item of a list, following next cursors; checks each page's total and size.
  std::vector<json> Walk(const std::string& target, int limit, std::vector<std::vector<std::string>>* pages = nullptr,
                         std::string* last_prev = nullptr) {
    std::vector<json> all;
    std::string cursor;
    std::optional<int64_t> total;
    for (int guard = 0; guard < 100; ++guard) {
      const std::string sep = target.find('?') == std::string::npos ? "?" : "&";
      auto r = Get(target + sep + "limit=" + std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(r.status, 200) << target << " " << r.body;
      if (r.status != 200) break;
      if (!total) total = r.json.value("total", int64_t{-1});
      EXPECT_EQ(r.json.value("total", int64_t{-1}), *total) << "the total is the same on every page";
      EXPECT_LE(r.json["items"].size(), static_cast<size_t>(limit));
      if (pages) pages->push_back(Ids(r.json["items"]));
      for (const auto& i : r.json["items"]) all.push_back(i);
      if (r.json["prev_cursor"].is_string() && last_prev) *last_prev = r.json["prev_cursor"];
      if (!r.json["next_cursor"].is_string()) break;
      cursor = r.json["next_cursor"];
    }
    EXPECT_EQ(total.value_or(-1), static_cast<int64_t>(all.size())) << target << ": the total counts every item";
    return all;
  }

  int64_t SqlCount(const std::string& sql) {
    auto rows = storage::InTransaction(node_->db(), false, [&](storage::Transaction& tx) { return tx.Query(sql, {}); });
    return rows && !rows->empty() ? rows->at(0).Int(0) : -1;
  }

  std::vector<std::string> employer_ids_, person_ids_;
  std::map<std::string, std::string> family_of_, permit_hosts_;
  int n08_permits_ = 0, n10_permits_ = 0;
};

TEST_P(ListPagingSuite, TotalsAgreeWithAFullCountOnEveryList) {
  EXPECT_EQ(Walk("/api/v1/permits", 4).size(), static_cast<size_t>(SqlCount("SELECT COUNT(*) FROM work_permits")));
  EXPECT_EQ(Walk("/api/v1/permits?status=applied", 2).size(),
            static_cast<size_t>(SqlCount("SELECT COUNT(*) FROM work_permits WHERE status = 'applied'")));
  EXPECT_EQ(Walk("/api/v1/persons?sort=name", 4).size(), static_cast<size_t>(SqlCount("SELECT COUNT(*) FROM persons")));
  EXPECT_EQ(Walk("/api/v1/employers?sort=name", 2).size(), 3u);
  EXPECT_EQ(Walk("/api/v1/employers?province=VN-N08", 1).size(), 2u);
  EXPECT_EQ(Walk("/api/v1/employers?q=textile", 5).size(), 1u);
  EXPECT_EQ(Walk("/api/v1/employers?q=3110000002", 5).size(), 1u);  // a registration number
}

TEST_P(ListPagingSuite, EachSortKeyOrdersTheWholeListWithTheIdBreakingTies) {
  auto sorted_by = [&](const std::string& key, const std::string& dir) {
    return Walk("/api/v1/permits?sort=" + key + "&dir=" + dir, 3);
  };
  for (const std::string key : {"valid_until", "status", "permit_number", "worker", "employer", "created"}) {
    auto asc = sorted_by(key, "asc");
    auto desc = sorted_by(key, "desc");
    ASSERT_EQ(asc.size(), 14u) << key;
    // Descending is ascending turned round, ties included (the id breaks them both ways).
    auto ids = Ids(json(asc)), back = Ids(json(desc));
    std::reverse(back.begin(), back.end());
    EXPECT_EQ(ids, back) << key;
    for (size_t i = 1; i < asc.size(); ++i) {
      const auto &a = asc[i - 1], &b = asc[i];
      std::string ka, kb;
      if (key == "valid_until" || key == "status" || key == "permit_number") {
        ka = a.value(key, "");
        kb = b.value(key, "");
      } else if (key == "worker") {
        ka = family_of_[a.value("person_id", "")];
        kb = family_of_[b.value("person_id", "")];
      } else if (key == "employer") {
        ka = a.value("employer_id", "");  // compared through the names below
        kb = b.value("employer_id", "");
        const std::map<std::string, std::string> names = {
            {employer_ids_[0], "DELTA BUILD"}, {employer_ids_[1], "ALPHA TEXTILE"}, {employer_ids_[2], "KILO FOODS"}};
        ka = names.at(ka);
        kb = names.at(kb);
      }
      EXPECT_LE(ka, kb) << key << " at " << i;
      if (ka == kb) {
        EXPECT_LT(a.value("id", ""), b.value("id", "")) << key << ": the id breaks ties, at " << i;
      }
    }
  }
  // Persons and employers too.
  auto names = Walk("/api/v1/persons?sort=name&dir=desc", 4);
  for (size_t i = 1; i < names.size(); ++i) {
    EXPECT_GE(names[i - 1].value("family_name", ""), names[i].value("family_name", ""));
  }
  auto employers = Walk("/api/v1/employers?sort=name", 1);
  ASSERT_EQ(employers.size(), 3u);
  EXPECT_EQ(employers[0].value("name", ""), "ALPHA TEXTILE");
  EXPECT_EQ(employers[2].value("name", ""), "KILO FOODS");
}

TEST_P(ListPagingSuite, PreviousCursorsWalkBackThroughExactlyThePagesWalkedForward) {
  for (const std::string target : {"/api/v1/permits?sort=valid_until", "/api/v1/permits?sort=worker&dir=desc",
                                   "/api/v1/persons?sort=birth_date", "/api/v1/employers?sort=province&dir=desc"}) {
    std::vector<std::vector<std::string>> forward;
    Walk(target, 3, &forward);
    ASSERT_GE(forward.size(), 1u) << target;
    // Back from the last page: its prev cursor, then each page's prev cursor in turn.
    std::string cursor;
    {
      std::string t = target;
      std::string c;
      for (size_t i = 0; i + 1 < forward.size(); ++i) {
        auto r = Get(t + "&limit=3" + (c.empty() ? "" : "&cursor=" + c));
        c = r.json["next_cursor"];
      }
      auto last = Get(t + "&limit=3" + (c.empty() ? "" : "&cursor=" + c));
      EXPECT_EQ(Ids(last.json["items"]), forward.back()) << target;
      EXPECT_TRUE(last.json["next_cursor"].is_null()) << target;
      if (forward.size() == 1) {
        EXPECT_TRUE(last.json["prev_cursor"].is_null());
        continue;
      }
      cursor = last.json["prev_cursor"];
    }
    for (size_t page = forward.size() - 1; page-- > 0;) {
      auto r = Get(target + "&limit=3&cursor=" + cursor);
      ASSERT_EQ(r.status, 200) << r.body;
      EXPECT_EQ(Ids(r.json["items"]), forward[page]) << target << " page " << page;
      EXPECT_TRUE(r.json["next_cursor"].is_string()) << target;
      if (page == 0) {
        EXPECT_TRUE(r.json["prev_cursor"].is_null()) << target << ": the first page has no previous";
        EXPECT_EQ(r.json.value("offset", int64_t{-1}), 0);
      } else {
        EXPECT_EQ(r.json.value("offset", int64_t{-1}), static_cast<int64_t>(page * 3)) << target;
        cursor = r.json["prev_cursor"];
      }
    }
  }
}

TEST_P(ListPagingSuite, ACursorNotIssuedForThisListAndOrderIsRefusedNamingCursor) {
  auto first = Get("/api/v1/permits?sort=valid_until&limit=2");
  ASSERT_EQ(first.status, 200);
  const std::string good = first.json["next_cursor"];
  const std::string some_id = first.json["items"][0]["id"];
  const std::vector<std::string> bad = {
      "garbage!",
      Base64Url("[\"l1\",0,\"valid_until\",0,[\"2026-09-30\"],\"not-a-uuid\"]"),             // id not a UUID
      Base64Url("[\"l1\",0,\"valid_until\",0,[],\"" + some_id + "\"]"),                      // values missing
      Base64Url("[\"l1\",0,\"status\",0,[\"issued\"],\"" + some_id + "\"]"),                 // another order
      Base64Url("[\"l1\",2,\"valid_until\",0,[\"2026-09-30\"],\"" + some_id + "\"]"),        // bad direction
      Base64Url("[\"l1\",0,\"valid_until\",0,[\"2026-09-30\",\"x\"],\"" + some_id + "\"]"),  // too many values
      Base64Url("{\"after\":\"" + some_id + "\"}"),
  };
  for (const auto& c : bad) {
    auto r = Get("/api/v1/permits?sort=valid_until&limit=2&cursor=" + c);
    EXPECT_EQ(r.status, 422) << c << " " << r.body;
    EXPECT_THAT(Errors(r), ElementsAre("cursor:invalid_cursor")) << c;
  }
  // A good cursor under another order or direction, or on another list, is refused too.
  for (const std::string t :
       {"/api/v1/permits?sort=status&cursor=", "/api/v1/permits?sort=valid_until&dir=desc&cursor=",
        "/api/v1/employers?sort=name&cursor="}) {
    auto r = Get(t + good);
    EXPECT_EQ(r.status, 422) << t;
    EXPECT_THAT(Errors(r), ElementsAre("cursor:invalid_cursor")) << t;
  }
  EXPECT_EQ(Get("/api/v1/permits?sort=valid_until&limit=2&cursor=" + good).status, 200);
  // Unknown sort keys and directions are named as well.
  EXPECT_THAT(Errors(Get("/api/v1/permits?sort=valid_until;DROP")), ElementsAre("sort:invalid_value"));
  EXPECT_THAT(Errors(Get("/api/v1/persons?sort=phone")), ElementsAre("sort:invalid_value"));
  EXPECT_THAT(Errors(Get("/api/v1/employers?dir=up")), ElementsAre("dir:invalid_value"));
}

TEST_P(ListPagingSuite, TotalsNeverCountRecordsOutsideTheCallersProvinces) {
  const std::string admin = token_;
  token_ = AddUserWithToken("n08.lists", "registry_officer", "VN", std::string("VN-N08"));
  auto permits = Walk("/api/v1/permits?sort=worker", 2);
  EXPECT_EQ(permits.size(), static_cast<size_t>(n08_permits_));
  for (const auto& w : permits) EXPECT_EQ(permit_hosts_[w.value("id", "")], "VN-N08");
  auto r = Get("/api/v1/permits?status=issued&limit=1");
  int issued_n08 = 0;
  for (const auto& w : permits) issued_n08 += w.value("status", "") == "issued";
  EXPECT_EQ(r.json.value("total", int64_t{-1}), issued_n08);
  // The employer sorted by name: N10's employer is neither listed nor counted.
  auto employers = Walk("/api/v1/employers?sort=name", 1);
  ASSERT_EQ(employers.size(), 2u);
  for (const auto& e : employers) EXPECT_NE(e.value("name", ""), "KILO FOODS");
  // A search by the number of a permit hosted in N10 finds nothing.
  auto search = Get("/api/v1/permits?q=WP-17-102");
  EXPECT_EQ(search.json.value("total", int64_t{-1}), 0);
  token_ = admin;
  search = Get("/api/v1/permits?q=wp-17-102");
  EXPECT_EQ(search.json.value("total", int64_t{-1}), 1) << "the number matches whatever its case";
  // A worker's name finds their permits (both of SOMPHONE's; a name search may add look-alikes).
  search = Get("/api/v1/permits?q=somphone&limit=500");
  int found = 0;
  for (const auto& w : search.json["items"]) found += family_of_[w.value("person_id", "")] == "SOMPHONE";
  EXPECT_EQ(found, 2) << search.body;
  EXPECT_EQ(search.json.value("total", int64_t{-1}), static_cast<int64_t>(search.json["items"].size()));
}

// --- the pages -------------------------------------------------------------------------------

class ListPagesSuite : public ListPagingSuite {
 protected:
  std::string Login(const std::string& name, const std::string& role, const std::optional<std::string>& province) {
    auto user =
        node_->users().Add(access::Principal::System("VN"), {name, role, "VN", province, std::nullopt, kPassword});
    EXPECT_TRUE(user) << user.error().message;
    auto r = Send("POST", "/login", "name=" + name + "&password=Mekong-Ferry-7q%21Vx2",
                  {{"Content-Type", kForm}, {"Accept", "text/html"}, {"Host", "lb.test"}, {"Origin", "http://lb.test"}},
                  false);
    EXPECT_EQ(r.status, 303) << r.body;
    const std::string set = r.Header("set-cookie");
    return set.substr(0, set.find(';'));
  }
  ApiResponse Page(const std::string& cookie, const std::string& target) {
    return Send("GET", target, "", {{"Accept", "text/html"}, {"Cookie", cookie}}, false);
  }
};

TEST_P(ListPagesSuite, TheEmployerPageShowsItsWorkersAndIsRefusedOutsideTheScope) {
  const std::string n08 = Login("n08.pages", "registry_officer", "VN-N08");
  const std::string n10 = Login("n10.pages", "registry_officer", "VN-N10");
  const std::string viewer = Login("n08.viewer", "viewer", "VN-N08");
  const std::string delta = employer_ids_[0];  // in VN-N08
  auto page = Page(n08, "/employers/" + delta);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("DELTA BUILD"));
  EXPECT_THAT(page.body, HasSubstr("/persons/"));  // its workers, linked
  EXPECT_THAT(page.body, HasSubstr("WP-17-"));     // and their permits
  EXPECT_THAT(page.body, HasSubstr("/employers/" + delta + "/edit"));
  // Another province's officer: as missing, like every other registry record.
  EXPECT_EQ(Page(n10, "/employers/" + delta).status, 404);
  // A viewer reads, without the edit button, and may not open the form.
  auto seen = Page(viewer, "/employers/" + delta);
  EXPECT_EQ(seen.status, 200);
  EXPECT_THAT(seen.body, Not(HasSubstr("/employers/" + delta + "/edit")));
  EXPECT_EQ(Page(viewer, "/employers/" + delta + "/edit").status, 403);
  // Nor any other record's edit form.
  EXPECT_EQ(Page(viewer, "/persons/" + person_ids_[0] + "/edit").status, 403);
  for (const auto& [id, host] : permit_hosts_) {
    if (host == "VN-N08") {
      EXPECT_EQ(Page(viewer, "/permits/" + id).status, 200);
      EXPECT_EQ(Page(viewer, "/permits/" + id + "/edit").status, 403);
      break;
    }
  }
  // Nobody signed in: to the login page.
  auto anonymous = Send("GET", "/employers/" + delta, "", {{"Accept", "text/html"}}, false);
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.Header("location"), "/login");
  // Not an id: 404.
  EXPECT_EQ(Page(n08, "/employers/not-an-id").status, 404);
}

TEST_P(ListPagesSuite, ListPagesCountSortAndKeepTheirFiltersInTheLinks) {
  const std::string n08 = Login("n08.lister", "registry_officer", "VN-N08");
  auto page = Page(n08, "/permits?status=issued&sort=worker&dir=desc");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("aria-sort=\"descending\""));
  EXPECT_THAT(page.body, HasSubstr("class=\"tag status-issued\""));
  EXPECT_THAT(page.body, HasSubstr("Bricklayers"));  // ISCO 7112's title, not the bare code only
  EXPECT_THAT(page.body, HasSubstr("/employers/" + employer_ids_[0]));
  EXPECT_THAT(page.body, Not(HasSubstr("KILO FOODS")));
  // The download links carry the filter.
  EXPECT_THAT(page.body, HasSubstr("/api/v1/exports/permits?lang=en&amp;format=csv&amp;bom=true&amp;status=issued"));
  // "Showing 1–N of N" with the scope's total.
  auto all = Page(n08, "/permits?sort=valid_until");
  EXPECT_THAT(all.body, HasSubstr("of " + std::to_string(n08_permits_) + "</p>"));
  auto few = Page(n08, "/employers?sort=name&dir=asc&status=active");
  ASSERT_EQ(few.status, 200);
  EXPECT_THAT(few.body, HasSubstr("ALPHA TEXTILE"));
  auto search = Page(n08, "/employers?q=delta");
  EXPECT_THAT(search.body, HasSubstr("DELTA BUILD"));
  EXPECT_THAT(search.body, Not(HasSubstr("ALPHA TEXTILE")));
  // The worker page's permits show the employer, linked.
  auto worker = Page(n08, "/persons/" + person_ids_[0]);
  ASSERT_EQ(worker.status, 200);
  EXPECT_THAT(worker.body, HasSubstr("/employers/" + employer_ids_[0]));
}

LB_INSTANTIATE_BACKENDS(ListPagingSuite);
LB_INSTANTIATE_BACKENDS(ListPagesSuite);

}  // namespace
}  // namespace lb::testing
