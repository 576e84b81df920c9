#include "platform/access/sessions.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <thread>
#include <unordered_map>

#include "core/date.h"
#include "core/id.h"
#include "platform/access/revocation_writes.h"
#include "platform/access/tokens.h"
#include "platform/audit/audit_log.h"
#include "text/unicode.h"

namespace lb::access {
namespace {

using core::Error;
using core::ErrorCode;

constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (id_hash, user_id, csrf_token, client_address, created_at, last_seen_at, expires_at)"
    " VALUES ($1, $2, $3, $4, $5, $5, $6)";
constexpr std::string_view kFindSession =
    "SELECT s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at, u.status,"
    " u.id, u.name, u.role, u.country, u.province, u.org"
    " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1";
// Conditional, so concurrent requests of one session write at most once per minute.
constexpr std::string_view kTouchSession =
    "UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1 AND last_seen_at <= $3 AND revoked_at IS NULL";
// A queued touch: only ever moves the clock forward, and never on an ended session.
constexpr std::string_view kWriteTouch =
    "UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1 AND last_seen_at < $2 AND revoked_at IS NULL";
constexpr std::string_view kFindSessionForLogout =
    "SELECT s.user_id, u.name, s.revoked_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1";
constexpr std::string_view kRevokeSession =
    "UPDATE sessions SET revoked_at = $2 WHERE id_hash = $1 AND revoked_at IS NULL";
constexpr std::string_view kPurgeSessions =
    "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2 OR revoked_at IS NOT NULL";

constexpr std::string_view kSelectThrottle = "SELECT blocked_until FROM login_throttle WHERE client_address = $1";
constexpr std::string_view kCreateThrottle =
    "INSERT INTO login_throttle (client_address, failures, last_failure_at) VALUES ($1, 0, $2)"
    " ON CONFLICT (client_address) DO NOTHING";
// Takes one attempt's slot before the password is checked, in one statement: counted as a
// failure until the check says otherwise. No row when the address is waiting. The count starts
// again once the address has been quiet for the window since its last attempt and since the
// end of its last wait ($3 = now - window).
constexpr std::string_view kTakeThrottleSlot =
    "UPDATE login_throttle SET failures = CASE WHEN last_failure_at <= $3 AND"
    " (blocked_until IS NULL OR blocked_until <= $3) THEN 1 ELSE failures + 1 END, last_failure_at = $2"
    " WHERE client_address = $1 AND (blocked_until IS NULL OR blocked_until <= $2) RETURNING failures";
constexpr std::string_view kBlockAddress = "UPDATE login_throttle SET blocked_until = $2 WHERE client_address = $1";
// A successful login gives its slot back. A wait that exists now was started by this slot or by
// one the count no longer reaches (an earlier wait had ended, or this login would not have been
// let in), so it goes too.
constexpr std::string_view kGiveBackThrottleSlot =
    "UPDATE login_throttle SET failures = failures - 1, blocked_until = NULL WHERE client_address = $1 AND failures > "
    "0";
constexpr std::string_view kCreateSecret =
    "INSERT INTO node_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
constexpr std::string_view kSelectSecret = "SELECT value FROM node_secrets WHERE name = $1";
constexpr std::string_view kLoginNameKey = "login_name_hmac";
constexpr std::string_view kPurgeThrottle =
    "DELETE FROM login_throttle WHERE last_failure_at <= $1 AND (blocked_until IS NULL OR blocked_until <= $1)";

constexpr std::string_view kBadCredentials = "Unknown user name or wrong password.";
constexpr int64_t kFailuresBeforeDelay = 5;
constexpr auto kThrottleWindow = std::chrono::minutes(15);
constexpr auto kFirstDelay = std::chrono::seconds(30);
constexpr auto kMaxDelay = std::chrono::minutes(15);
constexpr auto kTouchInterval = std::chrono::minutes(1);
constexpr auto kTouchFlushInterval = std::chrono::seconds(1);
constexpr size_t kMaxQueuedTouches = 10000;  // beyond this a request writes its touch itself
constexpr auto kPurgeInterval = std::chrono::hours(1);
constexpr size_t kSessionIdLength = 43;  // 32 bytes, unpadded base64url
constexpr size_t kMaxAddressLength = 64;

Error Unauthorized(std::string message) { return {ErrorCode::kUnauthorized, std::move(message), {}, {}}; }

// 30 s for the 5th failure in the window, doubling with each further one, at most 15 min.
std::chrono::seconds ThrottleDelay(int64_t failures) {
  const int64_t doublings = std::clamp<int64_t>(failures - kFailuresBeforeDelay, 0, 10);
  return std::min<std::chrono::seconds>(kFirstDelay * (int64_t{1} << doublings), kMaxDelay);
}

// Parses the RFC 3339 text that core::FormatRfc3339 writes (2026-01-15T09:00:00.000Z).
std::optional<core::TimePoint> ParseTime(std::string_view s) {
  if (s.size() != 24 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z') {
    return std::nullopt;
  }
  const auto day = core::ParseDate(s.substr(0, 10));
  if (!day) return std::nullopt;
  auto number = [&](size_t pos, size_t len) -> std::optional<int> {
    int v = 0;
    auto [end, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, v);
    if (ec != std::errc() || end != s.data() + pos + len) return std::nullopt;
    return v;
  };
  const auto h = number(11, 2), m = number(14, 2), sec = number(17, 2), ms = number(20, 3);
  if (!h || !m || !sec || !ms) return std::nullopt;
  return core::TimePoint(*day) + std::chrono::hours(*h) + std::chrono::minutes(*m) + std::chrono::seconds(*sec) +
         std::chrono::milliseconds(*ms);
}

// Whole seconds until `until`, at least 1 (what Retry-After carries).
std::chrono::seconds SecondsUntil(core::TimePoint until, core::TimePoint now) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count();
  return std::chrono::seconds(std::max<int64_t>(1, (ms + 999) / 1000));
}

// The actor of a failed login whose name is no user's: a keyed hash, so repeated tries of one
// name can be told apart without the log keeping what was typed (often a password typed into
// the wrong field).
std::string UnknownNameActor(const std::string& key, const std::string& name) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(name.data()), name.size());
  crypto_auth_hmacsha256_final(&st, mac);
  char hex[sizeof mac * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return "unknown-name:" + std::string(hex, 16);
}

