#pragma once
// GET /api/v1/audit: the audit log for auditors.
#include <functional>
#include <optional>
#include <string>

#include "http/router.h"
#include "platform/access/principal.h"
#include "platform/audit/audit_log.h"

namespace lb::audit {

// Who may read the audit log: auditors only (the decision, in one place).
core::Status CanReadAuditLog(const access::Principal& actor);

using AuthedHandler = std::function<core::Result<http::Response>(const http::Request&, const http::PathParams&,
                                                                 const access::Principal&)>;
using Authenticate = std::function<http::Handler(AuthedHandler)>;

// Whether `actor` may see the record `entity_type`/`entity_id`: true or false for the kinds of
// records the callee owns (the registry's persons, employers and permits, by their current
// place), nullopt for entity types it does not own. Passed in at wiring time (node.cpp), so
// the audit routes need no feature's internals.
using RecordVisibility = std::function<core::Result<std::optional<bool>>(
    const access::Principal& actor, const std::string& entity_type, const std::string& entity_id)>;

// GET /api/v1/audit. An auditor sees the entries of records `visible` says they may see; an
// entry about no record of an owned kind (users, tokens, sessions, exports, cooperation) only
// when their scope is the node's whole country. A single entity they may not see is 404.
void RegisterAuditRoutes(http::Router& router, AuditLog& log, const Authenticate& auth, RecordVisibility visible);

}  // namespace lb::audit
