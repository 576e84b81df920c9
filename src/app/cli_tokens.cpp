#include <cstdio>
#include <memory>
#include <optional>

#include "app/commands.h"
#include "platform/access/tokens.h"
#include "platform/access/users.h"
#include "platform/audit/audit_log.h"

namespace lb::app {

void AddTokenCommands(CLI::App& app, CommandTable& table) {
  using access::TokenService;
  struct Args {
    std::string name, user;
    std::optional<std::string> label;
    int expires_days = 0;
  };
  auto args = std::make_shared<Args>();
  auto* token = app.add_subcommand("token", "manage API tokens");
  token->require_subcommand(1);

  auto* create = token->add_subcommand("create", "create a token and print it (shown once)");
  create->add_option("--user", args->user, "the user the token acts as (with their role and scope)")->required();
  create->add_option("--name", args->label, "a unique label for the token (default: user and time)");
  create->add_option("--expires", args->expires_days, "days until the token expires (default: never)")
      ->check(CLI::Range(1, 3650));
  AddServiceCommand<TokenService>(table, create, [args](TokenService& tokens, const access::Principal& console) {
    auto t = tokens.Create(console, args->user, args->label,
                           args->expires_days ? std::optional<int>(args->expires_days) : std::nullopt);
    if (!t) return Report(t.error());
    std::printf("%s\n", t->secret.c_str());
    std::fprintf(stderr, "token '%s' for user '%s' created%s; store it now, it is not shown again\n",
                 t->info.name.c_str(), args->user.c_str(),
                 t->info.expires_at ? (", expires " + *t->info.expires_at).c_str() : "");
    return kExitOk;
  });

  auto* list = token->add_subcommand("list", "list tokens (never their secrets)");
  AddServiceCommand<TokenService>(table, list, [](TokenService& tokens, const access::Principal&) {
    auto all = tokens.List();
    if (!all) return Report(all.error());
    std::printf("%-36s  %-24s  %-16s  %-24s  %-24s  %s\n", "ID", "NAME", "USER", "CREATED", "EXPIRES", "REVOKED");
    for (const auto& t : *all) {
      std::printf("%-36s  %-24s  %-16s  %-24s  %-24s  %s\n", t.id.c_str(), t.name.c_str(), t.user_name.c_str(),
                  t.created_at.c_str(), t.expires_at.value_or("-").c_str(), t.revoked_at.value_or("-").c_str());
    }
    return kExitOk;
  });

  auto* revoke = token->add_subcommand("revoke", "revoke a token by name or id");
  revoke->add_option("name", args->name, "token name or id")->required();
  AddServiceCommand<TokenService>(table, revoke, [args](TokenService& tokens, const access::Principal& console) {
    if (auto r = tokens.Revoke(console, args->name); !r) return Report(r.error());
    std::fprintf(stderr, "token '%s' revoked\n", args->name.c_str());
    return kExitOk;
  });
}

}  // namespace lb::app
