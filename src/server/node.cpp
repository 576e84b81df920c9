#include "server/node.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <optional>
#include <thread>

#include "core/id.h"
#include "core/resources.h"
#include "features/cooperation/api.h"
#include "features/cooperation/pages.h"
#include "features/files/api.h"
#include "features/files/pages.h"
#include "features/registry/api.h"
#include "features/registry/name_index.h"
#include "features/registry/pages.h"
#include "platform/access/revocation_writes.h"
#include "rest/audit_api.h"
#include "rest/authenticate.h"
#include "rest/session_routes.h"
#include "server/openapi.h"
#include "storage/migrate.h"
#include "ui/page_support.h"
#include "ui/pages.h"

namespace lb::server {

namespace {
constexpr std::chrono::milliseconds kRevocationWriteWait{500};
constexpr std::string_view kSpoolPrefix = "labourbridge-jobs-";

// The directory of one node's import files (uploads being imported, issue reports):
// "<base>/labourbridge-jobs-<pid>-<n>", 0700. Directories of processes that no longer run (a
// node killed or crashed, so its files outlived it) are removed first.
std::string MakeSpoolDir(const std::string& configured) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path base = configured.empty() ? fs::temp_directory_path(ec) : fs::path(configured);
  if (ec || base.empty()) base = "/tmp";
  for (const auto& entry : fs::directory_iterator(base, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(kSpoolPrefix)) continue;
    const std::string_view rest = std::string_view(name).substr(kSpoolPrefix.size());
    int pid = 0;
    auto [end, perr] = std::from_chars(rest.data(), rest.data() + rest.size(), pid);
    if (perr != std::errc() || end == rest.data() || *end != '-' || pid <= 0) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // still running (or not ours to judge)
    std::error_code rm;
    fs::remove_all(entry.path(), rm);
  }
  static std::atomic<unsigned> counter{0};
  const fs::path dir =
      base / (std::string(kSpoolPrefix) + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)));
  fs::create_directories(dir, ec);
  ::chmod(dir.c_str(), 0700);
  return ec ? std::string() : dir.string();
}

// Every job's file waits on disk: at most four of the largest files a node takes, so one user
// (one running and one queued job) holds at most half of it.
files::ImportJobsOptions SpoolOptions(const std::string& dir, size_t import_body_limit,
                                      std::shared_ptr<access::Revocations> revocations) {
  files::ImportJobsOptions o;
  o.revocations = std::move(revocations);
  o.spool_dir = dir;
  o.spool_limit = 4 * static_cast<uint64_t>(import_body_limit);
  return o;
}

// The revocation journal of a SQLite database: "<file>-revocations" beside it (as its -wal
// file); none for an in-memory database. PostgreSQL's writes do not queue behind an import, so
// there a revocation is written before it is answered and needs no journal.
std::string JournalPathFor(const std::string& db_url) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (!db_url.starts_with(kSqlite)) return {};
  const std::string file = db_url.substr(kSqlite.size());
  if (file.empty() || file == ":memory:" || file.starts_with("file:")) return {};
  return file + "-revocations";
}

// More than one session cookie: which one counts would be the attacker's choice (a cookie
// planted by a sibling subdomain or set for a narrower Path is sent first), so none does.
std::optional<core::Error> RepeatedSessionCookie(const http::Request& req) {
  const auto header = req.Header("cookie");
  if (!header) return std::nullopt;
  int seen = 0;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    std::string_view pair = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
    std::string_view name = pair.substr(0, pair.find('='));
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    seen += name == access::kSessionCookie ? 1 : 0;
  }
  if (seen < 2) return std::nullopt;
  return core::Error{core::ErrorCode::kMalformed,
                     "The request carries " + std::to_string(seen) + " " + std::string(access::kSessionCookie) +
                         " cookies; a browser sends one. Delete this site's cookies and sign in again.",
                     {{"Cookie", "repeated", "Send one " + std::string(access::kSessionCookie) + " cookie."}},
                     {}};
}

// A query parameter given more than once: which value counts would be a guess (the routes
// take one value each), so the request is refused naming it.
std::optional<core::Error> RepeatedParameter(const http::Request& req) {
  for (auto it = req.query.begin(); it != req.query.end();) {
    auto next = req.query.upper_bound(it->first);
    if (std::next(it) != next) {
      return core::Error{core::ErrorCode::kMalformed,
                         "The query parameter '" + it->first + "' is given more than once; give it once.",
                         {{it->first, "repeated", "Give this parameter once."}},
                         {}};
    }
    it = next;
  }
  return std::nullopt;
}
}  // namespace

