#include <cstdio>
#include <iostream>
#include <memory>

#include "app/commands.h"
#include "platform/access/users.h"
#include "platform/audit/audit_log.h"

namespace lb::app {
namespace {

std::string ReadPasswordFromStdin() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string RoleOf(const access::User& u) { return std::string(access::RoleName(u.role)); }

void PrintUser(const access::User& u) {
  std::printf("%-24s  %-20s  %-7s  %-8s  %-10s  %s\n", u.name.c_str(), RoleOf(u).c_str(), u.country.c_str(),
              u.province.value_or("-").c_str(), u.org.value_or("-").c_str(), u.status.c_str());
}

// A change to one user: the error, or "user '<name>' <what(user)>" on standard error.
template <typename What>
int Changed(const core::Result<access::User>& u, What what) {
  if (!u) return Report(u.error());
  std::fprintf(stderr, "user '%s' %s\n", u->name.c_str(), what(*u).c_str());
  return kExitOk;
}

}  // namespace

void AddUserCommands(CLI::App& app, CommandTable& table) {
  using access::UserService;
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
  AddServiceCommand<UserService>(table, add, [args](UserService& users, const access::Principal& console) {
    args->user.password = ReadPasswordFromStdin();
    auto u = users.Add(console, args->user);
    args->user.password.assign(args->user.password.size(), '\0');
    return Changed(u, [](const access::User& v) { return "added as " + RoleOf(v); });
  });

  auto* list = user->add_subcommand("list", "list users");
  AddServiceCommand<UserService>(table, list, [](UserService& users, const access::Principal& console) {
    auto all = users.List(console);
    if (!all) return Report(all.error());
    std::printf("%-24s  %-20s  %-7s  %-8s  %-10s  %s\n", "NAME", "ROLE", "COUNTRY", "PROVINCE", "ORG", "STATUS");
    for (const auto& u : *all) PrintUser(u);
    return kExitOk;
  });

  auto* disable = user->add_subcommand("disable", "disable a user (their tokens and sessions stop working)");
  disable->add_option("name", args->name, "user name")->required();
  AddServiceCommand<UserService>(table, disable, [args](UserService& users, const access::Principal& console) {
    return Changed(users.Disable(console, args->name), [](const access::User&) { return std::string("disabled"); });
  });

  auto* set_role = user->add_subcommand("set-role", "change a user's role");
  set_role->add_option("name", args->name, "user name")->required();
  set_role->add_option("role", args->role, "the new role")->required();
  AddServiceCommand<UserService>(table, set_role, [args](UserService& users, const access::Principal& console) {
    return Changed(users.SetRole(console, args->name, args->role),
                   [](const access::User& u) { return "is now " + RoleOf(u); });
  });

  auto* unlock = user->add_subcommand("unlock", "lift a login lockout");
  unlock->add_option("name", args->name, "user name")->required();
  AddServiceCommand<UserService>(table, unlock, [args](UserService& users, const access::Principal& console) {
    return Changed(users.Unlock(console, args->name), [](const access::User&) { return std::string("unlocked"); });
  });
}

}  // namespace lb::app
