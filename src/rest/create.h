#pragma once
// POST to a collection under an optional Idempotency-Key (rest/idempotency.h): the same key
// and body answer the first response; the key's record is written in the create's own
// transaction, through the after-write callback the feature's service runs there.
#include <functional>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "http/message.h"
#include "platform/access/principal.h"
#include "rest/conditional.h"
#include "rest/idempotency.h"
#include "rest/json_body.h"
#include "storage/database.h"

namespace lb::rest {

// What a service runs in the write transaction after the record is written.
template <typename T>
using AfterWrite = std::function<core::Status(storage::Transaction&, const T&)>;

// A record's id and version: `id`/`version`, or `meta.id`/`meta.version`.
template <typename T>
const std::string& RecordId(const T& r) {
  if constexpr (requires { r.meta.id; }) {
    return r.meta.id;
  } else {
    return r.id;
  }
}
template <typename T>
int64_t RecordVersion(const T& r) {
  if constexpr (requires { r.meta.version; }) {
    return r.meta.version;
  } else {
    return r.version;
  }
}

// 201 with the record (ToJson found by argument lookup), its ETag and Location.
// `create(after)` creates the record, running `after` in its transaction.
template <typename T, typename CreateFn>
core::Result<http::Response> IdempotentCreate(storage::Database& db, const core::Clock& clock, const http::Request& req,
                                              const access::Principal& who, const std::string& collection,
                                              CreateFn&& create) {
  LB_TRY(key, access::ReadIdempotencyKey(req, who));
  if (key) {
    LB_TRY(replay, access::ReplayIdempotent(db, *key));
    if (replay) return std::move(*replay);
  }
  AfterWrite<T> after;
  if (key) {
    after = [&](storage::Transaction& tx, const T& record) -> core::Status {
      return access::StoreIdempotent(tx, *key, collection + "/" + RecordId(record), http::Dump(ToJson(record)), clock);
    };
  }
  auto created = create(after);
  if (!created) {
    if (key && created.error().code == core::ErrorCode::kConflict) {
      // A concurrent request with the same key may have won: it then conflicts on the record's
      // own unique keys before the key's row. Answer as the winner did; without a stored key
      // the conflict stands.
      LB_TRY(replay, access::ReplayIdempotent(db, *key));
      if (replay) return std::move(*replay);
    }
    return core::Fail(created.error());
  }
  http::Response r = http::JsonWithEtag(201, ToJson(*created), RecordVersion(*created));
  r.With("Location", collection + "/" + RecordId(*created));
  return r;
}

}  // namespace lb::rest
