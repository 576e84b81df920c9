#include "core/error.h"

namespace lb::core {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kMalformed:
      return "malformed";
    case ErrorCode::kValidation:
      return "validation";
    case ErrorCode::kUnauthorized:
      return "unauthorized";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kNotFound:
      return "not-found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kPreconditionFailed:
      return "precondition-failed";
    case ErrorCode::kPreconditionRequired:
      return "precondition-required";
    case ErrorCode::kPayloadTooLarge:
      return "payload-too-large";
    case ErrorCode::kTooManyRequests:
      return "too-many-requests";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInsufficientStorage:
      return "insufficient-storage";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace lb::core