size_t PoolSizeFor(unsigned workers) { return std::max(4u, workers * 2); }

Node::Node(std::unique_ptr<storage::Database> db, core::Config config, const core::Clock& clock)
    : db_(std::move(db)),
      config_(std::move(config)),
      spool_dir_(MakeSpoolDir(config_.upload_dir)),
      clock_(clock),
      audit_(std::make_unique<audit::AuditLog>(*db_, clock_, config_.node)),
      revocations_(std::make_shared<access::Revocations>(*db_)),
      tokens_(std::make_unique<access::TokenService>(*db_, clock_, *audit_, revocations_)),
      users_(std::make_unique<access::UserService>(*db_, clock_, *audit_, revocations_)),
      sessions_(std::make_unique<access::SessionService>(*db_, clock_, *users_, audit_.get())),
      registry_(std::make_unique<registry::RegistryService>(*db_, clock_, config_.node, audit_.get())),
      cooperation_(std::make_unique<cooperation::CooperationService>(*db_, clock_, audit_.get())),
      imports_(std::make_unique<files::ImportJobs>(*db_, *registry_, audit_.get(), clock_,
                                                   SpoolOptions(spool_dir_, config_.import_body_limit, revocations_))) {
  cooperation_->SetRegistryFigures(RegistryFiguresOf(*registry_));
  // In the node a revocation is in force once it is marked in memory: a logout, a token revoke
  // or a disable answers after a short wait for its write, never after a long import.
  revocations_->SetWait({false, kRevocationWriteWait});
  RegisterRoutes();
}

Node::~Node() {
  periodic_.Stop();
  access::CloseRevocationJournal(*revocations_);
  imports_.reset();  // cancels a running import and removes its files
  std::error_code ec;
  if (!spool_dir_.empty()) std::filesystem::remove_all(spool_dir_, ec);
}

void Node::StartPeriodicTasks(audit::NodeKey key, std::chrono::milliseconds expiry_interval,
                              std::chrono::milliseconds checkpoint_interval) {
  if (checkpointer_) return periodic_.Start();  // started once; again after a Stop
  checkpointer_ =
      std::make_unique<audit::Checkpointer>(*db_, clock_, std::move(key), config_.node, checkpoint_interval);
  expiry_ = std::make_unique<registry::ExpiryJob>(*registry_, expiry_interval);
  periodic_.Add(checkpointer_->Task());
  periodic_.Add(expiry_->Task());
  periodic_.Start();
}

core::Result<http::PerKeyLimit::Ticket> Node::TakeHeavyShare(const http::Request& req,
                                                             const access::Principal& who) const {
  if (!router_.IsHeavy(req)) return http::PerKeyLimit::Ticket{};
  auto ticket = heavy_.TryTake(who.user_id);
  if (ticket) return ticket;
  return core::Fail(core::Error{
      core::ErrorCode::kTooManyRequests,
      "You already have " + std::to_string(heavy_.limit()) + " reports or exports running: this node runs at most " +
          std::to_string(heavy_.limit()) + " reports or exports at a time per user. Try again when one has finished.",
      {},
      {}});
}

cooperation::RegistryFigures RegistryFiguresOf(registry::RegistryService& registry) {
  return {[&registry](const access::Principal& who) { return registry.CountWorkersByNationality(who); },
          [&registry](const access::Principal& who) { return registry.CountPermitsByStatus(who); }};
}

core::Result<std::unique_ptr<Node>> Node::Open(const core::Config& config, const core::Clock& clock) {
  auto db = storage::OpenDatabase(config.db_url, PoolSizeFor(core::WorkerCount(config)));
  if (!db) return core::Fail(db.error());
  auto node = Open(std::move(*db), config, clock);
  if (!node) return node;
  // Revocations answered but not yet written survive a kill: journaled before they are
  // answered, replayed here (in force at once, written when the writer is free). Only here,
  // where the database is the one config.db_url names.
  if (const std::string journal = JournalPathFor(config.db_url); !journal.empty()) {
    auto opened = access::OpenRevocationJournal(*(*node)->revocations(), (*node)->db(), journal,
                                                access::RevocationTypes((*node)->audit(), clock));
    if (!opened) spdlog::error("revocation journal {}: {}", journal, opened.error().message);
  }
  return node;
}

