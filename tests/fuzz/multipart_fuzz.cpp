// libFuzzer target: multipart/form-data (http::ParseMultipart). The input's first line is the
// Content-Type header, the rest the body, so the fuzzer varies the boundary parameter (quoted,
// escaped, missing) as well as the parts. A failure is kMalformed with a message; a success
// has at most 256 parts whose bytes lie inside the body; FindPart finds each part's name.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t nl = in.find('\n');
  lb::http::Request req;
  req.method = "POST";
  if (nl == std::string_view::npos) {
    req.headers["content-type"] = "multipart/form-data; boundary=xYzZY";
    req.body = std::string(in);
  } else {
    req.headers["content-type"] = std::string(in.substr(0, nl));
    req.body = std::string(in.substr(nl + 1));
  }
  auto parts = lb::http::ParseMultipart(req);
  if (!parts) {
    Check(parts.error().code == lb::core::ErrorCode::kMalformed);
    Check(!parts.error().message.empty());
    return 0;
  }
  Check(parts->size() <= 256);
  size_t total = 0;
  for (const auto& p : *parts) {
    Check(p.body.size() <= req.body.size());
    Check(req.body.find(p.body) != std::string::npos);
    total += p.body.size();
    Check(lb::http::FindPart(*parts, p.name) != nullptr);
    Check(lb::http::FindPart(*parts, p.name)->name == p.name);
  }
  Check(total <= req.body.size());
  return 0;
}
