#pragma once
// HTTP request and response as plain structs, so handlers and tests never include Beast.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lb::http {

// Lower-cases ASCII (header names are case-insensitive).
std::string ToLowerAscii(std::string_view s);

// A request body the server spooled to a private temporary file instead of memory (large
// uploads), mapped read-only. The file is unlinked as soon as it is created, so nothing is
// left behind however the request ends; the mapping goes with the last reference.
class SpooledBody {
 public:
  // Maps `size` bytes of the open file `fd` (which the caller keeps and may close after).
  static std::shared_ptr<const SpooledBody> Map(int fd, size_t size);
  ~SpooledBody();
  SpooledBody(const SpooledBody&) = delete;
  SpooledBody& operator=(const SpooledBody&) = delete;
  std::string_view view() const { return {static_cast<const char*>(data_), size_}; }

 private:
  SpooledBody(void* data, size_t size) : data_(data), size_(size) {}
  void* data_;
  size_t size_;
};

struct Request {
  std::string method;                             // "GET", "POST", ...
  std::string path;                               // decoded path without query
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string> headers;     // names lower-cased
  std::string body;                               // the body, when held in memory
  std::shared_ptr<const SpooledBody> body_spool;  // the body, when spooled to disk (large uploads)
  std::string remote;                             // client address, for the access log
  std::string id;                                 // request id, in logs and problem answers

  std::optional<std::string> Header(std::string_view lower_name) const;
  std::optional<std::string> Query(const std::string& name) const;
  // The body wherever it is held; consumers of uploads read it through this.
  std::string_view Body() const { return body_spool ? body_spool->view() : std::string_view(body); }
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

// Whether a response header may be sent as it is: a name of token characters (RFC 9110), a
// value without control characters other than horizontal tab. Anything else could split the
// response (CR, LF) or be cut short (NUL).
bool IsValidHeaderName(std::string_view name);
bool IsValidHeaderValue(std::string_view value);

// A redirect target taken from a request (a form's "next", a path id) if it is a path on this
// site: one leading "/" (not "//" or "/\"), no scheme, no control characters, whitespace or
// backslashes even after percent-decoding; otherwise "/". The one check every Location built
// from request data goes through.
std::string LocalRedirectTarget(std::string_view target);

// Text from a request made safe for one log line: control characters, backslashes and bytes
// outside ASCII as \xNN, cut to `max_bytes` (then "...").
std::string LogSafe(std::string_view text, size_t max_bytes = 256);

// Splits a request target into a decoded path and query; false when percent-encoding is bad.
bool ParseTarget(std::string_view target, std::string& path, std::multimap<std::string, std::string>& query);

}  // namespace lb::http
