#include "platform/audit/checkpoint.h"

#include "core/json_limits.h"
#include "platform/audit/chain.h"
#include "platform/audit/store.h"
#include "platform/audit/walk.h"

namespace lb::audit {
namespace {

core::Error Invalid(std::string message) {
  return {core::ErrorCode::kValidation, "checkpoint file: " + std::move(message), {}, {}};
}

bool IsHex(std::string_view s, size_t len) {
  if (s.size() != len) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

core::Error Refuse(const ChainBreak& b) {
  return {core::ErrorCode::kConflict, "refusing to sign a checkpoint: " + b.message, {}, {}};
}

}  // namespace

bool Checkpoint::SignatureValid() const {
  return VerifySignature(EncodeCheckpoint(seq, head_hash, node, at), signature, public_key);
}

nlohmann::json Checkpoint::ToJson() const {
  return {{"format", kCheckpointFormat}, {"node", node},          {"seq", seq}, {"head_hash", head_hash}, {"at", at},
          {"public_key", public_key},    {"signature", signature}};
}

core::Result<Checkpoint> Checkpoint::FromJson(const nlohmann::json& doc) {
  if (!doc.is_object()) return core::Fail(Invalid("not a JSON object"));
  auto text = [&](const char* key) -> const std::string* {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
  };
  const std::string* format = text("format");
  if (!format || *format != kCheckpointFormat) {
    return core::Fail(Invalid("'format' must be \"" + std::string(kCheckpointFormat) + "\""));
  }
  Checkpoint c;
  auto seq = doc.find("seq");
  if (seq == doc.end() || !seq->is_number_integer() || seq->get<int64_t>() < 0) {
    return core::Fail(Invalid("'seq' must be a non-negative integer"));
  }
  c.seq = seq->get<int64_t>();
  for (auto [key, out] : {std::pair{"head_hash", &c.head_hash}, std::pair{"node", &c.node}, std::pair{"at", &c.at},
                          std::pair{"public_key", &c.public_key}, std::pair{"signature", &c.signature}}) {
    const std::string* v = text(key);
    if (!v) return core::Fail(Invalid(std::string("'") + key + "' must be a string"));
    *out = *v;
  }
  if (!(c.seq == 0 ? c.head_hash.empty() : IsHex(c.head_hash, 64))) {
    return core::Fail(Invalid("'head_hash' must be 64 lower-case hex digits (\"\" for an empty log)"));
  }
  if (!IsHex(c.public_key, 64)) return core::Fail(Invalid("'public_key' must be 64 lower-case hex digits"));
  if (!IsHex(c.signature, 128)) return core::Fail(Invalid("'signature' must be 128 lower-case hex digits"));
  return c;
}

core::Result<Checkpoint> Checkpoint::FromText(std::string_view text) {
  auto doc = core::ParseStoredJson(text);
  if (doc.is_discarded()) {
    return core::Fail(core::Error{core::ErrorCode::kMalformed, "checkpoint file: not valid JSON", {}, {}});
  }
  return FromJson(doc);
}

core::Result<Checkpoint> CreateCheckpoint(storage::Database& db, const core::Clock& clock, const NodeKey& key,
                                          const std::string& node) {
  const std::string public_key = key.PublicKeyHex();
  // Check what is new since this key last signed, in a read transaction so a long walk never
  // holds the write lock; sign exactly the last entry that was checked.
  auto walked = storage::InTransaction(db, false, [&](storage::Transaction& tx) -> core::Result<WalkResult> {
    LB_TRY(stored, store::ListCheckpoints(tx));
    int64_t from_seq = 0;
    std::string from_hash;
    for (auto it = stored.rbegin(); it != stored.rend(); ++it) {
      if (it->public_key != public_key ||
          !VerifySignature(EncodeCheckpoint(it->seq, it->head_hash, it->node, it->at), it->signature, public_key)) {
        continue;
      }
      if (it->seq > 0) {
        LB_TRY(at, store::EntryAt(tx, it->seq));
        if (!at || at->hash != it->head_hash) {
          return core::Fail(Refuse({Finding::kCheckpointMismatch, it->seq,
                                    "entry " + std::to_string(it->seq) + " is not the entry checkpoint " +
                                        std::to_string(it->id) + " signed: the log was rewritten or truncated"}));
        }
      }
      from_seq = it->seq;
      from_hash = it->head_hash;
      break;
    }
    LB_TRY(walk, WalkChain(tx, from_seq, from_hash));
    if (walk.broken) return core::Fail(Refuse(*walk.broken));
    return walk;
  });
  if (!walked) return core::Fail(walked.error());

  Checkpoint c;
  c.seq = walked->last_seq;
  c.head_hash = walked->last_hash;
  c.node = node;
  c.at = core::FormatRfc3339(clock.Now());
  c.public_key = public_key;
  c.signature = key.SignHex(EncodeCheckpoint(c.seq, c.head_hash, c.node, c.at));
  auto stored = storage::InTransaction(db, true, [&](storage::Transaction& tx) -> core::Result<bool> {
    LB_CHECK(store::InsertCheckpoint(tx, {0, c.seq, c.head_hash, c.node, c.at, c.signature, c.public_key}));
    return true;
  });
  if (!stored) return core::Fail(stored.error());
  return c;
}

}  // namespace lb::audit
