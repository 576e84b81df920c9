#include "platform/access/tokens.h"

#include <sodium.h>

#include <mutex>

#include "core/id.h"
#include "platform/access/revocation_writes.h"
#include "platform/access/users.h"
#include "platform/audit/audit_log.h"
#include "platform/audit/chain.h"
#include "text/unicode.h"

namespace lb::access {
namespace {

constexpr std::string_view kInsertToken =
    "INSERT INTO api_tokens (id, name, token_hash, created_at, expires_at, user_id) VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kListTokens =
    "SELECT t.id, t.name, t.created_at, t.expires_at, t.revoked_at, u.name FROM api_tokens t"
    " LEFT JOIN users u ON u.id = t.user_id ORDER BY t.id";
constexpr std::string_view kFindActiveUser = "SELECT id, status FROM users WHERE name = $1";
constexpr std::string_view kRevokeToken =
    "UPDATE api_tokens SET revoked_at = $2 WHERE (name = $1 OR id = $1) AND revoked_at IS NULL RETURNING id, name";
constexpr std::string_view kFindActiveTokens =
    "SELECT id, name FROM api_tokens WHERE (name = $1 OR id = $1) AND revoked_at IS NULL ORDER BY id";
constexpr std::string_view kFindToken =
    "SELECT t.id, t.name, t.expires_at, t.revoked_at, u.id, u.name, u.role, u.country, u.province, u.org, u.status"
    " FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1";
constexpr auto kCacheLifetime = std::chrono::seconds(5);

core::Error Unauthorized(std::string message) { return {core::ErrorCode::kUnauthorized, std::move(message), {}, {}}; }

core::Status RequireAdmin(const Principal& actor) {
  if (actor.role == Role::kAdmin) return {};
  return core::Fail(core::Error{core::ErrorCode::kForbidden, "Only an admin manages API tokens.", {}, {}});
}

}  // namespace

std::string Sha256Hex(std::string_view s) { return audit::Sha256Hex(s); }  // one hash, the chain's

core::Result<NewToken> TokenService::Create(const Principal& actor, const std::string& user_name,
                                            std::optional<std::string> label, std::optional<int> expires_days) {
  LB_CHECK(RequireAdmin(actor));
  const std::string name = label.value_or(user_name + "-" + core::FormatRfc3339(clock_.Now()));
  if (name.empty() || name.size() > 100 || !text::IsValidUtf8(name) || text::HasControlChars(name)) {
    return core::Fail(core::Error::Field("name", "invalid", "token name must be 1-100 printable characters"));
  }
  if (expires_days && (*expires_days < 1 || *expires_days > 3650)) {
    return core::Fail(core::Error::Field("expires", "out_of_range", "--expires must be 1..3650 days"));
  }
  NewToken t;
  t.secret = "lb_" + core::RandomToken(32);
  t.info.id = core::NewUuidV7(clock_);
  t.info.name = name;
  t.info.user_name = user_name;
  t.info.created_at = core::FormatRfc3339(clock_.Now());
  if (expires_days) t.info.expires_at = core::FormatRfc3339(clock_.Now() + std::chrono::days(*expires_days));
  auto r = storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Result<int64_t> {
    LB_TRY(users, tx.Query(kFindActiveUser, {user_name}));
    if (users.empty()) return core::Fail(core::Error::NotFound("no user named '" + user_name + "'"));
    if (users.front().Str(1) != "active") {
      return core::Fail(core::Error::Conflict("user '" + user_name + "' is disabled"));
    }
    LB_TRY(n, tx.Exec(kInsertToken, {t.info.id, t.info.name, Sha256Hex(t.secret), t.info.created_at,
                                     storage::Opt(t.info.expires_at), users.front().Str(0)}));
    // Names and dates only: neither the secret nor its hash goes into the log.
    nlohmann::json after = {{"name", t.info.name},
                            {"user", user_name},
                            {"expires_at", t.info.expires_at ? nlohmann::json(*t.info.expires_at) : nlohmann::json()}};
    LB_CHECK(audit_.Append(tx, {actor.user_name, "token.create", "token", t.info.id, audit::Diff(nullptr, after)}));
    return n;
  });
  if (!r) {
    if (r.error().code == core::ErrorCode::kConflict && r.error().internal.find("api_tokens") != std::string::npos) {
      return core::Fail(core::Error{core::ErrorCode::kConflict, "a token named '" + name + "' already exists", {}, {}});
    }
    return core::Fail(r.error());
  }
  return t;
}

core::Result<std::vector<TokenInfo>> TokenService::List() {
  auto rows = storage::InTransaction(db_, false, [&](storage::Transaction& tx) { return tx.Query(kListTokens, {}); });
  if (!rows) return core::Fail(rows.error());
  std::vector<TokenInfo> out;
  for (const auto& row : *rows) out.push_back({row.Str(0), row.Str(1), row.Str(5), row.Str(2), row.Opt(3), row.Opt(4)});
  return out;
}

