#pragma once
// The cooperation REST API under /api/v1/cooperation/: organisations (with succession),
// agreements (with signed PDF attachments), conferences, commitments (with progress),
// activities (with the delegation rotation), twinning, the dashboard and the evaluation
// report. JSON in and out, ETag/If-Match, Idempotency-Key, cursors, problem+json.
#include "features/cooperation/service.h"
#include "http/router.h"
#include "rest/handler.h"

namespace lb::cooperation {

void RegisterCooperationRoutes(http::Router& router, CooperationService& service, storage::Database& db,
                               const core::Clock& clock, const rest::Authenticate& auth);

}  // namespace lb::cooperation
