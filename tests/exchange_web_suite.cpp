// Bulk exchange over HTTP on both backends: uploads that become import jobs (run in the
// background as the uploader, all-or-nothing / skip-invalid / dry-run, issue reports), who
// may see a job, bad requests, downloads of the registry, and the upload and job pages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "http/server.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kHeader[] =
    "family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,document_kind,"
    "document_number,document_country,document_expires\r\n";

std::string Row(const std::string& number, const std::string& given, const std::string& birth = "1990-04-02") {
  return "PHOMMAVONG," + given + ",," + "M," + birth + ",LA,LA-VT,,passport," + number + ",LA,\r\n";
}

// Three valid workers.
std::string ValidFile() {
  return std::string(kHeader) + Row("P1000001", "Khamla") + Row("P1000002", "Bounmy") + Row("P1000003", "Somphone");
}

// The same with the second worker's birth date impossible (row 3 of the sheet).
std::string FileWithBadRow() {
  return std::string(kHeader) + Row("P1000001", "Khamla") + Row("P1000002", "Bounmy", "1990-02-30") +
         Row("P1000003", "Somphone");
}

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class ExchangeWebSuite : public ApiFixture {
 protected:
  ApiResponse Upload(const std::string& query, const std::string& body, const std::string& token = "",
                     std::map<std::string, std::string> headers = {}) {
    headers.emplace("Content-Type", "text/csv");
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return Send("POST", "/api/v1/imports?" + query, body, headers);
  }

  // Uploads, waits for the job to end and answers the finished job.
  json ImportAndWait(const std::string& query, const std::string& body) {
    auto r = Upload(query, body);
    EXPECT_EQ(r.status, 202) << r.body;
    EXPECT_THAT(r.Header("location"), HasSubstr("/api/v1/imports/"));
    node_->imports().WaitIdle();
    auto job = Get("/api/v1/imports/" + r.json.value("id", std::string()));
    EXPECT_EQ(job.status, 200) << job.body;
    return job.json;
  }

  // A download: the body is a file the server would stream and remove.
  std::string Downloaded(const ApiResponse& r) {
    if (r.raw.body_file.empty()) return r.body;
    std::string text = ReadWhole(r.raw.body_file);
    if (r.raw.remove_body_file) std::remove(r.raw.body_file.c_str());
    return text;
  }

  std::vector<std::string> FieldsOf(const ApiResponse& r) {
    std::vector<std::string> out;
    for (const auto& e : r.json.value("errors", json::array())) out.push_back(e.value("field", ""));
    return out;
  }
};

TEST_P(ExchangeWebSuite, ValidFileIsImportedAndASecondUploadChangesNothing) {
  json job = ImportAndWait("kind=persons", ValidFile());
  EXPECT_EQ(job["state"], "succeeded") << job.dump();
  EXPECT_EQ(job["kind"], "persons");
  EXPECT_EQ(job["mode"], "all-or-nothing");
  EXPECT_EQ(job["rows_read"], 3);
  EXPECT_EQ(job["rows_total"], 3);
  EXPECT_EQ(job["rows_total_exact"], true);
  EXPECT_EQ(job["created"], 3);
  EXPECT_EQ(job["invalid"], 0);
  EXPECT_EQ(job["committed"], true);
  EXPECT_EQ(job["issues"].size(), 0u);
  EXPECT_TRUE(job["finished_at"].is_string());
  EXPECT_EQ(Count("persons"), 3);

  job = ImportAndWait("kind=persons", ValidFile());
  EXPECT_EQ(job["state"], "succeeded");
  EXPECT_EQ(job["created"], 0);
  EXPECT_EQ(job["updated"], 0);
  EXPECT_EQ(job["unchanged"], 3);
  EXPECT_EQ(Count("persons"), 3);
}

TEST_P(ExchangeWebSuite, ABadRowUnderAllOrNothingWritesNothingAndNamesRowAndColumn) {
  const int64_t audit_before = Count("audit_log");
  json job = ImportAndWait("kind=persons&mode=all-or-nothing", FileWithBadRow());
  EXPECT_EQ(job["state"], "failed") << job.dump();
  EXPECT_EQ(job["error"]["code"], "invalid_rows");
  EXPECT_EQ(job["invalid"], 1);
  EXPECT_EQ(job["committed"], false);
  ASSERT_EQ(job["issues"].size(), 1u);
  EXPECT_EQ(job["issues"][0]["row"], 3);
  EXPECT_EQ(job["issues"][0]["column"], "birth_date");
  EXPECT_EQ(job["issues"][0]["value"], "1990-02-30");
  EXPECT_EQ(Count("persons"), 0);
  EXPECT_EQ(Count("audit_log"), audit_before);

  auto report = Get("/api/v1/imports/" + job["id"].get<std::string>() + "/issues.csv");
  ASSERT_EQ(report.status, 200);
  EXPECT_THAT(report.Header("content-type"), HasSubstr("text/csv"));
  EXPECT_THAT(report.Header("content-disposition"), HasSubstr("attachment"));
  const std::string csv = Downloaded(report);
  EXPECT_TRUE(csv.starts_with("row,column,value,code,message\r\n")) << csv;
  EXPECT_THAT(csv, HasSubstr("3,birth_date,1990-02-30,"));
}

