#pragma once
// HTTP routes of web sessions: POST /login, POST /logout, GET /api/v1/session.
#include <string>

#include "access/sessions.h"
#include "http/message.h"
#include "http/router.h"

namespace lb::access {

void RegisterSessionRoutes(http::Router& router, SessionService& sessions);

// True when the client reached us over TLS: a reverse proxy (or our TLS listener) says so with
// `X-Forwarded-Proto: https`. A client lying about it only makes its own cookie stricter.
bool CameOverTls(const http::Request& request);

}  // namespace lb::access
