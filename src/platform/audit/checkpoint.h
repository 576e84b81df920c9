#pragma once
// Checkpoints: the head of the audit chain (seq and hash) signed with the node's Ed25519 key,
// stored in audit_checkpoints and handed out as a JSON "checkpoint file" an auditor keeps
// off the server.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "platform/audit/signing.h"
#include "storage/database.h"

namespace lb::audit {

inline constexpr std::string_view kCheckpointFormat = "labourbridge-audit-checkpoint/1";

// A signed statement "on <at>, node <node>'s audit log had <seq> entries, the last with hash
// <head_hash>". seq 0 (and head_hash "") is an empty log.
struct Checkpoint {
  int64_t seq = 0;
  std::string head_hash;
  std::string node;
  std::string at;          // RFC 3339
  std::string signature;   // hex Ed25519 signature over EncodeCheckpoint(seq, head_hash, node, at)
  std::string public_key;  // hex Ed25519 public key that made it

  // True when the signature verifies with public_key.
  bool SignatureValid() const;

  // The checkpoint file: {"format", "node", "seq", "head_hash", "at", "public_key", "signature"}.
  nlohmann::json ToJson() const;
  // Parses a checkpoint file; kMalformed/kValidation naming what is wrong.
  static core::Result<Checkpoint> FromJson(const nlohmann::json& doc);
  static core::Result<Checkpoint> FromText(std::string_view text);
};

// Signs the current head and stores the checkpoint. Before signing, the entries added since
// the newest checkpoint this key made are checked to chain onto it, so a checkpoint never
// blesses a chain that was already tampered with (kConflict naming the bad entry).
core::Result<Checkpoint> CreateCheckpoint(storage::Database& db, const core::Clock& clock, const NodeKey& key,
                                          const std::string& node);

}  // namespace lb::audit