TEST_P(ExchangeWebSuite, SkipInvalidWritesTheGoodRowsAndDryRunWritesNothing) {
  json dry = ImportAndWait("kind=persons&mode=dry-run", ValidFile());
  EXPECT_EQ(dry["state"], "succeeded") << dry.dump();
  EXPECT_EQ(dry["created"], 3);  // what the real run would do
  EXPECT_EQ(dry["committed"], false);
  EXPECT_EQ(Count("persons"), 0);

  dry = ImportAndWait("kind=persons&mode=dry-run", FileWithBadRow());
  EXPECT_EQ(dry["state"], "failed");
  EXPECT_EQ(dry["error"]["code"], "invalid_rows");
  EXPECT_EQ(Count("persons"), 0);

  json job = ImportAndWait("kind=persons&mode=skip-invalid", FileWithBadRow());
  EXPECT_EQ(job["state"], "succeeded") << job.dump();
  EXPECT_EQ(job["created"], 2);
  EXPECT_EQ(job["invalid"], 1);
  EXPECT_EQ(job["issues"][0]["row"], 3);
  EXPECT_EQ(Count("persons"), 2);
}

TEST_P(ExchangeWebSuite, AFileWithAWrongHeaderFailsNamingTheColumn) {
  json job = ImportAndWait("kind=employers", ValidFile());
  EXPECT_EQ(job["state"], "failed");
  ASSERT_GE(job["issues"].size(), 1u);
  EXPECT_EQ(job["issues"][0]["row"], 1);
  EXPECT_EQ(job["issue_count"].get<int64_t>(), static_cast<int64_t>(job["issues"].size()));
  EXPECT_EQ(Count("employers"), 0);
}

