#include "access/idempotency.h"

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
  auto parsed = nlohmann::json::parse(req.body, nullptr, false);
  const std::string canonical = parsed.is_discarded() ? req.body : http::Dump(parsed);
  return std::optional<IdempotencyKey>(IdempotencyKey{*key, Sha256Hex(req.method + " " + req.path + "\n" + canonical)});
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
