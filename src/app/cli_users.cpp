#include <cstdio>
#include <iostream>
#include <memory>

#include "app/commands.h"
#include "platform/access/users.h"
#include "platform/audit/audit_log.h"

namespace lb::app {
namespace {

// The operator at the console acts as the node's administrator; the audit log names them
// "console".
access::Principal Operator(const core::Config& config) { return access::ConsoleOperator(config.node); }

std::string ReadPasswordFromStdin() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void PrintUser(const access::User& u) {
  std::printf("%-24s  %-20s  %-7s  %-8s  %-10s  %s\n", u.name.c_str(), std::string(access::RoleName(u.role)).c_str(),
              u.country.c_str(), u.province.value_or("-").c_str(), u.org.value_or("-").c_str(), u.status.c_str());
}

}  // namespace

void AddUserCommands(CLI::App& app, CommandTable& table) {
  struct Args {
    access::NewUser user;
    bool password_stdin = false;
    std::string name, role;
  };
  auto args = std::make_shared<Args>();
  auto* user = app.add_subcommand("user", "manage user accounts");
  user->require_subcommand(1);

  auto* add = user->add_subcommand("add", "add a user (the password is read from standard input)");
  add->add_option("name", args->user.name, "login name: 3-64 characters a-z 0-9 . _ - @")->required();
  add->add_option("--role", args->user.role,
                  "admin, registry_officer, cooperation_officer, training_officer, welfare_officer, viewer, "
                  "auditor or partner_node")
      ->required();
  add->add_option("--country", args->user.country, "the user's country: VN or LA")->required();
  add->add_option("--province", args->user.province, "narrow the scope to one province (ISO 3166-2 code)");
  add->add_option("--org", args->user.org, "narrow the scope to one organisation");
  add->add_flag("--password-stdin", args->password_stdin, "read the password from standard input (required)")
      ->required();
  table.Add(add, [args](storage::Database& db, const core::Clock& clock, const core::Config& config) {
    args->user.password = ReadPasswordFromStdin();
    audit::AuditLog audit(db, clock, config.node);
    access::UserService users(db, clock, audit);
    auto u = users.Add(Operator(config), args->user);
    args->user.password.assign(args->user.password.size(), '\0');
    if (!u) return Report(u.error());
    std::fprintf(stderr, "user '%s' added as %s\n", u->name.c_str(), std::string(access::RoleName(u->role)).c_str());
    return kExitOk;
  });

  auto* list = user->add_subcommand("list", "list users");
  table.Add(list, [](storage::Database& db, const core::Clock& clock, const core::Config& config) {
    audit::AuditLog audit(db, clock, config.node);
    access::UserService users(db, clock, audit);
    auto all = users.List(Operator(config));
    if (!all) return Report(all.error());
    std::printf("%-24s  %-20s  %-7s  %-8s  %-10s  %s\n", "NAME", "ROLE", "COUNTRY", "PROVINCE", "ORG", "STATUS");
    for (const auto& u : *all) PrintUser(u);
    return kExitOk;
  });

  auto* disable = user->add_subcommand("disable", "disable a user (their tokens and sessions stop working)");
  disable->add_option("name", args->name, "user name")->required();
  table.Add(disable, [args](storage::Database& db, const core::Clock& clock, const core::Config& config) {
    audit::AuditLog audit(db, clock, config.node);
    access::UserService users(db, clock, audit);
    auto u = users.Disable(Operator(config), args->name);
    if (!u) return Report(u.error());
    std::fprintf(stderr, "user '%s' disabled\n", u->name.c_str());
    return kExitOk;
  });

  auto* set_role = user->add_subcommand("set-role", "change a user's role");
  set_role->add_option("name", args->name, "user name")->required();
  set_role->add_option("role", args->role, "the new role")->required();
  table.Add(set_role, [args](storage::Database& db, const core::Clock& clock, const core::Config& config) {
    audit::AuditLog audit(db, clock, config.node);
    access::UserService users(db, clock, audit);
    auto u = users.SetRole(Operator(config), args->name, args->role);
    if (!u) return Report(u.error());
    std::fprintf(stderr, "user '%s' is now %s\n", u->name.c_str(), std::string(access::RoleName(u->role)).c_str());
    return kExitOk;
  });

  auto* unlock = user->add_subcommand("unlock", "lift a login lockout");
  unlock->add_option("name", args->name, "user name")->required();
  table.Add(unlock, [args](storage::Database& db, const core::Clock& clock, const core::Config& config) {
    audit::AuditLog audit(db, clock, config.node);
    access::UserService users(db, clock, audit);
    auto u = users.Unlock(Operator(config), args->name);
    if (!u) return Report(u.error());
    std::fprintf(stderr, "user '%s' unlocked\n", u->name.c_str());
    return kExitOk;
  });
}

}  // namespace lb::app
