#include "http/heavy_routes.h"

#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "http/route_match.h"

namespace lb::http {
namespace {

struct HeavyRoute {
  std::string method;
  std::vector<std::string> segments;
};

// The marks of every router, by router: written while routes are registered, read per request.
struct Marks {
  std::mutex mu;
  std::map<const Router*, std::vector<HeavyRoute>> by_router;
};

Marks& AllMarks() {
  static Marks marks;
  return marks;
}

}  // namespace

void AddHeavy(Router& router, std::string method, std::string pattern, Handler handler) {
  {
    Marks& marks = AllMarks();
    std::lock_guard lock(marks.mu);
    marks.by_router[&router].push_back({method, SplitPath(pattern)});
  }
  router.Add(std::move(method), std::move(pattern), std::move(handler));
}

bool IsHeavy(const Router& router, const Request& request) {
  const std::string_view method = request.method == "HEAD" ? std::string_view("GET") : std::string_view(request.method);
  const auto parts = SplitPath(request.path);
  Marks& marks = AllMarks();
  std::lock_guard lock(marks.mu);
  auto it = marks.by_router.find(&router);
  if (it == marks.by_router.end()) return false;
  for (const auto& route : it->second) {
    PathParams params;
    if (route.method == method && MatchPath(route.segments, parts, params)) return true;
  }
  return false;
}

void ForgetHeavyRoutes(const Router& router) {
  Marks& marks = AllMarks();
  std::lock_guard lock(marks.mu);
  marks.by_router.erase(&router);
}

}  // namespace lb::http
