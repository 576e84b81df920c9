// Terms of the Vietnamese catalog that issue 15 asked to check against the ministries' own usage.
// Each term with the page that uses it.
#include <gtest/gtest.h>

#include <string>

#include "ui/i18n.h"

namespace lb::ui {
namespace {

TEST(Terminology, SocialWelfareIsPhucLoiXaHoiEverywhere) {
  // The Lao ministry is "Bộ Lao động và Phúc lợi xã hội Lào" and the field "lao động và phúc lợi
  // xã hội" in the Vietnamese press (baomoi.com, Việt Nam và Lào đẩy mạnh hợp tác về lao động:
  // https://baomoi.com/viet-nam-va-lao-day-manh-hop-tac-ve-lao-dong/c/22931657.epi).
  const auto& vi = Translator::For("vi");
  EXPECT_EQ(vi.T("Social welfare"), "Phúc lợi xã hội");
  EXPECT_EQ(vi.T("Vietnam–Laos cooperation on labour and social welfare"),
            "Hợp tác Việt Nam – Lào về lao động và phúc lợi xã hội");
  EXPECT_EQ(vi.T("Welfare officer"), "Cán bộ phúc lợi xã hội");
}

TEST(Terminology, DepartmentsCardsAndRoles) {
  const auto& vi = Translator::For("vi");
  // Since 1 March 2025 the labour ministry's work is in the Ministry of Home Affairs (sggp.org.vn,
  // 9th ministerial conference: "Vietnam's former Ministry of Labour, Invalids and Social Affairs,
  // now the Ministry of Home Affairs"), and the provinces' labour departments in the Sở Nội vụ.
  EXPECT_EQ(vi.T("Provincial labour department"), "Sở Nội vụ tỉnh");
  // Luật Căn cước 2023, in force 1 July 2024: the card is the "thẻ căn cước".
  EXPECT_EQ(vi.T("Citizen identity card"), "Thẻ căn cước");
  // The auditor reads the audit log; "Kiểm toán viên" is a financial auditor.
  EXPECT_EQ(vi.T("Auditor"), "Người kiểm tra nhật ký");
  // The polite register (ông/bà), not "bạn".
  EXPECT_EQ(vi.T("You cannot do this"), "Ông/bà không thể thực hiện thao tác này");
  EXPECT_EQ(vi.T("Your changes"), "Thay đổi của ông/bà");
}

}  // namespace
}  // namespace lb::ui