TEST_P(ExchangeWebSuite, BadParametersAndEmptyBodiesAre422NamingTheParameter) {
  auto r = Upload("kind=workers", ValidFile());
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(FieldsOf(r), ::testing::ElementsAre("kind"));
  r = Upload("mode=all", ValidFile());
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(FieldsOf(r), ::testing::UnorderedElementsAre("kind", "mode"));
  r = Upload("kind=persons&confirm_new=yes", ValidFile());
  EXPECT_THAT(FieldsOf(r), ::testing::ElementsAre("confirm_new"));
  r = Upload("kind=persons&sheet=2", ValidFile());
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(FieldsOf(r), ::testing::ElementsAre("sheet"));
  r = Upload("kind=persons", "");
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(FieldsOf(r), ::testing::ElementsAre("body"));
  r = Send("POST", "/api/v1/imports?kind=persons", R"({"rows":[]})", {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(FieldsOf(r), ::testing::ElementsAre("Content-Type"));
  r = Upload("kind=persons&mode=%FF", ValidFile());
  EXPECT_EQ(r.status, 400);
  node_->imports().WaitIdle();
  EXPECT_EQ(Count("persons"), 0);
}

TEST_P(ExchangeWebSuite, OnlyTheUploaderAndAdministratorsSeeAJob) {
  const std::string clerk = AddUserWithToken("clerk.one", "registry_officer", "VN");
  const std::string other = AddUserWithToken("clerk.two", "registry_officer", "VN");
  const std::string viewer = AddUserWithToken("viewer.one", "viewer", "VN");
  auto r = Upload("kind=persons", ValidFile(), clerk);
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string id = r.json["id"];
  node_->imports().WaitIdle();
  auto as = [&](const std::string& token, const std::string& target) {
    return Send("GET", target, "", {{"Authorization", "Bearer " + token}});
  };
  EXPECT_EQ(as(clerk, "/api/v1/imports/" + id).status, 200);
  EXPECT_EQ(as(other, "/api/v1/imports/" + id).status, 404);
  EXPECT_EQ(as(other, "/api/v1/imports/" + id + "/issues.csv").status, 404);
  EXPECT_EQ(Get("/api/v1/imports/" + id).status, 200);  // the administrator
  EXPECT_EQ(Get("/api/v1/imports/01a21703-0000-7000-8000-000000000000").status, 404);
  // A viewer may not import, and is told so before anything else is looked at.
  EXPECT_EQ(Upload("kind=persons", ValidFile(), viewer).status, 403);
  EXPECT_EQ(Upload("kind=nothing", "", viewer).status, 403);
  EXPECT_EQ(as(viewer, "/api/v1/imports/" + id).status, 403);
  // The import ran as the clerk: the audit log names them.
  auto rows = testdb_->Query("SELECT COUNT(*) FROM audit_log WHERE actor = 'clerk.one' AND action = 'person.create'");
  EXPECT_EQ(rows.at(0).Int(0), 3);
}

TEST_P(ExchangeWebSuite, AnIdempotencyKeyReplaysTheJob) {
  auto first = Upload("kind=persons", ValidFile(), "", {{"Idempotency-Key", "upload-1"}});
  ASSERT_EQ(first.status, 202);
  auto again = Upload("kind=persons", ValidFile(), "", {{"Idempotency-Key", "upload-1"}});
  EXPECT_EQ(again.status, 202);
  EXPECT_EQ(again.json["id"], first.json["id"]);
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  auto other = Upload("kind=persons&mode=dry-run", ValidFile(), "", {{"Idempotency-Key", "upload-1"}});
  EXPECT_EQ(other.status, 422);
  EXPECT_THAT(FieldsOf(other), ::testing::ElementsAre("Idempotency-Key"));
  node_->imports().WaitIdle();
  EXPECT_EQ(Count("persons"), 3);
}

TEST_P(ExchangeWebSuite, ExportsDownloadWithFiltersAndAreAudited) {
  ImportAndWait("kind=persons", ValidFile());
  auto csv = Get("/api/v1/exports/persons?format=csv&bom=true&lang=vi&nationality=LA");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_THAT(csv.Header("content-type"), HasSubstr("text/csv"));
  EXPECT_THAT(csv.Header("content-disposition"), HasSubstr("attachment; filename=\"persons-2026-01-15.csv\""));
  EXPECT_EQ(csv.Header("x-row-count"), "3");
  const std::string text = Downloaded(csv);
  EXPECT_TRUE(text.starts_with("\xEF\xBB\xBF")) << "the BOM Excel needs";
  EXPECT_THAT(text, HasSubstr("P1000002"));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4);

  auto none = Get("/api/v1/exports/persons?nationality=VN");
  EXPECT_EQ(Downloaded(none).find("P1000001"), std::string::npos);

  auto xlsx = Get("/api/v1/exports/persons?format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.Header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_THAT(xlsx.Header("content-disposition"), HasSubstr("persons-2026-01-15.xlsx"));
  EXPECT_TRUE(Downloaded(xlsx).starts_with("PK\x03\x04"));

  auto rows = testdb_->Query("SELECT COUNT(*) FROM audit_log WHERE action = 'person.export'");
  EXPECT_EQ(rows.at(0).Int(0), 3);

  auto bad = Get("/api/v1/exports/persons?format=pdf&lang=fr&bom=1&colour=red");
  EXPECT_EQ(bad.status, 422);
  EXPECT_THAT(FieldsOf(bad), ::testing::ElementsAre("colour"));
  bad = Get("/api/v1/exports/persons?format=pdf&lang=fr&bom=1");
  EXPECT_THAT(FieldsOf(bad), ::testing::UnorderedElementsAre("format", "lang", "bom"));
  bad = Get("/api/v1/exports/workers");
  EXPECT_EQ(bad.status, 422);
  EXPECT_THAT(FieldsOf(bad), ::testing::ElementsAre("kind"));
  auto employers = Get("/api/v1/exports/employers?country=LA");
  EXPECT_EQ(employers.status, 200);
  Downloaded(employers);
  auto permits = Get("/api/v1/exports/permits?expiring_before=2027-01-01&host_country=VN");
  EXPECT_EQ(permits.status, 200);
  Downloaded(permits);
  const std::string coop = AddUserWithToken("coop.one", "cooperation_officer", "VN");
  EXPECT_EQ(Send("GET", "/api/v1/exports/persons", "", {{"Authorization", "Bearer " + coop}}).status, 403);
}

// An upload over the import limit is refused by the server before the body is read.
TEST_P(ExchangeWebSuite, AnUploadOverTheLimitIs413) {
  namespace asio = boost::asio;
  http::ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 1;
  o.access_log = false;
  // This node's import limit is the default (128 MiB); a route limit below it shows the rule.
  o.body_limit = 1024;
  server::Node* n = node_.get();
  o.admit = [n](const http::Request& head, bool large) {
    http::Admission a = n->Admit(head, large);
    if (a.body_limit) a.body_limit = head.path == "/api/v1/imports" ? 2u << 20 : a.body_limit;
    return a;
  };
  http::Server server(o, [n](const http::Request& r) { return n->Handle(r); });
  auto port = server.Start();
  ASSERT_TRUE(port);
  std::thread run([&] { server.Run(); });
  auto exchange = [&](const std::string& body) {
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), *port});
    const std::string req = "POST /api/v1/imports?kind=persons HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token_ +
                            "\r\nContent-Type: text/csv\r\nContent-Length: " + std::to_string(body.size()) +
                            "\r\nConnection: close\r\n\r\n" + body;
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(req), ec);
    std::string out;
    char buf[4096];
    for (;;) {
      size_t got = socket.read_some(asio::buffer(buf), ec);
      out.append(buf, got);
      if (ec) break;
    }
    return out;
  };
  // Over the server's default (1 MiB) but within the route's limit: accepted.
  std::string large = ValidFile();
  while (large.size() < (3u << 19)) large += "# a comment line that no header names\r\n";
  EXPECT_THAT(exchange(large), HasSubstr("HTTP/1.1 202"));
  EXPECT_THAT(exchange(large + large), HasSubstr("HTTP/1.1 413"));
  EXPECT_THAT(exchange(std::string(1025, 'x')), HasSubstr("HTTP/1.1 202"));
  node_->imports().WaitIdle();
  EXPECT_EQ(Count("persons"), 0) << "neither file was valid";
  EXPECT_THAT(exchange(ValidFile()), HasSubstr("HTTP/1.1 202"));
  server.Stop();
  run.join();
  node_->imports().WaitIdle();
  EXPECT_EQ(Count("persons"), 3);
}

