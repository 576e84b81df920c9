#pragma once
// The browser's way in: the login page, a signed-in home page and the style sheet. The full
// web interface (templates, three languages) builds on these.
#include <string>

#include "access/sessions.h"
#include "http/message.h"
#include "http/router.h"

namespace lb::web {

// The login page, with the name typed so far and an error to show (empty: none).
http::Response LoginPage(const std::string& name, const std::string& error, int status);

void RegisterWebRoutes(http::Router& router, access::SessionService& sessions);

// `s` with &, <, >, " and ' escaped for HTML text and attribute values.
std::string Escape(const std::string& s);

}  // namespace lb::web