core::Result<std::unique_ptr<Node>> Node::Open(std::unique_ptr<storage::Database> db, const core::Config& config,
                                               const core::Clock& clock) {
  if (auto m = storage::Migrate(*db, clock); !m) return core::Fail(m.error());
  if (auto n = registry::EnsureNameIndex(*db); !n) return core::Fail(n.error());
  return std::unique_ptr<Node>(new Node(std::move(db), config, clock));
}

void Node::RegisterRoutes() {
  router_.Add("GET", "/healthz", [](const http::Request&, const http::PathParams&) -> core::Result<http::Response> {
    return http::JsonResponse(200, R"({"status":"ok"})");
  });
  router_.Add("GET", "/readyz", [this](const http::Request&, const http::PathParams&) -> core::Result<http::Response> {
    if (auto p = db_->Ping(); !p) return core::Fail(p.error());
    return http::JsonResponse(200, R"({"status":"ready"})");
  });
  router_.Add("GET", "/api/v1/openapi.json",
              [](const http::Request&, const http::PathParams&) -> core::Result<http::Response> {
                // data/openapi.json with every record kind's schemas made from its field table.
                LB_TRY(doc, OpenApiText());
                return http::JsonResponse(200, doc);
              });
  registry::Authenticate auth = [this](registry::AuthedHandler inner) -> http::Handler {
    return [this, inner = std::move(inner)](const http::Request& req,
                                            const http::PathParams& params) -> core::Result<http::Response> {
      // A bearer token, else the web session cookie (with its CSRF token on changes).
      auto principal = access::AuthenticateRequest(req, *tokens_, *sessions_);
      if (!principal) return core::Fail(principal.error());
      return inner(req, params, *principal);
    };
  };
  registry::RegisterRegistryRoutes(router_, *registry_, *db_, clock_, auth);
  // The audit API asks the registry whether an auditor may see the record an entry is about.
  audit::RegisterAuditRoutes(router_, *audit_, auth,
                             [this](const access::Principal& who, const std::string& type, const std::string& id) {
                               return registry_->RecordVisibleTo(who, type, id);
                             });
  cooperation::RegisterCooperationRoutes(router_, *cooperation_, *db_, clock_, auth);
  files::RegisterExchangeRoutes(router_, {*imports_, *registry_, *db_, audit_.get(), clock_, config_.import_body_limit},
                                auth);
  access::RegisterSessionRoutes(router_, *sessions_, &ui::LoginPage);
  // The pages: ui's own, then each feature's (they add their menu entries, partials and
  // dashboard widgets to site_).
  const ui::PageServices pages{*sessions_, *users_, *tokens_, audit_.get(), *db_, clock_, &site_};
  ui::RegisterWebRoutes(router_, pages);
  registry::RegisterRegistryPages(router_, {pages, *registry_});
  files::RegisterExchangePages(router_, {pages, *registry_, imports_.get(), config_.import_body_limit});
  cooperation::RegisterCooperationPages(router_, {pages, cooperation_.get()});
}

