#include "rest/session_routes.h"

#include <sodium.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/id.h"
#include "rest/authenticate.h"
#include "rest/json_body.h"

namespace lb::access {
namespace {

using nlohmann::json;

// Room for two 1 KiB credentials even with JSON escapes; anything bigger is refused unread.
constexpr size_t kMaxLoginBody = 8 * kMaxCredentialBytes;

struct Credentials {
  std::string name;
  std::string password;
  bool remember = false;  // "keep me signed in": the cookie outlives the browser
};

core::Error Malformed(std::string message) { return {core::ErrorCode::kMalformed, std::move(message), {}, {}}; }

constexpr auto kPreloginLifetime = std::chrono::hours(2);

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

// The value of cookie `name` in a Cookie header (the first), if any.
std::optional<std::string> CookieNamed(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    std::string_view pair = Trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
  }
  return std::nullopt;
}

// "scheme://authority" of an absolute URL, lower-cased and without the scheme's default port;
// nullopt when the text is not an http(s) URL with a plain host (e.g. "null", user info).
std::optional<std::string> OriginOf(std::string_view url) {
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  const std::string scheme = http::ToLowerAscii(url.substr(0, sep));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(sep + 3);
  std::string authority = http::ToLowerAscii(rest.substr(0, rest.find_first_of("/?#")));
  if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;
  const std::string default_port = scheme == "http" ? ":80" : ":443";
  if (authority.ends_with(default_port)) authority.resize(authority.size() - default_port.size());
  return scheme + "://" + authority;
}

// This node's origin as the client addressed it: the proxy's X-Forwarded-Host (first value)
// or the Host header, over https when X-Forwarded-Proto says so.
std::optional<std::string> OwnOrigin(const http::Request& req) {
  std::string host = req.Header("x-forwarded-host").value_or("");
  host = std::string(Trim(std::string_view(host).substr(0, host.find(','))));
  if (host.empty()) host = std::string(Trim(req.Header("host").value_or("")));
  if (host.empty()) return std::nullopt;
  return OriginOf((CameOverTls(req) ? "https://" : "http://") + host);
}

core::Error CrossSite() {
  return {core::ErrorCode::kForbidden,
          "This sign-in was sent from another site, not from this node's own login page; open this node's login "
          "page and sign in there.",
          {},
          {}};
}

bool SameText(std::string_view a, std::string_view b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

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
  if (auto it = fields.find("remember"); it != fields.end()) c.remember = it->second == "1" || it->second == "on";
  return c;
}

core::Result<Credentials> ReadJson(const http::Request& req) {
  LB_TRY(body, http::ParseJsonObject(req));
  std::vector<core::FieldError> errors;
  http::ObjectReader reader(body, "", errors);
  auto name = reader.String("name", true);
  auto password = reader.String("password", true);
  auto remember = reader.Bool("remember");
  reader.RejectUnknown();
  if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
  return Credentials{std::move(*name), std::move(*password), remember.value_or(false)};
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

// `max_age` nullopt: a browser-session cookie (no Max-Age), gone when the browser closes —
// what a shared office computer needs. The server ends the session after kSessionLifetime
// either way.
std::string SessionCookie(const http::Request& req, const std::string& value,
                          std::optional<std::chrono::seconds> max_age) {
  std::string cookie = std::string(kSessionCookie) + "=" + value + "; Path=/";
  if (max_age) cookie += "; Max-Age=" + std::to_string(max_age->count());
  cookie += "; HttpOnly; SameSite=Lax";
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

PreloginToken NewPreloginToken(const http::Request& req) {
  PreloginToken t;
  t.value = core::RandomToken(32);
  t.set_cookie = std::string(kPreloginCookie) + "=" + t.value +
                 "; Path=/login; Max-Age=" + std::to_string(std::chrono::seconds(kPreloginLifetime).count()) +
                 "; HttpOnly; SameSite=Strict";
  if (CameOverTls(req)) t.set_cookie += "; Secure";
  return t;
}

core::Status CheckLoginOrigin(const http::Request& req) {
  const auto own = OwnOrigin(req);
  // Browsers send Origin with every POST (the text "null" from opaque contexts, refused too).
  if (auto origin = req.Header("origin")) {
    if (!own || OriginOf(Trim(*origin)) != own) return core::Fail(CrossSite());
    return {};
  }
  if (auto referer = req.Header("referer"); referer && !Trim(*referer).empty()) {
    if (!own || OriginOf(Trim(*referer)) != own) return core::Fail(CrossSite());
    return {};
  }
  const std::string type = http::ToLowerAscii(req.Header("content-type").value_or(""));
  if (!type.starts_with("application/x-www-form-urlencoded")) return {};
  // A form with neither header (an old browser, or a page that suppressed both): only with
  // the pair of pre-login tokens that this node's login page handed out. Another site can
  // neither read nor set our SameSite=Strict cookie, so it cannot make the pair.
  std::string path;
  std::multimap<std::string, std::string> fields;
  const auto cookie = CookieNamed(req.Header("cookie").value_or(""), kPreloginCookie);
  if (http::ParseTarget("/?" + req.body, path, fields) && cookie && fields.count(std::string(kPreloginField)) == 1 &&
      SameText(fields.find(std::string(kPreloginField))->second, *cookie)) {
    return {};
  }
  return core::Fail(core::Error{core::ErrorCode::kForbidden,
                                "The sign-in form is not from this node's login page (its pre-login token is missing "
                                "or does not match); reload the login page and sign in again.",
                                {},
                                {}});
}

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
        // Login CSRF: another site must not sign our users in to an account of its choosing.
        if (auto same_site = CheckLoginOrigin(req); !same_site) {
          if (!page) return core::Fail(same_site.error());
          return login_page(req, "", same_site.error().message, 403);
        }
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
        const bool remember = credentials->remember;
        r.With("Set-Cookie",
               SessionCookie(req, session->session_id,
                             remember ? std::optional<std::chrono::seconds>(kSessionLifetime) : std::nullopt));
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
