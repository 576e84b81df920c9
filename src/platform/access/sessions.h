#pragma once
// Web sessions: password login into a server-side session named by a random id that only the
// browser's cookie holds (the table keeps its SHA-256), with idle and absolute timeouts, a
// CSRF token per session, and a growing delay for client addresses that keep failing.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"
#include "platform/access/principal.h"
#include "platform/access/revocations.h"
#include "platform/access/users.h"
#include "storage/database.h"

namespace lb::audit {
class AuditLog;
}

namespace lb::access {

// The cookie that carries the session id.
inline constexpr std::string_view kSessionCookie = "lb_session";
// The request header that carries the CSRF token.
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";
// Limits (docs/security.md, "Web sessions").
inline constexpr auto kSessionIdleTimeout = std::chrono::minutes(30);
inline constexpr auto kSessionLifetime = std::chrono::hours(12);
inline constexpr size_t kMaxCredentialBytes = 1024;

// A session just created by a login: the raw id goes into the cookie and nowhere else.
struct NewSession {
  std::string session_id;
  std::string csrf_token;
  Principal principal;  // principal.session_id is the stored hash, safe to log
  std::string expires_at;
};

// A live session found from its cookie.
struct ActiveSession {
  Principal principal;  // principal.session_id is the stored hash
  std::string csrf_token;
  std::string created_at;
  std::string expires_at;  // absolute end
};

class SessionService {
 public:
  // Logouts are marked in the revocations of `users` (the node's set).
  SessionService(storage::Database& db, const core::Clock& clock, UserService& users, audit::AuditLog* audit = nullptr);
  // Writes the idle-clock moves still queued.
  ~SessionService();

  // Checks the password and opens a new session with a fresh random id (never one the client
  // offers). Unknown user, wrong password, disabled and locked accounts all answer 401 with
  // the same message; the audit log says which. A client address with 5 failures in 15
  // minutes is refused (429, no password check) for 30 s, doubling per further failure up to
  // 15 min; `retry_after`, when given, receives the wait. Credentials over 1 KiB are 422.
  // Each attempt takes its address's slot (and counts against the account) before the
  // password is checked, so concurrent attempts cannot get past either limit.
  core::Result<NewSession> Login(const std::string& name, const std::string& password,
                                 const std::string& client_address, std::chrono::seconds* retry_after = nullptr);

  // The session named by the `Cookie` header, after the timeouts and the user's status (401
  // otherwise). Refreshes the idle clock at most once a minute, off the request path: the move
  // is queued and written in a batch about every second (so a read never waits for a write,
  // such as a long import on SQLite); the idle check counts queued moves, and revocation and
  // the absolute end are read from the table on every request.
  core::Result<ActiveSession> Current(std::string_view cookie_header);

  // Writes the queued idle-clock moves now (shutdown, tests). On failure they stay queued.
  core::Status FlushTouches();

  // Current(), plus for every method but GET, HEAD and OPTIONS the CSRF token (from the
  // X-CSRF-Token header or a form field, as the caller found it) must match: 403 otherwise.
  core::Result<Principal> Authenticate(std::string_view cookie_header, std::string_view method,
                                       std::string_view csrf_token);

  // Ends the session named by the raw id (from the cookie); later use of that id is 401 at
  // once, even while an import holds the writer (see Revocations).
  core::Status Logout(const std::string& session_id);

 private:
  struct ThrottleSlot {
    bool admitted = false;
    core::TimePoint blocked_until{};  // when not admitted
    int64_t blocked_seconds = 0;      // when admitted: the wait this attempt started, if any
  };
  core::Result<ThrottleSlot> TakeThrottleSlot(const std::string& address, core::TimePoint now);
  core::Status RecordFailure(const std::string& name, const std::string& client_address,
                             const UserService::LoginResult& result, int64_t blocked_seconds);
  // The node's key for hashing unknown login names (node_secrets, made at first use).
  core::Result<std::string> LoginNameKey();
  void PurgeOccasionally();

  struct Touches;  // queued idle-clock moves and the thread that writes them

  storage::Database& db_;
  const core::Clock& clock_;
  UserService& users_;
  audit::AuditLog* audit_;
  std::atomic<int64_t> last_purge_ms_{0};
  std::mutex key_mu_;
  std::string login_name_key_;
  std::unique_ptr<Touches> touches_;
  std::shared_ptr<Revocations> revocations_;
};

// The value of the session cookie in a `Cookie` header, if there is one (the first).
std::optional<std::string> SessionIdFromCookie(std::string_view cookie_header);

// True for methods that change state and so need the CSRF token: all but GET, HEAD, OPTIONS.
bool NeedsCsrf(std::string_view method);

}  // namespace lb::access
