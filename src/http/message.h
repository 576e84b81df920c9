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
  // A download too large to hold in memory: the server sends this file instead of `body`
  // (streamed from disk), then removes it when remove_body_file is set.
  std::string body_file;
  bool remove_body_file = false;

  Response& With(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// Splits a request target into a decoded path and query; false when percent-encoding is bad.
bool ParseTarget(std::string_view target, std::string& path, std::multimap<std::string, std::string>& query);

}  // namespace lb::http
