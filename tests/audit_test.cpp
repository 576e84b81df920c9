// The audit log's pieces that need no database: the canonical encoding and its hash (with
// known answers computed independently, as docs/audit.md shows), Diff, the node key file,
// signatures and the checkpoint file format.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "platform/audit/audit_log.h"
#include "platform/audit/chain.h"
#include "platform/audit/checkpoint.h"
#include "platform/audit/signing.h"

namespace lb::audit {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

StoredEntry SampleEntry() {
  StoredEntry e;
  e.seq = 1;
  e.at = "2026-01-15T09:00:00.000Z";
  e.node = "VN";
  e.actor = "officer.a";
  e.action = "person.update";
  e.entity_type = "person";
  e.entity_id = "0190f3a0-0000-7000-8000-000000000001";
  e.changes = CanonicalJson(json{{"phone", {{"before", nullptr}, {"after", "+856 20 5555 1234"}}}});
  return e;
}

std::string Field(std::string_view s) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[7 - i] = static_cast<char>((s.size() >> (8 * i)) & 0xFF);
  return out + std::string(s);
}

TEST(AuditChain, CanonicalJsonSortsKeysWithoutWhitespace) {
  json v = {{"b", 1}, {"a", {{"d", {1, 2}}, {"c", "Lào"}}}, {"Z", nullptr}};
  EXPECT_EQ(CanonicalJson(v), R"({"Z":null,"a":{"c":"Lào","d":[1,2]},"b":1})");
  // Invalid UTF-8 never throws; it is replaced.
  EXPECT_EQ(CanonicalJson(json("a\xff")), "\"a\xEF\xBF\xBD\"");
}

TEST(AuditChain, EncodingIsLengthPrefixedFieldsInFixedOrder) {
  const StoredEntry e = SampleEntry();
  const std::string expected = Field("labourbridge-audit-entry-v1") + Field("1") + Field(e.at) + Field("VN") +
                               Field("officer.a") + Field("person.update") + Field("person") + Field(e.entity_id) +
                               Field(R"({"phone":{"after":"+856 20 5555 1234","before":null}})") + Field("");
  EXPECT_EQ(EncodeEntry(e), expected);
}

TEST(AuditChain, HashMatchesAnIndependentComputation) {
  // Known answers from the Python snippet in docs/audit.md.
  StoredEntry e = SampleEntry();
  EXPECT_EQ(HashEntry(e), "2f1a8d00d8a41cbfa79a1c553e435c8222861342b34fce91cfa9a0b2033f7f05");
  e.seq = 2;
  e.changes.reset();
  e.prev_hash = std::string(64, ' ');
  for (size_t i = 0; i < 64; i += 2) e.prev_hash.replace(i, 2, "ab");
  EXPECT_EQ(HashEntry(e), "1ff17d80a0849971fcb1a70765e10988c0e040c88d75ff9e2d624aa5ab1e354f");
}

TEST(AuditChain, EveryFieldAndItsBoundariesAreCovered) {
  const StoredEntry base = SampleEntry();
  const std::string h = HashEntry(base);
  auto differs = [&](auto mutate) {
    StoredEntry e = base;
    mutate(e);
    return HashEntry(e) != h;
  };
  EXPECT_TRUE(differs([](StoredEntry& e) { e.seq = 2; }));
  EXPECT_TRUE(differs([](StoredEntry& e) { e.at = "2026-01-15T09:00:00.001Z"; }));
  EXPECT_TRUE(differs([](StoredEntry& e) { e.node = "LA"; }));
  EXPECT_TRUE(differs([](StoredEntry& e) { e.actor = "officer.b"; }));
  EXPECT_TRUE(differs([](StoredEntry& e) { e.action = "person.read"; }));
  EXPECT_TRUE(differs([](StoredEntry& e) { e.entity_type = "employer"; }));
  EXPECT_TRUE(differs([](StoredEntry& e) { e.entity_id += "2"; }));
  EXPECT_TRUE(differs([](StoredEntry& e) { e.changes.reset(); }));
  EXPECT_TRUE(differs([](StoredEntry& e) { e.prev_hash = "00"; }));
  // Moving a byte from one field to the next changes the hash (the lengths are hashed).
  EXPECT_TRUE(differs([](StoredEntry& e) {
    e.actor = "officer.ap";
    e.action = "erson.update";
  }));
  // The stored hash itself is not an input.
  EXPECT_FALSE(differs([](StoredEntry& e) { e.hash = "anything"; }));
}

