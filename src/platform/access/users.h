#pragma once
// User accounts: a name, a role, a scope (country, optionally province and organisation), an
// Argon2id password hash; disabled rather than deleted.
#include <optional>
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

struct User {
  std::string id;
  std::string name;
  Role role = Role::kViewer;
  std::string country;
  std::optional<std::string> province;
  std::optional<std::string> org;
  std::string status = "active";  // active, disabled
  int64_t failed_logins = 0;
  std::optional<std::string> locked_until;
  int64_t version = 1;
  std::string created_at;
  std::string updated_at;

  Principal AsPrincipal() const;
};

struct NewUser {
  std::string name;
  std::string role;
  std::string country;
  std::optional<std::string> province;
  std::optional<std::string> org;
  std::string password;
};

// Every change of an account (create, role, status, password, lockout, unlock) writes its
// audit entry in the change's own transaction, whatever the entry point; the log never holds a
// password or its hash.
class UserService {
 public:
  // `revocations`: the node's set (shared with its sessions and tokens); none = a set of its own
  // (a separate process such as the console).
  UserService(storage::Database& db, const core::Clock& clock, audit::AuditLog& audit,
              std::shared_ptr<Revocations> revocations = nullptr)
      : db_(db),
        clock_(clock),
        audit_(audit),
        revocations_(revocations ? std::move(revocations) : std::make_shared<Revocations>(db)) {}

  // The revocations these users' disables are marked in (the session service shares them).
  const std::shared_ptr<Revocations>& revocations() const { return revocations_; }

  // Only admins add users; the password must pass the strength rules.
  core::Result<User> Add(const Principal& actor, NewUser user);
  core::Result<std::vector<User>> List(const Principal& actor);
  // Also ends the user's open web sessions. Takes effect at once, even while an import holds
  // the writer (see Revocations): the user's sessions and tokens are refused from now on.
  core::Result<User> Disable(const Principal& actor, const std::string& name);
  // Nobody changes their own role.
  core::Result<User> SetRole(const Principal& actor, const std::string& name, const std::string& role);
  core::Result<User> SetPassword(const Principal& actor, const std::string& name, const std::string& password);
  // Lifts a login lockout.
  core::Result<User> Unlock(const Principal& actor, const std::string& name);

  // Re-enables a disabled account (and lifts any lockout); audited as user.enable. A user
  // disabled moments ago is still refused by the in-memory revocation for up to a minute
  // after the disable was written: kConflict then, to try again shortly.
  core::Result<User> Enable(const Principal& actor, const std::string& name);
  // Sets another user's role and province (nullopt: the whole country); audited as
  // user.change_access with both values before and after. Nobody changes their own access,
  // the acting admin must still be an active admin, and the node keeps at least one active
  // admin (checked in the change's transaction).
  core::Result<User> ChangeAccess(const Principal& actor, const std::string& name, const std::string& role,
                                  const std::optional<std::string>& province);

  core::Result<std::optional<User>> FindByName(const std::string& name);
  core::Result<std::optional<User>> FindById(const std::string& id);

  // Checks a password. Returns the user, or nullopt for an unknown user, a wrong password or
  // a disabled account (callers answer all alike). Locks the account for a growing time after
  // 5 failures in a row. The attempt is counted (one atomic UPDATE ... RETURNING) before the
  // slow Argon2id check and the 5th count sets the lock at once, so concurrent attempts see
  // it; a right password then resets the count, a disabled account's gives its count back.
  // A locked account is answered without a check (reason "locked"), counting nothing.
  struct LoginResult {
    std::optional<User> user;
    bool exists = false;   // a user of that name exists
    std::string user_id;   // when it exists
    bool locked = false;   // this attempt locked the account, or it was locked already
    std::string reason;    // for the audit log only: unknown_user, wrong_password, disabled, locked
    int64_t failures = 0;  // the account's count after this attempt
  };
  core::Result<LoginResult> CheckPassword(const std::string& name, const std::string& password);

 private:
  core::Result<User> Modify(const Principal& actor, const std::string& name, const std::string& action,
                            const std::function<core::Status(User&)>& change);

  storage::Database& db_;
  const core::Clock& clock_;
  audit::AuditLog& audit_;
  std::shared_ptr<Revocations> revocations_;
};

// The principal of a users row read from column `first` on: id, name, role, country,
// province, org (sessions, tokens and accounts read them in that order).
Principal PrincipalFromRow(const storage::Row& row, size_t first);

// The operator at the node's console (the CLI): acts as the node's administrator and is named
// "console" in the audit log.
Principal ConsoleOperator(std::string country);

// Argon2id (libsodium crypto_pwhash_str, interactive limits).
core::Result<std::string> HashPassword(const std::string& password);
bool VerifyPassword(const std::string& hash, const std::string& password);
// At least 12 characters and accepted by libpwquality; the message says why not.
core::Status CheckPasswordStrength(const std::string& password, const std::string& user_name);

}  // namespace lb::access
