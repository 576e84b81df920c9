// JSON bodies and Idempotency-Key under attack, on both backends, through the Node's router:
// nesting deep enough to overflow a recursive walk (answered 422 naming the body, on every
// route family that reads JSON), objects with tens of thousands of unknown members (a short
// answer and bounded memory), and idempotency records that belong to one user and one
// credential (a token, or a browser session) so nobody else can replay or block them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "platform/access/users.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using nlohmann::json;
using ::testing::Contains;

constexpr char kPersons[] = "/api/v1/persons";
constexpr char kEmployers[] = "/api/v1/employers";
constexpr char kPermits[] = "/api/v1/permits";

std::string Nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// "field:code" for each entry of a problem's errors[].
std::vector<std::string> FieldErrors(const ApiResponse& r) {
  std::vector<std::string> out;
  if (!r.json.is_object() || !r.json.contains("errors")) return out;
  for (const auto& e : r.json["errors"]) out.push_back(e.value("field", "?") + ":" + e.value("code", "?"));
  return out;
}

// A JSON object with `n` members no route knows, after the members of `base`.
std::string WithUnknownMembers(const json& base, size_t n) {
  std::string out = base.dump();
  out.pop_back();  // the closing brace
  char member[32];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(member, sizeof member, ",\"unknown_%06zu\":0", i);
    out += member;
  }
  out += "}";
  return out;
}

// Resident set size of this process in KiB (0 when /proc is not there).
long RssKib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return 0;
}

class SecurityJsonTest : public ApiFixture {
 protected:
  ApiResponse Raw(const std::string& method, const std::string& target, const std::string& body,
                  std::map<std::string, std::string> headers = {}) {
    return Send(method, target, body, std::move(headers));
  }

  // The node still answers a plain read.
  void ExpectAlive() {
    auto r = Get(kPersons);
    EXPECT_EQ(r.status, 200) << r.body;
  }

  struct Browser {
    std::string cookie, csrf;
  };
  // A user with a password, logged in through POST /login (JSON): the cookie and CSRF token.
  Browser LogIn(const std::string& name, const std::string& password) {
    auto user = node_->users().Add(access::Principal::System("VN"), {name, "admin", "VN", {}, {}, password});
    EXPECT_TRUE(user) << user.error().message;
    auto r = Send("POST", "/login", json{{"name", name}, {"password", password}}.dump(),
                  {{"Content-Type", "application/json"}}, /*auth=*/false);
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set = r.Header("set-cookie");
    return {set.substr(0, set.find(';')), r.json.value("csrf_token", "")};
  }
  ApiResponse PostAs(const Browser& b, const std::string& target, const json& body, const std::string& key) {
    return Send("POST", target, body.dump(), {{"Cookie", b.cookie}, {"X-CSRF-Token", b.csrf}, {"Idempotency-Key", key}},
                /*auth=*/false);
  }
  ApiResponse PostWithToken(const std::string& token, const std::string& target, const json& body,
                            const std::string& key) {
    return Send("POST", target, body.dump(), {{"Authorization", "Bearer " + token}, {"Idempotency-Key", key}});
  }

  static json WorkerWithPassport(const std::string& number) {
    json b = LaoWorker();
    b["documents"][0]["number"] = number;
    return b;
  }
};

// --- finding 1: nesting ------------------------------------------------------------------

TEST_P(SecurityJsonTest, NestedUploadWithAnIdempotencyKeyIsAnsweredAndReplayedAndTheNodeLives) {
  const std::string file = Nested(60000);  // 120 KB of [[[...]]]
  const std::map<std::string, std::string> headers = {{"Content-Type", "text/csv"}, {"Idempotency-Key", "nest-1"}};
  auto first = Raw("POST", "/api/v1/imports?kind=persons&mode=dry-run", file, headers);
  ASSERT_EQ(first.status, 202) << first.body.substr(0, 500);
  const std::string job = first.json.value("id", "");
  EXPECT_FALSE(job.empty());
  auto again = Raw("POST", "/api/v1/imports?kind=persons&mode=dry-run", file, headers);
  EXPECT_EQ(again.status, 202) << again.body.substr(0, 500);
  EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(again.json.value("id", ""), job);
  // The server's threads overflowed on the 120 KB file; this process's main thread has more
  // stack, so a 2 MB file (a million levels, well within the upload limit) makes the same point.
  const std::string deeper = Nested(1000000);
  auto big = Raw("POST", "/api/v1/imports?kind=persons&mode=dry-run", deeper,
                 {{"Content-Type", "text/csv"}, {"Idempotency-Key", "nest-2"}});
  EXPECT_EQ(big.status, 202) << big.body.substr(0, 500);
  ExpectAlive();
}

