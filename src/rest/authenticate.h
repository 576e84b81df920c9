#pragma once
// Who sent a request: an API bearer token, or else a web session cookie (with its CSRF token
// for state-changing methods). The one call the API's auth wrapper makes.
#include <string>

#include "core/error.h"
#include "http/message.h"
#include "platform/access/principal.h"
#include "platform/access/sessions.h"
#include "platform/access/tokens.h"

namespace lb::access {

// A request with an Authorization header is judged by its token alone (a bad token is 401,
// never a fall-back to the cookie); otherwise by the session cookie, needing the CSRF token
// (X-CSRF-Token header, or the csrf_token field of a form body) for all but GET, HEAD and
// OPTIONS (403 when missing or wrong); with neither, 401.
core::Result<Principal> AuthenticateRequest(const http::Request& request, TokenService& tokens,
                                            SessionService& sessions);

// The CSRF token a request carries: the X-CSRF-Token header, else the csrf_token field of an
// application/x-www-form-urlencoded body; "" when none.
std::string CsrfTokenOf(const http::Request& request);

}  // namespace lb::access
