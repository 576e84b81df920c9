#pragma once
// A feature's REST handlers run after authentication: the server wraps each AuthedHandler
// into a router handler with the Authenticate it supplies (token or session -> Principal).
#include <functional>

#include "core/error.h"
#include "http/router.h"
#include "platform/access/principal.h"

namespace lb::rest {

// A handler that runs after authentication.
using AuthedHandler = std::function<core::Result<http::Response>(const http::Request&, const http::PathParams&,
                                                                 const access::Principal&)>;
// Wraps an AuthedHandler into a router handler (the server supplies the authentication).
using Authenticate = std::function<http::Handler(AuthedHandler)>;

}  // namespace lb::rest
