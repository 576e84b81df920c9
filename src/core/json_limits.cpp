#include "core/json_limits.h"

#include <vector>

namespace lb::core {
namespace {

using json = nlohmann::json;

// Counts levels, members and values; returning false from any event stops the parser at once.
class LimitSax {
 public:
  explicit LimitSax(const JsonLimits& limits) : limits_(limits) {}

  bool null() { return Value(); }
  bool boolean(bool) { return Value(); }
  bool number_integer(json::number_integer_t) { return Value(); }
  bool number_unsigned(json::number_unsigned_t) { return Value(); }
  bool number_float(json::number_float_t, const json::string_t&) { return Value(); }
  bool string(json::string_t&) { return Value(); }
  bool binary(json::binary_t&) { return Value(); }
  bool start_object(size_t) { return Open(); }
  bool key(json::string_t&) {
    if (++members_.back() > limits_.max_members) return Stop(Breach::kMembers);
    return true;
  }
  bool end_object() { return Close(); }
  bool start_array(size_t) { return Open(); }
  bool end_array() { return Close(); }
  bool parse_error(size_t, const std::string&, const nlohmann::detail::exception&) { return Stop(Breach::kSyntax); }

  enum class Breach { kNone, kSyntax, kDepth, kMembers, kValues };
  Breach breach() const { return breach_; }

 private:
  bool Value() {
    if (++values_ > limits_.max_values) return Stop(Breach::kValues);
    return true;
  }
  bool Open() {
    if (!Value()) return false;
    if (members_.size() + 1 > limits_.max_depth) return Stop(Breach::kDepth);
    members_.push_back(0);
    return true;
  }
  bool Close() {
    members_.pop_back();
    return true;
  }
  bool Stop(Breach b) {
    breach_ = b;
    return false;
  }

  const JsonLimits& limits_;
  std::vector<size_t> members_;  // one counter per open array or object (at most max_depth)
  size_t values_ = 0;
  Breach breach_ = Breach::kNone;
};

}  // namespace

Result<nlohmann::json> ParseJsonWithin(std::string_view text, const JsonLimits& limits, const std::string& field) {
  LimitSax sax(limits);
  const bool ok = json::sax_parse(text, &sax, json::input_format_t::json, /*strict=*/true);
  const std::string what = field.empty() ? std::string("the document") : field;
  switch (sax.breach()) {
    case LimitSax::Breach::kNone:
      break;
    case LimitSax::Breach::kSyntax:
      return Fail({ErrorCode::kMalformed, "The " + what + " is not valid JSON.", {}, {}});
    case LimitSax::Breach::kDepth:
      return Fail(Error::Field(
          field, "too_deep",
          "The " + what + " nests arrays and objects deeper than " + std::to_string(limits.max_depth) + " levels."));
    case LimitSax::Breach::kMembers:
      return Fail(Error::Field(
          field, "too_many_members",
          "An object in the " + what + " has more than " + std::to_string(limits.max_members) + " members."));
    case LimitSax::Breach::kValues:
      return Fail(Error::Field(field, "too_many_values",
                               "The " + what + " holds more than " + std::to_string(limits.max_values) + " values."));
  }
  if (!ok) return Fail({ErrorCode::kMalformed, "The " + what + " is not valid JSON.", {}, {}});
  // Within the limits: building the tree is now bounded in depth and size.
  auto j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Fail({ErrorCode::kMalformed, "The " + what + " is not valid JSON.", {}, {}});
  return j;
}

nlohmann::json ParseStoredJson(std::string_view text) {
  auto j = ParseJsonWithin(text, kStoredJsonLimits, "");
  if (!j) return json(json::value_t::discarded);
  return std::move(*j);
}

}  // namespace lb::core