core::Status TokenService::Revoke(const Principal& actor, const std::string& name_or_id) {
  LB_CHECK(RequireAdmin(actor));
  // Found by a read, which never waits for the writer (a long import on SQLite holds it).
  auto found = storage::InTransaction(
      db_, false, [&](storage::Transaction& tx) { return tx.Query(kFindActiveTokens, {name_or_id}); });
  if (!found) return core::Fail(found.error());
  std::vector<Revocations::Key> keys;
  for (const auto& row : *found) {
    if (!revocations_->Revoked(Revocations::Kind::kToken, row.Str(0))) {
      keys.push_back({Revocations::Kind::kToken, row.Str(0)});
    }
  }
  if (keys.empty()) return core::Fail(core::Error::NotFound("no active token named '" + name_or_id + "'"));
  // Refused from now on (the cache asks the marks too); written once the writer is free.
  const std::string now = core::FormatRfc3339(clock_.Now());
  // Journaled first (when the node keeps a journal), so the answer survives a kill.
  nlohmann::json ids = nlohmann::json::array();
  for (const auto& k : keys) ids.push_back(k.id);
  LB_CHECK(revocations_->Journal("token.revoke", keys, {{"actor", actor.user_name}, {"tokens", ids}, {"at", now}}));
  auto written =
      revocations_->Persist("the revocation of token '" + name_or_id + "'", std::move(keys),
                            [&log = audit_, actor_name = actor.user_name, name_or_id, now](storage::Transaction& tx) {
                              return WriteTokenRevocation(tx, log, actor_name, name_or_id, now);
                            });
  if (!written) return core::Fail(written.error());
  if (*written) ClearCache();
  return {};
}

core::Status WriteTokenRevocation(storage::Transaction& tx, audit::AuditLog& log, const std::string& actor_name,
                                  const std::string& name_or_id, const std::string& at) {
  LB_TRY(rows, tx.Query(kRevokeToken, {name_or_id, at}));
  std::vector<audit::Event> events;
  for (const auto& row : rows) {
    events.push_back({actor_name,
                      "token.revoke",
                      "token",
                      row.Str(0),
                      {{"name", row.Str(1)}, {"revoked_at", {{"before", nullptr}, {"after", at}}}}});
  }
  if (events.empty()) return {};  // revoked already
  return log.AppendAll(tx, std::move(events));
}

void TokenService::ClearCache() {
  std::unique_lock lock(cache_mu_);
  cache_.clear();
}

core::Result<Principal> TokenService::Authenticate(std::string_view authorization) {
  constexpr std::string_view kPrefix = "Bearer ";
  if (authorization.size() <= kPrefix.size() ||
      !(authorization.starts_with(kPrefix) || authorization.starts_with("bearer "))) {
    return core::Fail(Unauthorized("Send an API token: Authorization: Bearer <token>."));
  }
  std::string_view secret = authorization.substr(kPrefix.size());
  const auto now = clock_.Now();
  {
    std::shared_lock lock(cache_mu_);
    auto it = cache_.find(secret);
    if (it != cache_.end() && it->second.valid_until > now &&
        (!it->second.expires_at || *it->second.expires_at > now)) {
      const Principal& p = it->second.principal;
      if (revocations_->Revoked(Revocations::Kind::kToken, p.token_id)) {
        return core::Fail(Unauthorized("The API token has been revoked."));
      }
      if (revocations_->Revoked(Revocations::Kind::kUser, p.user_id)) {
        return core::Fail(Unauthorized("The token's user is disabled."));
      }
      return p;
    }
  }
  auto rows = storage::InTransaction(
      db_, false, [&](storage::Transaction& tx) { return tx.Query(kFindToken, {Sha256Hex(secret)}); });
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::Fail(Unauthorized("The API token is not valid."));
  const auto& row = rows->front();
  if (!row.IsNull(3) || revocations_->Revoked(Revocations::Kind::kToken, row.Str(0))) {
    return core::Fail(Unauthorized("The API token has been revoked."));
  }
  std::optional<core::TimePoint> expires;
  if (!row.IsNull(2)) {
    // Stored as RFC 3339; compare as text against now in the same format.
    if (row.Str(2) <= core::FormatRfc3339(now)) return core::Fail(Unauthorized("The API token has expired."));
  }
  if (row.IsNull(4)) return core::Fail(Unauthorized("The API token belongs to no user; create a new one."));
  if (row.Str(10) != "active" || revocations_->Revoked(Revocations::Kind::kUser, row.Str(4))) {
    return core::Fail(Unauthorized("The token's user is disabled."));
  }
  Principal p = PrincipalFromRow(row, 4);
  p.token_id = row.Str(0);
  std::unique_lock lock(cache_mu_);
  if (cache_.size() > 10000) cache_.clear();
  CacheEntry entry{p, now + kCacheLifetime, expires};
  if (!row.IsNull(2)) entry.valid_until = now + std::chrono::seconds(1);
  cache_.insert_or_assign(std::string(secret), entry);
  return p;
}

}  // namespace lb::access
