#include "rest/service_support.h"

#include "text/unicode.h"

namespace lb::rest {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Clean(std::string_view s) { return text::CollapseSpaces(text::ToNfc(s)); }

void CleanOpt(std::optional<std::string>& s) {
  if (!s) return;
  *s = Clean(*s);
  if (s->empty()) s.reset();
}

void CheckText(std::vector<core::FieldError>& errors, const std::string& field, const std::string& value,
               size_t max_len) {
  if (text::HasControlChars(value)) {
    errors.push_back({field, "control_characters", field + " must not contain control characters."});
  } else if (CodePoints(value) > max_len) {
    errors.push_back({field, "too_long", field + " must be at most " + std::to_string(max_len) + " characters."});
  }
}

core::Error NotFound(std::string_view what) {
  return core::Error::NotFound("No " + std::string(what) + " with this id.");
}

core::Error Stale(int64_t current) {
  return {core::ErrorCode::kPreconditionFailed,
          "The record was changed by someone else (current version " + std::to_string(current) +
              "); reload it and apply your change again.",
          {},
          {}};
}

core::Result<int> ParseLimit(int limit) {
  if (limit < 1 || limit > 500) {
    return core::Fail(core::Error::Field("limit", "out_of_range", "limit must be 1..500."));
  }
  return limit;
}

}  // namespace lb::rest
