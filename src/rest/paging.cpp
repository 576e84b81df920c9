#include "rest/paging.h"

#include <algorithm>
#include <charconv>

#include "text/unicode.h"

namespace lb::rest {

core::Result<PageQuery> ReadPageQuery(const http::Request& req, std::initializer_list<std::string_view> filters,
                                      bool paged) {
  std::vector<core::FieldError> errors;
  PageQuery page;
  for (const auto& [k, v] : req.query) {
    if (!text::IsValidUtf8(k) || !text::IsValidUtf8(v)) {
      return core::Fail(core::Error{core::ErrorCode::kMalformed, "A query parameter is not valid UTF-8.", {}, {}});
    }
    if (text::HasControlChars(k) || text::HasControlChars(v)) {
      errors.push_back({k, "control_characters", k + " must not contain control characters."});
    } else if (paged && k == "limit") {
      int n = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || p != v.data() + v.size()) {
        errors.push_back({"limit", "type", "limit must be a whole number 1..500."});
      } else {
        page.limit = n;
      }
    } else if (paged && k == "cursor") {
      page.cursor = v;
    } else if (std::find(filters.begin(), filters.end(), k) == filters.end()) {
      errors.push_back({k, "unknown_parameter", k + " is not a known query parameter."});
    }
  }
  if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
  return page;
}

}  // namespace lb::rest
