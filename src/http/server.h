#pragma once
// The HTTP/1.1 server (Boost.Beast): async, N threads, keep-alive, body limit, read
// timeout, graceful shutdown. The only translation unit that includes Beast.
#include <functional>
#include <memory>
#include <string>

#include "core/error.h"
#include "http/message.h"

namespace lb::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;      // 0 = any free port (tests)
  unsigned threads = 1;            // I/O threads; GET/HEAD requests are handled on them
  unsigned blocking_threads = 32;  // threads for writes, which may wait for a durable commit
  size_t body_limit = 1024 * 1024;
  // A larger (or smaller) limit for some routes, asked once the headers are read: returns 0
  // for the default. Uploads of files get their own limit this way; every other request keeps
  // the small default.
  std::function<size_t(std::string_view method, std::string_view path)> body_limit_for;
  unsigned read_timeout_seconds = 30;
  unsigned shutdown_grace_seconds = 10;
  bool access_log = true;
  bool handle_signals = false;  // stop gracefully on SIGINT/SIGTERM
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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lb::http
