// Upgrading a database that holds persons to the compact name index (migration V011, issue 16):
// on both backends, the persons written under the old layout are found by name after the
// migration and the start-up rebuild, and the index keeps up with new persons and renames.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/id.h"
#include "features/registry/name_index.h"
#include "features/registry/service.h"
#include "features/registry/store.h"
#include "storage/migrate.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

constexpr int kLastSchemaBeforeCompactIndex = 10;

// Persons as the store wrote them before V011: the row, its person_name_keys rows and the
// index state.
registry::Person OldPerson(std::string id, std::string family, std::string given, std::optional<std::string> native) {
  registry::Person p;
  p.id = std::move(id);
  p.family_name = std::move(family);
  p.given_names = std::move(given);
  p.native_name = std::move(native);
  p.sex = "M";
  p.nationality = "LA";
  p.owner_node = "VN";
  p.created_at = p.updated_at = "2026-01-01T00:00:00Z";
  p.scope.country = "VN";
  return p;
}

core::Status WriteAsBeforeV011(storage::Transaction& tx, const registry::Person& p) {
  LB_TRY(n, tx.Exec("INSERT INTO persons (id, family_name, given_names, native_name, sex, nationality, status, version,"
                    " owner_node, created_at, updated_at, scope_country) VALUES ($1, $2, $3, $4, $5, $6, 'active', 1,"
                    " $7, $8, $9, $10)",
                    {p.id, p.family_name, p.given_names, storage::Opt(p.native_name), p.sex, p.nationality,
                     p.owner_node, p.created_at, p.updated_at, *p.scope.country}));
  (void)n;
  for (const auto& r : registry::NameKeyRows(p)) {
    LB_TRY(k, tx.Exec("INSERT INTO person_name_keys (person_id, seq, key, word, skeleton) VALUES ($1, $2, $3, $4, $5)",
                      {p.id, r.seq, r.key, r.word, r.skeleton}));
    (void)k;
  }
  return {};
}

class NameIndexUpgrade : public ::testing::TestWithParam<Backend> {
 protected:
  std::vector<std::string> Search(registry::RegistryService& svc, const std::string& q) {
    auto hits = svc.SearchPersons(access::Principal::System("VN"), q, 10);
    EXPECT_TRUE(hits) << q << ": " << (hits ? "" : hits.error().message);
    std::vector<std::string> ids;
    if (hits) {
      for (const auto& h : *hits) ids.push_back(h.person.id);
    }
    return ids;
  }
};

TEST_P(NameIndexUpgrade, PersonsWrittenBeforeTheCompactIndexAreFoundAfterTheUpgrade) {
  TestDatabase t(GetParam(), 8, kLastSchemaBeforeCompactIndex);
  storage::Database& db = t.db();
  const auto bounnhang = OldPerson("01900000-0000-7000-8000-000000000001", "Vorachith", "Bounnhang", "ບຸນຍັງ ວໍລະຈິດ");
  const auto thongloun = OldPerson("01900000-0000-7000-8000-000000000002", "Sisoulith", "Thongloun", "ທອງລຸນ ສີສຸລິດ");
  const auto thuy = OldPerson("01900000-0000-7000-8000-000000000003", "Nguyen", "Thi Thuy", "Nguyễn Thị Thủy");
  ASSERT_TRUE(storage::InTransaction(db, true, [&](storage::Transaction& tx) -> core::Status {
    for (const auto* p : {&bounnhang, &thongloun, &thuy}) LB_CHECK(WriteAsBeforeV011(tx, *p));
    return registry::store::SetNameIndexVersion(tx, registry::kNameKeyVersion);
  }));

  // The upgrade, as `serve` runs it: migrations, then the index built at start.
  core::ManualClock clock(TestEpoch());
  auto applied = storage::Migrate(db, clock);
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_GE(*applied, 1);
  ASSERT_TRUE(registry::EnsureNameIndex(db));

  // The old rows are gone with their table; the persons got name refs in id order.
  const auto refs = t.Query("SELECT name_ref FROM persons ORDER BY id");
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs.at(0).Int(0), 1);
  EXPECT_EQ(refs.at(1).Int(0), 2);
  EXPECT_EQ(refs.at(2).Int(0), 3);
  EXPECT_GT(t.Query("SELECT COUNT(*) FROM person_name_terms").at(0).Int(0), 3 * 5);

  registry::RegistryService svc(db, clock, "VN");
  EXPECT_EQ(Search(svc, "Bounnhang").at(0), bounnhang.id);
  EXPECT_EQ(Search(svc, "Bun-nhăng Vo-la-chít").at(0), bounnhang.id);
  EXPECT_EQ(Search(svc, "ທອງລຸນ").at(0), thongloun.id);
  EXPECT_EQ(Search(svc, "Thongl").at(0), thongloun.id);  // typed so far
  EXPECT_EQ(Search(svc, "Nguyễn Thị Thủy").at(0), thuy.id);

  // After the upgrade the index keeps up: a new person is numbered after the old ones and
  // found; a renamed person is found by the new name only.
  auto sonexay = OldPerson(core::NewUuidV7(clock), "Siphandone", "Sonexay", "ສອນໄຊ ສີພັນດອນ");
  ASSERT_TRUE(storage::InTransaction(
      db, true, [&](storage::Transaction& tx) { return registry::store::InsertPerson(tx, sonexay); }));
  EXPECT_EQ(t.Query("SELECT name_ref FROM persons WHERE id = '" + sonexay.id + "'").at(0).Int(0), 4);
  EXPECT_EQ(Search(svc, "Sonexay Siphandone").at(0), sonexay.id);
  auto renamed = thongloun;
  renamed.family_name = "Phommachanh";
  renamed.native_name.reset();
  ASSERT_TRUE(storage::InTransaction(db, true, [&](storage::Transaction& tx) -> core::Result<int64_t> {
    return registry::store::UpdatePerson(tx, renamed, 1);
  }));
  EXPECT_EQ(Search(svc, "Thongloun Phommachanh").at(0), thongloun.id);
  EXPECT_THAT(Search(svc, "Sisoulith"), ::testing::Not(::testing::Contains(thongloun.id)));
}

LB_INSTANTIATE_BACKENDS(NameIndexUpgrade);

}  // namespace
}  // namespace lb::testing
