#include "http/server.h"

#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <limits>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/id.h"
#include "http/router.h"

namespace lb::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

struct Server::Impl {
  ServerOptions options;
  RequestHandler handler;
  asio::io_context ioc;
  // Writes block on the database (a group commit waits for its fsync); running them here
  // keeps the I/O threads free and lets concurrent writes share one commit.
  asio::thread_pool blocking_pool;
  tcp::acceptor acceptor{asio::make_strand(ioc)};
  std::optional<asio::signal_set> signals;
  asio::steady_timer grace_timer{asio::make_strand(ioc)};
  std::atomic<bool> stopping{false};

  class Session;
  std::mutex sessions_mu;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;

  Impl(ServerOptions o, RequestHandler h)
      : options(std::move(o)),
        handler(std::move(h)),
        ioc(int(options.threads)),
        blocking_pool(std::max(1u, options.blocking_threads)) {}

  void Accept();
  void BeginStop();
  // "<process prefix>-<counter>": unique per node run, cheap, and never personal data.
  std::string NextRequestId() {
    return request_prefix + "-" + std::to_string(request_counter.fetch_add(1, std::memory_order_relaxed));
  }
  std::string request_prefix = [] {
    unsigned char b[4];
    randombytes_buf(b, sizeof b);
    char hex[9];
    std::snprintf(hex, sizeof hex, "%02x%02x%02x%02x", b[0], b[1], b[2], b[3]);
    return std::string(hex);
  }();
  std::atomic<uint64_t> request_counter{1};
  // Ends Run() early once the last connection has closed during shutdown.
  void FinishIfDrained();
};

class Server::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Impl* server) : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  void Start() {
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

