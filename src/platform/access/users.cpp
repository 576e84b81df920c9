#include "platform/access/users.h"

#include <pwquality.h>
#include <sodium.h>

#include <algorithm>

#include "core/id.h"
#include "platform/access/passwords.h"
#include "platform/access/revocation_writes.h"
#include "platform/audit/audit_log.h"
#include "platform/reference/reference.h"
#include "storage/rows.h"

namespace lb::access {
namespace {

using core::Error;
using core::ErrorCode;

constexpr std::string_view kUserColumns =
    "id, name, role, country, province, org, status, failed_logins, locked_until, version, created_at, updated_at";
constexpr std::string_view kInsertUser =
    "INSERT INTO users (id, name, role, country, province, org, password_hash, status, failed_logins, version,"
    " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', 0, 1, $8, $8)";
// Every read of an account: the columns FromRow maps, then the password hash.
const std::string kSelectUser = "SELECT " + std::string(kUserColumns) + ", password_hash FROM users";
const std::string kSelectUserByName = kSelectUser + " WHERE name = $1";
const std::string kSelectUserById = kSelectUser + " WHERE id = $1";
const std::string kListUsers = kSelectUser + " ORDER BY name";
constexpr std::string_view kUpdateUser =
    "UPDATE users SET role = $2, status = $3, failed_logins = $4, locked_until = $5, version = version + 1,"
    " updated_at = $6 WHERE id = $1";
// A new password ends every open web session of the user: whoever knew the old one is out.
constexpr std::string_view kRevokeUserSessions =
    "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL";
constexpr std::string_view kUpdatePassword =
    "UPDATE users SET password_hash = $2, version = version + 1, updated_at = $3 WHERE id = $1";
// One attempt counted atomically before the password is checked; no row when the account is
// locked (or unknown). Returns the count after this attempt, and what the check needs.
const std::string kCountAttempt =
    "UPDATE users SET failed_logins = failed_logins + 1 WHERE name = $1 AND (locked_until IS NULL OR locked_until <= "
    "$2) RETURNING " +
    std::string(kUserColumns) + ", password_hash";
constexpr std::string_view kLockAccount = "UPDATE users SET locked_until = $2 WHERE id = $1";
constexpr std::string_view kFindForLogin = "SELECT id FROM users WHERE name = $1";
constexpr std::string_view kRecordSuccess = "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1";
// A right password on a disabled account is no failure: its count is given back. A lock that
// exists now was set by this attempt's count (any earlier one had ended, or the attempt would
// not have been admitted) or by a later one that the count no longer reaches; either way it goes.
constexpr std::string_view kGiveBackAttempt =
    "UPDATE users SET failed_logins = failed_logins - 1, locked_until = NULL WHERE id = $1 AND failed_logins > 0";

constexpr int kFailuresBeforeLock = 5;

User FromRow(const storage::Row& r) {
  User u;
  const Principal p = PrincipalFromRow(r, 0);
  u.id = p.user_id;
  u.name = p.user_name;
  u.role = p.role;
  u.country = p.country;
  u.province = p.province;
  u.org = p.org;
  u.status = r.Str(6);
  u.failed_logins = r.Int(7);
  u.locked_until = r.Opt(8);
  u.version = r.Int(9);
  u.created_at = r.Str(10);
  u.updated_at = r.Str(11);
  return u;
}

Error Forbidden(std::string message) { return {ErrorCode::kForbidden, std::move(message), {}, {}}; }

core::Status RequireAdmin(const Principal& actor) {
  if (actor.role != Role::kAdmin) return core::Fail(Forbidden("Only an admin manages users."));
  return {};
}

bool ValidUserName(const std::string& name) {
  return name.size() >= 3 && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '@';
         });
}

nlohmann::json UserJson(const User& u) {
  return {{"name", u.name},
          {"role", RoleName(u.role)},
          {"country", u.country},
          {"province", u.province ? nlohmann::json(*u.province) : nlohmann::json(nullptr)},
          {"org", u.org ? nlohmann::json(*u.org) : nlohmann::json(nullptr)},
          {"status", u.status}};
}

