// Cooperation governance on both backends: the real seed, succession (records of MoLISA are
// found under MoHA), the bad inputs of the issue (each a clear 422 with nothing stored), PDF
// attachments, progress and carry-over, the dashboard and the evaluation report's checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "features/cooperation/dashboard.h"
#include "features/cooperation/report/evaluation.h"
#include "features/cooperation/seed.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::HasSubstr;

constexpr char kBase[] = "/api/v1/cooperation";
constexpr char kNoSuchId[] = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";

std::string Path(const std::string& rest) { return std::string(kBase) + rest; }

std::vector<std::string> FieldCodes(const ApiResponse& r) {
  std::vector<std::string> out;
  if (!r.json.is_object() || !r.json.contains("errors")) return out;
  for (const auto& e : r.json["errors"]) out.push_back(e.value("field", "?") + ":" + e.value("code", "?"));
  return out;
}

// A minimal PDF: header, one empty page, trailer.
std::string TinyPdf() {
  return "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
         "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
}

// A stream that would produce `size` bytes and counts what is read from it.
class CountingBuf : public std::streambuf {
 public:
  explicit CountingBuf(int64_t size) : left_(size) {}
  int64_t read = 0;

 protected:
  int_type underflow() override {
    if (left_ <= 0) return traits_type::eof();
    const int64_t n = std::min<int64_t>(left_, sizeof buf_);
    std::fill(buf_, buf_ + n, 'x');
    left_ -= n;
    read += n;
    setg(buf_, buf_, buf_ + n);
    return traits_type::to_int_type(buf_[0]);
  }

 private:
  int64_t left_;
  char buf_[65536];
};

class CooperationSuite : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    auto s = cooperation::LoadSeed(node_->cooperation(), access::Principal::System("VN"));
    ASSERT_TRUE(s) << s.error().message << " " << s.error().internal;
  }

  std::string OrgId(const std::string& code) {
    auto r = Get(Path("/organisations?limit=500"));
    for (const auto& o : r.json["items"]) {
      if (o["code"] == code) return o["id"];
    }
    ADD_FAILURE() << "no organisation " << code;
    return "";
  }
  json Conference(int number) {
    auto r = Get(Path("/conferences?limit=500"));
    for (const auto& c : r.json["items"]) {
      if (c["kind"] == "ministerial" && c["number"] == number) return c;
    }
    ADD_FAILURE() << "no conference " << number;
    return json();
  }
  json Agreement(const std::string& kind, const std::string& title_part) {
    auto r = Get(Path("/agreements?limit=500"));
    for (const auto& a : r.json["items"]) {
      if (a["kind"] == kind && a["title"]["en"].get<std::string>().find(title_part) != std::string::npos) return a;
    }
    ADD_FAILURE() << "no agreement " << title_part;
    return json();
  }
  json NewCommitment() {
    return {{"text", {{"en", "Exchange labour market information every quarter."}, {"vi", "Trao đổi thông tin"}}},
            {"field", "employment"},
            {"conference_id", Conference(9)["id"]},
            {"vn_org_ids", {OrgId("VN-MOHA")}},
            {"la_org_ids", {OrgId("LA-MOLSW")}},
            {"due_on", "2026-06-30"}};
  }
};