TEST_P(SecurityJsonTest, DeeplyNestedPersonWithAnIdempotencyKeyIsRefusedNamingTheBody) {
  auto r = Raw("POST", kPersons, Nested(100000), {{"Idempotency-Key", "deep-1"}});
  EXPECT_EQ(r.status, 422) << r.body.substr(0, 500);
  EXPECT_THAT(FieldErrors(r), Contains("body:too_deep"));
  EXPECT_EQ(Count("persons"), 0);
  EXPECT_EQ(Count("idempotency_keys"), 0);
  ExpectAlive();
}

TEST_P(SecurityJsonTest, DeeplyNestedBodiesAreRefusedOnEveryRouteThatReadsJson) {
  const auto permit_body = PermitInVietnam();  // registers a person and an employer
  const std::string person_url = std::string(kPersons) + "/" + permit_body.value("person_id", "");
  const auto permit = Post(kPermits, permit_body);
  ASSERT_EQ(permit.status, 201) << permit.body;
  const std::string permit_url = std::string(kPermits) + "/" + permit.json.value("id", "");

  struct Call {
    std::string method, target;
  };
  const std::vector<Call> calls = {
      {"POST", kPersons},
      {"PATCH", person_url},
      {"POST", kEmployers},
      {"POST", kPermits},
      {"PATCH", permit_url},
      {"POST", permit_url + "/transitions"},
      {"POST", "/api/v1/cooperation/organisations"},
      {"POST", "/api/v1/cooperation/agreements"},
      {"POST", "/api/v1/cooperation/conferences"},
      {"POST", "/api/v1/cooperation/commitments"},
      {"POST", "/api/v1/cooperation/activities"},
      {"POST", "/api/v1/cooperation/twinnings"},
  };
  const std::string deep = Nested(100000);
  for (const auto& c : calls) {
    auto r = Raw(c.method, c.target, deep, {{"If-Match", "\"1\""}, {"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 422) << c.method << " " << c.target << " -> " << r.body.substr(0, 300);
    EXPECT_THAT(FieldErrors(r), Contains("body:too_deep")) << c.method << " " << c.target;
  }
  // Login takes at most 1 KiB, which still nests 500 deep.
  auto login = Send("POST", "/login", Nested(500), {{"Content-Type", "application/json"}}, /*auth=*/false);
  EXPECT_EQ(login.status, 422) << login.body;
  EXPECT_THAT(FieldErrors(login), Contains("body:too_deep"));
  EXPECT_EQ(Count("persons"), 1);
  EXPECT_EQ(Count("work_permits"), 1);
  ExpectAlive();
}

TEST_P(SecurityJsonTest, ThirtyTwoLevelsAreStillReadAsUsual) {
  // A person whose phone is nested 31 levels down: deep but within the limit, so the usual
  // field error (phone must be a string) is what comes back.
  json b = LaoWorker();
  json v = "x";
  for (int i = 0; i < 30; ++i) v = json::array({v});
  b["phone"] = v;
  auto r = Post(kPersons, b);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_THAT(FieldErrors(r), Contains("phone:type"));
}

// --- finding 3: amplification and memory ---------------------------------------------------

TEST_P(SecurityJsonTest, FiftyThousandUnknownMembersGetAShortAnswer) {
  const std::string body = WithUnknownMembers(LaoWorker(), 50000);
  ASSERT_GT(body.size(), 700u * 1024);
  auto r = Raw("POST", kPersons, body);
  EXPECT_EQ(r.status, 422);
  ASSERT_TRUE(r.json.is_object()) << r.body.substr(0, 300);
  ASSERT_TRUE(r.json.contains("errors"));
  EXPECT_LE(r.json["errors"].size(), 101u);
  EXPECT_LT(r.body.size(), 32u * 1024) << "the answer must not grow with the request";
  EXPECT_EQ(Count("persons"), 0);
}

TEST_P(SecurityJsonTest, OneHundredRefusedHugeBodiesLeaveTheProcessSizeBounded) {
  const std::string body = WithUnknownMembers(LaoWorker(), 50000);
  // Warm up once, so the allocator's first growth is not counted.
  ASSERT_EQ(Raw("POST", kPersons, body).status, 422);
  const long before = RssKib();
  ASSERT_GT(before, 0);
  // The peak is what a node must have room for: sample the resident set while the requests
  // run (each refused body used to cost tens of MB: its tree, 50,000 errors, a 4 MB answer).
  std::atomic<bool> running = true;
  std::atomic<long> peak = before;
  std::thread sampler([&] {
    while (running) {
      peak = std::max(peak.load(), RssKib());
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  // Eight threads, as the server's blocking pool would run them, each in its own malloc arena.
  std::vector<std::thread> threads;
  std::atomic<int> refused = 0;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 13; ++i) {
        if (Raw("POST", kPersons, body).status == 422) ++refused;
      }
    });
  }
  for (auto& t : threads) t.join();
  running = false;
  sampler.join();
  EXPECT_EQ(refused.load(), 104);
  const long peak_mib = (std::max(peak.load(), RssKib()) - before) / 1024;
  const long kept_mib = (RssKib() - before) / 1024;
  EXPECT_LT(peak_mib, 64) << "resident set peaked " << peak_mib << " MiB over the start during 104 refused requests";
  EXPECT_LT(kept_mib, 64) << "resident set kept " << kept_mib << " MiB after 104 refused requests";
}

// --- finding 2: idempotency keys belong to a user and a credential ---------------------------

TEST_P(SecurityJsonTest, AnotherBrowserUserCannotReplayOrBlockAKey) {
  const Browser anna = LogIn("anna.admin", "Mekong-Ferry-7q!Vx2");
  const Browser binh = LogIn("binh.admin", "Savannakhet#Bridge-94k");
  ASSERT_FALSE(anna.cookie.empty());
  ASSERT_FALSE(binh.cookie.empty());
  ASSERT_NE(anna.cookie, binh.cookie);

  auto a = PostAs(anna, kPersons, WorkerWithPassport("P0000001"), "shared-key");
  ASSERT_EQ(a.status, 201) << a.body;
  // The same key from another user with another body is that user's own first request.
  auto b = PostAs(binh, kPersons, WorkerWithPassport("P0000002"), "shared-key");
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_EQ(b.Header("Idempotent-Replayed"), "");
  EXPECT_NE(b.json.value("id", ""), a.json.value("id", ""));
  // Each replays their own.
  auto a2 = PostAs(anna, kPersons, WorkerWithPassport("P0000001"), "shared-key");
  EXPECT_EQ(a2.status, 201) << a2.body;
  EXPECT_EQ(a2.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(a2.json.value("id", ""), a.json.value("id", ""));
  auto b2 = PostAs(binh, kPersons, WorkerWithPassport("P0000002"), "shared-key");
  EXPECT_EQ(b2.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(b2.json.value("id", ""), b.json.value("id", ""));
  EXPECT_EQ(Count("persons"), 2);
  EXPECT_EQ(Count("idempotency_keys"), 2);
}

TEST_P(SecurityJsonTest, ABrowserUserNeverGetsAnotherUsersRecordForTheSameKeyAndBody) {
  const Browser anna = LogIn("anna.admin", "Mekong-Ferry-7q!Vx2");
  const Browser binh = LogIn("binh.admin", "Savannakhet#Bridge-94k");
  const json body = WorkerWithPassport("P0000003");
  auto a = PostAs(anna, kPersons, body, "k1");
  ASSERT_EQ(a.status, 201) << a.body;
  auto b = PostAs(binh, kPersons, body, "k1");
  EXPECT_EQ(b.Header("Idempotent-Replayed"), "") << "anna's stored answer was replayed to binh";
  EXPECT_EQ(b.status, 409) << b.body;  // binh's own attempt: the passport is already registered
}

TEST_P(SecurityJsonTest, TokensOfTwoUsersKeepTheirKeysApart) {
  const std::string t1 = AddUserWithToken("chanh.admin", "admin", "VN");
  const std::string t2 = AddUserWithToken("dao.admin", "admin", "VN");
  auto a = PostWithToken(t1, kPersons, WorkerWithPassport("P0000004"), "same");
  ASSERT_EQ(a.status, 201) << a.body;
  auto b = PostWithToken(t2, kPersons, WorkerWithPassport("P0000005"), "same");
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_EQ(b.Header("Idempotent-Replayed"), "");
  auto b2 = PostWithToken(t2, kPersons, WorkerWithPassport("P0000005"), "same");
  EXPECT_EQ(b2.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(b2.json.value("id", ""), b.json.value("id", ""));
}

TEST_P(SecurityJsonTest, TheKeyCoversTheRawBytesOfTheBody) {
  const json body = WorkerWithPassport("P0000006");
  auto a = Raw("POST", kPersons, body.dump(), {{"Idempotency-Key", "raw"}});
  ASSERT_EQ(a.status, 201) << a.body;
  auto same = Raw("POST", kPersons, body.dump(), {{"Idempotency-Key", "raw"}});
  EXPECT_EQ(same.Header("Idempotent-Replayed"), "true");
  // The same JSON laid out differently is another request for the key.
  auto spaced = Raw("POST", kPersons, body.dump(2), {{"Idempotency-Key", "raw"}});
  EXPECT_EQ(spaced.status, 422) << spaced.body;
  EXPECT_THAT(FieldErrors(spaced), Contains("Idempotency-Key:reused"));
  EXPECT_EQ(Count("persons"), 1);
}

}  // namespace

LB_INSTANTIATE_BACKENDS(SecurityJsonTest);

}  // namespace lb::testing