std::string AddressKey(const std::string& client_address) {
  if (client_address.empty()) return "unknown";
  return client_address.substr(0, kMaxAddressLength);
}

bool LooksLikeSessionId(std::string_view id) {
  return id.size() == kSessionIdLength && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

// A short, stable reference to a session for the audit log (a prefix of the stored hash).
std::string SessionRef(const std::string& id_hash) { return id_hash.substr(0, 16); }

}  // namespace

// The idle-clock moves of sessions, written off the request path: on SQLite a write waits for
// any long write (an import holds the writer for its whole run), and the reads that
// authenticate a browser must not. A background thread, started by the first touch, writes
// the queue in one transaction about every second; the destructor writes what is left.
struct SessionService::Touches {
  explicit Touches(storage::Database& database) : db(database) {}

  storage::Database& db;
  mutable std::mutex mu;
  std::condition_variable cv;
  std::unordered_map<std::string, std::string> queued;   // id_hash -> last_seen_at to write
  std::unordered_map<std::string, std::string> writing;  // the batch being written (flush_mu)
  bool stop = false;
  std::thread worker;
  std::mutex flush_mu;

  // The latest queued or unwritten touch of a session ("" when none).
  std::string Latest(const std::string& id_hash) const {
    std::lock_guard lock(mu);
    std::string out;
    if (auto it = queued.find(id_hash); it != queued.end()) out = it->second;
    if (auto it = writing.find(id_hash); it != writing.end() && it->second > out) out = it->second;
    return out;
  }

