#pragma once
// The web interface's generic pages: server-rendered in Vietnamese, Lao and English, for
// signing in, the home dashboard, the language switch and the users and tokens admin. Every
// form posts and redirects without JavaScript; app.js only adds type-ahead and confirm
// dialogs. Features register their own pages, menu entries, partials and dashboard widgets
// (ui/site.h) with a Register…Pages function of their own; the server wires them.
#include <string>

#include "http/message.h"
#include "http/router.h"
#include "platform/access/sessions.h"
#include "platform/access/tokens.h"
#include "platform/access/users.h"
#include "platform/audit/audit_log.h"
#include "storage/database.h"
#include "ui/site.h"

namespace lb::ui {

// What every page works with: the platform only (all owned by the node). A feature's pages
// take a struct deriving from this one, adding the feature's services.
struct PageServices {
  access::SessionService& sessions;
  access::UserService& users;
  access::TokenService& tokens;
  audit::AuditLog* audit;
  storage::Database& db;
  const core::Clock& clock;
  Site* site;  // the menu, partials and dashboard widgets features add to
};

// The login page in the request's language, with the name typed so far and an error (the
// service's English message, translated here; empty: none).
http::Response LoginPage(const http::Request& request, const std::string& name, const std::string& error, int status);

// ui's own pages: sign-in, the home dashboard, the language switch, static files and the
// users and tokens admin; with their menu entries.
void RegisterWebRoutes(http::Router& router, const PageServices& services);

// `s` with &, <, >, " and ' escaped for HTML text and attribute values.
std::string Escape(const std::string& s);

}  // namespace lb::ui
