#pragma once
// Reading JSON request bodies: UTF-8 and syntax checks (400), then typed field access that
// collects one error per bad field and rejects unknown fields (422).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "http/message.h"

namespace lb::http {

// The parsed body; 400 for invalid UTF-8 or malformed JSON, 422 when it is not an object.
core::Result<nlohmann::json> ParseJsonObject(const Request& request);

// Typed access to the members of one JSON object.
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& object, std::string prefix, std::vector<core::FieldError>& errors)
      : object_(object), prefix_(std::move(prefix)), errors_(errors) {}

  // A string member; null or absent yields nullopt (and an error when required).
  std::optional<std::string> String(const std::string& key, bool required = false);
  std::optional<bool> Bool(const std::string& key);
  // A whole-number member; null or absent yields nullopt.
  std::optional<int64_t> Integer(const std::string& key);
  // An array of strings (absent or null: empty); each item that is no string is an error.
  std::vector<std::string> Strings(const std::string& key);
  // The member's value, or nullptr when absent or null (for a reader of the caller's own).
  const nlohmann::json* Member(const std::string& key);
  // A member that may be sent and is not read (bookkeeping sent back from a GET).
  void Skip(const std::string& key) { seen_.insert(key); }
  // An array member, or nullptr (error when present but not an array).
  const nlohmann::json* Array(const std::string& key, bool required = false);
  bool Has(const std::string& key) const { return object_.contains(key); }
  // Reports every member that was not read as unknown.
  void RejectUnknown();

  std::string Path(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "." + key; }
  std::vector<core::FieldError>& errors() { return errors_; }

 private:
  const nlohmann::json& object_;
  std::string prefix_;
  std::vector<core::FieldError>& errors_;
  std::set<std::string> seen_;
};

// JSON serialisation that never throws on odd bytes (core/json.h; kept here for the REST code).
using core::Dump;

}  // namespace lb::http
