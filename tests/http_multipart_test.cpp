// multipart/form-data as browsers send it: fields, files with any bytes, quoting, and the
// ways a truncated or hand-made body goes wrong.
#include <gtest/gtest.h>

#include "http/multipart.h"

namespace lb::http {
namespace {

Request Form(std::string body, std::string type = "multipart/form-data; boundary=----WebKitFormBoundaryx7Q") {
  Request r;
  r.method = "POST";
  r.headers["content-type"] = std::move(type);
  r.body = std::move(body);
  return r;
}

const std::string kB = "------WebKitFormBoundaryx7Q";

TEST(Multipart, SplitsFieldsAndAFileKeepingEveryByte) {
  const std::string file = std::string("a,b\r\n--not-a-boundary\r\n\0\xff", 27) + "ບຸນຍັງ\r\n";
  auto parts =
      ParseMultipart(Form(kB + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\npersons\r\n" + kB +
                          "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Danh sách ຄົນ.csv\"\r\n"
                          "Content-Type: text/csv\r\n\r\n" +
                          file + "\r\n" + kB + "--\r\n"));
  ASSERT_TRUE(parts) << parts.error().message;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "kind");
  EXPECT_EQ((*parts)[0].body, "persons");
  EXPECT_EQ((*parts)[0].content_type, "text/plain");
  EXPECT_EQ((*parts)[0].filename, "");
  const FormPart* f = FindPart(*parts, "file");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->filename, "Danh sách ຄົນ.csv");
  EXPECT_EQ(f->content_type, "text/csv");
  EXPECT_EQ(f->body, file);
  EXPECT_EQ(FindPart(*parts, "missing"), nullptr);
}

TEST(Multipart, AcceptsAQuotedBoundaryAPreambleAndEscapedQuotesInNames) {
  auto parts =
      ParseMultipart(Form("preamble\r\n--b\r\nContent-Disposition: form-data; name=\"a\\\"b\"; "
                          "filename=\"x;y.csv\"\r\n\r\n\r\n--b--",
                          "Multipart/Form-Data; charset=utf-8; boundary=\"b\""));
  ASSERT_TRUE(parts) << parts.error().message;
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].name, "a\"b");
  EXPECT_EQ((*parts)[0].filename, "x;y.csv");
  EXPECT_EQ((*parts)[0].body, "");  // an empty file input
}

TEST(Multipart, RefusesWhatIsNotAWellFormedForm) {
  struct Case {
    std::string body, type, expect;
  } cases[] = {
      {"a=b", "application/x-www-form-urlencoded", "must be multipart/form-data"},
      {"", "", "must be multipart/form-data"},
      {"x", "multipart/form-data", "no valid boundary"},
      {"x", "multipart/form-data; boundary=" + std::string(71, 'b'), "no valid boundary"},
      {"no delimiter here", "multipart/form-data; boundary=b", "no part"},
      {"--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\ncut short", "multipart/form-data; boundary=b",
       "ends before its closing boundary"},
      {"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", "multipart/form-data; boundary=b", "field name"},
      {"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--", "multipart/form-data; boundary=b", "field name"},
      {"--bxx", "multipart/form-data; boundary=b", "line break"},
      {"--b\r\n" + std::string(9000, 'h'), "multipart/form-data; boundary=b", "headers"},
  };
  for (const auto& c : cases) {
    Request r = Form(c.body, c.type);
    if (c.type.empty()) r.headers.clear();
    auto parts = ParseMultipart(r);
    ASSERT_FALSE(parts) << c.body;
    EXPECT_EQ(parts.error().code, core::ErrorCode::kMalformed);
    EXPECT_NE(parts.error().message.find(c.expect), std::string::npos) << c.body << " -> " << parts.error().message;
  }
}

TEST(Multipart, LimitsTheNumberOfParts) {
  std::string body;
  for (int i = 0; i < 257; ++i) body += "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";
  body += "--b--";
  auto parts = ParseMultipart(Form(body, "multipart/form-data; boundary=b"));
  ASSERT_FALSE(parts);
  EXPECT_NE(parts.error().message.find("256"), std::string::npos);
  body = "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n--b--";
  EXPECT_TRUE(ParseMultipart(Form(body, "multipart/form-data; boundary=b")));
}

}  // namespace
}  // namespace lb::http
