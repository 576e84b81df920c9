#include "app/cli.h"

#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/commands.h"
#include "core/config.h"
#include "core/id.h"
#include "core/local_time.h"
#include "core/log.h"
#include "features/cooperation/seed.h"
#include "features/registry/demo.h"
#include "features/registry/expiry.h"
#include "http/server.h"
#include "platform/access/users.h"
#include "platform/audit/checkpointer.h"
#include "platform/audit/signing.h"
#include "server/node.h"
#include "storage/migrate.h"

namespace lb::app {
namespace {}  // namespace

int Report(const core::Error& e) {
  std::string line = "labourbridge: error: ";
  if (e.fields.empty()) {
    line += e.message;
  } else {
    for (size_t i = 0; i < e.fields.size(); ++i) line += (i ? "; " : "") + e.fields[i].message;
  }
  // Operators need the cause of a runtime failure (it holds no personal data).
  if ((e.code == core::ErrorCode::kUnavailable || e.code == core::ErrorCode::kInsufficientStorage ||
       e.code == core::ErrorCode::kInternal) &&
      !e.internal.empty()) {
    std::string cause = e.internal.substr(0, e.internal.find('\n'));
    line += " (" + cause + ")";
  }
  std::fprintf(stderr, "%s\n", line.c_str());
  switch (e.code) {
    case core::ErrorCode::kValidation:
    case core::ErrorCode::kMalformed:
    case core::ErrorCode::kConflict:
    case core::ErrorCode::kNotFound:
      return kExitRejected;
    default:
      return kExitRuntime;
  }
}

namespace {

struct Options {
  core::Config config;
  std::string config_file;
  bool demo = false;
  int demo_persons = 400;
};

core::Result<core::Config> ResolveConfig(const Options& o, const CLI::App& app) {
  core::Config c;
  if (!o.config_file.empty()) {
    if (auto r = core::LoadConfigFile(o.config_file, c); !r) return core::Fail(r.error());
  }
  // Flags given on the command line win over the file.
  auto given = [&](const char* name) {
    std::function<bool(const CLI::App*)> in = [&](const CLI::App* a) {
      if (const auto* opt = a->get_option_no_throw(name); opt && opt->count() > 0) return true;
      for (const auto* sub : a->get_subcommands()) {
        if (in(sub)) return true;
      }
      return false;
    };
    return in(&app);
  };
  if (given("--db")) c.db_url = o.config.db_url;
  if (given("--listen")) c.listen = o.config.listen;
  if (given("--node")) c.node = o.config.node;
  if (given("--threads")) c.threads = o.config.threads;
  if (given("--workers")) c.workers = o.config.workers;
  if (given("--body-limit")) c.body_limit = o.config.body_limit;
  if (given("--import-body-limit")) c.import_body_limit = o.config.import_body_limit;
  if (given("--max-uploads")) c.max_uploads = o.config.max_uploads;
  if (given("--min-upload-rate")) c.min_upload_rate = o.config.min_upload_rate;
  if (given("--upload-dir")) c.upload_dir = o.config.upload_dir;
  if (given("--log-level")) c.log_level = o.config.log_level;
  if (given("--time-zone")) c.time_zone = o.config.time_zone;
  if (given("--node-key")) c.node_key_file = o.config.node_key_file;
  if (auto v = core::ValidateConfig(c); !v) return core::Fail(v.error());
  return c;
}

int Serve(const core::Config& config, const Options& o) {
  core::SystemClock clock;
  auto node = server::Node::Open(config, clock);
  if (!node) return Report(node.error());
  const unsigned threads = core::IoThreadCount(config);
  const unsigned workers = core::WorkerCount(config);
  if (o.demo) {
    const access::Principal system = access::Principal::System(config.node);
    const bool tty = isatty(STDERR_FILENO);
    auto summary = registry::LoadDemoData(
        (*node)->registry(), (*node)->db(), clock, system, o.demo_persons, 1963, [&](int64_t done, int64_t total) {
          if (total >= 5000 && (tty || done % (total / 10 ? total / 10 : 1) == 0 || done == total)) {
            std::fprintf(stderr, tty ? "\rloading demo persons: %lld/%lld" : "loading demo persons: %lld/%lld\n",
                         static_cast<long long>(done), static_cast<long long>(total));
          }
        });
    if (tty && o.demo_persons >= 5000) std::fprintf(stderr, "\n");
    if (!summary) return Report(summary.error());
    if (summary->skipped) {
      std::printf("Demo data: the database already has persons; nothing loaded.\n");
    } else {
      std::printf("Demo data loaded: %lld persons, %lld employers, %lld work permits.\n",
                  static_cast<long long>(summary->persons), static_cast<long long>(summary->employers),
                  static_cast<long long>(summary->permits));
    }
    auto coop = cooperation::LoadSeed((*node)->cooperation(), system);
    if (!coop) return Report(coop.error());
    std::printf("Cooperation history loaded: %d conferences, %d agreements, %d commitments (%d already present).\n",
                coop->conferences, coop->agreements, coop->commitments, coop->skipped);
    // A demo administrator with a fresh password at every start, and a token for it. A random
    // string now and then reads as "systematic" to the dictionary check: draw again until one passes.
    std::string password;
    for (int attempt = 0; attempt < 32; ++attempt) {
      password = "Demo-" + core::RandomToken(12);
      if (access::CheckPasswordStrength(password, "admin")) break;
    }
    auto& users = (*node)->users();
    auto existing = users.FindByName("admin");
    if (!existing) return Report(existing.error());
    if (*existing) {
      if (auto r = users.SetPassword(system, "admin", password); !r) return Report(r.error());
    } else {
      access::NewUser admin{"admin", "admin", config.node, std::nullopt, std::nullopt, password};
      if (auto r = users.Add(system, admin); !r) return Report(r.error());
    }
    auto token = (*node)->tokens().Create(system, "admin", std::nullopt, 30);
    if (!token) return Report(token.error());
    std::printf("Demo login: admin / %s\n", password.c_str());
    std::printf("Demo API token for admin (shown once, valid 30 days): %s\n", token->secret.c_str());
  }
  // The node's signing key; the audit head is signed every hour while serving.
  auto key = audit::NodeKey::LoadOrCreate(config.node_key_file);
  if (!key) return Report(key.error());
  // Lapsed work permits are recorded as expired now and then every expiry_interval_minutes.
  // Both run on the node's one periodic runner.
  (*node)->StartPeriodicTasks(std::move(*key), std::chrono::minutes(config.expiry_interval_minutes));
  auto listen = core::ParseListen(config.listen);
  http::ServerOptions so;
  so.host = listen->first;
  so.port = listen->second;
  so.threads = threads;
  so.workers = workers;
  so.body_limit = config.body_limit;
  so.read_timeout_seconds = config.read_timeout_seconds;
  so.max_large_uploads = config.max_uploads;
  so.inline_paths = {"/healthz"};  // liveness is answered even when every worker is busy
  so.min_body_bytes = config.min_upload_rate;
  so.upload_dir = config.upload_dir;
  so.shutdown_grace_seconds = config.shutdown_grace_seconds;
  so.access_log = config.access_log;
  so.handle_signals = true;
  server::Node* n = node->get();
  so.admit = [n](const http::Request& head, bool large) { return n->Admit(head, large); };
  so.on_stop = [n] { n->BeginShutdown(); };
  http::Server server(so, [n](const http::Request& r) { return n->Handle(r); });
  auto port = server.Start();
  if (!port) return Report(port.error());
  std::string host = so.host == "0.0.0.0" ? "localhost" : so.host;
  std::printf("LabourBridge %s node listening on http://%s:%u (database: %s, %u threads, %u workers)\n",
              config.node.c_str(), host.c_str(), *port,
              (*node)->db().dialect() == storage::Dialect::kSqlite ? "SQLite" : "PostgreSQL", threads, workers);
  if (o.demo) {
    std::printf("Try: curl -H 'Authorization: Bearer <token>' http://%s:%u/api/v1/persons?limit=5\n", host.c_str(),
                *port);
  }
  std::fflush(stdout);
  server.Run();
  (*node)->StopPeriodicTasks();
  if (auto f = (*node)->audit().Flush(); !f) Report(f.error());
  (*node)->db().CloseIdle();
  spdlog::info("database closed");
  return kExitOk;
}

}  // namespace

int RunCli(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::fprintf(stderr, "labourbridge: error: libsodium failed to initialise\n");
    return kExitRuntime;
  }
  CLI::App app{"LabourBridge: the Vietnam-Laos labour, social welfare and human-resource cooperation system."};
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand
  Options o;
  app.add_option("--config", o.config_file, "TOML configuration file (flags override it)")->check(CLI::ExistingFile);
  app.add_option("--log-level", o.config.log_level, "trace, debug, info, warn, error or off")->capture_default_str();
  app.add_option("--time-zone", o.config.time_zone,
                 "IANA time zone for the dates and times people see and for \"today\" (default: Asia/Ho_Chi_Minh "
                 "for the VN node, Asia/Vientiane for the LA node); stored times and the API stay in UTC");

