#pragma once
// Routes requests by method and path pattern ("/api/v1/persons/{id}") to handlers, and
// turns every core::Error into an RFC 9457 problem response in one place.
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "http/message.h"

namespace lb::http {

// Path parameters captured by {name} segments.
using PathParams = std::map<std::string, std::string>;

using Handler = std::function<core::Result<Response>(const Request&, const PathParams&)>;

// One registered route as it was added: "GET" and "/api/v1/persons/{id}".
struct RouteInfo {
  std::string method;
  std::string pattern;
  bool operator==(const RouteInfo&) const = default;
};

class Router {
 public:
  // body_limit: the largest request body this route takes (0 = the server's default); for
  // routes that receive files.
  void Add(std::string method, std::string pattern, Handler handler, size_t body_limit = 0);
  // A heavy route: reports and exports (PDF, XLSX, whole tables) hold a worker for long, so
  // the node gives each user only a few of them at once, whether through the API or a page.
  // The mark is made where the route is registered, never guessed from the path.
  void AddHeavy(std::string method, std::string pattern, Handler handler);
  // True when the request (HEAD as GET) leads to a route added with AddHeavy.
  bool IsHeavy(const Request& request) const;
  // The body limit of the route a method and path lead to; 0 when none is set or no route
  // matches (the server's default applies).
  size_t BodyLimit(std::string_view method, std::string_view path) const;
  // Dispatches; 404 for an unknown path, 405 (with Allow) for a known path and wrong method.
  Response Handle(const Request& request) const;
  // Every route, in the order added (the route table that `labourbridge routes` prints and the
  // OpenAPI contract test compares with the document).
  std::vector<RouteInfo> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    size_t body_limit = 0;
    bool heavy = false;
  };
  std::vector<Route> routes_;
};

// The problem+json response for an error (status from the error code).
Response ProblemResponse(const core::Error& error, const std::string& instance = {},
                         const std::string& request_id = {});

// HTTP status for an error code.
int StatusFor(core::ErrorCode code);

// A JSON response with the given status.
Response JsonResponse(int status, std::string body);

}  // namespace lb::http
