#include "access/session_routes.h"

#include <map>
#include <nlohmann/json.hpp>

#include "access/authenticate.h"
#include "http/json_body.h"

namespace lb::access {
namespace {

using nlohmann::json;

// Room for two 1 KiB credentials even with JSON escapes; anything bigger is refused unread.
constexpr size_t kMaxLoginBody = 8 * kMaxCredentialBytes;

struct Credentials {
  std::string name;
  std::string password;
};

core::Error Malformed(std::string message) { return {core::ErrorCode::kMalformed, std::move(message), {}, {}}; }

core::Result<Credentials> ReadForm(const http::Request& req) {
  std::string path;
  std::multimap<std::string, std::string> fields;
  if (!http::ParseTarget("/?" + req.body, path, fields)) return core::Fail(Malformed("The form is not well encoded."));
  std::vector<core::FieldError> errors;
  Credentials c;
  for (const char* key : {"name", "password"}) {
    const auto n = fields.count(key);
    if (n == 0) errors.push_back({key, "required", std::string(key) + " is required."});
    if (n > 1) errors.push_back({key, "duplicate", std::string(key) + " is given more than once."});
  }
  if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
  c.name = fields.find("name")->second;
  c.password = fields.find("password")->second;
  return c;
}

core::Result<Credentials> ReadJson(const http::Request& req) {
  LB_TRY(body, http::ParseJsonObject(req));
  std::vector<core::FieldError> errors;
  http::ObjectReader reader(body, "", errors);
  auto name = reader.String("name", true);
  auto password = reader.String("password", true);
  reader.RejectUnknown();
  if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
  return Credentials{std::move(*name), std::move(*password)};
}

core::Result<Credentials> ReadCredentials(const http::Request& req) {
  if (req.body.size() > kMaxLoginBody) {
    return core::Fail(core::Error::Field("", "too_long", "The credentials are over 1 KiB."));
  }
  const std::string type = http::ToLowerAscii(req.Header("content-type").value_or(""));
  if (type.starts_with("application/x-www-form-urlencoded")) return ReadForm(req);
  if (type.empty() || type.starts_with("application/json")) return ReadJson(req);
  return core::Fail(Malformed("Send the credentials as application/x-www-form-urlencoded or application/json."));
}

std::string SessionCookie(const http::Request& req, const std::string& value, std::chrono::seconds max_age) {
  std::string cookie = std::string(kSessionCookie) + "=" + value +
                       "; Path=/; Max-Age=" + std::to_string(max_age.count()) + "; HttpOnly; SameSite=Lax";
  if (CameOverTls(req)) cookie += "; Secure";
  return cookie;
}

json SessionJson(const Principal& p, const std::string& csrf_token, const std::string& expires_at) {
  return {{"user", p.user_name},
          {"role", RoleName(p.role)},
          {"country", p.country},
          {"province", p.province ? json(*p.province) : json(nullptr)},
          {"org", p.org ? json(*p.org) : json(nullptr)},
          {"csrf_token", csrf_token},
          {"expires_at", expires_at}};
}

http::Response WithNoStore(http::Response r) {
  r.With("Cache-Control", "no-store");
  return r;
}

}  // namespace

bool CameOverTls(const http::Request& request) {
  std::string proto = http::ToLowerAscii(request.Header("x-forwarded-proto").value_or(""));
  // A chain of proxies lists one value each; the first is the client's.
  proto = proto.substr(0, proto.find(','));
  while (!proto.empty() && proto.back() == ' ') proto.pop_back();
  while (!proto.empty() && proto.front() == ' ') proto.erase(0, 1);
  return proto == "https";
}

bool FromBrowserForm(const http::Request& req) {
  const std::string type = http::ToLowerAscii(req.Header("content-type").value_or(""));
  const std::string accept = http::ToLowerAscii(req.Header("accept").value_or(""));
  return type.starts_with("application/x-www-form-urlencoded") && accept.find("text/html") != std::string::npos;
}

http::Response SeeOther(const std::string& location) {
  http::Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.With("Location", http::LocalRedirectTarget(location));
  return WithNoStore(std::move(r));
}

void RegisterSessionRoutes(http::Router& router, SessionService& sessions, LoginPageRenderer login_page) {
  router.Add(
      "POST", "/login",
      [&sessions, login_page](const http::Request& req, const http::PathParams&) -> core::Result<http::Response> {
        const bool page = login_page && FromBrowserForm(req);
        // Any session cookie the client sends is ignored: a login always makes a new id.
        auto credentials = ReadCredentials(req);
        if (!credentials) {
          if (!page) return core::Fail(credentials.error());
          return login_page(req, "", "Enter your user name and password.", http::StatusFor(credentials.error().code));
        }
        std::chrono::seconds retry_after{0};
        auto session = sessions.Login(credentials->name, credentials->password, req.remote, &retry_after);
        if (!session) {
          const bool throttled = session.error().code == core::ErrorCode::kTooManyRequests;
          if (!throttled && !page) return core::Fail(session.error());
          auto r =
              page ? login_page(req, credentials->name, session.error().message, http::StatusFor(session.error().code))
                   : http::ProblemResponse(session.error(), req.path, req.id);
          if (throttled) r.With("Retry-After", std::to_string(retry_after.count()));
          return r;
        }
        auto r = page ? SeeOther("/")
                      : http::JsonResponse(
                            200, http::Dump(SessionJson(session->principal, session->csrf_token, session->expires_at)));
        r.With("Set-Cookie", SessionCookie(req, session->session_id, kSessionLifetime));
        return page ? r : WithNoStore(std::move(r));
      });

  router.Add(
      "POST", "/logout",
      [&sessions, login_page](const http::Request& req, const http::PathParams&) -> core::Result<http::Response> {
        const std::string cookie = req.Header("cookie").value_or("");
        core::Status ended;
        if (auto who = sessions.Authenticate(cookie, req.method, CsrfTokenOf(req)); !who) {
          ended = core::Fail(who.error());
        } else {
          ended = sessions.Logout(SessionIdFromCookie(cookie).value_or(""));
        }
        if (!ended) {
          if (ended.error().code != core::ErrorCode::kUnauthorized) return core::Fail(ended.error());
          // The session is gone already: let the browser drop its cookie too. (Never on a
          // CSRF failure, or any site could log our users out.)
          auto r = http::ProblemResponse(ended.error(), req.path, req.id);
          r.With("Set-Cookie", SessionCookie(req, "", std::chrono::seconds(0)));
          return r;
        }
        if (login_page && FromBrowserForm(req)) {
          auto r = SeeOther("/login");
          r.With("Set-Cookie", SessionCookie(req, "", std::chrono::seconds(0)));
          return r;
        }
        http::Response r;
        r.status = 204;
        r.With("Set-Cookie", SessionCookie(req, "", std::chrono::seconds(0)));
        return WithNoStore(std::move(r));
      });

  router.Add("GET", "/api/v1/session",
             [&sessions](const http::Request& req, const http::PathParams&) -> core::Result<http::Response> {
               LB_TRY(session, sessions.Current(req.Header("cookie").value_or("")));
               return WithNoStore(http::JsonResponse(
                   200, http::Dump(SessionJson(session.principal, session.csrf_token, session.expires_at))));
             });
}

}  // namespace lb::access
