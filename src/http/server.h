#pragma once
// The HTTP/1.1 server (Boost.Beast): async, N threads, keep-alive, body limit, read
// timeout, graceful shutdown. The only translation unit that includes Beast. Its I/O threads
// only read, parse and write sockets; handlers run on bounded worker pools.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "http/message.h"

namespace lb::http {

// What the application decides about a request once its headers are in, before any of its
// body is read.
struct Admission {
  size_t body_limit = 0;            // this route's body limit (0 = ServerOptions::body_limit)
  std::optional<Response> refusal;  // answer this now (401, 403, ...): the body is never read
  // Whose share of the large-upload places a large body takes (the user, once authenticated);
  // "" = only the node-wide limit applies.
  std::string share;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 = any free port (tests)
  unsigned threads = 1;        // I/O threads: they read, parse and write sockets, and run no handler
  // Threads that run GET and HEAD handlers (database reads, exports, PDFs) and admit large
  // uploads (authentication), so a slow handler holds one worker, never a connection's socket.
  unsigned workers = 4;
  unsigned blocking_threads = 32;  // threads for other methods (writes may wait for a durable commit)
  // Requests that may wait for a busy pool (each pool: workers, blocking threads) beyond those
  // being handled; one more is answered 503 with Retry-After at once. At least one request for
  // each of a thousand keep-alive clients, so a burst from all of them waits rather than fails.
  size_t max_queued = 1024;
  // GET/HEAD of these exact paths are answered on the I/O thread, never queued: handlers that
  // do no I/O and cannot block (the liveness probe), so a node busy with work still says it is
  // alive instead of being restarted by its supervisor. Nothing slow may be listed here.
  std::vector<std::string> inline_paths;
  size_t body_limit = 1024 * 1024;
  // Asked once the headers are read, with the request minus its body (and minus its headers
  // unless `large`: the route alone decides the rest). `large` is true when the
  // body may be larger than body_limit (declared so, or chunked): such a body is only read for
  // a client the application admits, so it authenticates from the headers here and may refuse
  // (the connection is then closed). It also sets the route's own body limit: uploads of files
  // get theirs this way, every other request keeps the small default.
  std::function<Admission(const Request& head, bool large)> admit;
  // Bodies over body_limit being received or handled at once; one more is answered 503 with
  // Retry-After before its body is read.
  unsigned max_large_uploads = 2;
  // Of those, at most this many for one Admission::share (one user), so one user cannot take
  // them all; one more is answered 429 with Retry-After. 0 = half of max_large_uploads, at least 1.
  unsigned max_large_uploads_per_share = 0;
  // A body must arrive at this pace: at least min_body_bytes in every window of
  // body_window_seconds, or the connection is cut (408, or closed when the client is silent).
  size_t min_body_bytes = 64 * 1024;
  unsigned body_window_seconds = 10;
  // Bodies over body_limit are written here (a private file, unlinked at once) rather than
  // kept in memory; "" = the system's temporary directory.
  std::string upload_dir;
  unsigned read_timeout_seconds = 30;  // for the headers of a request, and between requests
  unsigned shutdown_grace_seconds = 10;
  bool access_log = true;
  // Access log lines waiting for the logger thread; one more is dropped (and counted).
  size_t access_log_queue = 8192;
  // Where the logger thread writes each line (tests); empty = the process log.
  std::function<void(std::string_view line)> access_log_sink;
  bool handle_signals = false;  // stop gracefully on SIGINT/SIGTERM
  // Called once when stopping begins (a signal or Stop()), before the grace period: the place to
  // cancel long background work (a running import), which would otherwise outlast the grace.
  std::function<void()> on_stop;
};

using RequestHandler = std::function<Response(const Request&)>;

class Server {
 public:
  Server(ServerOptions options, RequestHandler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port.
  core::Result<unsigned short> Start();
  // Serves until Stop() (or a signal); in-flight requests finish first.
  void Run();
  // Asks the server to stop; thread-safe, returns at once.
  void Stop();
  // Access log lines dropped because the logger thread could not keep up.
  uint64_t AccessLogDropped() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lb::http
