#include "access/idempotency.h"

#include <sodium.h>

#include <algorithm>

#include "access/tokens.h"
#include "http/conditional.h"
#include "http/json_body.h"
#include "http/router.h"

namespace lb::access {
namespace {

constexpr std::string_view kSelectIdempotency =
    "SELECT request_hash, status, location, body FROM idempotency_keys WHERE principal = $1 AND key = $2";
constexpr std::string_view kInsertIdempotency =
    "INSERT INTO idempotency_keys (principal, key, request_hash, status, location, body, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)";

}  // namespace

core::Result<std::optional<IdempotencyKey>> ReadIdempotencyKey(const http::Request& req) {
  auto key = req.Header("idempotency-key");
  if (!key) return std::optional<IdempotencyKey>();
  if (key->empty() || key->size() > 200 ||
      !std::all_of(key->begin(), key->end(), [](char c) { return c > 0x20 && c < 0x7F; })) {
    return core::Fail(
        core::Error::Field("Idempotency-Key", "invalid", "Idempotency-Key must be 1-200 visible ASCII characters."));
  }
  // The hash covers the parsed body, so the same JSON with other whitespace or key order
  // counts as the same request.
  // A file upload (not JSON) is hashed as it is, in place: it may be a large body on disk.
  const std::string_view body = req.Body();
  const std::string prefix = req.method + " " + req.path + "\n";
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_discarded()) {
    return std::optional<IdempotencyKey>(IdempotencyKey{*key, Sha256Hex(prefix + http::Dump(parsed))});
  }
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(prefix.data()), prefix.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::optional<IdempotencyKey>(IdempotencyKey{*key, hex});
}

core::Result<std::optional<http::Response>> ReplayIdempotent(storage::Database& db, const Principal& who,
                                                             const IdempotencyKey& k) {
  auto rows = storage::InTransaction(db, false, [&](storage::Transaction& tx) {
    return tx.Query(kSelectIdempotency, {who.token_id, k.key});
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
  if (auto body = nlohmann::json::parse(row.Str(3), nullptr, false); body.is_object() && body.contains("version")) {
    r.With("ETag", http::Etag(body["version"].get<int64_t>()));
  }
  return std::optional<http::Response>(std::move(r));
}

core::Status StoreIdempotent(storage::Transaction& tx, const Principal& who, const IdempotencyKey& k,
                             const std::string& location, const std::string& body, const core::Clock& clock) {
  auto r = tx.Exec(kInsertIdempotency, {who.token_id, k.key, k.request_hash, int64_t{201}, location, body,
                                        core::FormatRfc3339(clock.Now())});
  if (!r) return core::Fail(r.error());
  return {};
}

}  // namespace lb::access