  auto add_db = [&](CLI::App* sub) {
    sub->add_option("--db", o.config.db_url, "database URL: sqlite:PATH or postgresql://...")->capture_default_str();
  };

  auto* serve = app.add_subcommand("serve", "run the HTTP server (REST API under /api/v1/)");
  add_db(serve);
  serve->add_option("--listen", o.config.listen, "address to listen on, HOST:PORT")->capture_default_str();
  serve->add_option("--node", o.config.node, "which country's node this is")
      ->check(CLI::IsMember({"VN", "LA"}))
      ->capture_default_str();
  serve->add_option("--threads", o.config.threads, "I/O threads: read and write sockets only (0 = number of cores)")
      ->capture_default_str();
  serve
      ->add_option("--workers", o.config.workers,
                   "threads that run read handlers (database reads, exports, PDFs); a full queue answers 503 "
                   "(0 = twice the number of cores, at least 4)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  serve->add_option("--body-limit", o.config.body_limit, "largest request body in bytes")->capture_default_str();
  serve->add_option("--import-body-limit", o.config.import_body_limit, "largest file uploaded for import, in bytes")
      ->capture_default_str();
  serve->add_option("--max-uploads", o.config.max_uploads, "uploads over --body-limit taken at once (more get 503)")
      ->capture_default_str();
  serve
      ->add_option("--min-upload-rate", o.config.min_upload_rate,
                   "bytes a request body must bring in every 10 s, or the connection is cut (0 = any progress)")
      ->capture_default_str();
  serve->add_option("--upload-dir", o.config.upload_dir,
                    "directory for large uploads in transit (default: system temp)");
  serve
      ->add_option("--node-key", o.config.node_key_file, "Ed25519 key file that signs audit checkpoints (created 0600)")
      ->capture_default_str();
  serve->add_flag("--demo", o.demo, "load demo data into an empty database and print a demo API token");
  serve->add_option("--demo-persons", o.demo_persons, "how many demo persons to create")
      ->check(CLI::Range(1, 2000000))
      ->capture_default_str();

  auto* migrate = app.add_subcommand("migrate", "apply pending database migrations");
  add_db(migrate);

  CommandTable table;
  table.add_db = add_db;
  AddTokenCommands(app, table);
  AddUserCommands(app, table);
  AddAuditCommands(app, table);
  AddExchangeCommands(app, table);
  AddCooperationCommands(app, table);

  app.add_subcommand("version", "print the version");
  bool routes_json = false;
  auto* routes = app.add_subcommand("routes", "print the HTTP routes the server answers (method and path)");
  routes->add_flag("--json", routes_json, "print them as a JSON array of {method, path}");
  bool routes_openapi = false;
  routes->add_flag("--openapi", routes_openapi,
                   "print the OpenAPI document the server serves (record schemas made from the kinds' field tables)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "labourbridge: error: %s\nRun 'labourbridge --help' for usage.\n", e.what());
    return kExitUsage;
  }

  auto config = ResolveConfig(o, app);
  if (!config) {
    std::fprintf(
        stderr, "labourbridge: error: %s\n",
        config.error().fields.empty() ? config.error().message.c_str() : config.error().fields[0].message.c_str());
    return kExitUsage;
  }
  core::InitLogging(config->log_level);
  if (auto z = core::SetLocalZone(config->time_zone.empty() ? core::DefaultZoneFor(config->node) : config->time_zone);
      !z) {
    return Report(z.error());
  }

  if (app.got_subcommand("version")) {
    std::printf("labourbridge %s\n", LB_VERSION);
    return kExitOk;
  }
  if (serve->parsed()) return Serve(*config, o);
  if (routes->parsed()) return routes_openapi ? PrintOpenApi() : PrintRoutes(*config, routes_json);

  core::SystemClock clock;
  const bool quiet_logs = !app.count("--log-level");
  if (quiet_logs) spdlog::set_level(spdlog::level::warn);
  auto db = storage::OpenDatabase(config->db_url, 2);
  if (!db) return Report(db.error());
  auto migrated = storage::Migrate(**db, clock);
  if (!migrated) return Report(migrated.error());

  if (migrate->parsed()) {
    auto v = storage::CurrentSchemaVersion(**db);
    if (!v) return Report(v.error());
    std::printf("migrations applied: %d; schema version %d\n", *migrated, *v);
    return kExitOk;
  }
  for (auto& [sub, run] : table.commands) {
    if (sub->parsed()) return run(**db, clock, *config);
  }
  return kExitUsage;
}

}  // namespace lb::app