// ---- the pages -------------------------------------------------------------------------

constexpr char kPassword[] = "Mekong-Ferry-7q!Vx2";

class ExchangePagesSuite : public ExchangeWebSuite {
 protected:
  void SignIn(const std::string& name, const std::string& role) {
    auto user =
        node_->users().Add(access::Principal::System("VN"), {name, role, "VN", std::nullopt, std::nullopt, kPassword});
    ASSERT_TRUE(user) << user.error().message;
    auto r = Send("POST", "/login", "name=" + name + "&password=Mekong-Ferry-7q%21Vx2",
                  {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Accept", "text/html"},
                   {"Host", "lb.test"},
                   {"Origin", "http://lb.test"}},  // as a browser posts the login form
                  false);
    ASSERT_EQ(r.status, 303) << r.body;
    const std::string set = r.Header("set-cookie");
    cookie_ = set.substr(0, set.find(';'));
    auto page = PageGet("/import");
    std::smatch m;
    const std::string body = page.body;
    if (std::regex_search(body, m, std::regex("name=\"csrf_token\" value=\"([^\"]+)\""))) csrf_ = m[1];
  }
  ApiResponse PageGet(const std::string& target) {
    return Send("GET", target, "", {{"Cookie", cookie_}, {"Accept", "text/html"}}, false);
  }
  ApiResponse PostUpload(const std::vector<std::tuple<std::string, std::string, std::string>>& parts) {
    const std::string boundary = "----lbtestboundary42";
    std::string body;
    for (const auto& [name, filename, value] : parts) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
      if (!filename.empty()) body += "; filename=\"" + filename + "\"\r\nContent-Type: text/csv";
      body += "\r\n\r\n" + value + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return Send(
        "POST", "/import", body,
        {{"Cookie", cookie_}, {"Accept", "text/html"}, {"Content-Type", "multipart/form-data; boundary=" + boundary}},
        false);
  }
  std::string cookie_, csrf_;
};