// What the audit log records of an account change: the public fields and the lockout state.
nlohmann::json AuditJson(const User& u) {
  nlohmann::json j = UserJson(u);
  j["failed_logins"] = u.failed_logins;
  j["locked_until"] = u.locked_until ? nlohmann::json(*u.locked_until) : nlohmann::json(nullptr);
  return j;
}

// One change of an account in the caller's write transaction, with its audit entry.
core::Result<User> ModifyIn(storage::Transaction& tx, const core::Clock& clock, audit::AuditLog& log,
                            const std::string& actor_name, const std::string& name, const std::string& action,
                            const std::function<core::Status(User&)>& change) {
  LB_TRY(rows, tx.Query(kSelectUserByName, {name}));
  if (rows.empty()) return core::Fail(Error::NotFound("No user named '" + name + "'."));
  User u = FromRow(rows.front());
  const auto before = AuditJson(u);
  LB_CHECK(change(u));
  u.updated_at = core::FormatRfc3339(clock.Now());
  LB_TRY(n, tx.Exec(kUpdateUser, {u.id, std::string(RoleName(u.role)), u.status, u.failed_logins,
                                  storage::Opt(u.locked_until), u.updated_at}));
  (void)n;
  u.version += 1;
  auto changes = audit::Diff(before, AuditJson(u));
  if (action == "user.disable") {
    // A disabled account's sessions end now (they would be refused anyway; this makes it final).
    LB_TRY(ended, tx.Exec(kRevokeUserSessions, {u.id, u.updated_at}));
    if (ended > 0) changes["sessions_revoked"] = ended;
  }
  LB_CHECK(log.Append(tx, {actor_name, action, "user", u.id, std::move(changes)}));
  return u;
}

}  // namespace

Principal PrincipalFromRow(const storage::Row& r, size_t first) {
  Principal p;
  p.user_id = r.Str(first);
  p.user_name = r.Str(first + 1);
  p.role = ParseRole(r.Str(first + 2)).value_or(Role::kViewer);
  p.country = r.Str(first + 3);
  p.province = r.Opt(first + 4);
  p.org = r.Opt(first + 5);
  return p;
}

Principal ConsoleOperator(std::string country) {
  Principal p = Principal::System(std::move(country));
  p.user_id = p.user_name = "console";
  return p;
}

Principal User::AsPrincipal() const {
  Principal p;
  p.user_id = id;
  p.user_name = name;
  p.role = role;
  p.country = country;
  p.province = province;
  p.org = org;
  return p;
}

