#pragma once
// HTTP routes of web sessions: POST /login, POST /logout, GET /api/v1/session.
#include <string>

#include "http/message.h"
#include "http/router.h"
#include "platform/access/sessions.h"

namespace lb::access {

// Renders the login page again after a failed browser sign-in (the request, for its language;
// name typed, error, status).
using LoginPageRenderer = http::Response (*)(const http::Request& request, const std::string& name,
                                             const std::string& error, int status);

// With `login_page`, a browser's form post (form-encoded, Accept: text/html) is answered with
// pages and redirects instead of JSON: 303 to "/" after login, the page again on failure,
// 303 to "/login" after logout.
void RegisterSessionRoutes(http::Router& router, SessionService& sessions, LoginPageRenderer login_page = nullptr);

// The cookie and form field of the pre-login token (login CSRF, docs/security.md): the login page
// puts one random value in both; a form post to /login that carries neither Origin nor Referer
// must send the pair back.
inline constexpr std::string_view kPreloginCookie = "lb_prelogin";
inline constexpr std::string_view kPreloginField = "prelogin";
struct PreloginToken {
  std::string value;       // for the hidden form field
  std::string set_cookie;  // the Set-Cookie header value (SameSite=Strict, HttpOnly, Path=/login)
};
PreloginToken NewPreloginToken(const http::Request& request);

// Login CSRF: a POST /login whose Origin (or, without one, Referer) is not this node as the
// request reached it (Host or X-Forwarded-Host, http or https as X-Forwarded-Proto says) is
// refused (403); so is a form post with neither header unless it carries the pre-login token
// pair. JSON without either header (curl, scripts) passes: browsers always add Origin to a
// cross-site request that could send JSON.
core::Status CheckLoginOrigin(const http::Request& request);

// True when the client reached us over TLS: a reverse proxy (or our TLS listener) says so with
// `X-Forwarded-Proto: https`. A client lying about it only makes its own cookie stricter.
bool CameOverTls(const http::Request& request);

}  // namespace lb::access
