#pragma once
// Pieces shared by the CLI's command files: exit codes, error reporting, and the table that
// each area (tokens, users, audit, ...) adds its database commands to.
#include <CLI/CLI.hpp>
#include <functional>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/config.h"
#include "core/error.h"
#include "platform/access/users.h"
#include "platform/audit/audit_log.h"
#include "storage/database.h"

namespace lb::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;
inline constexpr int kExitRejected = 2;
inline constexpr int kExitRuntime = 3;

// Prints one "labourbridge: error: ..." line and returns the exit code for the error.
int Report(const core::Error& e);

// A command run against the opened, migrated database.
using DbCommand = std::function<int(storage::Database& db, const core::Clock& clock, const core::Config& config)>;

struct CommandTable {
  std::vector<std::pair<CLI::App*, DbCommand>> commands;
  std::function<void(CLI::App*)> add_db;  // adds the --db option to a subcommand

  void Add(CLI::App* sub, DbCommand run) {
    add_db(sub);
    commands.emplace_back(sub, std::move(run));
  }
};

// Adds `sub` to `table`: it runs `run(service, console)` with a `Service` (the user or token
// service, over the database, clock and the node's audit log) as the console operator, who
// acts as the node's administrator and whom the audit log names "console".
template <typename Service, typename Run>
void AddServiceCommand(CommandTable& table, CLI::App* sub, Run run) {
  table.Add(sub, [run = std::move(run)](storage::Database& db, const core::Clock& clock, const core::Config& config) {
    audit::AuditLog audit(db, clock, config.node);
    Service service(db, clock, audit);
    return run(service, access::ConsoleOperator(config.node));
  });
}

void AddTokenCommands(CLI::App& app, CommandTable& table);        // cli_tokens.cpp
void AddUserCommands(CLI::App& app, CommandTable& table);         // cli_users.cpp
void AddAuditCommands(CLI::App& app, CommandTable& table);        // cli_audit.cpp
void AddCooperationCommands(CLI::App& app, CommandTable& table);  // cli_cooperation.cpp

// cli_routes.cpp: prints the server's route table (method and path pattern per line, or JSON).
int PrintRoutes(const core::Config& config, bool json);
// cli_routes.cpp: prints the OpenAPI document the server serves, indented (`routes --openapi >
// data/openapi.json` writes the kinds' schemas into the tree's document).
int PrintOpenApi();

// cli_exchange.cpp: import, export, backup, restore
void AddExchangeCommands(CLI::App& app, CommandTable& table);

}  // namespace lb::app
