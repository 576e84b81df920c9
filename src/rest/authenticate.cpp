#include "rest/authenticate.h"

#include <map>

namespace lb::access {

std::string CsrfTokenOf(const http::Request& request) {
  if (auto header = request.Header(kCsrfHeader); header && !header->empty()) return *header;
  const std::string type = http::ToLowerAscii(request.Header("content-type").value_or(""));
  if (!type.starts_with("application/x-www-form-urlencoded")) return "";
  std::string path;
  std::multimap<std::string, std::string> fields;
  if (!http::ParseTarget("/?" + request.body, path, fields)) return "";
  auto it = fields.find("csrf_token");
  return it == fields.end() ? "" : it->second;
}

core::Result<Principal> AuthenticateRequest(const http::Request& request, TokenService& tokens,
                                            SessionService& sessions) {
  if (auto authorization = request.Header("authorization")) return tokens.Authenticate(*authorization);
  const auto cookie = request.Header("cookie");
  if (!cookie || !SessionIdFromCookie(*cookie)) {
    return core::Fail(core::Error{
        core::ErrorCode::kUnauthorized, "Log in, or send an API token: Authorization: Bearer <token>.", {}, {}});
  }
  return sessions.Authenticate(*cookie, request.method, CsrfTokenOf(request));
}

}  // namespace lb::access
