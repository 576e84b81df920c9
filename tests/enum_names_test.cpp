#include "core/enum_names.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "features/files/jobs.h"

namespace lb {
namespace {

enum class Colour { kRed, kGreen, kBlue };
constexpr core::EnumName<Colour> kColours[] = {{Colour::kRed, "red"}, {Colour::kGreen, "green"}};

TEST(EnumNames, NameOfFindsTheRowOrFallsBack) {
  EXPECT_EQ(core::NameOf<Colour>(kColours, Colour::kRed, "?"), "red");
  EXPECT_EQ(core::NameOf<Colour>(kColours, Colour::kGreen, "?"), "green");
  EXPECT_EQ(core::NameOf<Colour>(kColours, Colour::kBlue, "?"), "?");
}

TEST(EnumNames, ValueOfComparesExactly) {
  EXPECT_EQ(core::ValueOf<Colour>(kColours, "green"), Colour::kGreen);
  EXPECT_EQ(core::ValueOf<Colour>(kColours, "Green"), std::nullopt);
  EXPECT_EQ(core::ValueOf<Colour>(kColours, ""), std::nullopt);
  EXPECT_EQ(core::ValueOf<Colour>(kColours, "blue"), std::nullopt);
}

TEST(EnumNames, ErrorCodeNamesAreTheProblemTypes) {
  EXPECT_EQ(core::ErrorCodeName(core::ErrorCode::kMalformed), "malformed");
  EXPECT_EQ(core::ErrorCodeName(core::ErrorCode::kNotFound), "not-found");
  EXPECT_EQ(core::ErrorCodeName(core::ErrorCode::kPreconditionRequired), "precondition-required");
  EXPECT_EQ(core::ErrorCodeName(core::ErrorCode::kInsufficientStorage), "insufficient-storage");
  EXPECT_EQ(core::ErrorCodeName(core::ErrorCode::kInternal), "internal");
}

TEST(EnumNames, ImportNamesRoundTrip) {
  for (auto m :
       {exchange::ImportMode::kAllOrNothing, exchange::ImportMode::kSkipInvalid, exchange::ImportMode::kDryRun}) {
    EXPECT_EQ(exchange::ParseImportMode(exchange::ImportModeName(m)), m);
  }
  EXPECT_EQ(exchange::ImportModeName(exchange::ImportMode::kSkipInvalid), "skip-invalid");
  EXPECT_EQ(exchange::ParseImportMode("dry_run"), std::nullopt);
  EXPECT_EQ(exchange::ParseKind("employers"), exchange::Kind::kEmployers);
  EXPECT_EQ(exchange::ParseKind("employer"), std::nullopt);
  EXPECT_EQ(exchange::JobStateName(exchange::JobState::kSucceeded), "succeeded");
  EXPECT_EQ(exchange::JobStateName(exchange::JobState::kQueued), "queued");
}

}  // namespace
}  // namespace lb