  // Called on shutdown: an idle connection (waiting for its next request) is closed now.
  void CloseIfIdle() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) {
        beast::error_code ec;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.close();
      }
    });
  }

 private:
  void Read() {
    if (server_->stopping) return Close();
    parser_.emplace();
    // No limit while the header is read: Beast would judge a Content-Length against its
    // default (1 MiB) as soon as the header ends, before OnHeader sets the route's limit.
    parser_->body_limit(boost::none);
    parser_->header_limit(16 * 1024);
    idle_ = buffer_.size() == 0;
    stream_.expires_after(std::chrono::seconds(server_->options.read_timeout_seconds));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  // The headers are in: choose this request's body limit by its route, refuse a declared
  // length over it before any of the body is read, and answer "Expect: 100-continue".
  void OnHeader(beast::error_code ec, size_t) {
    if (ec) return OnRead(ec, 0);
    idle_ = false;
    const auto& msg = parser_->get();
    limit_ = server_->options.body_limit;
    if (server_->options.body_limit_for) {
      std::string_view target = msg.target();
      const auto q = target.find('?');
      if (q != std::string_view::npos) target = target.substr(0, q);
      if (size_t route_limit = server_->options.body_limit_for(msg.method_string(), target); route_limit != 0) {
        limit_ = route_limit;
      }
    }
    parser_->body_limit(limit_);
    if (auto length = parser_->content_length(); length && *length > limit_) {
      return OnRead(bhttp::error::body_limit, 0);
    }
    if (beast::iequals(msg[bhttp::field::expect], "100-continue")) {
      auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, msg.version());
      return bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code e, size_t) {
        if (e) return self->Close();
        self->ReadBody();
      });
    }
    ReadBody();
  }

  void ReadBody() {
    // A large upload over a slow provincial link must not be cut by the timeout meant for
    // idle connections: allow 256 KiB/s for what the client says it will send.
    const uint64_t expected = parser_->content_length().value_or(0);
    stream_.expires_after(std::chrono::seconds(server_->options.read_timeout_seconds + expected / (256 * 1024)));
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    idle_ = false;
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
      return Close();
    }
    if (ec == bhttp::error::body_limit) {
      Response r =
          ProblemResponse({core::ErrorCode::kPayloadTooLarge,
                           "The request body is larger than the limit of " + std::to_string(limit_) + " bytes.",
                           {},
                           {}});
      return Write(std::move(r), false, 0, "-", "-", std::chrono::steady_clock::now(), /*linger=*/true);
    }
    if (ec) {
      if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() ||
          ec == bhttp::error::header_limit) {
        Response r = ProblemResponse({core::ErrorCode::kMalformed, "The HTTP request is malformed.", {}, {}});
        return Write(std::move(r), false, 0, "-", "-", std::chrono::steady_clock::now(), /*linger=*/true);
      }
      return Close();
    }
    const auto start = std::chrono::steady_clock::now();
    auto& msg = parser_->get();
    Request req;
    req.method = std::string(msg.method_string());
    req.remote = remote_;
    req.id = server_->NextRequestId();
    const bool keep_alive = msg.keep_alive();
    const unsigned version = msg.version();
    if (!ParseTarget(msg.target(), req.path, req.query)) {
      Response r =
          ProblemResponse({core::ErrorCode::kMalformed, "The request target has bad percent-encoding.", {}, {}});
      return Write(std::move(r), false, version, req.method, "-", start);
    }
    for (const auto& field : msg) req.headers[ToLowerAscii(field.name_string())] = std::string(field.value());
    req.body = std::move(msg.body());
    if (req.method == "GET" || req.method == "HEAD") {
      Response res = Invoke(req);
      Write(std::move(res), keep_alive && !server_->stopping, version, req.method, req.path, start, false, req.id);
      return;
    }
    const bool ka = keep_alive;
    // The work guard keeps Run() from returning while the write is in flight.
    asio::post(server_->blocking_pool, [self = shared_from_this(), req = std::move(req), ka, version, start,
                                        guard = asio::make_work_guard(server_->ioc)]() mutable {
      Response res = self->Invoke(req);
      asio::dispatch(self->stream_.get_executor(),
                     [self, res = std::move(res), req = std::move(req), ka, version, start]() mutable {
                       self->Write(std::move(res), ka && !self->server_->stopping, version, req.method, req.path, start,
                                   false, req.id);
                     });
    });
  }

  Response Invoke(const Request& req) {
    try {
      return server_->handler(req);
    } catch (const std::exception& e) {
      return ProblemResponse(core::Error::Internal(e.what()));
    }
  }

  void Write(Response r, bool keep_alive, unsigned version, std::string method, std::string path,
             std::chrono::steady_clock::time_point start, bool linger = false, const std::string& request_id = {}) {
    if (!r.body_file.empty()) {
      // A download from disk: opened here, unlinked at once when it is ours to remove (the
      // open file stays readable), so nothing is left behind however the connection ends.
      bhttp::file_body::value_type file;
      beast::error_code ec;
      file.open(r.body_file.c_str(), beast::file_mode::scan, ec);
      if (r.remove_body_file) ::unlink(r.body_file.c_str());
      if (ec) {
        r = ProblemResponse(core::Error::Internal("cannot open the response file: " + ec.message()), {}, request_id);
      } else if (method != "HEAD") {
        auto res = std::make_shared<bhttp::response<bhttp::file_body>>(static_cast<bhttp::status>(r.status),
                                                                       version ? version : 11);
        SetHeaders(*res, r, keep_alive, request_id);
        res->body() = std::move(file);
        res->prepare_payload();
        return Send(std::move(res), r.status, keep_alive, linger, method, path, start, request_id);
      } else {
        auto res = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(r.status),
                                                                         version ? version : 11);
        SetHeaders(*res, r, keep_alive, request_id);
        res->content_length(file.size());
        return Send(std::move(res), r.status, keep_alive, linger, method, path, start, request_id);
      }
    }
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(r.status),
                                                                     version ? version : 11);
    SetHeaders(*res, r, keep_alive, request_id);
    if (method == "HEAD") {
      res->content_length(r.body.size());  // what GET would send, without the body
    } else {
      res->body() = std::move(r.body);
      res->prepare_payload();
    }
    Send(std::move(res), r.status, keep_alive, linger, method, path, start, request_id);
  }

  template <typename Message>
  void SetHeaders(Message& res, const Response& r, bool keep_alive, const std::string& request_id) {
    res.set(bhttp::field::server, "LabourBridge");
    res.set(bhttp::field::content_type, r.content_type);
    res.set("X-Content-Type-Options", "nosniff");
    for (auto& [k, v] : r.headers) res.insert(k, v);
    if (!request_id.empty()) res.set("X-Request-Id", request_id);
    res.keep_alive(keep_alive);
  }

  template <typename Message>
  void Send(std::shared_ptr<Message> res, int status, bool keep_alive, bool linger, const std::string& method,
            const std::string& path, std::chrono::steady_clock::time_point start, const std::string& request_id) {
    if (server_->options.access_log) {
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
      // The path holds ids only; query strings (which may hold names) are never logged.
      spdlog::info("access {} {} {} {} {} {}us", request_id.empty() ? "-" : request_id, remote_, method, path, status,
                   us.count());
    }
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res, keep_alive, linger](beast::error_code ec, size_t) {
                         if (!ec && linger) return self->Linger();
                         if (ec || !keep_alive) return self->Close();
                         self->Read();
                       });
  }

  // After an error answered before the request was read in full (413, 400), the client may
  // still be sending: closing now would reset the connection and lose the answer. Stop
  // sending, then read and discard what arrives for a short while before closing.
  void Linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(5));
    Drain();
  }

  void Drain() {
    stream_.async_read_some(asio::buffer(drain_), [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > kMaxDrain) return self->Close();
      self->Drain();
    });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
    {
      std::lock_guard lock(server_->sessions_mu);
      server_->sessions.erase(this);
    }
    server_->FinishIfDrained();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Impl* server_;
  std::string remote_;
  bool idle_ = false;
  size_t limit_ = 0;  // body limit of the request being read
  static constexpr size_t kMaxDrain = 64 * 1024 * 1024;
  std::array<char, 16 * 1024> drain_{};
  size_t drained_ = 0;
};