  // Queues a touch; false when the queue is full or closed (the caller then writes it).
  bool Queue(const std::string& id_hash, const std::string& at) {
    std::lock_guard lock(mu);
    if (stop || queued.size() >= kMaxQueuedTouches) return false;
    std::string& slot = queued[id_hash];
    if (at > slot) slot = at;
    if (!worker.joinable()) worker = std::thread([this] { Run(); });
    cv.notify_all();
    return true;
  }

  core::Status Flush() {
    std::lock_guard flushing(flush_mu);
    {
      std::lock_guard lock(mu);
      writing.swap(queued);
    }
    if (writing.empty()) return {};
    // `writing` changes only under flush_mu, which this thread holds; Latest() reads it too.
    auto written = storage::InTransaction(db, true, [&](storage::Transaction& tx) -> core::Status {
      for (const auto& [id_hash, at] : writing) {
        if (auto r = tx.Exec(kWriteTouch, {id_hash, at}); !r) return core::Fail(r.error());
      }
      return {};
    });
    std::lock_guard lock(mu);
    if (!written) {  // back in the queue, keeping the later time of each session
      for (const auto& [id_hash, at] : writing) {
        std::string& slot = queued[id_hash];
        if (at > slot) slot = at;
      }
    }
    writing.clear();
    return written;
  }

  void Run() {
    std::unique_lock lock(mu);
    while (!stop) {
      cv.wait(lock, [&] { return stop || !queued.empty(); });
      if (stop) break;
      // Gather what arrives in the next interval into one transaction.
      cv.wait_for(lock, kTouchFlushInterval, [&] { return stop; });
      lock.unlock();
      auto r = Flush();
      lock.lock();
      if (!r) {
        spdlog::warn("session: writing queued last_seen_at failed, will retry: {}", r.error().internal);
        cv.wait_for(lock, kTouchFlushInterval, [&] { return stop; });
      }
    }
  }

  void Close() {
    {
      std::lock_guard lock(mu);
      stop = true;
    }
    cv.notify_all();
    if (worker.joinable()) worker.join();
    if (auto r = Flush(); !r) spdlog::warn("session: writing queued last_seen_at failed: {}", r.error().internal);
  }
};

SessionService::SessionService(storage::Database& db, const core::Clock& clock, UserService& users,
                               audit::AuditLog* audit)
    : db_(db),
      clock_(clock),
      users_(users),
      audit_(audit),
      touches_(std::make_unique<Touches>(db)),
      revocations_(users.revocations()) {}

SessionService::~SessionService() { touches_->Close(); }

core::Status SessionService::FlushTouches() { return touches_->Flush(); }

std::optional<std::string> SessionIdFromCookie(std::string_view header) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
    while (!pair.empty() && (pair.back() == ' ' || pair.back() == '\t')) pair.remove_suffix(1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != kSessionCookie) continue;
    std::string_view value = pair.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return std::string(value);
  }
  return std::nullopt;
}

