#include "rest/idempotency.h"

#include <sodium.h>

#include <algorithm>

#include "core/json_limits.h"
#include "http/router.h"
#include "platform/access/tokens.h"
#include "rest/conditional.h"

namespace lb::access {
namespace {

constexpr std::string_view kSelectIdempotency =
    "SELECT request_hash, status, location, body FROM idempotency_keys"
    " WHERE user_id = $1 AND credential = $2 AND key = $3";
constexpr std::string_view kInsertIdempotency =
    "INSERT INTO idempotency_keys (user_id, credential, key, request_hash, status, location, body, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

// Length-prefixed, so no choice of path, query or caller can run into the next part.
void Append(std::string& out, std::string_view part) {
  out += std::to_string(part.size());
  out += ':';
  out += part;
  out += '\n';
}

}  // namespace

std::string CredentialOf(const Principal& who) {
  if (!who.token_id.empty()) return "token:" + who.token_id;
  if (!who.session_id.empty()) return "session:" + who.session_id;
  return "local";
}

core::Result<std::optional<IdempotencyKey>> ReadIdempotencyKey(const http::Request& req, const Principal& who) {
  auto key = req.Header("idempotency-key");
  if (!key) return std::optional<IdempotencyKey>();
  if (key->empty() || key->size() > 200 ||
      !std::all_of(key->begin(), key->end(), [](char c) { return c > 0x20 && c < 0x7F; })) {
    return core::Fail(
        core::Error::Field("Idempotency-Key", "invalid", "Idempotency-Key must be 1-200 visible ASCII characters."));
  }
  IdempotencyKey k{*key, who.user_id, CredentialOf(who), {}};
  // The raw bytes: parsing the body here would run an untrusted document (a CSV upload, a
  // body nested 100,000 deep) through a recursive serialiser before any check. A large upload
  // is a view of its spool file, hashed in place rather than copied.
  std::string prefix;
  Append(prefix, req.method);
  Append(prefix, req.path);
  for (const auto& [name, value] : req.query) Append(prefix, name + "=" + value);
  Append(prefix, k.user_id);
  Append(prefix, k.credential);
  const std::string_view body = req.Body();
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(prefix.data()), prefix.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  k.request_hash = hex;
  return std::optional<IdempotencyKey>(std::move(k));
}

core::Result<std::optional<http::Response>> ReplayIdempotent(storage::Database& db, const IdempotencyKey& k) {
  auto rows = storage::InTransaction(db, false, [&](storage::Transaction& tx) {
    return tx.Query(kSelectIdempotency, {k.user_id, k.credential, k.key});
  });
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<http::Response>();
  const auto& row = rows->front();
  if (row.Str(0) != k.request_hash) {
    return core::Fail(core::Error::Field("Idempotency-Key", "reused",
                                         "This Idempotency-Key was already used for a different request."));
  }
  http::Response r = http::JsonResponse(static_cast<int>(row.Int(1)), row.Str(3));
  if (!row.IsNull(2)) r.With("Location", row.Str(2));
  r.With("Idempotent-Replayed", "true");
  if (auto body = core::ParseStoredJson(row.Str(3));
      body.is_object() && body.contains("version") && body["version"].is_number_integer()) {
    r.With("ETag", http::Etag(body["version"].get<int64_t>()));
  }
  return std::optional<http::Response>(std::move(r));
}

core::Status StoreIdempotent(storage::Transaction& tx, const IdempotencyKey& k, const std::string& location,
                             const std::string& body, const core::Clock& clock) {
  auto r = tx.Exec(kInsertIdempotency, {k.user_id, k.credential, k.key, k.request_hash, int64_t{201}, location, body,
                                        core::FormatRfc3339(clock.Now())});
  if (!r) return core::Fail(r.error());
  return {};
}

}  // namespace lb::access
