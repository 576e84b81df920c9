#include "platform/audit/chain.h"

#include <sodium.h>

namespace lb::audit {
namespace {

void AppendField(std::string& out, std::string_view field) {
  const uint64_t n = field.size();
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
  out.append(field);
}

}  // namespace

std::string CanonicalJson(const nlohmann::json& value) {
  // nlohmann::json keeps objects in a std::map, so dump() already sorts keys bytewise.
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string EncodeEntry(const StoredEntry& e) {
  std::string out;
  out.reserve(256 + e.at.size() + e.actor.size() + e.entity_id.size() + (e.changes ? e.changes->size() : 0));
  AppendField(out, kEntryTag);
  AppendField(out, std::to_string(e.seq));
  AppendField(out, e.at);
  AppendField(out, e.node);
  AppendField(out, e.actor);
  AppendField(out, e.action);
  AppendField(out, e.entity_type);
  AppendField(out, e.entity_id);
  AppendField(out, e.changes ? std::string_view(*e.changes) : std::string_view());
  AppendField(out, e.prev_hash);
  return out;
}

std::string HashEntry(const StoredEntry& e) { return Sha256Hex(EncodeEntry(e)); }

std::string EncodeCheckpoint(int64_t seq, std::string_view head_hash, std::string_view node, std::string_view at) {
  std::string out;
  AppendField(out, kCheckpointTag);
  AppendField(out, std::to_string(seq));
  AppendField(out, head_hash);
  AppendField(out, node);
  AppendField(out, at);
  return out;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace lb::audit