bool NeedsCsrf(std::string_view method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

core::Result<NewSession> SessionService::Login(const std::string& name, const std::string& password,
                                               const std::string& client_address, std::chrono::seconds* retry_after) {
  // Refused before any hashing: Argon2id on megabytes of input is a denial of service.
  std::vector<core::FieldError> errors;
  if (name.empty()) errors.push_back({"name", "required", "Enter your user name."});
  if (password.empty()) errors.push_back({"password", "required", "Enter your password."});
  if (name.size() > kMaxCredentialBytes) errors.push_back({"name", "too_long", "The user name is over 1 KiB."});
  if (password.size() > kMaxCredentialBytes) {
    errors.push_back({"password", "too_long", "The password is over 1 KiB."});
  }
  if (!name.empty() && name.size() <= kMaxCredentialBytes &&
      (!text::IsValidUtf8(name) || name.find('\0') != std::string::npos)) {
    errors.push_back({"name", "invalid_text", "The user name must be UTF-8 text."});
  }
  if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));

  PurgeOccasionally();
  const std::string address = AddressKey(client_address);
  const auto now = clock_.Now();
  // The address's slot is taken before the (slow) password check, so concurrent attempts from
  // one address never get past the limit; the 5th slot starts the wait at once.
  LB_TRY(slot, TakeThrottleSlot(address, now));
  if (!slot.admitted) {
    const auto wait = SecondsUntil(slot.blocked_until, now);
    if (retry_after) *retry_after = wait;
    return core::Fail(
        Error{ErrorCode::kTooManyRequests,
              "Too many failed logins from your address; try again in " + std::to_string(wait.count()) + " seconds.",
              {},
              {}});
  }

  LB_TRY(checked, users_.CheckPassword(name, password));
  if (!checked.user) {
    LB_CHECK(RecordFailure(name, address, checked, slot.blocked_seconds));
    return core::Fail(Unauthorized(std::string(kBadCredentials)));
  }

  const User& user = *checked.user;
  NewSession s;
  s.session_id = core::RandomToken(32);
  s.csrf_token = core::RandomToken(32);
  s.principal = user.AsPrincipal();
  s.principal.session_id = Sha256Hex(s.session_id);
  const std::string created = core::FormatRfc3339(now);
  s.expires_at = core::FormatRfc3339(now + kSessionLifetime);
  auto stored = storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Status {
    LB_TRY(released, tx.Exec(kGiveBackThrottleSlot, {address}));
    (void)released;
    LB_TRY(n, tx.Exec(kInsertSession, {s.principal.session_id, user.id, s.csrf_token, address, created, s.expires_at}));
    (void)n;
    if (audit_) {
      LB_CHECK(audit_->Append(tx, {user.name,
                                   "login.success",
                                   "user",
                                   user.id,
                                   {{"session", SessionRef(s.principal.session_id)}, {"client_address", address}}}));
    }
    return {};
  });
  if (!stored) return core::Fail(stored.error());
  return s;
}

core::Result<SessionService::ThrottleSlot> SessionService::TakeThrottleSlot(const std::string& address,
                                                                            core::TimePoint now) {
  const std::string now_text = core::FormatRfc3339(now);
  const std::string forgotten_before = core::FormatRfc3339(now - kThrottleWindow);
  return storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Result<ThrottleSlot> {
    ThrottleSlot slot;
    LB_TRY(created, tx.Exec(kCreateThrottle, {address, now_text}));
    (void)created;
    LB_TRY(rows, tx.Query(kTakeThrottleSlot, {address, now_text, forgotten_before}));
    if (rows.empty()) {
      LB_TRY(blocked, tx.Query(kSelectThrottle, {address}));
      slot.blocked_until = now + std::chrono::seconds(1);
      if (!blocked.empty() && !blocked.front().IsNull(0)) {
        if (auto until = ParseTime(blocked.front().Str(0))) slot.blocked_until = *until;
      }
      return slot;
    }
    slot.admitted = true;
    const int64_t failures = rows.front().Int(0);
    if (failures >= kFailuresBeforeDelay) {
      const auto delay = ThrottleDelay(failures);
      slot.blocked_seconds = delay.count();
      LB_TRY(n, tx.Exec(kBlockAddress, {address, core::FormatRfc3339(now + delay)}));
      (void)n;
    }
    return slot;
  });
}

core::Result<std::string> SessionService::LoginNameKey() {
  {
    std::lock_guard lock(key_mu_);
    if (!login_name_key_.empty()) return login_name_key_;
  }
  // Made once per database, at the first failed login with an unknown name; a concurrent
  // first use by another node process keeps whichever was stored first.
  auto stored = storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Result<std::string> {
    LB_TRY(n, tx.Exec(kCreateSecret, {std::string(kLoginNameKey), core::RandomToken(32)}));
    (void)n;
    LB_TRY(rows, tx.Query(kSelectSecret, {std::string(kLoginNameKey)}));
    if (rows.empty()) return core::Fail(Error::Internal("node_secrets row vanished"));
    return rows.front().Str(0);
  });
  if (!stored) return core::Fail(stored.error());
  std::lock_guard lock(key_mu_);
  login_name_key_ = *stored;
  return login_name_key_;
}

