#pragma once
// A LabourBridge node: its database, services and HTTP routes, wired together. The CLI
// and the tests both start nodes through this.
#include <chrono>
#include <memory>

#include "core/clock.h"
#include "core/config.h"
#include "core/periodic.h"
#include "features/cooperation/service.h"
#include "features/files/jobs.h"
#include "features/registry/expiry.h"
#include "features/registry/service.h"
#include "http/router.h"
#include "http/server.h"
#include "http/worker_pool.h"
#include "platform/access/revocations.h"
#include "platform/access/sessions.h"
#include "platform/access/tokens.h"
#include "platform/access/users.h"
#include "platform/audit/audit_log.h"
#include "platform/audit/checkpointer.h"
#include "platform/audit/signing.h"
#include "storage/database.h"
#include "ui/site.h"

namespace lb::server {

// Reports and exports one user may have running at once (more: 429); other users' are apart.
inline constexpr unsigned kHeavyReadsPerUser = 2;

class Node {
 public:
  ~Node();
  // Opens the database, applies pending migrations and builds the routes.
  static core::Result<std::unique_ptr<Node>> Open(const core::Config& config, const core::Clock& clock);
  // Same, over an already open database (tests).
  static core::Result<std::unique_ptr<Node>> Open(std::unique_ptr<storage::Database> db, const core::Config& config,
                                                  const core::Clock& clock);

  http::Response Handle(const http::Request& request) const;
  // The server is stopping (ServerOptions::on_stop): a running import is cancelled and rolls
  // back now, so the node's last writes (audit flush) do not wait for it past the grace period.
  void BeginShutdown() { imports_->Cancel(); }

  // The node's background work on its one periodic runner: the audit head signed with `key`
  // every `checkpoint_interval`, and lapsed permits recorded as expired at once and then every
  // `expiry_interval` (the tasks are made once; a second call only restarts the runner). Stopped by StopPeriodicTasks
  // (a task in progress finishes) or the destructor.
  void StartPeriodicTasks(audit::NodeKey key, std::chrono::milliseconds expiry_interval,
                          std::chrono::milliseconds checkpoint_interval = std::chrono::hours(1));
  void StopPeriodicTasks() { periodic_.Stop(); }
  core::PeriodicTasks& periodic() { return periodic_; }
  // The request body limit of the route (0 = the server default); see ServerOptions.
  size_t BodyLimit(std::string_view method, std::string_view path) const { return router_.BodyLimit(method, path); }
  // The server's admission hook (ServerOptions::admit): the route's body limit, and for a body
  // that may be larger than the default, the handler's authentication and role check from the
  // headers alone: 401 or 403 before any of the body is read.
  http::Admission Admit(const http::Request& head, bool large) const;

  storage::Database& db() { return *db_; }
  access::TokenService& tokens() { return *tokens_; }
  access::UserService& users() { return *users_; }
  access::SessionService& sessions() { return *sessions_; }
  audit::AuditLog& audit() { return *audit_; }
  // The node's revocation marks (and journal), shared by its session, token and user services.
  const std::shared_ptr<access::Revocations>& revocations() const { return revocations_; }
  registry::RegistryService& registry() { return *registry_; }
  cooperation::CooperationService& cooperation() { return *cooperation_; }
  files::ImportJobs& imports() { return *imports_; }
  const core::Config& config() const { return config_; }
  const http::Router& router() const { return router_; }

 private:
  Node(std::unique_ptr<storage::Database> db, core::Config config, const core::Clock& clock);
  void RegisterRoutes();
  // A heavy read's place in its user's share, or the 429 answer when the share is used up.
  core::Result<http::PerKeyLimit::Ticket> TakeHeavyShare(const http::Request& req, const access::Principal& who) const;

  std::unique_ptr<storage::Database> db_;
  core::Config config_;
  std::string spool_dir_;  // this node's import files (removed with the node; stale ones at start)
  mutable http::PerKeyLimit heavy_{kHeavyReadsPerUser};
  const core::Clock& clock_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::shared_ptr<access::Revocations> revocations_;
  std::unique_ptr<access::TokenService> tokens_;
  std::unique_ptr<access::UserService> users_;
  std::unique_ptr<access::SessionService> sessions_;
  std::unique_ptr<registry::RegistryService> registry_;
  std::unique_ptr<cooperation::CooperationService> cooperation_;
  std::unique_ptr<files::ImportJobs> imports_;  // after the services it uses: stopped first
  std::unique_ptr<audit::Checkpointer> checkpointer_;
  std::unique_ptr<registry::ExpiryJob> expiry_;
  ui::Site site_;  // the menu, partials and dashboard widgets the features' pages add
  http::Router router_;
  core::PeriodicTasks periodic_;  // last: stopped before anything its tasks use
};

// Database pool size for a given number of read workers (writers get as many again).
size_t PoolSizeFor(unsigned workers);

// The registry figures cooperation's report shows, counted by `registry` within the caller's
// scope (the node and the CLI wire them; cooperation does not know the registry).
cooperation::RegistryFigures RegistryFiguresOf(registry::RegistryService& registry);

}  // namespace lb::server
