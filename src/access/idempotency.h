#pragma once
// Idempotency-Key on creates: the first response to a key is stored in the create's own
// transaction and replayed for a repeat of the same request by the same token; the same key
// with another request is 422. One table and one rule set for every API.
#include <optional>
#include <string>

#include "access/principal.h"
#include "core/clock.h"
#include "core/error.h"
#include "http/message.h"
#include "storage/database.h"

namespace lb::access {

struct IdempotencyKey {
  std::string key;
  std::string request_hash;  // method, path and the canonical JSON body
};

// The request's Idempotency-Key (nullopt without one); 422 when it is not 1-200 visible ASCII.
core::Result<std::optional<IdempotencyKey>> ReadIdempotencyKey(const http::Request& req);

// The stored response for this key, if any; 422 when the key was used for another request.
core::Result<std::optional<http::Response>> ReplayIdempotent(storage::Database& db, const Principal& who,
                                                             const IdempotencyKey& k);

// Stores a 201 response for the key, inside the create's transaction.
core::Status StoreIdempotent(storage::Transaction& tx, const Principal& who, const IdempotencyKey& k,
                             const std::string& location, const std::string& body, const core::Clock& clock);

}  // namespace lb::access