core::Result<std::string> HashPassword(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return core::Fail(Error::Internal("crypto_pwhash_str failed (out of memory)"));
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  return !hash.empty() && crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

core::Status CheckPasswordStrength(const std::string& password, const std::string& user_name) {
  if (password.size() < 12) {
    return core::Fail(Error::Field("password", "too_short", "The password must have at least 12 characters."));
  }
  if (password.size() > 256) {
    return core::Fail(Error::Field("password", "too_long", "The password must have at most 256 characters."));
  }
  // Before libpwquality, whose dictionary check lets "password1234" and "Welcome12345" through.
  if (IsCommonPassword(password)) {
    return core::Fail(Error::Field("password", "common",
                                   "The password is a common one (or a common one with digits or symbols added at "
                                   "its end), which is among the first guessed: choose another."));
  }
  pwquality_settings_t* settings = pwquality_default_settings();
  if (!settings) return core::Fail(Error::Internal("pwquality_default_settings failed"));
  pwquality_set_int_value(settings, PWQ_SETTING_MIN_LENGTH, 12);
  void* aux = nullptr;
  const int score = pwquality_check(settings, password.c_str(), nullptr, user_name.c_str(), &aux);
  std::string reason;
  if (score < 0) {
    char buf[PWQ_MAX_ERROR_MESSAGE_LEN];
    reason = pwquality_strerror(buf, sizeof buf, score, aux);
  }
  pwquality_free_settings(settings);
  if (score < 0) {
    return core::Fail(Error::Field("password", "weak", "The password is too weak: " + reason + "."));
  }
  return {};
}

core::Result<User> UserService::Add(const Principal& actor, NewUser n) {
  LB_CHECK(RequireAdmin(actor));
  std::vector<core::FieldError> errors;
  if (!ValidUserName(n.name)) {
    errors.push_back({"name", "invalid", "A user name is 3-64 characters: a-z, 0-9, '.', '_', '-', '@'."});
  }
  const auto role = ParseRole(n.role);
  if (!role) {
    errors.push_back({"role", "invalid_value",
                      "role must be admin, registry_officer, cooperation_officer, training_officer, welfare_officer, "
                      "viewer, auditor or partner_node."});
  }
  if (n.country != "VN" && n.country != "LA")
    errors.push_back({"country", "invalid_value", "country must be VN or LA."});
  if (n.province) {
    const auto* s = registry::Reference::Embedded().FindSubdivision(*n.province);
    if (!s)
      errors.push_back({"province", "unknown_province", "province must be an ISO 3166-2 code."});
    else if (s->country != n.country) {
      errors.push_back({"province", "province_not_in_country", "province must be in the user's country."});
    }
  }
  if (n.org && (n.org->empty() || n.org->size() > 64))
    errors.push_back({"org", "invalid", "org must be 1-64 characters."});
  if (auto s = CheckPasswordStrength(n.password, n.name); !s) {
    errors.insert(errors.end(), s.error().fields.begin(), s.error().fields.end());
  }
  if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
  LB_TRY(hash, HashPassword(n.password));
  User u;
  u.id = core::NewUuidV7(clock_);
  u.name = n.name;
  u.role = *role;
  u.country = n.country;
  u.province = n.province;
  u.org = n.org;
  u.created_at = u.updated_at = core::FormatRfc3339(clock_.Now());
  auto r = storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Result<User> {
    auto ins = tx.Exec(kInsertUser, {u.id, u.name, std::string(RoleName(u.role)), u.country, storage::Opt(u.province),
                                     storage::Opt(u.org), hash, u.created_at});
    if (!ins) return core::Fail(ins.error());
    LB_CHECK(audit_.Append(tx, {actor.user_name, "user.create", "user", u.id, audit::Diff(nullptr, UserJson(u))}));
    return u;
  });
  if (!r && r.error().code == ErrorCode::kConflict) {
    return core::Fail(Error{ErrorCode::kConflict,
                            "A user named '" + n.name + "' already exists.",
                            {{"name", "duplicate", "A user with this name already exists."}},
                            r.error().internal});
  }
  return r;
}

core::Result<std::vector<User>> UserService::List(const Principal& actor) {
  LB_CHECK(RequireAdmin(actor));
  auto users = storage::AllOf(
      storage::InTransaction(db_, false, [](storage::Transaction& tx) { return tx.Query(kListUsers, {}); }), FromRow);
  if (!users) return users;
  // A disable not yet written (the writer busy) is shown as it already acts: disabled.
  for (auto& u : *users) {
    if (revocations_->Revoked(Revocations::Kind::kUser, u.id)) u.status = "disabled";
  }
  return users;
}

core::Result<std::optional<User>> UserService::FindByName(const std::string& name) {
  return storage::FirstOf(
      storage::InTransaction(db_, false, [&](storage::Transaction& tx) { return tx.Query(kSelectUserByName, {name}); }),
      FromRow);
}

core::Result<std::optional<User>> UserService::FindById(const std::string& id) {
  return storage::FirstOf(
      storage::InTransaction(db_, false, [&](storage::Transaction& tx) { return tx.Query(kSelectUserById, {id}); }),
      FromRow);
}

