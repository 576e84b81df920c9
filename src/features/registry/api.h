#pragma once
// The registry's REST API (/api/v1/persons, /employers, /permits): JSON in and out,
// ETag/If-Match, Idempotency-Key, keyset pagination. Rules live in RegistryService.
#include <functional>
#include <nlohmann/json.hpp>

#include "features/registry/service.h"
#include "http/router.h"
#include "platform/access/tokens.h"

namespace lb::registry {

// A handler that runs after authentication.
using AuthedHandler = std::function<core::Result<http::Response>(const http::Request&, const http::PathParams&,
                                                                 const access::Principal&)>;
// Wraps an AuthedHandler into a router handler (the node supplies the authentication).
using Authenticate = std::function<http::Handler(AuthedHandler)>;

void RegisterRegistryRoutes(http::Router& router, RegistryService& service, storage::Database& db,
                            const core::Clock& clock, const Authenticate& auth);

// JSON forms of the records (also used by export and tests).
nlohmann::json ToJson(const Person& p);
nlohmann::json ToJson(const Employer& e);
nlohmann::json ToJson(const WorkPermit& w);

}  // namespace lb::registry
