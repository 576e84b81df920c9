#include "features/registry/cursor.h"

#include "rest/cursor.h"

namespace lb::registry {

// The cursors live in rest/cursor.cpp (shared by every feature); these keep the registry's names.
std::string EncodeCursor(const std::string& last_id) { return rest::EncodeCursor(last_id); }
std::optional<std::string> DecodeCursor(const std::string& cursor) { return rest::DecodeCursor(cursor); }

}  // namespace lb::registry
