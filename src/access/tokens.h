#pragma once
// API bearer tokens: created with a name, shown once, stored only as a SHA-256 hash,
// expiring and revocable. Users and roles (a later issue) attach to the Principal.
#include <chrono>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "storage/database.h"

namespace lb::access {

// Who is acting: for now a token; later a user with a role and scope.
struct Principal {
  std::string token_id;
  std::string name;
};

struct TokenInfo {
  std::string id;
  std::string name;
  std::string created_at;
  std::optional<std::string> expires_at;
  std::optional<std::string> revoked_at;
};

struct NewToken {
  TokenInfo info;
  std::string secret;  // shown once, never stored
};

class TokenService {
 public:
  TokenService(storage::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  core::Result<NewToken> Create(const std::string& name, std::optional<int> expires_days);
  core::Result<std::vector<TokenInfo>> List();
  // Revokes by name or id; takes effect for new requests within the cache lifetime (5 s).
  core::Status Revoke(const std::string& name_or_id);
  // Checks an "Authorization" header value ("Bearer lb_...").
  core::Result<Principal> Authenticate(std::string_view authorization);

 private:
  storage::Database& db_;
  const core::Clock& clock_;
  struct CacheEntry {
    Principal principal;
    core::TimePoint valid_until;
    std::optional<core::TimePoint> expires_at;
  };
  std::shared_mutex cache_mu_;
  std::map<std::string, CacheEntry, std::less<>> cache_;
};

// SHA-256 of `s` as lower-case hex.
std::string Sha256Hex(std::string_view s);

}  // namespace lb::access
