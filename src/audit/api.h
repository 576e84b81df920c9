#pragma once
// GET /api/v1/audit: the audit log for auditors.
#include <functional>

#include "access/principal.h"
#include "audit/audit_log.h"
#include "http/router.h"

namespace lb::audit {

// Who may read the audit log: auditors only (the decision, in one place).
core::Status CanReadAuditLog(const access::Principal& actor);

using AuthedHandler = std::function<core::Result<http::Response>(const http::Request&, const http::PathParams&,
                                                                 const access::Principal&)>;
using Authenticate = std::function<http::Handler(AuthedHandler)>;

void RegisterAuditRoutes(http::Router& router, AuditLog& log, const Authenticate& auth);

}  // namespace lb::audit
