#pragma once
// The canonical encoding of audit entries and checkpoints, and the hashes over them.
// Changing anything here breaks every existing chain: it is versioned by its domain tags.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace lb::audit {

// Domain tags: the first field of each encoding, so an entry can never be mistaken for a
// checkpoint (or for a later version of either).
inline constexpr std::string_view kEntryTag = "labourbridge-audit-entry-v1";
inline constexpr std::string_view kCheckpointTag = "labourbridge-audit-checkpoint-v1";

// An entry as stored: every field as the exact text that is hashed.
struct StoredEntry {
  int64_t seq = 0;
  std::string at, node, actor, action, entity_type, entity_id;
  std::optional<std::string> changes;  // canonical JSON text, or NULL
  std::string prev_hash;               // "" for the first entry
  std::string hash;
};

// Compact JSON with object keys sorted by their UTF-8 bytes and no insignificant whitespace;
// invalid UTF-8 in strings is replaced by U+FFFD (never throws).
std::string CanonicalJson(const nlohmann::json& value);

// The bytes an entry's hash covers: for each field, in this order, an 8-byte big-endian
// length followed by the field's bytes — tag, seq (decimal), at, node, actor, action,
// entity_type, entity_id, changes ("" for NULL; canonical JSON is never empty), prev_hash.
std::string EncodeEntry(const StoredEntry& e);

// Lower-case hex SHA-256 of EncodeEntry(e).
std::string HashEntry(const StoredEntry& e);

// The bytes a checkpoint signature covers: the same length-prefixed fields — tag, seq
// (decimal), head_hash, node, at.
std::string EncodeCheckpoint(int64_t seq, std::string_view head_hash, std::string_view node, std::string_view at);

// Lower-case hex SHA-256 (libsodium).
std::string Sha256Hex(std::string_view bytes);

}  // namespace lb::audit