core::Status SessionService::RecordFailure(const std::string& name, const std::string& address,
                                           const UserService::LoginResult& result, int64_t blocked_seconds) {
  // The name only when it is a user's; otherwise a keyed hash of it.
  std::string actor = name;
  if (!result.exists) {
    LB_TRY(key, LoginNameKey());
    actor = UnknownNameActor(key, name);
  }
  nlohmann::json changes = {{"reason", result.reason}, {"client_address", address}};
  if (blocked_seconds > 0) changes["address_blocked_seconds"] = blocked_seconds;
  if (result.locked && result.reason != "locked") changes["account_locked"] = true;
  if (!audit_) return {};
  return storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Status {
    return audit_->Append(tx, {actor, "login.failure", "user", result.user_id, changes});
  });
}

core::Result<ActiveSession> SessionService::Current(std::string_view cookie_header) {
  const auto id = SessionIdFromCookie(cookie_header);
  if (!id) return core::Fail(Unauthorized("Log in first: the request has no session cookie."));
  if (!LooksLikeSessionId(*id)) return core::Fail(Unauthorized("The session is not valid; log in again."));
  const std::string id_hash = Sha256Hex(*id);
  auto rows =
      storage::InTransaction(db_, false, [&](storage::Transaction& tx) { return tx.Query(kFindSession, {id_hash}); });
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::Fail(Unauthorized("The session is not valid; log in again."));
  const auto& row = rows->front();
  const auto now = clock_.Now();
  // Ended in the table, or by a logout whose write may still wait for the writer.
  if (!row.IsNull(4) || revocations_->Revoked(Revocations::Kind::kSession, id_hash)) {
    return core::Fail(Unauthorized("The session has ended; log in again."));
  }
  if (row.Str(3) <= core::FormatRfc3339(now)) {
    return core::Fail(Unauthorized("The session has expired (12 hours after login); log in again."));
  }
  // The idle clock: the table's, or a later move still queued.
  std::string last_seen = row.Str(2);
  if (std::string queued = touches_->Latest(id_hash); queued > last_seen) last_seen = std::move(queued);
  if (last_seen <= core::FormatRfc3339(now - kSessionIdleTimeout)) {
    return core::Fail(Unauthorized("The session has expired after 30 minutes without activity; log in again."));
  }
  if (row.Str(5) != "active" || revocations_->Revoked(Revocations::Kind::kUser, row.Str(6))) {
    return core::Fail(Unauthorized("The session's user is disabled."));
  }

  ActiveSession s;
  s.principal = PrincipalFromRow(row, 6);
  s.principal.session_id = id_hash;
  s.csrf_token = row.Str(0);
  s.created_at = row.Str(1);
  s.expires_at = row.Str(3);

  // The idle clock moves at most once a minute: one write per minute per session, not per request.
  const std::string touch_before = core::FormatRfc3339(now - kTouchInterval);
  if (last_seen <= touch_before && !touches_->Queue(id_hash, core::FormatRfc3339(now))) {
    // The queue is full: this request writes its own touch.
    auto touched = storage::InTransaction(db_, true, [&](storage::Transaction& tx) {
      return tx.Exec(kTouchSession, {id_hash, core::FormatRfc3339(now), touch_before});
    });
    // The request is still authenticated; the next one tries again.
    if (!touched) spdlog::warn("session: refreshing last_seen_at failed: {}", touched.error().internal);
  }
  return s;
}

