#pragma once
// HTTP request and response as plain structs, so handlers and tests never include Beast.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lb::http {

// Lower-cases ASCII (header names are case-insensitive).
std::string ToLowerAscii(std::string_view s);

struct Request {
  std::string method;                             // "GET", "POST", ...
  std::string path;                               // decoded path without query
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string> headers;     // names lower-cased
  std::string body;
  std::string remote;  // client address, for the access log
  std::string id;      // request id, in logs and problem answers

  std::optional<std::string> Header(std::string_view lower_name) const;
  std::optional<std::string> Query(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  Response& With(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// Splits a request target into a decoded path and query; false when percent-encoding is bad.
bool ParseTarget(std::string_view target, std::string& path, std::multimap<std::string, std::string>& query);

}  // namespace lb::http
