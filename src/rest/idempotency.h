#pragma once
// Idempotency-Key on creates: the first response to a key is stored in the create's own
// transaction and replayed for a repeat of the same request by the same caller (one user
// through one credential: an API token or a browser session); the same key with another
// request is 422. Another caller's key is never seen. One table and one rule set for every API.
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "http/message.h"
#include "platform/access/principal.h"
#include "storage/database.h"

namespace lb::access {

struct IdempotencyKey {
  std::string key;
  std::string user_id;       // whose key it is
  std::string credential;    // through which credential: "token:<id>", "session:<hash>" or "local"
  std::string request_hash;  // method, path, query, caller and the raw bytes of the body
};

// The credential part of a caller's identity: the token id, the session's stored hash, or
// "local" for the node itself.
std::string CredentialOf(const Principal& who);

// The request's Idempotency-Key (nullopt without one); 422 when it is not 1-200 visible ASCII.
// The body is hashed as sent and never parsed: the same JSON laid out differently is another
// request.
core::Result<std::optional<IdempotencyKey>> ReadIdempotencyKey(const http::Request& req, const Principal& who);

// The stored response for this key of this caller, if any; 422 when the key was used for
// another request.
core::Result<std::optional<http::Response>> ReplayIdempotent(storage::Database& db, const IdempotencyKey& k);

// Stores a 201 response for the key, inside the create's transaction.
core::Status StoreIdempotent(storage::Transaction& tx, const IdempotencyKey& k, const std::string& location,
                             const std::string& body, const core::Clock& clock);

}  // namespace lb::access
