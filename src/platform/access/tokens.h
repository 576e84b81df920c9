#pragma once
// API bearer tokens: each belongs to a user and acts with that user's role and scope; shown
// once, stored only as a SHA-256 hash, expiring and revocable.
#include <chrono>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "platform/access/principal.h"
#include "platform/access/revocations.h"
#include "storage/database.h"

namespace lb::audit {
class AuditLog;
}

namespace lb::access {

struct TokenInfo {
  std::string id;
  std::string name;
  std::string user_name;
  std::string created_at;
  std::optional<std::string> expires_at;
  std::optional<std::string> revoked_at;
};

struct NewToken {
  TokenInfo info;
  std::string secret;  // shown once, never stored
};

// Every change (create, revoke) is made by an admin and audited in its own transaction,
// whatever the entry point (console, admin pages); the audit entry never holds the secret.
class TokenService {
 public:
  // `revocations`: the node's set; none = a set of its own (a separate process).
  TokenService(storage::Database& db, const core::Clock& clock, audit::AuditLog& audit,
               std::shared_ptr<Revocations> revocations = nullptr)
      : db_(db),
        clock_(clock),
        audit_(audit),
        revocations_(revocations ? std::move(revocations) : std::make_shared<Revocations>(db)) {}

  // A token for the user `user_name` (active); `name` labels it (default: user name and time).
  // Only admins create tokens.
  core::Result<NewToken> Create(const Principal& actor, const std::string& user_name, std::optional<std::string> name,
                                std::optional<int> expires_days);
  core::Result<std::vector<TokenInfo>> List();
  // Revokes by name or id. Takes effect at once, even while an import holds the writer (the
  // token is marked revoked in memory; the database is written when the writer is free, see
  // Revocations). Only admins revoke tokens.
  core::Status Revoke(const Principal& actor, const std::string& name_or_id);
  // Checks an "Authorization" header value ("Bearer lb_...") and returns the token's user
  // (401 for unknown, expired or revoked tokens and disabled users).
  core::Result<Principal> Authenticate(std::string_view authorization);

 private:
  storage::Database& db_;
  const core::Clock& clock_;
  audit::AuditLog& audit_;
  std::shared_ptr<Revocations> revocations_;
  struct CacheEntry {
    Principal principal;
    core::TimePoint valid_until;
    std::optional<core::TimePoint> expires_at;
  };
  void ClearCache();
  std::shared_mutex cache_mu_;
  std::map<std::string, CacheEntry, std::less<>> cache_;
};

// SHA-256 of `s` as lower-case hex.
std::string Sha256Hex(std::string_view s);

}  // namespace lb::access