TEST_P(CooperationSuite, SeedIsTheRealHistoryAndLoadsOnce) {
  EXPECT_EQ(Count("coop_organisations"), 4);
  EXPECT_EQ(Count("coop_conferences"), 6);
  EXPECT_EQ(Count("coop_agreements"), 7);
  EXPECT_EQ(Count("coop_commitments"), 11);
  auto again = cooperation::LoadSeed(node_->cooperation(), access::Principal::System("VN"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->conferences + again->agreements + again->commitments + again->organisations, 0);
  EXPECT_EQ(Count("coop_commitments"), 11);
  const json c9 = Conference(9);
  EXPECT_EQ(c9["held_on"], "2025-11-12");
  EXPECT_EQ(c9["place"]["vi"], "Ninh Bình");
  auto c9_read = Get(Path("/conferences/" + c9["id"].get<std::string>()));
  EXPECT_EQ(c9_read.json["agreement_ids"].size(), 2u);  // minutes and the MoU
  const json mou = Agreement("mou", "meritorious people");
  EXPECT_EQ(mou["amends_id"], Agreement("agreement", "(2013)")["id"]);
}

TEST_P(CooperationSuite, RecordsOfMolisaAreFoundUnderMohaAndTheOldNameFindsTheNew) {
  const std::string moha = OrgId("VN-MOHA"), molisa = OrgId("VN-MOLISA");
  auto o = Get(Path("/organisations/" + molisa));
  ASSERT_EQ(o.status, 200);
  EXPECT_EQ(o.json["successor_id"], moha);
  EXPECT_EQ(o.json["succeeded_on"], "2025-03-01");
  EXPECT_EQ(o.json["valid_until"], "2025-02-28");
  EXPECT_EQ(Get(Path("/organisations/" + moha)).json["predecessor_ids"], json::array({molisa}));

  // Commitments made under MoLISA (7th conference) stay MoLISA's and appear under MoHA.
  auto under_moha = Get(Path("/commitments?limit=100&org=" + moha));
  ASSERT_EQ(under_moha.status, 200);
  auto under_molisa = Get(Path("/commitments?limit=100&org=" + molisa));
  EXPECT_EQ(under_molisa.json["items"].size(), 5u);
  EXPECT_EQ(under_moha.json["items"].size(), 11u);
  for (const auto& c : under_molisa.json["items"]) EXPECT_EQ(c["vn_org_ids"], json::array({molisa}));

  // The old name, without accents, finds MoLISA and its successor.
  for (const std::string q : {"MoLISA", "thuong binh", "Thương binh", "ທະຫານເສຍອົງຄະ"}) {
    auto found = Send("GET", Path("/organisations?q=") + q);
    ASSERT_EQ(found.status, 200) << q;
    std::vector<std::string> codes;
    for (const auto& i : found.json["items"]) codes.push_back(i["code"]);
    EXPECT_THAT(codes, Contains("VN-MOLISA")) << q;
    EXPECT_THAT(codes, Contains("VN-MOHA")) << q;
  }
}

TEST_P(CooperationSuite, AnOrganisationSearchIsPagedLikeEveryList) {
  auto first = Get(Path("/organisations?limit=1&q=thuong%20binh"));
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(first.json["items"].size(), 1u);
  ASSERT_TRUE(first.json["next_cursor"].is_string());
  auto second =
      Get(Path("/organisations?limit=1&q=thuong%20binh&cursor=") + first.json["next_cursor"].get<std::string>());
  ASSERT_EQ(second.status, 200) << second.body;
  ASSERT_EQ(second.json["items"].size(), 1u);
  EXPECT_TRUE(second.json["next_cursor"].is_null());
  std::vector<std::string> codes{first.json["items"][0]["code"], second.json["items"][0]["code"]};
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(codes, (std::vector<std::string>{"VN-MOHA", "VN-MOLISA"}));
  EXPECT_EQ(Get(Path("/organisations?q=thuong&cursor=not-a-cursor")).status, 422);
}

TEST_P(CooperationSuite, CommitmentDueBeforeItsConferenceIsRefused) {
  const int64_t before = Count("coop_commitments");
  json body = NewCommitment();
  body["due_on"] = "2025-11-01";  // the 9th conference was on 2025-11-12
  auto r = Post(Path("/commitments"), body);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_THAT(FieldCodes(r), Contains("due_on:before_conference"));
  body.erase("due_on");
  body["due_from"] = "2024-01-01";
  body["due_until"] = "2026-12-31";
  r = Post(Path("/commitments"), body);
  EXPECT_THAT(FieldCodes(r), Contains("due_from:before_conference"));
  EXPECT_EQ(Count("coop_commitments"), before);
  r = Post(Path("/commitments"), NewCommitment());
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Count("coop_commitments"), before + 1);
}

TEST_P(CooperationSuite, AgreementCannotAmendItselfOrFormACycle) {
  const json a2013 = Agreement("agreement", "(2013)");
  const json mou = Agreement("mou", "meritorious people");
  // Amending itself.
  auto r = Patch(Path("/agreements/" + a2013["id"].get<std::string>()), {{"amends_id", a2013["id"]}},
                 "\"" + std::to_string(a2013["version"].get<int64_t>()) + "\"");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_THAT(FieldCodes(r), Contains("amends_id:amends_itself"));
  // The MoU amends the 2013 agreement; the 2013 agreement amending the MoU closes a cycle.
  r = Patch(Path("/agreements/" + a2013["id"].get<std::string>()), {{"replaces_id", mou["id"]}}, "*");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_THAT(FieldCodes(r), Contains("replaces_id:cycle"));
  // A longer cycle: new X amends the MoU; the 2013 agreement amending X closes 2013 <- MoU <- X <- 2013.
  json x = {{"kind", "plan"}, {"title", {{"en", "Plan 2026-2027"}}}, {"amends_id", mou["id"]}};
  auto created = Post(Path("/agreements"), x);
  ASSERT_EQ(created.status, 201) << created.body;
  r = Patch(Path("/agreements/" + a2013["id"].get<std::string>()), {{"amends_id", created.json["id"]}}, "*");
  EXPECT_THAT(FieldCodes(r), Contains("amends_id:cycle"));
  auto unchanged = Get(Path("/agreements/" + a2013["id"].get<std::string>()));
  EXPECT_EQ(unchanged.json["amends_id"], nullptr);
  EXPECT_EQ(unchanged.json["version"], a2013["version"]);
}

