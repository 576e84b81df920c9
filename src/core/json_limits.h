#pragma once
// Parsing JSON within limits. nlohmann's parser is iterative, but serialising a tree (dump)
// and our own walks recurse, and a tree costs many times the bytes of its text; so every
// JSON text that did not come from this node is first read by a SAX pass that stops at the
// first level, member or value over the limit, and only then built into a tree.
#include <cstddef>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/error.h"

namespace lb::core {

// Limits on one JSON document.
struct JsonLimits {
  size_t max_depth = 32;      // nested arrays and objects (the top level is 1)
  size_t max_members = 200;   // members of any one object
  size_t max_values = 20000;  // values in the whole document
};

// Problem answers list at most this many field errors (http/router.cpp), and readers of
// request objects stop reporting unknown members after as many (http/json_body.cpp).
inline constexpr size_t kMaxFieldErrors = 100;

// For request bodies: the defaults above.
inline constexpr JsonLimits kRequestJsonLimits{};
// For JSON this node wrote itself (stored documents, audit changes, checkpoint files): only
// the nesting is bounded, generously, so that no stored text can overflow a recursive walk.
inline constexpr JsonLimits kStoredJsonLimits{64, std::numeric_limits<size_t>::max(),
                                              std::numeric_limits<size_t>::max()};

// The parsed document. 400 (kMalformed) for bad syntax; 422 naming `field` with code
// too_deep, too_many_members or too_many_values when a limit is exceeded.
Result<nlohmann::json> ParseJsonWithin(std::string_view text, const JsonLimits& limits = kRequestJsonLimits,
                                       const std::string& field = "body");

// The parsed document, or a discarded value (is_discarded()) for bad syntax or a limit.
nlohmann::json ParseStoredJson(std::string_view text);

}  // namespace lb::core
