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
  for (auto m : {files::ImportMode::kAllOrNothing, files::ImportMode::kSkipInvalid, files::ImportMode::kDryRun}) {
    EXPECT_EQ(files::ParseImportMode(files::ImportModeName(m)), m);
  }
  EXPECT_EQ(files::ImportModeName(files::ImportMode::kSkipInvalid), "skip-invalid");
  EXPECT_EQ(files::ParseImportMode("dry_run"), std::nullopt);
  EXPECT_EQ(files::ParseKind("employers"), files::Kind::kEmployers);
  EXPECT_EQ(files::ParseKind("employer"), std::nullopt);
  EXPECT_EQ(files::JobStateName(files::JobState::kSucceeded), "succeeded");
  EXPECT_EQ(files::JobStateName(files::JobState::kQueued), "queued");
}

}  // namespace
}  // namespace lb
