// `labourbridge routes [--json]`: the route table of the server `serve` runs, built the same
// way (a Node and its router) over a throwaway SQLite database, so it needs no database and no
// running server. The OpenAPI contract test compares it with data/openapi.json.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "app/commands.h"
#include "server/node.h"
#include "server/openapi.h"
#include "storage/sqlite/sqlite_database.h"

namespace lb::app {

int PrintRoutes(const core::Config& config, bool json) {
  if (spdlog::get_level() < spdlog::level::warn) spdlog::set_level(spdlog::level::warn);
  std::string dir = (std::filesystem::temp_directory_path() / "labourbridge-routes-XXXXXX").string();
  if (!::mkdtemp(dir.data())) {
    std::fprintf(stderr, "labourbridge: error: cannot create a temporary directory\n");
    return kExitRuntime;
  }
  std::vector<http::RouteInfo> routes;
  int rc = kExitOk;
  {
    core::SystemClock clock;
    auto node = server::Node::Open(storage::OpenSqlite(dir + "/routes.db", 2), config, clock);
    if (node) {
      routes = (*node)->router().Routes();
    } else {
      rc = Report(node.error());
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (rc != kExitOk) return rc;
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : routes) out.push_back({{"method", r.method}, {"path", r.pattern}});
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    for (const auto& r : routes) std::printf("%s %s\n", r.method.c_str(), r.pattern.c_str());
  }
  return kExitOk;
}

int PrintOpenApi() {
  auto doc = server::OpenApiDocument();
  if (!doc) return Report(doc.error());
  std::printf("%s\n", doc->dump(2).c_str());
  return kExitOk;
}

}  // namespace lb::app
