#pragma once
// Heavy routes: reports and exports (PDF, XLSX, whole tables) hold a worker for long, so the
// node gives each user only a few of them at once, whether they come through the API or a page.
// A route is marked heavy where it is registered, by adding it with AddHeavy instead of
// Router::Add; the node asks IsHeavy before it dispatches a request.
#include <string>

#include "http/message.h"
#include "http/router.h"

namespace lb::http {

// router.Add(method, pattern, handler), marked heavy.
void AddHeavy(Router& router, std::string method, std::string pattern, Handler handler);
// True when the request (HEAD as GET) leads to a route of `router` marked heavy.
bool IsHeavy(const Router& router, const Request& request);
// Drops the marks of `router` (its owner calls this before the router goes).
void ForgetHeavyRoutes(const Router& router);

}  // namespace lb::http
