// The occupation picker's search over ISCO-08 unit groups (no database).
#include <gtest/gtest.h>

#include "features/registry/occupations.h"

namespace lb::registry {
namespace {

std::vector<std::string> Codes(const std::vector<OccupationMatch>& found) {
  std::vector<std::string> out;
  for (const auto& m : found) out.push_back(m.code);
  return out;
}

TEST(OccupationSearch, ATitleWordFindsItsUnitGroupInAnyCase) {
  const auto found = FindOccupations("bricklayers", 20);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front().code, "7112");
  EXPECT_EQ(found.front().title, "Bricklayers and related workers");
  EXPECT_EQ(Codes(FindOccupations("BRICK", 20)), Codes(found));
}

TEST(OccupationSearch, EveryWordMustMatchAndTitlesStartingWithTheFirstComeFirst) {
  const auto found = FindOccupations("construction labourers", 20);
  ASSERT_FALSE(found.empty());
  for (const auto& m : found) {
    std::string t = m.title;
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_NE(t.find("construction"), std::string::npos) << m.title;
    EXPECT_NE(t.find("labourers"), std::string::npos) << m.title;
  }
  // 9112 "Cleaners and helpers in offices, ..." starts with the word, so it comes before 7133
  // "Building structure cleaners" although its code is higher.
  const auto cleaners = FindOccupations("cleaners", 50);
  ASSERT_EQ(cleaners.size(), 5u);
  EXPECT_EQ(cleaners.front().code, "9112");
  EXPECT_EQ(cleaners[1].code, "7133");
}

TEST(OccupationSearch, DigitsFindCodesThatStartWithThem) {
  const auto found = FindOccupations("711", 20);
  ASSERT_FALSE(found.empty());
  for (const auto& m : found) EXPECT_EQ(m.code.rfind("711", 0), 0u) << m.code;
  EXPECT_EQ(Codes(FindOccupations("7112", 20)), std::vector<std::string>{"7112"});
}

TEST(OccupationSearch, ResultsAreLimitedAndNothingMatchesNothing) {
  EXPECT_EQ(FindOccupations("a", 5).size(), 5u);
  EXPECT_TRUE(FindOccupations("", 20).empty());
  EXPECT_TRUE(FindOccupations("   ", 20).empty());
  EXPECT_TRUE(FindOccupations("zzzzqqq", 20).empty());
  EXPECT_TRUE(FindOccupations("9999", 20).empty());
}

TEST(OccupationSearch, SeparatorsAloneFindNothing) {
  // Found by the attack on the running node: "-" left no word and the search read the first
  // of none, which took the node down for every user.
  for (const char* q : {"-", ",", "\t", " - ", ",-,", "- , -"}) EXPECT_TRUE(FindOccupations(q, 20).empty()) << q;
}

}  // namespace
}  // namespace lb::registry