TEST(AuditDiff, ReportsChangedAddedAndRemovedMembers) {
  json before = {{"family_name", "Phommachanh"}, {"phone", "+856 20 1"}, {"sex", "F"}, {"docs", {1}}};
  json after = {{"family_name", "Phommachanh"},
                {"phone", "+856 20 2"},
                {"sex", "F"},
                {"docs", {1, 2}},
                {"native_name", "ພົມມະຈັນ"}};
  json d = Diff(before, after);
  EXPECT_EQ(d, (json{{"phone", {{"before", "+856 20 1"}, {"after", "+856 20 2"}}},
                     {"docs", {{"before", {1}}, {"after", {1, 2}}}},
                     {"native_name", {{"before", nullptr}, {"after", "ພົມມະຈັນ"}}}}));
  EXPECT_EQ(Diff(after, before)["native_name"], (json{{"before", "ພົມມະຈັນ"}, {"after", nullptr}}));
  EXPECT_TRUE(Diff(before, before).is_object());
  EXPECT_TRUE(Diff(before, before).empty());
  EXPECT_EQ(Diff(nullptr, json{{"a", 1}}), (json{{"a", {{"before", nullptr}, {"after", 1}}}}));
  EXPECT_EQ(Diff(json{{"a", 1}}, nullptr), (json{{"a", {{"before", 1}, {"after", nullptr}}}}));
  // A member present as null on one side and missing on the other has not changed.
  EXPECT_TRUE(Diff(json{{"a", nullptr}}, json::object()).empty());
  EXPECT_EQ(Diff(json("x"), json("y")), (json{{"value", {{"before", "x"}, {"after", "y"}}}}));
}

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    dir_ = fs::temp_directory_path() / ("lbkey-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  static unsigned Mode(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0);
    return st.st_mode & 07777;
  }
  fs::path dir_;
};