TEST_P(CooperationSuite, DuplicateConferenceNumberIsRefused) {
  json c = {
      {"kind", "ministerial"}, {"number", 9}, {"held_on", "2029-11-01"}, {"host_country", "VN"}, {"status", "planned"}};
  auto r = Post(Path("/conferences"), c);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_THAT(FieldCodes(r), Contains("number:duplicate"));
  EXPECT_EQ(Count("coop_conferences"), 6);
  c["kind"] = "senior_officials";  // numbers are unique per kind
  EXPECT_EQ(Post(Path("/conferences"), c).status, 201);
}

TEST_P(CooperationSuite, OrganisationSucceededTwiceOnOneDateIsRefused) {
  json other = {{"code", "VN-MOET"},
                {"country", "VN"},
                {"kind", "ministry"},
                {"name", {{"en", "Ministry of Education and Training"}, {"vi", "Bộ Giáo dục và Đào tạo"}}}};
  auto created = Post(Path("/organisations"), other);
  ASSERT_EQ(created.status, 201) << created.body;
  auto r = Post(Path("/organisations/" + OrgId("VN-MOLISA") + "/succession"),
                {{"successor_id", created.json["id"]}, {"effective_on", "2025-03-01"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_THAT(FieldCodes(r), Contains("effective_on:already_succeeded"));
  EXPECT_EQ(Count("coop_successions"), 1);
  // A cycle: MoHA succeeded by MoLISA.
  r = Post(Path("/organisations/" + OrgId("VN-MOHA") + "/succession"),
           {{"successor_id", OrgId("VN-MOLISA")}, {"effective_on", "2030-01-01"}});
  EXPECT_THAT(FieldCodes(r), Contains("successor_id:cycle"));
  EXPECT_EQ(Count("coop_successions"), 1);
}

TEST_P(CooperationSuite, SignedFilesArePdfsWithinTheSizeLimit) {
  const std::string id = Agreement("mou", "meritorious")["id"];
  auto fake = Send("POST", Path("/agreements/" + id + "/attachments?file_name=mou.pdf"), "<html>not a pdf</html>",
                   {{"content-type", "application/pdf"}});
  EXPECT_EQ(fake.status, 422) << fake.body;
  EXPECT_THAT(FieldCodes(fake), Contains("file:not_pdf"));
  auto wrong_type = Send("POST", Path("/agreements/" + id + "/attachments?file_name=mou.pdf"), TinyPdf(),
                         {{"content-type", "text/plain"}});
  EXPECT_EQ(wrong_type.status, 422);
  EXPECT_EQ(Count("coop_attachments"), 0);
  EXPECT_EQ(Count("coop_blobs"), 0);

  // 200 MB: refused from the declared size, before a byte is read.
  CountingBuf huge(200LL * 1024 * 1024);
  std::istream in(&huge);
  auto big =
      node_->cooperation().AddAttachment(access::Principal::System("VN"), id, {"big.pdf", 200LL * 1024 * 1024, &in});
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().fields.at(0).code, "too_large");
  EXPECT_EQ(huge.read, 0);
  EXPECT_EQ(Count("coop_attachments"), 0);

  auto ok = Send("POST", Path("/agreements/" + id + "/attachments?file_name=mou-signed.pdf"), TinyPdf(),
                 {{"content-type", "application/pdf"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json["size"], TinyPdf().size());
  EXPECT_EQ(ok.json["sha256"].get<std::string>().size(), 64u);
  auto back = Get(Path("/attachments/" + ok.json["id"].get<std::string>()));
  EXPECT_EQ(back.status, 200);
  EXPECT_EQ(back.body, TinyPdf());
  EXPECT_EQ(Get(Path("/agreements/" + id)).json["attachments"].size(), 1u);
  // The same content again is stored once.
  Send("POST", Path("/agreements/" + id + "/attachments?file_name=copy.pdf"), TinyPdf(),
       {{"content-type", "application/pdf"}});
  EXPECT_EQ(Count("coop_attachments"), 2);
  EXPECT_EQ(Count("coop_blobs"), 1);
}

TEST_P(CooperationSuite, ProgressUpdatesAndCarryOver) {
  auto created = Post(Path("/commitments"), NewCommitment());
  ASSERT_EQ(created.status, 201);
  const std::string id = created.json["id"];
  auto r = Send("POST", Path("/commitments/" + id + "/progress"),
                json({{"date", "2026-01-10"}, {"status", "carried_over"}}).dump());
  EXPECT_THAT(FieldCodes(r), Contains("carried_to_conference_id:required"));
  r = Send("POST", Path("/commitments/" + id + "/progress"),
           json({{"date", "2026-01-10"}, {"status", "in_progress"}, {"evidence", "Decision 12/QĐ-BNV"}}).dump(),
           {{"if-match", "\"1\""}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["status"], "in_progress");
  EXPECT_EQ(r.json["version"], 2);
  r = Send("POST", Path("/commitments/" + id + "/progress"), json({{"date", "2026-01-12"}, {"status", "done"}}).dump(),
           {{"if-match", "\"1\""}});
  EXPECT_EQ(r.status, 412);
  r = Send(
      "POST", Path("/commitments/" + id + "/progress"),
      json({{"date", "2026-01-12"}, {"status", "carried_over"}, {"carried_to_conference_id", Conference(10)["id"]}})
          .dump());
  ASSERT_EQ(r.status, 200) << r.body;
  auto got = Get(Path("/commitments/" + id));
  EXPECT_EQ(got.json["carried_to_conference_id"], Conference(10)["id"]);
  ASSERT_EQ(got.json["progress"].size(), 2u);
  EXPECT_EQ(got.json["progress"][0]["evidence"], "Decision 12/QĐ-BNV");
}

TEST_P(CooperationSuite, MalformedAndHostileInputChangesNothing) {
  const int64_t before = Count("coop_commitments");
  EXPECT_EQ(Send("POST", Path("/commitments"), "{\"text\":").status, 400);
  json body = NewCommitment();
  body["surprise"] = 1;
  body["field"] = 42;
  body["status"] = "finished";
  auto r = Post(Path("/commitments"), body);
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(FieldCodes(r), Contains("surprise:unknown_field"));
  EXPECT_THAT(FieldCodes(r), Contains("field:type"));
  EXPECT_THAT(FieldCodes(r), Contains("status:invalid_value"));
  body = NewCommitment();
  body["text"] = {{"en", std::string(5000, 'x')}};
  EXPECT_THAT(FieldCodes(Post(Path("/commitments"), body)), Contains("text.en:too_long"));
  EXPECT_EQ(Count("coop_commitments"), before);
  // SQL in a text is only text.
  body = NewCommitment();
  body["text"] = {{"en", "x'); DROP TABLE coop_commitments; --"}};
  r = Post(Path("/commitments"), body);
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(Get(Path("/commitments/" + r.json["id"].get<std::string>())).json["text"]["en"],
            "x'); DROP TABLE coop_commitments; --");
  // LIKE wildcards in a search are literal.
  auto all = Send("GET", Path("/organisations?q=%25"));
  EXPECT_EQ(all.status, 200);
  EXPECT_EQ(Send("GET", Path("/commitments?colour=red")).status, 422);
  EXPECT_EQ(Get(Path("/commitments/not-an-id")).status, 404);
  EXPECT_EQ(Get(Path(std::string("/conferences/") + kNoSuchId)).status, 404);
}

TEST_P(CooperationSuite, ConcurrencyAndRoles) {
  const json c9 = Conference(9);
  const std::string id = c9["id"];
  EXPECT_EQ(Patch(Path("/conferences/" + id), {{"note", "x"}}, "").status, 428);
  EXPECT_EQ(Patch(Path("/conferences/" + id), {{"note", "x"}}, "\"99\"").status, 412);
  auto ok = Patch(Path("/conferences/" + id), {{"note", "Ninh Bình, 12 November 2025"}},
                  "\"" + std::to_string(c9["version"].get<int64_t>()) + "\"");
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Header("etag"), "\"" + std::to_string(c9["version"].get<int64_t>() + 1) + "\"");

  const std::string viewer = "Bearer " + AddUserWithToken("v1", "viewer", "LA");
  const std::string training = "Bearer " + AddUserWithToken("t1", "training_officer", "VN");
  EXPECT_EQ(Send("GET", Path("/commitments"), "", {{"authorization", viewer}}).status, 200);
  EXPECT_EQ(Send("POST", Path("/commitments"), NewCommitment().dump(), {{"authorization", viewer}}).status, 403);
  EXPECT_EQ(Send("POST", Path("/commitments"), NewCommitment().dump(), {{"authorization", training}}).status, 403);
  json course = {{"kind", "training_course"},
                 {"title", {{"en", "Automotive technology course"}, {"lo", "ຫຼັກສູດເຕັກໂນໂລຊີລົດຍົນ"}}},
                 {"field", "vocational_education"},
                 {"start_on", "2026-03-02"},
                 {"end_on", "2026-05-29"},
                 {"participants_la", 24},
                 {"cost", 1200000000},
                 {"currency", "VND"},
                 {"funding_source", "Vietnamese ODA"}};
  auto a = Send("POST", Path("/activities"), course.dump(), {{"authorization", training}});
  EXPECT_EQ(a.status, 201) << a.body;
  course["end_on"] = "2026-01-01";
  EXPECT_THAT(FieldCodes(Post(Path("/activities"), course)), Contains("end_on:before_start"));
}

TEST_P(CooperationSuite, RotationAndDashboard) {
  auto rot = Get(Path("/rotation"));
  ASSERT_EQ(rot.status, 200);
  EXPECT_EQ(rot.json["last_host"], nullptr);
  EXPECT_EQ(rot.json["next_host"], "LA");  // the next conference (10th) is in Laos
  json visit = {{"kind", "delegation_exchange"}, {"title", {{"en", "Study visit"}}}, {"field", "delegation_exchange"},
                {"start_on", "2026-01-05"},      {"end_on", "2026-01-08"},           {"host_country", "LA"}};
  ASSERT_EQ(Post(Path("/activities"), visit).status, 201);
  EXPECT_EQ(Get(Path("/rotation")).json["next_host"], "VN");

  auto d = Get(Path("/dashboard?lang=lo"));
  ASSERT_EQ(d.status, 200) << d.body;
  // Test clock: 2026-01-15. The 7th conference's programmes were carried over, the
  // special conference's 2023 ones are open and overdue.
  EXPECT_EQ(d.json["today"], "2026-01-15");
  EXPECT_EQ(d.json["overdue"]["total"], 2);
  EXPECT_EQ(d.json["next_conference"]["number"], 10);
  EXPECT_GT(d.json["next_conference"]["days"], 0);
  const std::string svg = d.json["commitments_by_field"]["svg"];
  EXPECT_THAT(svg, HasSubstr("role=\"img\""));
  EXPECT_THAT(svg, HasSubstr("<title id=\"chart-commitments-title\">ຂໍ້ຕົກລົງຕາມຂົງເຂດ ແລະ ສະຖານະ</title>"));
  int64_t total = 0;
  for (const auto& row : d.json["commitments_by_field"]["rows"]) total += row["total"].get<int64_t>();
  EXPECT_EQ(total, 11);
  EXPECT_EQ(d.json["activities_this_year"]["rows"][0]["key"], "delegation_exchange");
  EXPECT_EQ(Get(Path("/dashboard?lang=fr")).status, 422);
}

TEST_P(CooperationSuite, EvaluationReportChecksItsPeriod) {
  const auto actor = access::Principal::System("VN");
  auto reversed = cooperation::RenderEvaluation(node_->cooperation(), actor, {"2025-12-31", "2024-01-01", "vi", "pdf"});
  ASSERT_FALSE(reversed);
  EXPECT_EQ(reversed.error().fields.at(0).field, "to");
  EXPECT_EQ(reversed.error().fields.at(0).code, "before_from");
  auto r = Get(Path("/reports/evaluation?from=2025-12-31&to=2024-01-01&lang=en&format=pdf"));
  EXPECT_EQ(r.status, 422);
  auto pdf = Get(Path("/reports/evaluation?from=2024-01-01&to=2025-12-31&lang=vi&format=pdf"));
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  auto xlsx = Get(Path("/reports/evaluation?from=2024-01-01&to=2025-12-31&lang=lo&format=xlsx"));
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");  // a zip container
}

LB_INSTANTIATE_BACKENDS(CooperationSuite);

}  // namespace
}  // namespace lb::testing
