#pragma once
// HTTP routes of web sessions: POST /login, POST /logout, GET /api/v1/session.
#include <string>

#include "access/sessions.h"
#include "http/message.h"
#include "http/router.h"

namespace lb::access {

// Renders the login page again after a failed browser sign-in (the request, for its language;
// name typed, error, status).
using LoginPageRenderer = http::Response (*)(const http::Request& request, const std::string& name,
                                             const std::string& error, int status);

// With `login_page`, a browser's form post (form-encoded, Accept: text/html) is answered with
// pages and redirects instead of JSON: 303 to "/" after login, the page again on failure,
// 303 to "/login" after logout.
void RegisterSessionRoutes(http::Router& router, SessionService& sessions, LoginPageRenderer login_page = nullptr);

// True when the client reached us over TLS: a reverse proxy (or our TLS listener) says so with
// `X-Forwarded-Proto: https`. A client lying about it only makes its own cookie stricter.
bool CameOverTls(const http::Request& request);

}  // namespace lb::access
