#include "rest/service_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace lb {
namespace {

using Errors = std::vector<core::FieldError>;

TEST(ServiceSupport, CleanNormalisesAndCollapses) {
  EXPECT_EQ(rest::Clean("  Nguy\xE1\xBB\x85n   V\xC4\x83n  "), "Nguy\xE1\xBB\x85n V\xC4\x83n");
  // "e" + combining circumflex + combining tilde becomes the precomposed NFC letter.
  EXPECT_EQ(rest::Clean("e\xCC\x82\xCC\x83"), "\xE1\xBB\x85");
  std::optional<std::string> blank = "   ";
  rest::CleanOpt(blank);
  EXPECT_EQ(blank, std::nullopt);
  std::optional<std::string> word = " a  b ";
  rest::CleanOpt(word);
  EXPECT_EQ(word, "a b");
  std::optional<std::string> none;
  rest::CleanOpt(none);
  EXPECT_EQ(none, std::nullopt);
}

TEST(ServiceSupport, CheckTextCountsCodePointsAndRefusesControls) {
  EXPECT_EQ(rest::CodePoints("\xE1\xBB\x85\xE0\xBA\xA5"
                             "a"),
            3u);
  Errors errors;
  rest::CheckText(errors, "name", "\xE1\xBB\x85\xE1\xBB\x85\xE1\xBB\x85", 3);
  EXPECT_TRUE(errors.empty());
  rest::CheckText(errors, "name", "abcd", 3);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "name");
  EXPECT_EQ(errors[0].code, "too_long");
  EXPECT_EQ(errors[0].message, "name must be at most 3 characters.");
  rest::CheckText(errors, "note", "a\x01", 100);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[1].field, "note");
  EXPECT_EQ(errors[1].code, "control_characters");
}

TEST(ServiceSupport, ErrorsNameWhatWentWrong) {
  const auto nf = rest::NotFound("employer");
  EXPECT_EQ(nf.code, core::ErrorCode::kNotFound);
  EXPECT_EQ(nf.message, "No employer with this id.");
  const auto stale = rest::Stale(7);
  EXPECT_EQ(stale.code, core::ErrorCode::kPreconditionFailed);
  EXPECT_NE(stale.message.find("current version 7"), std::string::npos);
  EXPECT_EQ(*rest::ParseLimit(1), 1);
  EXPECT_EQ(*rest::ParseLimit(500), 500);
  for (int bad : {0, -1, 501}) {
    auto r = rest::ParseLimit(bad);
    ASSERT_FALSE(r);
    ASSERT_EQ(r.error().fields.size(), 1u);
    EXPECT_EQ(r.error().fields[0].field, "limit");
    EXPECT_EQ(r.error().fields[0].code, "out_of_range");
  }
}

struct Item {
  std::string id;
};
struct ItemPage {
  std::vector<Item> items;
  std::optional<std::string> next_cursor;
};

TEST(ServiceSupport, PaginateFetchesOneMoreAndCursorsOnTheLastId) {
  const auto dir = std::filesystem::temp_directory_path() / ("lb_service_support_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto db = storage::OpenDatabase("sqlite:" + (dir / "t.db").string(), 2);
  ASSERT_TRUE(db) << db.error().message;
  std::vector<Item> all;
  for (int i = 0; i < 5; ++i) all.push_back({"01900000-0000-7000-8000-00000000000" + std::to_string(i)});
  std::vector<std::pair<std::optional<std::string>, int>> calls;
  auto fetch = [&](storage::Transaction&, const std::optional<std::string>& after, int n) {
    calls.emplace_back(after, n);
    std::vector<Item> out;
    for (const auto& it : all) {
      if ((!after || it.id > *after) && static_cast<int>(out.size()) < n) out.push_back(it);
    }
    return core::Result<std::vector<Item>>(out);
  };
  auto id_of = [](const Item& it) { return it.id; };
  auto first = rest::Paginate<ItemPage>(**db, std::nullopt, 2, fetch, id_of);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(calls.back(), std::make_pair(std::optional<std::string>(), 3));
  ASSERT_TRUE(first->next_cursor);
  EXPECT_EQ(rest::DecodeCursor(*first->next_cursor), all[1].id);
  auto last = rest::Paginate<ItemPage>(**db, rest::EncodeCursor(all[2].id), 2, fetch, id_of);
  ASSERT_TRUE(last);
  ASSERT_EQ(last->items.size(), 2u);
  EXPECT_EQ(last->items[1].id, all[4].id);
  EXPECT_EQ(last->next_cursor, std::nullopt);
  auto bad = rest::Paginate<ItemPage>(**db, std::string("not-a-cursor"), 2, fetch, id_of);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields.at(0).field, "cursor");
  auto bad_limit = rest::Paginate<ItemPage>(**db, std::nullopt, 0, fetch, id_of);
  ASSERT_FALSE(bad_limit);
  EXPECT_EQ(bad_limit.error().fields.at(0).field, "limit");
  db->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lb