core::Result<Principal> SessionService::Authenticate(std::string_view cookie_header, std::string_view method,
                                                     std::string_view csrf_token) {
  LB_TRY(session, Current(cookie_header));
  if (NeedsCsrf(method)) {
    if (csrf_token.empty()) {
      return core::Fail(Error{ErrorCode::kForbidden,
                              "This request needs the session's CSRF token (header X-CSRF-Token or form field "
                              "csrf_token); reload the page and try again.",
                              {},
                              {}});
    }
    const std::string& expected = session.csrf_token;
    if (csrf_token.size() != expected.size() ||
        sodium_memcmp(csrf_token.data(), expected.data(), expected.size()) != 0) {
      return core::Fail(Error{
          ErrorCode::kForbidden, "The CSRF token does not match this session; reload the page and try again.", {}, {}});
    }
  }
  return session.principal;
}

core::Status SessionService::Logout(const std::string& session_id) {
  if (!LooksLikeSessionId(session_id)) return core::Fail(Unauthorized("The session is not valid; log in again."));
  const std::string id_hash = Sha256Hex(session_id);
  // Checked by a read, which never waits for the writer (a long import on SQLite holds it).
  auto rows = storage::InTransaction(
      db_, false, [&](storage::Transaction& tx) { return tx.Query(kFindSessionForLogout, {id_hash}); });
  if (!rows) return core::Fail(rows.error());
  if (rows->empty() || !rows->front().IsNull(2) || revocations_->Revoked(Revocations::Kind::kSession, id_hash)) {
    return core::Fail(Unauthorized("The session has ended; log in again."));
  }
  // Refused from now on; the row and the audit entry are written once the writer is free.
  const std::string now = core::FormatRfc3339(clock_.Now());
  // Journaled first (when the node keeps a journal), so the answer survives a kill.
  LB_CHECK(
      revocations_->Journal("logout", {{Revocations::Kind::kSession, id_hash}}, {{"session", id_hash}, {"at", now}}));
  auto written = revocations_->Persist(
      "the logout of session " + SessionRef(id_hash), {{Revocations::Kind::kSession, id_hash}},
      [log = audit_, id_hash, now](storage::Transaction& tx) { return WriteLogout(tx, log, id_hash, now); });
  if (!written) return core::Fail(written.error());
  return {};
}

core::Status WriteLogout(storage::Transaction& tx, audit::AuditLog* log, const std::string& id_hash,
                         const std::string& at) {
  LB_TRY(found, tx.Query(kFindSessionForLogout, {id_hash}));
  if (found.empty()) return {};  // purged meanwhile: nothing to record
  LB_TRY(n, tx.Exec(kRevokeSession, {id_hash, at}));
  if (n == 0) return {};  // ended already
  if (log) {
    LB_CHECK(log->Append(
        tx, {found.front().Str(1), "logout", "user", found.front().Str(0), {{"session", SessionRef(id_hash)}}}));
  }
  return {};
}

void SessionService::PurgeOccasionally() {
  const auto now = clock_.Now();
  const int64_t now_ms = now.time_since_epoch().count();
  int64_t last = last_purge_ms_.load();
  if (now_ms - last < std::chrono::milliseconds(kPurgeInterval).count()) return;
  if (!last_purge_ms_.compare_exchange_strong(last, now_ms)) return;  // another request purges
  // Queued touches first, so no session is purged as idle while its last move waits in the queue.
  if (auto f = touches_->Flush(); !f) spdlog::warn("sessions: writing queued touches failed: {}", f.error().internal);
  auto purged = storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Status {
    LB_TRY(sessions,
           tx.Exec(kPurgeSessions, {core::FormatRfc3339(now), core::FormatRfc3339(now - kSessionIdleTimeout)}));
    LB_TRY(throttle, tx.Exec(kPurgeThrottle, {core::FormatRfc3339(now - kThrottleWindow)}));
    if (sessions + throttle > 0) spdlog::info("sessions: purged {} sessions, {} throttle rows", sessions, throttle);
    return {};
  });
  if (!purged) spdlog::warn("sessions: purge failed: {}", purged.error().internal);
}

}  // namespace lb::access
