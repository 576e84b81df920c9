#include "rest/json_body.h"

#include "core/json_limits.h"
#include "text/unicode.h"

namespace lb::http {

core::Result<nlohmann::json> ParseJsonObject(const Request& request) {
  if (!text::IsValidUtf8(request.body)) {
    return core::Fail({core::ErrorCode::kMalformed, "The request body is not valid UTF-8.", {}, {}});
  }
  // Depth, members per object and values are checked before any tree is built (see
  // core/json_limits.h): a deep body would overflow a recursive walk, a wide one would cost
  // memory and one error per member.
  auto parsed = core::ParseJsonWithin(request.body, core::kRequestJsonLimits, "body");
  if (!parsed) {
    if (parsed.error().code == core::ErrorCode::kMalformed) {
      return core::Fail({core::ErrorCode::kMalformed, "The request body is not valid JSON.", {}, {}});
    }
    return core::Fail(std::move(parsed.error()));
  }
  auto j = std::move(*parsed);
  if (!j.is_object()) {
    return core::Fail(core::Error::Field("", "type", "The request body must be a JSON object."));
  }
  return j;
}

std::optional<std::string> ObjectReader::String(const std::string& key, bool required) {
  seen_.insert(key);
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) {
    if (required) errors_.push_back({Path(key), "required", Path(key) + " is required."});
    return std::nullopt;
  }
  if (!it->is_string()) {
    errors_.push_back({Path(key), "type", Path(key) + " must be a string."});
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<bool> ObjectReader::Bool(const std::string& key) {
  seen_.insert(key);
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) {
    errors_.push_back({Path(key), "type", Path(key) + " must be true or false."});
    return std::nullopt;
  }
  return it->get<bool>();
}

std::optional<int64_t> ObjectReader::Integer(const std::string& key) {
  const nlohmann::json* v = Member(key);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    errors_.push_back({Path(key), "type", Path(key) + " must be a whole number."});
    return std::nullopt;
  }
  return v->get<int64_t>();
}

std::vector<std::string> ObjectReader::Strings(const std::string& key) {
  std::vector<std::string> out;
  const nlohmann::json* a = Array(key);
  if (!a) return out;
  for (size_t i = 0; i < a->size(); ++i) {
    if (!(*a)[i].is_string()) {
      errors_.push_back({Path(key) + "[" + std::to_string(i) + "]", "type", Path(key) + " items must be strings."});
      continue;
    }
    out.push_back((*a)[i].get<std::string>());
  }
  return out;
}

const nlohmann::json* ObjectReader::Member(const std::string& key) {
  seen_.insert(key);
  auto it = object_.find(key);
  return it == object_.end() || it->is_null() ? nullptr : &*it;
}

const nlohmann::json* ObjectReader::Array(const std::string& key, bool required) {
  seen_.insert(key);
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) {
    if (required) errors_.push_back({Path(key), "required", Path(key) + " is required."});
    return nullptr;
  }
  if (!it->is_array()) {
    errors_.push_back({Path(key), "type", Path(key) + " must be an array."});
    return nullptr;
  }
  return &*it;
}

void ObjectReader::RejectUnknown() {
  size_t reported = 0;
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (!seen_.contains(it.key())) {
      // Enough to refuse the object; the answer lists no more anyway (router.cpp).
      if (++reported > core::kMaxFieldErrors) break;
      errors_.push_back({Path(it.key()), "unknown_field", Path(it.key()) + " is not a known field."});
    }
  }
}

}  // namespace lb::http
