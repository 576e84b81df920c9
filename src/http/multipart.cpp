#include "http/multipart.h"

#include <algorithm>
#include <optional>

namespace lb::http {
namespace {

constexpr size_t kMaxParts = 256;
constexpr size_t kMaxPartHeaders = 8 * 1024;

std::unexpected<core::Error> Malformed(std::string message) {
  return core::Fail(core::Error{core::ErrorCode::kMalformed, std::move(message), {}, {}});
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of `key` among the ;-separated parameters of a header value (quoted strings with
// backslash escapes allowed), or nullopt.
std::optional<std::string> Parameter(std::string_view value, std::string_view key) {
  size_t i = value.find(';');
  while (i != std::string_view::npos && i < value.size()) {
    ++i;
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    const size_t eq = value.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view name = Trim(value.substr(i, eq - i));
    size_t j = eq + 1;
    std::string v;
    if (j < value.size() && value[j] == '"') {
      for (++j; j < value.size() && value[j] != '"'; ++j) {
        if (value[j] == '\\' && j + 1 < value.size()) ++j;
        v.push_back(value[j]);
      }
      if (j < value.size()) ++j;  // closing quote
    } else {
      const size_t end = std::min(value.find(';', j), value.size());
      v = std::string(Trim(value.substr(j, end - j)));
      j = end;
    }
    if (IEquals(name, key)) return v;
    i = value.find(';', j);
  }
  return std::nullopt;
}

}  // namespace

core::Result<std::vector<FormPart>> ParseMultipart(const Request& request) {
  const auto type = request.Header("content-type");
  if (!type || !IEquals(Trim(std::string_view(*type).substr(0, type->find(';'))), "multipart/form-data")) {
    return Malformed("The request must be multipart/form-data (a form with enctype=\"multipart/form-data\").");
  }
  const auto boundary = Parameter(*type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) {
    return Malformed("The multipart/form-data request has no valid boundary parameter.");
  }
  const std::string_view body = request.Body();
  const std::string delimiter = "--" + *boundary;
  // The first delimiter may follow a preamble; every later one follows CRLF.
  size_t pos = body.starts_with(delimiter) ? 0 : body.find("\r\n" + delimiter);
  if (pos == std::string_view::npos) return Malformed("The multipart body has no part delimited by its boundary.");
  if (pos != 0) pos += 2;
  const std::string next_delimiter = "\r\n" + delimiter;
  std::vector<FormPart> parts;
  for (;;) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    // Transport padding, then CRLF.
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") return Malformed("A multipart delimiter is not followed by a line break.");
    pos += 2;
    const size_t headers_end = body.find("\r\n\r\n", pos);
    // A part with no headers at all starts directly with the blank line.
    const bool no_headers = body.substr(pos, 2) == "\r\n";
    if (!no_headers && (headers_end == std::string_view::npos || headers_end - pos > kMaxPartHeaders)) {
      return Malformed("A multipart part's headers are missing their end or are too long.");
    }
    const std::string_view headers = no_headers ? std::string_view{} : body.substr(pos, headers_end - pos);
    const size_t content_start = no_headers ? pos + 2 : headers_end + 4;
    const size_t content_end = body.find(next_delimiter, content_start);
    if (content_end == std::string_view::npos) {
      return Malformed("The multipart body ends before its closing boundary (the upload may be cut short).");
    }
    if (parts.size() == kMaxParts) return Malformed("The form has more than 256 parts.");
    FormPart part;
    part.content_type = "text/plain";
    bool has_disposition = false;
    size_t line_start = 0;
    while (line_start <= headers.size() && !headers.empty()) {
      size_t line_end = headers.find("\r\n", line_start);
      if (line_end == std::string_view::npos) line_end = headers.size();
      const std::string_view line = headers.substr(line_start, line_end - line_start);
      const size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        const std::string_view name = Trim(line.substr(0, colon));
        const std::string_view value = Trim(line.substr(colon + 1));
        if (IEquals(name, "content-disposition")) {
          has_disposition = true;
          part.name = Parameter(value, "name").value_or("");
          part.filename = Parameter(value, "filename").value_or("");
        } else if (IEquals(name, "content-type")) {
          part.content_type = std::string(value);
        }
      }
      line_start = line_end + 2;
    }
    if (!has_disposition || part.name.empty()) {
      return Malformed("A multipart part has no Content-Disposition with a field name.");
    }
    part.body = body.substr(content_start, content_end - content_start);
    parts.push_back(std::move(part));
    pos = content_end + 2;
  }
}

const FormPart* FindPart(const std::vector<FormPart>& parts, std::string_view name) {
  for (const auto& p : parts) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace lb::http
