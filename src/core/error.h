#pragma once
// Error and Result types: every expected failure (bad input, not found, conflict) is a value.
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lb::core {

// Stable error codes; the HTTP layer maps each to a status and a problem type once.
enum class ErrorCode {
  kMalformed,             // body is not parseable (bad JSON, bad UTF-8)
  kValidation,            // well-formed but invalid field values
  kUnauthorized,          // no or bad credentials
  kForbidden,             // credentials fine, action not allowed
  kNotFound,              // no such record (or not visible to the caller)
  kConflict,              // state conflict (duplicate, unlawful transition)
  kPreconditionFailed,    // stale If-Match
  kPreconditionRequired,  // If-Match missing
  kPayloadTooLarge,       // body over the limit
  kTooManyRequests,       // throttled (too many failed logins); answered 429 with Retry-After
  kUnavailable,           // database unreachable or busy
  kInsufficientStorage,   // the database's disk is full; answered 507
  kInternal,              // a bug or an unexpected failure
};

std::string_view ErrorCodeName(ErrorCode code);

// One problem with one input field.
struct FieldError {
  std::string field;    // JSON pointer-ish path: "documents[0].number"
  std::string code;     // stable, machine-readable: "required", "invalid_date", ...
  std::string message;  // human-readable English
};

// An error: a stable code, a human message (safe to show) and optional field errors.
// `internal` carries detail for the log only (never personal data, never sent to clients).
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> fields;
  std::string internal;

  static Error Validation(std::vector<FieldError> fields) {
    return {ErrorCode::kValidation, "The request has invalid fields.", std::move(fields), {}};
  }
  static Error Field(std::string field, std::string code, std::string message) {
    return Validation({FieldError{std::move(field), std::move(code), std::move(message)}});
  }
  static Error NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message), {}, {}}; }
  static Error Conflict(std::string message) { return {ErrorCode::kConflict, std::move(message), {}, {}}; }
  static Error Internal(std::string internal) {
    return {ErrorCode::kInternal, "Internal error.", {}, std::move(internal)};
  }
};

template <typename T>
using Result = std::expected<T, Error>;

using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(Error e) { return std::unexpected<Error>(std::move(e)); }

}  // namespace lb::core

// Propagates the error of a Result expression, else yields its value.
#define LB_TRY(var, expr)                                                        \
  auto var##_result_ = (expr);                                                   \
  if (!var##_result_) return ::lb::core::Fail(std::move(var##_result_.error())); \
  auto var = std::move(*var##_result_)

#define LB_CHECK(expr)                                                       \
  do {                                                                       \
    auto lb_status_ = (expr);                                                \
    if (!lb_status_) return ::lb::core::Fail(std::move(lb_status_.error())); \
  } while (0)