core::Result<User> UserService::Modify(const Principal& actor, const std::string& name, const std::string& action,
                                       const std::function<core::Status(User&)>& change) {
  LB_CHECK(RequireAdmin(actor));
  return storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Result<User> {
    return ModifyIn(tx, clock_, audit_, actor.user_name, name, action, change);
  });
}

core::Result<User> UserService::Disable(const Principal& actor, const std::string& name) {
  LB_CHECK(RequireAdmin(actor));
  // Checked by a read, which never waits for the writer (a long import on SQLite holds it).
  LB_TRY(found, FindByName(name));
  if (!found) return core::Fail(Error::NotFound("No user named '" + name + "'."));
  User u = std::move(*found);
  if (u.id == actor.user_id) return core::Fail(Forbidden("You cannot disable your own account."));
  if (u.status == "disabled" || revocations_->Revoked(Revocations::Kind::kUser, u.id)) {
    return core::Fail(Error::Conflict("The user is already disabled."));
  }
  // Their sessions and tokens are refused from now on; the row, the sessions' end and the audit
  // entry are written once the writer is free.
  auto result = std::make_shared<std::optional<User>>();
  // Journaled first (when the node keeps a journal), so the answer survives a kill.
  LB_CHECK(revocations_->Journal("user.disable", {{Revocations::Kind::kUser, u.id}},
                                 {{"actor", actor.user_name}, {"actor_id", actor.user_id}, {"name", name}}));
  auto written =
      revocations_->Persist("disabling user '" + name + "'", {{Revocations::Kind::kUser, u.id}},
                            [&clock = clock_, &log = audit_, actor_name = actor.user_name, actor_id = actor.user_id,
                             name, result](storage::Transaction& tx) {
                              return WriteUserDisable(tx, clock, log, actor_name, actor_id, name, result.get());
                            });
  if (!written) return core::Fail(written.error());
  if (*written && *result) return std::move(**result);
  // Still queued: what the write will make of the row.
  u.status = "disabled";
  u.version += 1;
  return u;
}

core::Status WriteUserDisable(storage::Transaction& tx, const core::Clock& clock, audit::AuditLog& log,
                              const std::string& actor_name, const std::string& actor_id, const std::string& name,
                              std::optional<User>* out) {
  auto changed = ModifyIn(tx, clock, log, actor_name, name, "user.disable", [&](User& v) -> core::Status {
    if (v.id == actor_id) return core::Fail(Forbidden("You cannot disable your own account."));
    if (v.status == "disabled") return core::Fail(Error::Conflict("The user is already disabled."));
    v.status = "disabled";
    return {};
  });
  if (!changed) {
    // Disabled meanwhile by someone else (or gone): nothing more to record.
    return changed.error().code == ErrorCode::kConflict || changed.error().code == ErrorCode::kNotFound
               ? core::Status{}
               : core::Status(core::Fail(changed.error()));
  }
  if (out) *out = std::move(*changed);
  return {};
}

core::Result<User> UserService::SetRole(const Principal& actor, const std::string& name, const std::string& role) {
  const auto r = ParseRole(role);
  if (!r) return core::Fail(Error::Field("role", "invalid_value", "Unknown role '" + role + "'."));
  if (actor.role != Role::kAdmin) return core::Fail(Forbidden("Only an admin changes roles."));
  return Modify(actor, name, "user.set_role", [&](User& u) -> core::Status {
    if (u.id == actor.user_id) return core::Fail(Forbidden("Nobody changes their own role."));
    u.role = *r;
    return {};
  });
}

core::Result<User> UserService::Unlock(const Principal& actor, const std::string& name) {
  return Modify(actor, name, "user.unlock", [](User& u) -> core::Status {
    u.failed_logins = 0;
    u.locked_until.reset();
    return {};
  });
}

