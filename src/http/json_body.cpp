#include "http/json_body.h"

#include "text/unicode.h"

namespace lb::http {

core::Result<nlohmann::json> ParseJsonObject(const Request& request) {
  if (!text::IsValidUtf8(request.body)) {
    return core::Fail({core::ErrorCode::kMalformed, "The request body is not valid UTF-8.", {}, {}});
  }
  auto j = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return core::Fail({core::ErrorCode::kMalformed, "The request body is not valid JSON.", {}, {}});
  }
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
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (!seen_.contains(it.key())) {
      errors_.push_back({Path(it.key()), "unknown_field", Path(it.key()) + " is not a known field."});
    }
  }
}

std::string Dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace lb::http
