// Limits on JSON bodies (core/json_limits.h, http/json_body.h), the bounded problem answer
// (http/router.cpp) and the Idempotency-Key hash over raw bytes (access/idempotency.h).
#include "core/json_limits.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "http/router.h"
#include "rest/idempotency.h"
#include "rest/json_body.h"

namespace lb {
namespace {

using nlohmann::json;

std::string Nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string ObjectWith(size_t members) {
  std::string out = "{";
  for (size_t i = 0; i < members; ++i) out += (i ? ",\"m" : "\"m") + std::to_string(i) + "\":0";
  return out + "}";
}

std::string FieldCode(const core::Error& e) {
  return e.fields.empty() ? "" : e.fields.front().field + ":" + e.fields.front().code;
}

TEST(JsonLimits, ThirtyTwoLevelsParseAndThirtyThreeAreRefusedNamingTheField) {
  auto ok = core::ParseJsonWithin(Nested(32));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(ok->is_array());
  auto deep = core::ParseJsonWithin(Nested(33));
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code, core::ErrorCode::kValidation);
  EXPECT_EQ(FieldCode(deep.error()), "body:too_deep");
  EXPECT_THAT(deep.error().fields.front().message, ::testing::HasSubstr("32"));
}

TEST(JsonLimits, AHundredThousandLevelsAndAnUnclosedMillionAreRefusedWithoutATree) {
  EXPECT_EQ(FieldCode(core::ParseJsonWithin(Nested(100000)).error()), "body:too_deep");
  EXPECT_EQ(FieldCode(core::ParseJsonWithin(std::string(1000000, '[')).error()), "body:too_deep");
  EXPECT_EQ(FieldCode(core::ParseJsonWithin("{\"a\":" + Nested(40) + "}").error()), "body:too_deep");
}

TEST(JsonLimits, BracketsInsideStringsAreNotNesting) {
  const std::string text = "{\"s\":\"" + Nested(5000) + "\"}";
  auto j = core::ParseJsonWithin(text);
  ASSERT_TRUE(j) << j.error().message;
  EXPECT_EQ((*j)["s"].get<std::string>().size(), 10000u);
}

TEST(JsonLimits, MembersPerObjectAreCountedPerObject) {
  EXPECT_TRUE(core::ParseJsonWithin(ObjectWith(200)));
  auto wide = core::ParseJsonWithin(ObjectWith(201));
  ASSERT_FALSE(wide);
  EXPECT_EQ(FieldCode(wide.error()), "body:too_many_members");
  // Two objects of 150 members each are fine.
  EXPECT_TRUE(core::ParseJsonWithin("[" + ObjectWith(150) + "," + ObjectWith(150) + "]"));
}

TEST(JsonLimits, ValuesInTheWholeDocumentAreBounded) {
  std::string many = "[0";
  for (int i = 0; i < 20000; ++i) many += ",0";
  many += "]";
  auto j = core::ParseJsonWithin(many);
  ASSERT_FALSE(j);
  EXPECT_EQ(FieldCode(j.error()), "body:too_many_values");
  EXPECT_TRUE(core::ParseJsonWithin(many, {32, 200, 30000}));
}

TEST(JsonLimits, BadSyntaxIsMalformed) {
  for (const char* text : {"", "{", "[1,]", "{\"a\" 1}", "nul", "[1] [2]", "\"\xff\""}) {
    auto j = core::ParseJsonWithin(text);
    ASSERT_FALSE(j) << text;
    EXPECT_EQ(j.error().code, core::ErrorCode::kMalformed) << text;
  }
}

TEST(JsonLimits, StoredJsonIsOnlyBoundedInDepth) {
  EXPECT_TRUE(core::ParseStoredJson(ObjectWith(5000)).is_object());
  EXPECT_TRUE(core::ParseStoredJson(Nested(64)).is_array());
  EXPECT_TRUE(core::ParseStoredJson(Nested(65)).is_discarded());
  EXPECT_TRUE(core::ParseStoredJson("{").is_discarded());
}

TEST(JsonBody, ADeepOrWideBodyIs422NamingTheBody) {
  http::Request req;
  req.body = Nested(100000);
  auto deep = http::ParseJsonObject(req);
  ASSERT_FALSE(deep);
  EXPECT_EQ(http::StatusFor(deep.error().code), 422);
  EXPECT_EQ(FieldCode(deep.error()), "body:too_deep");
  req.body = ObjectWith(50000);
  auto wide = http::ParseJsonObject(req);
  ASSERT_FALSE(wide);
  EXPECT_EQ(FieldCode(wide.error()), "body:too_many_members");
  req.body = "{\"a\":";
  EXPECT_EQ(http::StatusFor(http::ParseJsonObject(req).error().code), 400);
}

TEST(JsonBody, UnknownMembersAreReportedAtMostAHundredTimes) {
  const json object = json::parse(ObjectWith(150));
  std::vector<core::FieldError> errors;
  http::ObjectReader reader(object, "", errors);
  reader.RejectUnknown();
  EXPECT_EQ(errors.size(), core::kMaxFieldErrors);
}

TEST(ProblemResponse, ListsAtMostAHundredErrorsAndCountsTheRest) {
  std::vector<core::FieldError> fields;
  for (int i = 0; i < 50000; ++i) fields.push_back({"f" + std::to_string(i), "unknown_field", "Not a known field."});
  const auto r = http::ProblemResponse(core::Error::Validation(std::move(fields)), "/x", "req-1");
  EXPECT_EQ(r.status, 422);
  EXPECT_LT(r.body.size(), 32u * 1024);
  const json body = json::parse(r.body);
  EXPECT_EQ(body["errors"].size(), 100u);
  EXPECT_EQ(body["errors_omitted"], 49900);
  EXPECT_EQ(body["errors"][99]["field"], "f99");
}

TEST(ProblemResponse, AShortListHasNoOmittedCount) {
  const auto r = http::ProblemResponse(core::Error::Field("name", "required", "name is required."));
  EXPECT_FALSE(json::parse(r.body).contains("errors_omitted"));
}

access::Principal Caller(const std::string& user, const std::string& token, const std::string& session) {
  access::Principal p;
  p.user_id = user;
  p.token_id = token;
  p.session_id = session;
  return p;
}

std::string HashOf(const http::Request& req, const access::Principal& who) {
  auto k = access::ReadIdempotencyKey(req, who);
  EXPECT_TRUE(k && *k);
  return k && *k ? (*k)->request_hash : "";
}

TEST(IdempotencyKey, HashesTheRawBodyWithoutParsingIt) {
  http::Request req;
  req.method = "POST";
  req.path = "/api/v1/imports";
  req.headers["idempotency-key"] = "k";
  req.body = Nested(60000);  // would overflow a recursive serialiser if it were parsed
  const auto alice = Caller("u1", "", "sessionhash1");
  const std::string nested = HashOf(req, alice);
  EXPECT_EQ(nested.size(), 64u);
  req.body = "{\"a\":1}";
  const std::string compact = HashOf(req, alice);
  req.body = "{ \"a\": 1 }";
  EXPECT_NE(HashOf(req, alice), compact) << "the raw bytes count, not the parsed JSON";
  req.body = "{\"a\":1}";
  EXPECT_EQ(HashOf(req, alice), compact);
  EXPECT_NE(HashOf(req, Caller("u2", "", "sessionhash2")), compact);
  req.path = "/api/v1/persons";
  EXPECT_NE(HashOf(req, alice), compact);
  req.path = "/api/v1/imports";
  req.query.emplace("mode", "dry-run");
  EXPECT_NE(HashOf(req, alice), compact);
}

TEST(IdempotencyKey, BelongsToTheUserAndTheCredential) {
  http::Request req;
  req.method = "POST";
  req.headers["idempotency-key"] = "k";
  auto browser = access::ReadIdempotencyKey(req, Caller("u1", "", "abc"));
  ASSERT_TRUE(browser && *browser);
  EXPECT_EQ((*browser)->user_id, "u1");
  EXPECT_EQ((*browser)->credential, "session:abc");
  auto token = access::ReadIdempotencyKey(req, Caller("u1", "t9", ""));
  ASSERT_TRUE(token && *token);
  EXPECT_EQ((*token)->credential, "token:t9");
  EXPECT_EQ(access::CredentialOf(Caller("system", "", "")), "local");
}

}  // namespace
}  // namespace lb
