#include "core/error.h"

#include "core/enum_names.h"

namespace lb::core {

namespace {

constexpr EnumName<ErrorCode> kErrorCodeNames[] = {
    {ErrorCode::kMalformed, "malformed"},
    {ErrorCode::kValidation, "validation"},
    {ErrorCode::kUnauthorized, "unauthorized"},
    {ErrorCode::kForbidden, "forbidden"},
    {ErrorCode::kNotFound, "not-found"},
    {ErrorCode::kConflict, "conflict"},
    {ErrorCode::kPreconditionFailed, "precondition-failed"},
    {ErrorCode::kPreconditionRequired, "precondition-required"},
    {ErrorCode::kPayloadTooLarge, "payload-too-large"},
    {ErrorCode::kTooManyRequests, "too-many-requests"},
    {ErrorCode::kUnavailable, "unavailable"},
    {ErrorCode::kInsufficientStorage, "insufficient-storage"},
    {ErrorCode::kInternal, "internal"},
};

}  // namespace

std::string_view ErrorCodeName(ErrorCode code) { return NameOf<ErrorCode>(kErrorCodeNames, code, "internal"); }

}  // namespace lb::core
