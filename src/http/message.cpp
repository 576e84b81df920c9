#include "http/message.h"

#include <sys/mman.h>

namespace lb::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Decode(std::string_view in, bool plus_is_space, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

}  // namespace

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::shared_ptr<const SpooledBody> SpooledBody::Map(int fd, size_t size) {
  if (size == 0) return std::shared_ptr<const SpooledBody>(new SpooledBody(nullptr, 0));
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (data == MAP_FAILED) return nullptr;
  // Read front to back by every consumer: let the kernel drop pages behind the reader.
  ::madvise(data, size, MADV_SEQUENTIAL);
  return std::shared_ptr<const SpooledBody>(new SpooledBody(data, size));
}

SpooledBody::~SpooledBody() {
  if (data_) ::munmap(data_, size_);
}

bool IsValidHeaderName(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    const bool tchar = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
    if (!tchar) return false;
  }
  return true;
}

bool IsValidHeaderValue(std::string_view value) {
  for (unsigned char c : value) {
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

std::string LocalRedirectTarget(std::string_view target) {
  // The raw form is what the browser parses; the decoded form catches "/%09/x" and the like
  // for clients that decode before following. In the query, encoded spaces are harmless.
  auto path_ok = [](std::string_view path) {
    if (path.empty() || path[0] != '/' || path.starts_with("//")) return false;
    for (unsigned char c : path) {
      if (c <= 0x20 || c == 0x7f || c == '\\') return false;
    }
    return true;
  };
  auto no_controls = [](std::string_view t) {
    for (unsigned char c : t) {
      if (c < 0x20 || c == 0x7f) return false;
    }
    return true;
  };
  const size_t q = target.find('?');
  std::string path, query;
  if (!path_ok(target.substr(0, q)) || !no_controls(target) || !Decode(target.substr(0, q), false, path) ||
      !path_ok(path)) {
    return "/";
  }
  if (q != std::string_view::npos) {
    const std::string_view raw_query = target.substr(q + 1);
    for (unsigned char c : raw_query) {
      if (c == ' ' || c == '\\') return "/";
    }
    if (!Decode(raw_query, true, query) || !no_controls(query)) return "/";
  }
  return std::string(target);
}

std::string LogSafe(std::string_view text, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 8);
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char c : text) {
    if (out.size() >= max_bytes) {
      out += "...";
      break;
    }
    if (c < 0x20 || c >= 0x7f || c == '\\') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::optional<std::string> Request::Header(std::string_view lower_name) const {
  auto it = headers.find(std::string(lower_name));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

bool ParseTarget(std::string_view target, std::string& path, std::multimap<std::string, std::string>& query) {
  auto q = target.find('?');
  if (!Decode(target.substr(0, q), false, path)) return false;
  if (q == std::string_view::npos) return true;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string k, v;
    if (!Decode(pair.substr(0, eq), true, k)) return false;
    if (eq != std::string_view::npos && !Decode(pair.substr(eq + 1), true, v)) return false;
    query.emplace(std::move(k), std::move(v));
  }
  return true;
}

}  // namespace lb::http
