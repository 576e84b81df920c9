// libFuzzer target: JSON request bodies (http::ParseJsonObject over core::ParseJsonWithin).
// Whatever the bytes, the answer is an object within the limits (depth, members, values),
// a 400 for bad UTF-8 or syntax, or a 422 naming the body; the SAX pre-pass agrees with
// nlohmann's own accept(); a parsed body survives a dump and re-parse unchanged.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/json_limits.h"
#include "fuzz_check.h"
#include "rest/json_body.h"
#include "text/unicode.h"

namespace {

using nlohmann::json;

// Depth, widest object and number of values, without recursion.
void Measure(const json& root, size_t& depth, size_t& widest, size_t& values) {
  std::vector<std::pair<const json*, size_t>> stack = {{&root, 1}};
  depth = widest = values = 0;
  while (!stack.empty()) {
    auto [j, d] = stack.back();
    stack.pop_back();
    ++values;
    if (j->is_structured()) depth = std::max(depth, d);
    if (j->is_object()) widest = std::max(widest, j->size());
    if (j->is_structured()) {
      for (const auto& child : *j) stack.emplace_back(&child, d + 1);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lb::http::Request req;
  req.body.assign(reinterpret_cast<const char*>(data), size);
  const lb::core::JsonLimits limits;  // the request defaults
  auto body = lb::http::ParseJsonObject(req);
  const bool accepted = lb::text::IsValidUtf8(req.body) && json::accept(req.body);
  if (body) {
    Check(accepted);
    Check(body->is_object());
    size_t depth = 0, widest = 0, values = 0;
    Measure(*body, depth, widest, values);
    Check(depth <= limits.max_depth);
    Check(widest <= limits.max_members);
    Check(values <= limits.max_values);
    const std::string text = lb::http::Dump(*body);
    auto again = lb::core::ParseJsonWithin(text);
    Check(again.has_value());
    Check(*again == *body);
    return 0;
  }
  const auto& e = body.error();
  if (e.code == lb::core::ErrorCode::kMalformed) {
    Check(!accepted);
  } else {
    Check(e.code == lb::core::ErrorCode::kValidation);
    Check(e.fields.size() == 1);
    Check(e.fields[0].field == "body" || e.fields[0].field.empty());
  }
  // Tight limits refuse more, never crash.
  auto tight = lb::core::ParseJsonWithin(req.body, {3, 4, 16});
  if (tight) Check(json::accept(req.body));
  return 0;
}
