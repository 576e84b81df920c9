// The name index keys a name's words run together in every order a one-word spelling may take
// (registry::NameKeyRows).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "features/registry/model.h"
#include "features/registry/name_index.h"
#include "text/name_key.h"

namespace lb::registry {
namespace {

bool HasKey(const Person& p, const std::string& key) {
  const auto rows = NameKeyRows(p);
  return std::any_of(rows.begin(), rows.end(), [&](const auto& r) { return r.key == key; });
}

TEST(NameIndexRows, AVietnameseNameWrittenAsOneLaoWordFindsTheRecord) {
  // ຟ້າມມິງຈິງ: Phạm Minh Chính as one Lao word, family name first (huunghivietlao.thoidai.com.vn,
  // Lao edition: "ທ່ານນາຍົກລັດຖະມົນຕີ ຫວຽດນາມ ຟ້າມມິງຈິງ"; also a row of tests/data/name_pairs.csv).
  // The record holds the passport order: given names "Minh Chinh", family name "Pham". Its words
  // run together were keyed given-first and reversed, and with the doubled m of Phạm|Minh: no
  // lookup of the one Lao word met them, and the search found nothing.
  Person p;
  p.given_names = "Minh Chinh";
  p.family_name = "Pham";
  const auto lao = text::NameTokens("ຟ້າມມິງຈິງ").value();
  ASSERT_EQ(lao.size(), 1u);
  EXPECT_TRUE(HasKey(p, lao[0].key)) << lao[0].key;
  // The same record written in Vietnamese as the native name.
  Person q;
  q.given_names = "Minh Chinh";
  q.family_name = "Pham";
  q.native_name = "Phạm Minh Chính";
  EXPECT_TRUE(HasKey(q, lao[0].key));
}

TEST(NameIndexRows, WrittenAndReversedOrdersStayIndexed) {
  Person p;
  p.given_names = "Bounnhang";
  p.family_name = "Vorachith";
  const auto one = text::NameTokens("BounnhangVorachith").value();
  const auto reversed = text::NameTokens("VorachithBounnhang").value();
  EXPECT_TRUE(HasKey(p, one[0].key));
  EXPECT_TRUE(HasKey(p, reversed[0].key));
}

}  // namespace
}  // namespace lb::registry
