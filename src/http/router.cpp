#include "http/router.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json_limits.h"

namespace lb::http {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool Match(const std::vector<std::string>& pattern, const std::vector<std::string>& parts, PathParams& params) {
  if (pattern.size() != parts.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const auto& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (parts[i].empty()) return false;
      params[p.substr(1, p.size() - 2)] = parts[i];
    } else if (p != parts[i]) {
      return false;
    }
  }
  return true;
}

const char* TitleFor(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kMalformed:
      return "Malformed request";
    case core::ErrorCode::kValidation:
      return "Invalid input";
    case core::ErrorCode::kUnauthorized:
      return "Authentication required";
    case core::ErrorCode::kForbidden:
      return "Forbidden";
    case core::ErrorCode::kNotFound:
      return "Not found";
    case core::ErrorCode::kConflict:
      return "Conflict";
    case core::ErrorCode::kPreconditionFailed:
      return "Precondition failed";
    case core::ErrorCode::kPreconditionRequired:
      return "Precondition required";
    case core::ErrorCode::kPayloadTooLarge:
      return "Payload too large";
    case core::ErrorCode::kTooManyRequests:
      return "Too many requests";
    case core::ErrorCode::kUnavailable:
      return "Service unavailable";
    case core::ErrorCode::kInsufficientStorage:
      return "Insufficient storage";
    case core::ErrorCode::kInternal:
      return "Internal error";
  }
  return "Internal error";
}

}  // namespace

int StatusFor(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kMalformed:
      return 400;
    case core::ErrorCode::kValidation:
      return 422;
    case core::ErrorCode::kUnauthorized:
      return 401;
    case core::ErrorCode::kForbidden:
      return 403;
    case core::ErrorCode::kNotFound:
      return 404;
    case core::ErrorCode::kConflict:
      return 409;
    case core::ErrorCode::kPreconditionFailed:
      return 412;
    case core::ErrorCode::kPreconditionRequired:
      return 428;
    case core::ErrorCode::kPayloadTooLarge:
      return 413;
    case core::ErrorCode::kTooManyRequests:
      return 429;
    case core::ErrorCode::kUnavailable:
      return 503;
    case core::ErrorCode::kInsufficientStorage:
      return 507;
    case core::ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response JsonResponse(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response ProblemResponse(const core::Error& error, const std::string& instance, const std::string& request_id) {
  const int status = StatusFor(error.code);
  nlohmann::json j;
  j["type"] = "urn:labourbridge:problem:" + std::string(core::ErrorCodeName(error.code));
  j["title"] = TitleFor(error.code);
  j["status"] = status;
  j["detail"] = error.message;
  if (!instance.empty()) j["instance"] = instance;
  if (!request_id.empty()) j["request_id"] = request_id;
  if (!error.fields.empty()) {
    // A bounded list: an answer must not grow with the request (50,000 bad members would
    // otherwise come back as 50,000 errors).
    auto& arr = j["errors"] = nlohmann::json::array();
    const size_t shown = std::min(error.fields.size(), core::kMaxFieldErrors);
    for (size_t i = 0; i < shown; ++i) {
      const auto& f = error.fields[i];
      arr.push_back({{"field", f.field}, {"code", f.code}, {"message", f.message}});
    }
    if (error.fields.size() > shown) j["errors_omitted"] = error.fields.size() - shown;
  }
  if (status >= 500) spdlog::error("request {} failed: {} ({})", request_id, error.message, error.internal);
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (status == 401) r.With("WWW-Authenticate", "Bearer");
  if (status == 503) r.With("Retry-After", "1");
  return r;
}

void Router::Add(std::string method, std::string pattern, Handler handler, size_t body_limit) {
  auto segments = Split(pattern);
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), std::move(handler), body_limit});
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const auto& route : routes_) out.push_back({route.method, route.pattern});
  return out;
}

void Router::AddHeavy(std::string method, std::string pattern, Handler handler) {
  Add(std::move(method), std::move(pattern), std::move(handler));
  routes_.back().heavy = true;
}

bool Router::IsHeavy(const Request& request) const {
  const std::string_view method = request.method == "HEAD" ? std::string_view("GET") : std::string_view(request.method);
  const auto parts = Split(request.path);
  for (const auto& route : routes_) {
    PathParams params;
    if (route.method == method && Match(route.segments, parts, params)) return route.heavy;
  }
  return false;
}

size_t Router::BodyLimit(std::string_view method, std::string_view path) const {
  std::string decoded;
  std::multimap<std::string, std::string> query;
  if (!ParseTarget(path, decoded, query)) return 0;
  const auto parts = Split(decoded);
  for (const auto& route : routes_) {
    PathParams params;
    if (route.method == method && Match(route.segments, parts, params)) return route.body_limit;
  }
  return 0;
}

Response Router::Handle(const Request& request) const {
  const auto parts = Split(request.path);
  // HEAD is answered as GET (the server drops the body).
  const std::string method = request.method == "HEAD" ? std::string("GET") : request.method;
  std::string allowed;
  for (const auto& route : routes_) {
    PathParams params;
    if (!Match(route.segments, parts, params)) continue;
    if (route.method != method) {
      if (!allowed.empty()) allowed += ", ";
      allowed += route.method;
      continue;
    }
    try {
      auto result = route.handler(request, params);
      if (!result) return ProblemResponse(result.error(), request.path, request.id);
      return std::move(*result);
    } catch (const std::exception& e) {
      return ProblemResponse(core::Error::Internal(std::string("unhandled exception: ") + e.what()), request.path,
                             request.id);
    }
  }
  if (!allowed.empty()) {
    auto r = ProblemResponse(
        {core::ErrorCode::kValidation, "Method " + request.method + " is not allowed here.", {}, {}}, request.path);
    r.status = 405;
    r.body = nlohmann::json{{"type", "urn:labourbridge:problem:method-not-allowed"},
                            {"title", "Method not allowed"},
                            {"status", 405},
                            {"detail", "Method " + request.method + " is not allowed on this path."}}
                 .dump();
    r.With("Allow", allowed);
    return r;
  }
  return ProblemResponse(core::Error::NotFound("No such endpoint."), request.path, request.id);
}

}  // namespace lb::http