TEST_F(KeyFileTest, IsCreated0600AtFirstUseAndReloaded) {
  const fs::path path = dir_ / "node.key";
  const mode_t old = ::umask(0);  // even with a permissive umask
  auto created = NodeKey::LoadOrCreate(path.string());
  ::umask(old);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(Mode(path), 0600u);
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.size(), 64u);
  auto again = NodeKey::LoadOrCreate(path.string());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->PublicKeyHex(), created->PublicKeyHex());
  auto loaded = NodeKey::Load(path.string());
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->PublicKeyHex(), created->PublicKeyHex());
  // No temporary files are left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(KeyFileTest, ConcurrentFirstUseAgreesOnOneKey) {
  const std::string path = (dir_ / "node.key").string();
  std::vector<std::string> keys(6);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < keys.size(); ++i) {
    threads.emplace_back([&, i] {
      auto k = NodeKey::LoadOrCreate(path);
      keys[i] = k ? k->PublicKeyHex() : "error: " + k.error().message;
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& k : keys) EXPECT_EQ(k, keys[0]);
  EXPECT_EQ(keys[0].size(), 64u);
}

TEST_F(KeyFileTest, ReadableByGroupOrOthersIsRefused) {
  const fs::path path = dir_ / "node.key";
  ASSERT_TRUE(NodeKey::LoadOrCreate(path.string()));
  for (mode_t mode : {0640, 0604, 0644}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    auto k = NodeKey::Load(path.string());
    ASSERT_FALSE(k) << mode;
    EXPECT_EQ(k.error().code, core::ErrorCode::kForbidden);
    EXPECT_NE(k.error().message.find("group or others can read it"), std::string::npos) << k.error().message;
    EXPECT_NE(k.error().message.find("chmod 600 " + path.string()), std::string::npos) << k.error().message;
    EXPECT_FALSE(NodeKey::LoadOrCreate(path.string())) << "must not replace a refused key";
  }
}

TEST_F(KeyFileTest, MissingGarbageAndUncreatableFilesAreClearErrors) {
  auto missing = NodeKey::Load((dir_ / "none.key").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(fs::exists(dir_ / "none.key"));

  const fs::path garbage = dir_ / "garbage.key";
  std::ofstream(garbage) << "not a key\n";
  ::chmod(garbage.c_str(), 0600);
  auto g = NodeKey::Load(garbage.string());
  ASSERT_FALSE(g);
  EXPECT_NE(g.error().message.find("not a LabourBridge node key"), std::string::npos) << g.error().message;

  auto nodir = NodeKey::LoadOrCreate((dir_ / "no-such-dir" / "node.key").string());
  ASSERT_FALSE(nodir);
  EXPECT_NE(nodir.error().message.find("cannot create node key file"), std::string::npos) << nodir.error().message;
}

TEST(AuditSigning, SignaturesVerifyOnlyForTheSignedMessageAndKey) {
  NodeKey a = NodeKey::Generate(), b = NodeKey::Generate();
  const std::string msg = EncodeCheckpoint(5, std::string(64, 'a'), "VN", "2026-01-15T10:00:00.000Z");
  const std::string sig = a.SignHex(msg);
  EXPECT_EQ(sig.size(), 128u);
  EXPECT_TRUE(VerifySignature(msg, sig, a.PublicKeyHex()));
  EXPECT_FALSE(VerifySignature(msg, sig, b.PublicKeyHex()));
  EXPECT_FALSE(VerifySignature(EncodeCheckpoint(6, std::string(64, 'a'), "VN", "2026-01-15T10:00:00.000Z"), sig,
                               a.PublicKeyHex()));
  std::string flipped = sig;
  flipped[10] = flipped[10] == '0' ? '1' : '0';
  EXPECT_FALSE(VerifySignature(msg, flipped, a.PublicKeyHex()));
  EXPECT_FALSE(VerifySignature(msg, "zz", a.PublicKeyHex()));
  EXPECT_FALSE(VerifySignature(msg, sig, "not hex"));
}

Checkpoint SignedCheckpoint(const NodeKey& key) {
  Checkpoint c;
  c.seq = 42;
  c.head_hash = std::string(64, 'c');
  c.node = "LA";
  c.at = "2026-01-15T10:00:00.000Z";
  c.public_key = key.PublicKeyHex();
  c.signature = key.SignHex(EncodeCheckpoint(c.seq, c.head_hash, c.node, c.at));
  return c;
}

TEST(AuditCheckpointFile, RoundTripsAndKeepsItsSignature) {
  NodeKey key = NodeKey::Generate();
  const Checkpoint c = SignedCheckpoint(key);
  ASSERT_TRUE(c.SignatureValid());
  const json doc = c.ToJson();
  EXPECT_EQ(doc["format"], "labourbridge-audit-checkpoint/1");
  auto back = Checkpoint::FromText(doc.dump(2));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->seq, 42);
  EXPECT_EQ(back->head_hash, c.head_hash);
  EXPECT_EQ(back->node, "LA");
  EXPECT_EQ(back->at, c.at);
  EXPECT_TRUE(back->SignatureValid());
  json altered = doc;
  altered["seq"] = 41;
  auto a = Checkpoint::FromJson(altered);
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->SignatureValid());
}

TEST(AuditCheckpointFile, MalformedFilesAreRejectedNamingTheField) {
  NodeKey key = NodeKey::Generate();
  const json good = SignedCheckpoint(key).ToJson();
  auto expect_error = [](const std::string& text, const std::string& needle) {
    auto c = Checkpoint::FromText(text);
    ASSERT_FALSE(c) << text;
    EXPECT_NE(c.error().message.find(needle), std::string::npos) << c.error().message;
  };
  expect_error("{not json", "not valid JSON");
  expect_error("[]", "not a JSON object");
  json j = good;
  j["format"] = "something-else";
  expect_error(j.dump(), "'format'");
  j = good;
  j["seq"] = -1;
  expect_error(j.dump(), "'seq'");
  j = good;
  j["seq"] = "42";
  expect_error(j.dump(), "'seq'");
  j = good;
  j.erase("signature");
  expect_error(j.dump(), "'signature'");
  j = good;
  j["head_hash"] = "XYZ";
  expect_error(j.dump(), "'head_hash'");
  j = good;
  j["public_key"] = std::string(64, 'G');
  expect_error(j.dump(), "'public_key'");
}

}  // namespace
}  // namespace lb::audit