core::Result<User> UserService::SetPassword(const Principal& actor, const std::string& name,
                                            const std::string& password) {
  LB_CHECK(RequireAdmin(actor));
  LB_CHECK(CheckPasswordStrength(password, name));
  LB_TRY(hash, HashPassword(password));
  return storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Result<User> {
    LB_TRY(rows, tx.Query(kSelectUserByName, {name}));
    if (rows.empty()) return core::Fail(Error::NotFound("No user named '" + name + "'."));
    User u = FromRow(rows.front());
    u.updated_at = core::FormatRfc3339(clock_.Now());
    LB_TRY(n, tx.Exec(kUpdatePassword, {u.id, hash, u.updated_at}));
    LB_TRY(ended, tx.Exec(kRevokeUserSessions, {u.id, u.updated_at}));
    (void)n;
    // That the password changed, never what it is (nor its hash).
    LB_CHECK(audit_.Append(
        tx,
        {actor.user_name, "user.set_password", "user", u.id, {{"password", "changed"}, {"sessions_revoked", ended}}}));
    return u;
  });
}

namespace {

constexpr std::string_view kUpdateAccess =
    "UPDATE users SET role = $2, province = $3, version = version + 1, updated_at = $4 WHERE id = $1";
constexpr std::string_view kActiveAdmin = "SELECT 1 FROM users WHERE id = $1 AND role = 'admin' AND status = 'active'";
constexpr std::string_view kCountActiveAdmins = "SELECT COUNT(*) FROM users WHERE role = 'admin' AND status = 'active'";

}  // namespace

core::Result<User> UserService::Enable(const Principal& actor, const std::string& name) {
  LB_CHECK(RequireAdmin(actor));
  LB_TRY(found, FindByName(name));
  if (!found) return core::Fail(Error::NotFound("No user named '" + name + "'."));
  if (found->status != "disabled") return core::Fail(Error::Conflict("The user is not disabled."));
  if (revocations_->Revoked(Revocations::Kind::kUser, found->id)) {
    return core::Fail(Error::Conflict("The user was disabled moments ago; try again in a minute."));
  }
  return Modify(actor, name, "user.enable", [](User& u) -> core::Status {
    if (u.status != "disabled") return core::Fail(Error::Conflict("The user is not disabled."));
    u.status = "active";
    u.failed_logins = 0;
    u.locked_until.reset();
    return {};
  });
}

core::Result<User> UserService::ChangeAccess(const Principal& actor, const std::string& name, const std::string& role,
                                             const std::optional<std::string>& province) {
  LB_CHECK(RequireAdmin(actor));
  const auto r = ParseRole(role);
  std::vector<core::FieldError> errors;
  if (!r) errors.push_back({"role", role.empty() ? "required" : "invalid_value", "Choose one of the roles."});
  LB_TRY(found, FindByName(name));
  if (!found) return core::Fail(Error::NotFound("No user named '" + name + "'."));
  if (province) {
    const auto* sub = registry::Reference::Embedded().FindSubdivision(*province);
    if (!sub) {
      errors.push_back({"province", "unknown_province", "province must be an ISO 3166-2 code."});
    } else if (sub->country != found->country) {
      errors.push_back({"province", "province_not_in_country", "province must be in the user's country."});
    }
  }
  if (!errors.empty()) return core::Fail(Error::Validation(std::move(errors)));
  if (found->id == actor.user_id) return core::Fail(Forbidden("Nobody changes their own role or scope."));
  return storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Result<User> {
    // The acting admin may have been demoted or disabled since their session began.
    LB_TRY(acting, tx.Query(kActiveAdmin, {actor.user_id}));
    if (acting.empty() && actor.user_id != "console") {
      return core::Fail(Forbidden("Only an active admin changes roles."));
    }
    LB_TRY(rows, tx.Query(kSelectUserByName, {name}));
    if (rows.empty()) return core::Fail(Error::NotFound("No user named '" + name + "'."));
    User u = FromRow(rows.front());
    const auto before = AuditJson(u);
    u.role = *r;
    u.province = province;
    auto changes = audit::Diff(before, AuditJson(u));
    if (changes.empty()) return u;  // nothing changed: nothing to write or record
    u.updated_at = core::FormatRfc3339(clock_.Now());
    LB_TRY(n, tx.Exec(kUpdateAccess, {u.id, std::string(RoleName(u.role)), storage::Opt(u.province), u.updated_at}));
    (void)n;
    u.version += 1;
    LB_TRY(admins, tx.Query(kCountActiveAdmins, {}));
    if (admins.empty() || admins.front().Int(0) < 1) {
      return core::Fail(Error::Conflict("The node would have no active admin left."));
    }
    LB_CHECK(audit_.Append(tx, {actor.user_name, "user.change_access", "user", u.id, std::move(changes)}));
    return u;
  });
}