void Server::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(ioc), [self = this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!self->acceptor.is_open() || self->stopping) return;
      spdlog::warn("accept failed: {}", ec.message());
    } else {
      socket.set_option(tcp::no_delay(true), ec);
      auto session = std::make_shared<Session>(std::move(socket), self);
      {
        std::lock_guard lock(self->sessions_mu);
        self->sessions[session.get()] = session;
      }
      session->Start();
    }
    if (!self->stopping) self->Accept();
  });
}

void Server::Impl::BeginStop() {
  if (stopping.exchange(true)) return;
  spdlog::info("shutting down: finishing in-flight requests");
  asio::dispatch(acceptor.get_executor(), [self = this] {
    beast::error_code ec;
    self->acceptor.close(ec);
    if (self->signals) self->signals->cancel(ec);
  });
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mu);
    for (auto& [ptr, weak] : sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->CloseIfIdle();
  // Connections still busy after the grace period are cut.
  asio::dispatch(grace_timer.get_executor(), [self = this] {
    self->grace_timer.expires_after(std::chrono::seconds(self->options.shutdown_grace_seconds));
    self->grace_timer.async_wait([self](beast::error_code ec) {
      if (!ec) {
        spdlog::warn("shutdown grace period over: closing busy connections");
        self->ioc.stop();
      }
    });
  });
  FinishIfDrained();
}

void Server::Impl::FinishIfDrained() {
  if (!stopping) return;
  {
    std::lock_guard lock(sessions_mu);
    if (!sessions.empty()) return;
  }
  asio::post(grace_timer.get_executor(), [self = this] { self->grace_timer.cancel(); });
}

Server::Server(ServerOptions options, RequestHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() {
  impl_->ioc.stop();
  impl_->blocking_pool.join();
}

core::Result<unsigned short> Server::Start() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) {
    return core::Fail(
        core::Error::Field("listen", "invalid_address", "cannot parse listen address " + impl_->options.host));
  }
  tcp::endpoint ep(address, impl_->options.port);
  auto& acc = impl_->acceptor;
  acc.open(ep.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(ep, ec);
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::Fail(core::Error{
        core::ErrorCode::kUnavailable,
        "cannot listen on " + impl_->options.host + ":" + std::to_string(impl_->options.port) + ": " + ec.message(),
        {},
        {}});
  }
  if (impl_->options.handle_signals) {
    impl_->signals.emplace(impl_->ioc, SIGINT, SIGTERM);
    impl_->signals->async_wait([impl = impl_.get()](beast::error_code e, int) {
      if (!e) impl->BeginStop();
    });
  }
  impl_->Accept();
  return acc.local_endpoint().port();
}

void Server::Run() {
  const unsigned n = std::max(1u, impl_->options.threads);
  std::vector<std::thread> threads;
  threads.reserve(n - 1);
  for (unsigned i = 1; i < n; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
  impl_->blocking_pool.join();
  spdlog::info("server stopped");
}

void Server::Stop() { impl_->BeginStop(); }

}  // namespace lb::http
