#pragma once
// The web interface: server-rendered pages in Vietnamese, Lao and English for signing in,
// the dashboard, workers, employers, work permits and the users and tokens admin. Every form
// posts and redirects without JavaScript; app.js only adds type-ahead and confirm dialogs.
#include <string>

#include "features/cooperation/service.h"
#include "features/files/jobs.h"
#include "features/registry/service.h"
#include "http/message.h"
#include "http/router.h"
#include "platform/access/sessions.h"
#include "platform/access/tokens.h"
#include "platform/access/users.h"
#include "platform/audit/audit_log.h"
#include "storage/database.h"

namespace lb::web {

// What the pages work with (all owned by the node).
struct WebServices {
  access::SessionService& sessions;
  access::UserService& users;
  access::TokenService& tokens;
  registry::RegistryService& registry;
  audit::AuditLog* audit;
  storage::Database& db;
  const core::Clock& clock;
  cooperation::CooperationService* cooperation = nullptr;  // the cooperation pages need it
  exchange::ImportJobs* imports = nullptr;                 // the upload page's jobs
  size_t import_body_limit = 0;                            // bytes an uploaded file may have
};

// The login page in the request's language, with the name typed so far and an error (the
// service's English message, translated here; empty: none).
http::Response LoginPage(const http::Request& request, const std::string& name, const std::string& error, int status);

void RegisterWebRoutes(http::Router& router, const WebServices& services);

// `s` with &, <, >, " and ' escaped for HTML text and attribute values.
std::string Escape(const std::string& s);

}  // namespace lb::web