core::Result<UserService::LoginResult> UserService::CheckPassword(const std::string& name,
                                                                  const std::string& password) {
  // Spent on unknown names and locked accounts, so timing does not tell them apart.
  static const std::string kDummy = HashPassword("timing-equaliser-password").value_or("");
  LoginResult out;
  const auto now = clock_.Now();
  const std::string now_text = core::FormatRfc3339(now);
  struct Counted {
    std::optional<User> user;
    std::string hash;
    std::string existing_id;  // the user when the attempt was not counted (locked)
  };
  // Count first, in one statement, then lock on the 5th count in the same transaction: a
  // concurrent attempt either is counted after this one or sees the lock.
  auto counted = storage::InTransaction(db_, true, [&](storage::Transaction& tx) -> core::Result<Counted> {
    Counted c;
    LB_TRY(rows, tx.Query(kCountAttempt, {name, now_text}));
    if (rows.empty()) {
      LB_TRY(existing, tx.Query(kFindForLogin, {name}));
      if (!existing.empty()) c.existing_id = existing.front().Str(0);
      return c;
    }
    c.user = FromRow(rows.front());
    c.hash = rows.front().Str(12);
    if (c.user->failed_logins >= kFailuresBeforeLock) {
      // 15 minutes, doubling with every further failure, at most a day.
      const int64_t minutes =
          std::min<int64_t>(15LL << std::min<int64_t>(c.user->failed_logins - kFailuresBeforeLock, 10), 24 * 60);
      c.user->locked_until = core::FormatRfc3339(now + std::chrono::minutes(minutes));
      LB_TRY(n, tx.Exec(kLockAccount, {c.user->id, *c.user->locked_until}));
      (void)n;
    }
    return c;
  });
  if (!counted) return core::Fail(counted.error());
  if (!counted->user) {
    (void)VerifyPassword(kDummy, password);
    if (counted->existing_id.empty()) {
      out.reason = "unknown_user";
    } else {
      out.exists = true;
      out.user_id = counted->existing_id;
      out.locked = true;
      out.reason = "locked";
    }
    return out;
  }
  User u = std::move(*counted->user);
  out.exists = true;
  out.user_id = u.id;
  out.failures = u.failed_logins;
  const bool ok = VerifyPassword(counted->hash, password);
  if (ok) {
    // A disable not yet written (the writer busy) is already in force.
    const bool active = u.status == "active" && !revocations_->Revoked(Revocations::Kind::kUser, u.id);
    auto r = storage::InTransaction(db_, true, [&](storage::Transaction& tx) {
      return tx.Exec(active ? kRecordSuccess : kGiveBackAttempt, {u.id});
    });
    if (!r) return core::Fail(r.error());
    if (!active) {
      out.reason = "disabled";
      out.failures = std::max<int64_t>(0, u.failed_logins - 1);
      return out;
    }
    u.failed_logins = 0;
    u.locked_until.reset();
    out.failures = 0;
    out.user = u;
    return out;
  }
  out.reason = "wrong_password";
  out.locked = u.failed_logins >= kFailuresBeforeLock;
  return out;
}

}  // namespace lb::access
