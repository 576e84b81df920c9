// Folding settles in one call when taking out a joiner leaves combining marks of other scripts
// side by side (found by fold_fuzz; the input is also in tests/fuzz/regressions/fold_fuzz/).
#include <gtest/gtest.h>

#include <string>

#include "text/fold.h"
#include "text/unicode.h"

namespace lb::text {
namespace {

TEST(FoldMixedMarks, FoldingTwiceChangesNothingWhenAHyphenJoinedMarksOfTwoScripts) {
  // Thai thanthakhat and mai ek, a hyphen, Hebrew sheva: the hyphen between two marks is a
  // joiner and goes, leaving mai ek (combining class 107) before sheva (10), out of NFC order.
  const std::string typed = "\u0E4C\u0E48-\u05B0";
  const std::string once = FoldName(typed).value();
  EXPECT_EQ(once, "\u0E4C\u05B0\u0E48");
  EXPECT_EQ(FoldName(once).value(), once);
  EXPECT_EQ(ToNfc(once), once);
  // NFC and NFD of the input fold alike.
  EXPECT_EQ(FoldName(ToNfc(typed)).value(), once);
}

TEST(FoldMixedMarks, LatinAndVietnameseStillFoldToAscii) {
  EXPECT_EQ(FoldName("Nguyễn Thị Thủy").value(), "nguyen thi thuy");
  EXPECT_EQ(FoldName("Bun-nhăng Vo-la-chít").value(), "bunnhang volachit");
}

}  // namespace
}  // namespace lb::text
