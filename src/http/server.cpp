#include "http/server.h"

#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/id.h"
#include "http/access_log.h"
#include "http/router.h"
#include "http/worker_pool.h"

namespace lb::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {
// A field given on several lines is combined into one value (RFC 9110, 5.3; cookies with "; "),
// never last-wins: two Authorization headers make one token that matches nothing (401), two
// CSRF tokens one that matches no session (403), instead of whichever came last.
void AddHeader(std::map<std::string, std::string>& headers, std::string_view name, std::string_view value) {
  auto [it, inserted] = headers.try_emplace(ToLowerAscii(name), value);
  if (!inserted) {
    it->second += it->first == "cookie" ? "; " : ", ";
    it->second += value;
  }
}
}  // namespace
using tcp = asio::ip::tcp;

struct Server::Impl {
  ServerOptions options;
  RequestHandler handler;
  asio::io_context ioc;
  // Handlers never run on the I/O threads (ioc): a handler that takes long (a database read
  // behind a commit, an export, a PDF) would hold every connection served by that thread.
  // Reads run on `workers`; writes, which block on the database (a group commit waits for its
  // fsync), on `blocking_pool`, where many of them share one commit. Both have bounded queues.
  WorkerPool workers;
  WorkerPool blocking_pool;
  tcp::acceptor acceptor{asio::make_strand(ioc)};
  std::optional<asio::signal_set> signals;
  asio::steady_timer grace_timer{asio::make_strand(ioc)};
  std::atomic<bool> stopping{false};
  // The I/O threads only queue access log lines; the log's own thread writes them.
  std::unique_ptr<AccessLog> access_log;

  // Large-upload places taken per Admission::share.
  PerKeyLimit upload_shares{options.max_large_uploads_per_share > 0 ? options.max_large_uploads_per_share
                                                                    : std::max(1u, options.max_large_uploads / 2)};

  class Session;
  std::mutex sessions_mu;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;

  Impl(ServerOptions o, RequestHandler h)
      : options(std::move(o)),
        handler(std::move(h)),
        ioc(int(options.threads)),
        workers(options.workers, options.max_queued),
        blocking_pool(options.blocking_threads, options.max_queued) {
    if (options.access_log) access_log = std::make_unique<AccessLog>(options.access_log_queue, options.access_log_sink);
  }

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
  // Large uploads being received or handled now (ServerOptions::max_large_uploads).
  std::atomic<unsigned> large_uploads{0};
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
    file_parser_.reset();
    // No limit while the header is read: Beast would judge a Content-Length against its
    // default (1 MiB) as soon as the header ends, before OnHeader sets the route's limit.
    parser_->body_limit(boost::none);
    parser_->header_limit(16 * 1024);
    idle_ = buffer_.size() == 0;
    // The whole header block must arrive within the read timeout, however slowly it trickles
    // (the deadline is set once for the composed read, not per byte).
    stream_.expires_after(std::chrono::seconds(server_->options.read_timeout_seconds));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  // The headers are in: let the application admit the request (authenticating a large upload
  // from its headers), choose the body limit, refuse a declared length over it, hold one of the
  // few slots for large uploads and spool such a body to disk; all before any of the body is
  // read. Then answer "Expect: 100-continue".
  void OnHeader(beast::error_code ec, size_t) {
    if (ec) return OnRead(ec, 0);
    idle_ = false;
    const auto& msg = parser_->get();
    const auto& options = server_->options;
    limit_ = options.body_limit;
    const auto length = parser_->content_length();
    const bool large = parser_->chunked() || (length && *length > options.body_limit);
    if (options.admit) {
      Request head;
      head.method = std::string(msg.method_string());
      head.remote = remote_;
      // A bad target is answered 400 once the request is read, as before.
      if (ParseTarget(msg.target(), head.path, head.query)) {
        // Only a large body is judged by its headers; the rest need the route alone.
        if (!large) return Admitted(options.admit(head, false), large);
        for (const auto& field : msg) AddHeader(head.headers, field.name_string(), field.value());
        return AdmitOnWorker(std::move(head));
      }
    }
    Admitted({}, large);
  }