http::Admission Node::Admit(const http::Request& head, bool large) const {
  http::Admission admission{router_.BodyLimit(head.method, head.path), std::nullopt};
  // Only a body that may pass the default limit, on a route that takes one, needs a decision now.
  if (!large || admission.body_limit == 0) return admission;
  const auto refuse = [&](const core::Error& e) {
    admission.refusal = http::ProblemResponse(e, head.path, head.id);
    return admission;
  };
  if (const auto cookies = RepeatedSessionCookie(head)) return refuse(*cookies);
  // As the handlers authenticate: the API by token, or by session cookie with its CSRF token
  // (which an upload can only send as a header); the pages by session cookie, whose CSRF token
  // is a part of the multipart body: the page's handler checks it once the body is in.
  core::Result<access::Principal> who = core::Fail(core::Error{core::ErrorCode::kUnauthorized, "", {}, {}});
  if (head.path.starts_with("/api/") || head.Header("authorization")) {
    who = access::AuthenticateRequest(head, *tokens_, *sessions_);
  } else if (head.Header(access::kCsrfHeader)) {
    who = sessions_->Authenticate(head.Header("cookie").value_or(""), head.method, *head.Header(access::kCsrfHeader));
  } else {
    auto session = sessions_->Current(head.Header("cookie").value_or(""));
    if (session) {
      who = session->principal;
    } else {
      who = core::Fail(session.error());
    }
  }
  if (!who) {
    if (who.error().code != core::ErrorCode::kUnauthorized) return refuse(who.error());
    return refuse({core::ErrorCode::kUnauthorized,
                   "Sign in, or send an API token, before uploading a file: Authorization: Bearer <token>.",
                   {},
                   {}});
  }
  // The role check of the routes that take large bodies, as their handlers make it.
  core::Status allowed;
  if (head.path == "/api/v1/imports" || head.path == "/import") {
    allowed = registry_->Authorize(*who, registry::RegistryRecord::kPerson, registry::RegistryAction::kWrite);
  } else if (head.path.starts_with("/api/v1/cooperation/agreements/") ||
             head.path.starts_with("/cooperation/agreements/")) {
    allowed = cooperation_->Authorize(*who, "agreement", cooperation::CoopAction::kWrite);
  }
  if (!allowed) return refuse(allowed.error());
  admission.share = "user:" + who->user_id;  // one user's uploads take only their share of the places
  return admission;
}

http::Response Node::Handle(const http::Request& request) const {
  // A refusal before the route runs: problem+json for the API, the HTML error page for a page
  // (drawn for nobody when the session cookies are in doubt).
  const auto refuse = [&](const core::Error& error) {
    if (request.path.starts_with("/api/") || request.Header("authorization")) {
      return http::ProblemResponse(error, request.path, request.id);
    }
    http::Request bare{.method = request.method, .path = request.path, .query = {}, .headers = request.headers};
    if (RepeatedSessionCookie(request)) bare.headers.erase("cookie");
    // (The page only reads the services; the menu is left out of an error page.)
    const ui::PageServices pages{*sessions_, *users_, *tokens_, audit_.get(), *db_, clock_, nullptr};
    ui::PageContext ctx = ui::ContextFor(pages, bare);
    return ui::ErrorPage(ctx, error);
  };
  http::Response r;
  if (const auto repeated = RepeatedParameter(request)) {
    r = refuse(*repeated);
  } else if (const auto cookies = RepeatedSessionCookie(request)) {
    r = refuse(*cookies);
  } else {
    // Reports and exports, through the API or a page: a few at a time per user, so one user
    // cannot fill the read pool. The share is held until the answer is built.
    core::Result<http::PerKeyLimit::Ticket> share = http::PerKeyLimit::Ticket{};
    if (router_.IsHeavy(request)) {
      // Who asks, as the route will authenticate them: the API by token (or session cookie), a
      // page by its session cookie alone. Someone unknown takes no share: the route refuses them.
      std::optional<access::Principal> who;
      if (request.path.starts_with("/api/")) {
        if (auto p = access::AuthenticateRequest(request, *tokens_, *sessions_)) who = *p;
      } else if (auto session = sessions_->Current(request.Header("cookie").value_or(""))) {
        who = session->principal;
      }
      if (who) share = TakeHeavyShare(request, *who);
    }
    if (!share) {
      r = refuse(share.error());
      r.With("Retry-After", "1");
    } else {
      r = router_.Handle(request);
    }
  }
  // A refusal for now says when to come back (a route that knows better has set its own).
  const bool has_retry_after = std::any_of(r.headers.begin(), r.headers.end(),
                                           [](const auto& h) { return http::ToLowerAscii(h.first) == "retry-after"; });
  if ((r.status == 429 || r.status == 503) && !has_retry_after) r.With("Retry-After", "10");
  // API answers can hold personal data: never cache them.
  const bool has_cache_control = std::any_of(
      r.headers.begin(), r.headers.end(), [](const auto& h) { return http::ToLowerAscii(h.first) == "cache-control"; });
  if (request.path.starts_with("/api/") && !has_cache_control) r.With("Cache-Control", "no-store");
  // Defence in depth for browsers: no inline script, no framing, no referrer leaks.
  r.With("Content-Security-Policy",
         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
         "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  r.With("Referrer-Policy", "same-origin");
  r.With("X-Frame-Options", "DENY");
  return r;
}

}  // namespace lb::server