TEST_P(ExchangePagesSuite, UploadThroughThePageShowsTheOutcomeAndTheIssues) {
  SignIn("page.clerk", "registry_officer");
  auto form = PageGet("/import");
  ASSERT_EQ(form.status, 200);
  EXPECT_THAT(form.body, HasSubstr("enctype=\"multipart/form-data\""));
  EXPECT_THAT(form.body, HasSubstr("href=\"/import\" aria-current=\"page\""));

  auto r = PostUpload({{"csrf_token", "", csrf_},
                       {"kind", "", "persons"},
                       {"mode", "", "all-or-nothing"},
                       {"file", "workers.csv", FileWithBadRow()}});
  ASSERT_EQ(r.status, 303) << r.body;
  const std::string location = r.Header("location");
  ASSERT_THAT(location, ::testing::StartsWith("/imports/"));
  node_->imports().WaitIdle();
  auto page = PageGet(location);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("1 of 3 rows have problems, so nothing was imported."));
  EXPECT_THAT(page.body, HasSubstr("1990-02-30"));
  EXPECT_THAT(page.body, HasSubstr("/api/v1/imports/" + location.substr(9) + "/issues.csv"));
  EXPECT_THAT(page.body, Not(HasSubstr("<progress")));
  EXPECT_EQ(Count("persons"), 0);
  // In Vietnamese the problem is worded in Vietnamese (the importer's codes the catalogs know).
  auto vi = Send("GET", location, "", {{"Cookie", cookie_ + "; lb_lang=vi"}, {"Accept", "text/html"}}, false);
  ASSERT_EQ(vi.status, 200);
  EXPECT_THAT(vi.body, HasSubstr("birth_date phải là một ngày có thật, ví dụ 31/12/2026."));

  r = PostUpload({{"csrf_token", "", csrf_},
                  {"kind", "", "persons"},
                  {"mode", "", "skip-invalid"},
                  {"file", "workers.csv", ValidFile()}});
  ASSERT_EQ(r.status, 303);
  node_->imports().WaitIdle();
  page = PageGet(r.Header("location"));
  EXPECT_THAT(page.body, HasSubstr("The import is finished."));
  EXPECT_THAT(page.body, HasSubstr("No problems were found."));
  EXPECT_EQ(Count("persons"), 3);
}

TEST_P(ExchangePagesSuite, TheUploadNeedsItsCsrfTokenAFileAndARole) {
  SignIn("page.clerk", "registry_officer");
  auto r = PostUpload({{"kind", "", "persons"}, {"mode", "", "all-or-nothing"}, {"file", "w.csv", ValidFile()}});
  EXPECT_EQ(r.status, 403);
  r = PostUpload({{"csrf_token", "", "wrong"}, {"kind", "", "persons"}, {"file", "w.csv", ValidFile()}});
  EXPECT_EQ(r.status, 403);
  r = PostUpload({{"csrf_token", "", csrf_}, {"kind", "", "cats"}, {"mode", "", "sometimes"}, {"file", "", ""}});
  EXPECT_EQ(r.status, 422);
  EXPECT_THAT(r.body, HasSubstr("href=\"#kind\""));
  EXPECT_THAT(r.body, HasSubstr("href=\"#mode-all-or-nothing\""));
  EXPECT_THAT(r.body, HasSubstr("href=\"#file\""));
  node_->imports().WaitIdle();
  EXPECT_EQ(Count("persons"), 0);

  ExchangePagesSuite::SignIn("page.viewer", "viewer");
  EXPECT_EQ(PageGet("/import").status, 403);
  EXPECT_THAT(PageGet("/persons").body, Not(HasSubstr("href=\"/import\"")));
}

TEST_P(ExchangePagesSuite, ListPagesCarryTheirFiltersIntoTheDownloads) {
  SignIn("page.clerk", "registry_officer");
  auto persons = PageGet("/persons?nationality=LA&status=archived");
  ASSERT_EQ(persons.status, 200);
  EXPECT_THAT(persons.body,
              HasSubstr("/api/v1/exports/persons?lang=en&amp;format=csv&amp;bom=true&amp;nationality=LA&amp;status="
                        "archived"));
  EXPECT_THAT(persons.body, HasSubstr("/api/v1/exports/persons?lang=en&amp;format=xlsx&amp;nationality=LA"));
  auto employers = PageGet("/employers");
  EXPECT_THAT(employers.body, HasSubstr("/api/v1/exports/employers?lang=en&amp;format=xlsx&amp;status=active"));
  auto permits = PageGet("/permits?status=issued&host_country=VN&expiring_before=2027-01-31");
  ASSERT_EQ(permits.status, 200) << permits.body;
  EXPECT_THAT(permits.body, HasSubstr("/api/v1/exports/permits?lang=en&amp;format=csv&amp;bom=true&amp;status=issued"
                                      "&amp;host_country=VN&amp;expiring_before=2027-01-31"));
  auto bad = PageGet("/permits?expiring_before=soon");
  EXPECT_EQ(bad.status, 200);
  EXPECT_THAT(bad.body, HasSubstr("aria-invalid=\"true\""));
}

LB_INSTANTIATE_BACKENDS(ExchangeWebSuite);
LB_INSTANTIATE_BACKENDS(ExchangePagesSuite);

}  // namespace
}  // namespace lb::testing