  // Judging a large body authenticates its client (a database lookup in the node): that runs
  // on a worker, and the connection goes on once the answer is back on its strand. Nothing is
  // read from the socket meanwhile.
  void AdmitOnWorker(Request head) {
    auto self = shared_from_this();
    const bool queued = server_->workers.TryPost([self, head = std::make_shared<Request>(std::move(head)),
                                                  guard = asio::make_work_guard(server_->ioc)] {
      Admission admission;
      try {
        admission = self->server_->options.admit(*head, true);
      } catch (const std::exception& e) {
        admission.refusal = ProblemResponse(core::Error::Internal(e.what()));
      }
      asio::post(self->stream_.get_executor(),
                 [self, admission = std::move(admission)]() mutable { self->Admitted(std::move(admission), true); });
    });
    if (!queued) return Refuse(BusyResponse({}, {}));
  }

  void Admitted(Admission admission, bool large) {
    const auto& options = server_->options;
    if (admission.body_limit != 0) limit_ = admission.body_limit;
    if (admission.refusal) return Refuse(std::move(*admission.refusal));
    const auto length = parser_->content_length();
    const auto& msg = parser_->get();
    // Read now: `msg` moves to the file parser when the body is spooled.
    const bool expect_continue = beast::iequals(msg[bhttp::field::expect], "100-continue");
    const unsigned version = msg.version();
    parser_->body_limit(limit_);
    if (length && *length > limit_) return OnRead(bhttp::error::body_limit, 0);
    if (large && limit_ > options.body_limit) {
      const unsigned per_share = server_->upload_shares.limit();
      if (!TakeShareSlot(admission.share)) {
        Response busy =
            ProblemResponse({core::ErrorCode::kTooManyRequests,
                             "You already have " + std::to_string(per_share) + " upload" + (per_share == 1 ? "" : "s") +
                                 " in progress: this node takes at most " + std::to_string(per_share) + " upload" +
                                 (per_share == 1 ? "" : "s") + " at a time per user. Try again when it has finished.",
                             {},
                             {}});
        busy.With("Retry-After", "10");
        return Refuse(std::move(busy));
      }
      if (!TakeUploadSlot()) {
        share_slot_.reset();
        Response busy = ProblemResponse(
            {core::ErrorCode::kUnavailable, "Too many uploads are in progress; try again shortly.", {}, {}});
        return Refuse(std::move(busy));
      }
      if (auto spooled = SpoolBody(); !spooled) {
        return Refuse(ProblemResponse(core::Error::Internal(spooled.error().message)));
      }
    }
    if (expect_continue) {
      auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, version);
      return bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code e, size_t) {
        if (e) return self->Close();
        self->ReadBody();
      });
    }
    ReadBody();
  }

  // The answer when a pool's queue is full.
  static Response BusyResponse(const std::string& path, const std::string& request_id) {
    return ProblemResponse({core::ErrorCode::kUnavailable, "The server is busy; try again shortly.", {}, {}}, path,
                           request_id);
  }

  // Answers a request whose body is not going to be read, and ends the connection: what the
  // client may still be sending is drained for a moment (so it sees the answer), never parsed
  // as the next request.
  void Refuse(Response r) {
    const auto& msg = parser_->get();
    Write(std::move(r), false, msg.version(), std::string(msg.method_string()), std::string(msg.target()),
          std::chrono::steady_clock::now(), /*linger=*/true);
  }

  // One of `share`'s places (none needed for ""); false when the share is used up.
  bool TakeShareSlot(const std::string& share) {
    if (share.empty()) return true;
    share_slot_ = server_->upload_shares.TryTake(share);
    return share_slot_ != nullptr;
  }

  bool TakeUploadSlot() {
    auto& count = server_->large_uploads;
    unsigned now = count.load();
    do {
      if (now >= server_->options.max_large_uploads) return false;
    } while (!count.compare_exchange_weak(now, now + 1));
    slot_ = std::make_shared<UploadSlot>(count);
    return true;
  }

  // From here on this request's body goes to a private temporary file (mode 0600 from
  // mkstemp), unlinked at once: it takes disk, not memory, and nothing outlives the request.
  core::Status SpoolBody() {
    std::error_code fs_ec;
    std::string dir = server_->options.upload_dir;
    if (dir.empty()) dir = std::filesystem::temp_directory_path(fs_ec).string();
    if (fs_ec || dir.empty()) dir = "/tmp";
    std::string path = dir + "/labourbridge-body-XXXXXX";
    const int fd = ::mkstemp(path.data());
    if (fd < 0) return core::Fail(core::Error::Internal("cannot create a file for the upload in " + dir));
    ::unlink(path.c_str());
    file_parser_.emplace(std::move(*parser_));
    file_parser_->body_limit(limit_);
    beast::file file;
    file.native_handle(fd);
    beast::error_code ec;
    file_parser_->get().body().reset(std::move(file), ec);
    if (ec) return core::Fail(core::Error::Internal("cannot use the upload file: " + ec.message()));
    return {};
  }

  bool BodyDone() const { return file_parser_ ? file_parser_->is_done() : parser_->is_done(); }

  // The body is read piece by piece against a minimum pace: every window of
  // body_window_seconds must bring min_body_bytes, so a client trickling a byte now and then
  // cannot hold the connection (and its upload slot) for long.
  void ReadBody() {
    window_start_ = std::chrono::steady_clock::now();
    window_bytes_ = 0;
    if (BodyDone()) return OnRead({}, 0);
    ReadSomeBody();
  }

  void ReadSomeBody() {
    const auto window = std::chrono::seconds(std::max(1u, server_->options.body_window_seconds));
    // Once this window has its bytes, the next read may take until the end of the next one.
    const bool met = window_bytes_ >= server_->options.min_body_bytes;
    stream_.expires_at(window_start_ + (met ? 2 * window : window));
    auto next = beast::bind_front_handler(&Session::OnBodyPart, shared_from_this());
    if (file_parser_) {
      bhttp::async_read_some(stream_, buffer_, *file_parser_, std::move(next));
    } else {
      bhttp::async_read_some(stream_, buffer_, *parser_, std::move(next));
    }
  }

  void OnBodyPart(beast::error_code ec, size_t n) {
    if (ec) return OnRead(ec, 0);
    window_bytes_ += n;
    const auto window = std::chrono::seconds(std::max(1u, server_->options.body_window_seconds));
    const auto now = std::chrono::steady_clock::now();
    while (now >= window_start_ + window) {
      if (window_bytes_ < server_->options.min_body_bytes) return TooSlow();
      window_start_ += window;
      window_bytes_ = 0;
    }
    if (BodyDone()) return OnRead({}, 0);
    ReadSomeBody();
  }

  void TooSlow() {
    Response r;
    r.status = 408;
    r.content_type = "application/problem+json";
    r.body = R"({"type":"urn:labourbridge:problem:timeout","title":"Request timeout","status":408,)"
             R"("detail":"The request body arrived too slowly."})";
    const auto& msg = file_parser_ ? file_parser_->get().base() : parser_->get().base();
    Write(std::move(r), false, msg.version(), std::string(msg.method_string()), std::string(msg.target()),
          std::chrono::steady_clock::now());
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
    const auto& msg = file_parser_ ? file_parser_->get().base() : parser_->get().base();
    Request req;
    req.method = std::string(msg.method_string());
    req.remote = remote_;
    req.id = server_->NextRequestId();
    const bool keep_alive = file_parser_ ? file_parser_->get().keep_alive() : parser_->get().keep_alive();
    const unsigned version = msg.version();
    if (!ParseTarget(msg.target(), req.path, req.query)) {
      Response r =
          ProblemResponse({core::ErrorCode::kMalformed, "The request target has bad percent-encoding.", {}, {}});
      return Write(std::move(r), false, version, req.method, "-", start);
    }
    for (const auto& field : msg) AddHeader(req.headers, field.name_string(), field.value());
    if (file_parser_) {
      auto& file = file_parser_->get().body().file();
      struct stat st {};
      if (::fstat(file.native_handle(), &st) == 0) req.body_spool = SpooledBody::Map(file.native_handle(), st.st_size);
      file_parser_.reset();  // closes the file; the mapping keeps what it needs
      if (!req.body_spool) {
        Response r = ProblemResponse(core::Error::Internal("cannot map the uploaded body"), {}, req.id);
        return Write(std::move(r), false, version, req.method, req.path, start);
      }
    } else {
      req.body = std::move(parser_->get().body());
    }
    Dispatch(std::move(req), keep_alive, version, start);
  }

  // The handler runs on a worker; its answer is written from this connection's strand. The
  // next request on the connection is read only once this answer is written, so answers keep
  // the order of (pipelined) requests. When the pool is full the answer is 503 at once, and
  // the connection stays usable.
  void Dispatch(Request request, bool keep_alive, unsigned version, std::chrono::steady_clock::time_point start) {
    const bool read = request.method == "GET" || request.method == "HEAD";
    if (read && std::ranges::find(server_->options.inline_paths, request.path) != server_->options.inline_paths.end()) {
      Response res = Invoke(request);
      Write(std::move(res), keep_alive && !server_->stopping, version, request.method, request.path, start, false,
            request.id);
      return;
    }
    auto req = std::make_shared<Request>(std::move(request));
    auto self = shared_from_this();
    // The work guard keeps Run() from returning while the request is being handled.
    const bool queued =
        (read ? server_->workers : server_->blocking_pool)
            .TryPost([self, req, keep_alive, version, start, guard = asio::make_work_guard(server_->ioc)] {
              Response res = self->Invoke(*req);
              asio::post(self->stream_.get_executor(),
                         [self, req, res = std::move(res), keep_alive, version, start]() mutable {
                           self->Write(std::move(res), keep_alive && !self->server_->stopping, version, req->method,
                                       req->path, start, false, req->id);
                         });
            });
    if (!queued) {
      Write(BusyResponse(req->path, req->id), keep_alive && !server_->stopping, version, req->method, req->path, start,
            false, req->id);
    }
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
    slot_.reset();  // the upload, if any, has been handled
    share_slot_.reset();
    RefuseBadHeaders(r, request_id);
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

  // A header that would split the response (CR, LF) or be cut short (NUL, other controls) is
  // never sent: the response becomes a 500, and the fault is logged once.
  static void RefuseBadHeaders(Response& r, const std::string& request_id) {
    const auto bad = std::find_if(r.headers.begin(), r.headers.end(), [](const auto& h) {
      return !IsValidHeaderName(h.first) || !IsValidHeaderValue(h.second);
    });
    if (bad == r.headers.end() && IsValidHeaderValue(r.content_type)) return;
    const std::string name = bad == r.headers.end() ? "Content-Type" : bad->first;
    if (r.remove_body_file && !r.body_file.empty()) ::unlink(r.body_file.c_str());
    r = ProblemResponse(
        core::Error::Internal("response header " + LogSafe(name, 64) + " holds characters a header may not have"), {},
        request_id);
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
    if (server_->access_log) {
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
      // The path holds ids only; query strings (which may hold names) are never logged.
      // Escaped and cut: a request line must not be able to forge or flood log lines.
      // Only queued here: the logger thread writes it (an I/O thread does no file I/O).
      server_->access_log->Add(fmt::format("access {} {} {} {} {} {}us", request_id.empty() ? "-" : request_id, remote_,
                                           LogSafe(method, 32), LogSafe(path), status, us.count()));
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
    slot_.reset();
    share_slot_.reset();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
    {
      std::lock_guard lock(server_->sessions_mu);
      server_->sessions.erase(this);
    }
    server_->FinishIfDrained();
  }

  // Holds one of the server's large-upload places while it lives.
  struct UploadSlot {
    explicit UploadSlot(std::atomic<unsigned>& c) : count(c) {}
    ~UploadSlot() { count.fetch_sub(1); }
    std::atomic<unsigned>& count;
  };

  PerKeyLimit::Ticket share_slot_;  // one of its user's upload places

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  // Takes over from parser_ for a body spooled to disk.
  std::optional<bhttp::request_parser<bhttp::file_body>> file_parser_;
  std::shared_ptr<UploadSlot> slot_;
  std::chrono::steady_clock::time_point window_start_;
  size_t window_bytes_ = 0;
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
  if (options.on_stop) options.on_stop();  // e.g. cancel long background work now
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
  impl_->workers.Join();
  impl_->blocking_pool.Join();
  if (impl_->access_log) impl_->access_log->Stop();
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
  impl_->workers.Join();
  impl_->blocking_pool.Join();
  if (impl_->access_log) impl_->access_log->Stop();  // every answered request's line is written
  spdlog::info("server stopped");
}

void Server::Stop() { impl_->BeginStop(); }

uint64_t Server::AccessLogDropped() const { return impl_->access_log ? impl_->access_log->dropped() : 0; }

}  // namespace lb::http
