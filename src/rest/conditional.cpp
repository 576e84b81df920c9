#include "rest/conditional.h"

#include <charconv>

#include "http/router.h"
#include "rest/json_body.h"

namespace lb::http {

std::string Etag(int64_t version) { return "\"" + std::to_string(version) + "\""; }

Response JsonWithEtag(int status, const nlohmann::json& body, int64_t version) {
  Response r = JsonResponse(status, Dump(body));
  r.With("ETag", Etag(version));
  return r;
}

core::Result<int64_t> RequireIfMatch(const Request& req) {
  auto h = req.Header("if-match");
  if (!h) {
    return core::Fail(core::Error{core::ErrorCode::kPreconditionRequired,
                                  "Send If-Match with the ETag you read, so a concurrent change is not overwritten.",
                                  {},
                                  {}});
  }
  std::string_view v = *h;
  if (v == "*") return kAnyIfMatchVersion;  // RFC 9110: matches any current version
  if (v.starts_with("W/")) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  int64_t version = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
  if (ec != std::errc() || p != v.data() + v.size() || version < 1) {
    return core::Fail(
        core::Error{core::ErrorCode::kPreconditionFailed, "If-Match does not match the current ETag.", {}, {}});
  }
  return version;
}

core::Result<std::optional<int64_t>> OptionalIfMatch(const Request& req) {
  if (!req.Header("if-match")) return std::optional<int64_t>();
  LB_TRY(v, RequireIfMatch(req));
  return std::optional<int64_t>(v);
}

}  // namespace lb::http
