// lb_loadgen: an open-loop HTTP/1.1 load generator for the soak test (tests/hostile_clients).
//
// N keep-alive connections share an aggregate rate R. Connection i sends its k-th request at
// the intended time t0 + phase_i + k * N / R, whatever the server does; the phases spread the
// connections evenly over one period, each jittered within its slot, so the node sees requests
// spaced evenly at R per second. A connection whose previous answer has not arrived holds the
// due request back (no pipelining) and sends it as soon as the answer comes, but its latency
// is still measured from the intended time: a stalled server shows in the figures instead of
// slowing the load down (the "coordinated omission" of closed-loop tools such as wrk).
//
// One thread, epoll, non-blocking sockets. Prints "key value" lines: counts, errors, answers
// other than 200 (by status), latency percentiles and the rate achieved.
//
//   lb_loadgen --port P [--host 127.0.0.1] [--path /x]... [--header 'Name: value']...
//              [--connections 1000] [--rate 1000] [--duration 10] [--drain 10] [--seed 1]
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <queue>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Micros = std::chrono::microseconds;

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  std::vector<std::string> paths;
  std::vector<std::string> headers;
  int connections = 1000;
  double rate = 1000;    // requests per second, all connections together
  double duration = 10;  // seconds of schedule
  double drain = 10;     // seconds to wait for answers still due after the schedule ends
  unsigned seed = 1;
};

enum class State { kDisconnected, kConnecting, kReady };

struct Conn {
  int fd = -1;
  State state = State::kDisconnected;
  std::deque<Clock::time_point> due;  // intended send times not sent yet (held back)
  bool in_flight = false;
  Clock::time_point intended;  // of the request in flight
  std::string out;             // unsent bytes of the request in flight
  std::string in;              // received bytes not parsed yet
  bool want_out = false;       // EPOLLOUT registered
  uint64_t generation = 0;     // which socket of this connection (a new one after a reconnect)
};

struct Stats {
  uint64_t sent = 0, responses = 0, errors = 0, connect_errors = 0, held_back = 0;
  std::map<int, uint64_t> statuses;
  std::vector<int64_t> latencies_us;
  Micros max_send_lag{0};
  Clock::time_point last_answer;
};

[[noreturn]] void Usage(const char* why) {
  std::fprintf(stderr,
               "lb_loadgen: %s\nusage: lb_loadgen --port P [--host H] [--path P]... [--header 'N: V']... "
               "[--connections N] [--rate R] [--duration S] [--drain S] [--seed N]\n",
               why);
  std::exit(1);
}

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (i + 1 >= argc) Usage("every option takes a value");
    const char* v = argv[++i];
    if (a == "--host")
      o.host = v;
    else if (a == "--port")
      o.port = std::atoi(v);
    else if (a == "--path")
      o.paths.emplace_back(v);
    else if (a == "--header")
      o.headers.emplace_back(v);
    else if (a == "--connections")
      o.connections = std::atoi(v);
    else if (a == "--rate")
      o.rate = std::atof(v);
    else if (a == "--duration")
      o.duration = std::atof(v);
    else if (a == "--drain")
      o.drain = std::atof(v);
    else if (a == "--seed")
      o.seed = static_cast<unsigned>(std::atoi(v));
    else
      Usage("unknown option");
  }
  if (o.port <= 0 || o.port > 65535) Usage("--port is required");
  if (o.connections < 1 || o.rate <= 0 || o.duration <= 0 || o.drain < 0)
    Usage("bad --connections, --rate or --duration");
  if (o.paths.empty()) o.paths.emplace_back("/healthz");
  return o;
}

class Generator {
 public:
  explicit Generator(Options o) : o_(std::move(o)), conns_(static_cast<size_t>(o_.connections)) {
    ep_ = epoll_create1(EPOLL_CLOEXEC);
    if (ep_ < 0) Die("epoll_create1");
    std::memset(&addr_, 0, sizeof addr_);
    addr_.sin_family = AF_INET;
    addr_.sin_port = htons(static_cast<uint16_t>(o_.port));
    if (inet_pton(AF_INET, o_.host.c_str(), &addr_.sin_addr) != 1) Usage("--host must be an IPv4 address");
    for (const auto& path : o_.paths) {
      std::string r = "GET " + path + " HTTP/1.1\r\nHost: " + o_.host + ":" + std::to_string(o_.port) + "\r\n";
      for (const auto& h : o_.headers) r += h + "\r\n";
      r += "\r\n";
      requests_.push_back(std::move(r));
    }
  }

  void Run() {
    // Connect everyone first, so connection set-up is not measured as latency.
    for (size_t i = 0; i < conns_.size(); ++i) StartConnect(i);
    const auto connect_deadline = Clock::now() + std::chrono::seconds(10);
    while (Connecting() > 0 && Clock::now() < connect_deadline) Poll(connect_deadline);

    const auto period = std::chrono::duration<double>(static_cast<double>(o_.connections) / o_.rate);
    const auto start = Clock::now() + std::chrono::milliseconds(50);
    t0_ = start;
    end_ = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o_.duration));
    const auto give_up = end_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o_.drain));
    std::mt19937 rng(o_.seed);
    std::uniform_real_distribution<double> jitter(0.0, 1.0);
    // Connection i starts in slot i of the first period, at a random point within the slot.
    for (size_t i = 0; i < conns_.size(); ++i) {
      const double phase = (static_cast<double>(i) + jitter(rng)) / static_cast<double>(conns_.size());
      schedule_.push({start + std::chrono::duration_cast<Clock::duration>(period * phase), i});
    }
    const auto step = std::chrono::duration_cast<Clock::duration>(period);
    for (;;) {
      const auto now = Clock::now();
      while (!schedule_.empty() && schedule_.top().at <= now) {
        auto [at, i] = schedule_.top();
        schedule_.pop();
        if (at >= end_) continue;
        Due(i, at);
        schedule_.push({at + step, i});
      }
      if (schedule_.empty() && Outstanding() == 0) break;
      if (now >= give_up) break;
      Poll(schedule_.empty() ? give_up : std::min(give_up, schedule_.top().at));
    }
    // Whatever was still due or unanswered when the drain time ran out counts as an error.
    for (auto& c : conns_) {
      stats_.errors += c.due.size() + (c.in_flight ? 1 : 0);
      if (c.fd >= 0) ::close(c.fd);
    }
  }

  void Report() const {
    auto lat = stats_.latencies_us;
    std::sort(lat.begin(), lat.end());
    const auto pct = [&](double p) -> double {
      if (lat.empty()) return 0;
      size_t k = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(lat.size())));
      k = std::clamp<size_t>(k, 1, lat.size());
      return static_cast<double>(lat[k - 1]) / 1000.0;
    };
    const double scheduled = o_.duration;
    const double until_last =
        stats_.responses ? std::chrono::duration<double>(stats_.last_answer - t0_).count() : scheduled;
    const double elapsed = std::max(scheduled, until_last);
    uint64_t non_200 = 0;
    for (const auto& [status, n] : stats_.statuses) {
      if (status != 200) non_200 += n;
    }
    std::printf("connections %d\n", o_.connections);
    std::printf("target_rate %.1f\n", o_.rate);
    std::printf("duration_s %.1f\n", o_.duration);
    std::printf("sent %llu\n", static_cast<unsigned long long>(stats_.sent));
    std::printf("responses %llu\n", static_cast<unsigned long long>(stats_.responses));
    std::printf("errors %llu\n", static_cast<unsigned long long>(stats_.errors));
    std::printf("connect_errors %llu\n", static_cast<unsigned long long>(stats_.connect_errors));
    std::printf("non_200 %llu\n", static_cast<unsigned long long>(non_200));
    for (const auto& [status, n] : stats_.statuses) {
      if (status != 200) std::printf("status_%d %llu\n", status, static_cast<unsigned long long>(n));
    }
    std::printf("held_back %llu\n", static_cast<unsigned long long>(stats_.held_back));
    std::printf("max_send_lag_ms %.2f\n", static_cast<double>(stats_.max_send_lag.count()) / 1000.0);
    std::printf("achieved_rate %.1f\n", static_cast<double>(stats_.responses) / elapsed);
    std::printf("p50_ms %.2f\np90_ms %.2f\np99_ms %.2f\np999_ms %.2f\nmax_ms %.2f\n", pct(50), pct(90), pct(99),
                pct(99.9), pct(100));
  }

 private:
  struct Event {
    Clock::time_point at;
    size_t conn;
    bool operator>(const Event& other) const { return at > other.at; }
  };

  [[noreturn]] static void Die(const char* what) {
    std::fprintf(stderr, "lb_loadgen: %s: %s\n", what, std::strerror(errno));
    std::exit(3);
  }

  // An event names its connection and the socket it was for, so an event for a socket closed
  // earlier in the same batch is not taken for one of its successor.
  uint64_t Tag(size_t i) const { return (conns_[i].generation << 32) | i; }

  size_t Connecting() const {
    return static_cast<size_t>(
        std::count_if(conns_.begin(), conns_.end(), [](const Conn& c) { return c.state == State::kConnecting; }));
  }

  uint64_t Outstanding() const {
    uint64_t n = 0;
    for (const auto& c : conns_) n += c.due.size() + (c.in_flight ? 1 : 0);
    return n;
  }

  void StartConnect(size_t i) {
    Conn& c = conns_[i];
    c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) Die("socket");
    ++c.generation;
    int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c.in.clear();
    c.out.clear();
    c.in_flight = false;
    const int rc = ::connect(c.fd, reinterpret_cast<const sockaddr*>(&addr_), sizeof addr_);
    if (rc != 0 && errno != EINPROGRESS) return ConnectFailed(i);
    c.state = State::kConnecting;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = Tag(i);
    c.want_out = true;
    if (epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev) != 0) Die("epoll_ctl");
  }

  // Every request waiting on a connection that cannot be made fails; the next due one retries.
  void ConnectFailed(size_t i) {
    Conn& c = conns_[i];
    ++stats_.connect_errors;
    stats_.errors += c.due.size();
    c.due.clear();
    Drop(c);
  }

  void Drop(Conn& c) {
    if (c.fd >= 0) ::close(c.fd);  // also leaves the epoll set
    c.fd = -1;
    c.state = State::kDisconnected;
    c.in_flight = false;
    c.want_out = false;
  }

  void Due(size_t i, Clock::time_point at) {
    Conn& c = conns_[i];
    c.due.push_back(at);
    if (c.state == State::kDisconnected) return StartConnect(i);
    if (c.state == State::kReady && !c.in_flight) SendNext(i);
  }

  void SendNext(size_t i) {
    Conn& c = conns_[i];
    const auto now = Clock::now();
    c.intended = c.due.front();
    c.due.pop_front();
    c.in_flight = true;
    // Late because the previous answer was still outstanding (the server's doing), or late
    // because this process did not get to it in time (the generator's own lag).
    if (held_) {
      ++stats_.held_back;
    } else {
      stats_.max_send_lag = std::max(stats_.max_send_lag, std::chrono::duration_cast<Micros>(now - c.intended));
    }
    c.out = requests_[next_request_++ % requests_.size()];
    ++stats_.sent;
    Flush(i);
  }

  void Flush(size_t i) {
    Conn& c = conns_[i];
    while (!c.out.empty()) {
      const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (n > 0) {
        c.out.erase(0, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      return Failed(i);
    }
    SetWantOut(i, !c.out.empty());
  }

  void SetWantOut(size_t i, bool want) {
    Conn& c = conns_[i];
    if (c.want_out == want) return;
    epoll_event ev{};
    ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
    ev.data.u64 = Tag(i);
    if (epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev) != 0) Die("epoll_ctl");
    c.want_out = want;
  }

  // The connection broke: the request in flight fails; held-back ones go on a new connection.
  void Failed(size_t i) {
    Conn& c = conns_[i];
    if (c.in_flight) ++stats_.errors;
    Drop(c);
    if (!c.due.empty()) StartConnect(i);
  }

  void Poll(Clock::time_point until) {
    epoll_event events[256];
    auto wait = until - Clock::now();
    if (wait < Clock::duration::zero()) wait = Clock::duration::zero();
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wait).count();
    timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
    const int n = epoll_pwait2(ep_, events, 256, &ts, nullptr);
    if (n < 0) {
      if (errno == EINTR) return;
      Die("epoll_pwait2");
    }
    for (int k = 0; k < n; ++k) {
      const size_t i = events[k].data.u64 & 0xffffffffu;
      Conn& c = conns_[i];
      if (c.fd < 0 || events[k].data.u64 != Tag(i)) continue;
      if (c.state == State::kConnecting) {
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
          ConnectFailed(i);
          continue;
        }
        c.state = State::kReady;
        SetWantOut(i, false);
        if (!c.due.empty() && !c.in_flight) SendNext(i);
        continue;
      }
      const uint64_t generation = c.generation;
      if (events[k].events & EPOLLOUT) Flush(i);
      if (c.fd >= 0 && c.generation == generation && (events[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
        Receive(i);
      }
    }
  }

  void Receive(size_t i) {
    Conn& c = conns_[i];
    char buf[16 * 1024];
    for (;;) {
      const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
      if (n > 0) {
        c.in.append(buf, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      // Closed or reset: what arrived first may still hold the answer.
      const uint64_t generation = c.generation;
      ParseAnswers(i);
      if (c.fd >= 0 && c.generation == generation) Failed(i);
      return;
    }
    ParseAnswers(i);
  }

  static bool HeaderIs(std::string_view head, std::string_view name, std::string_view value, bool prefix_only) {
    for (size_t pos = head.find("\r\n"); pos != std::string_view::npos && pos < head.size();) {
      const size_t start = pos + 2;
      size_t eol = head.find("\r\n", start);
      if (eol == std::string_view::npos) eol = head.size();
      std::string_view line = head.substr(start, eol - start);
      const size_t colon = line.find(':');
      if (colon != std::string_view::npos && colon == name.size() &&
          std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
          })) {
        std::string_view v = line.substr(colon + 1);
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        if (prefix_only) return true;
        if (v.size() == value.size() && std::equal(value.begin(), value.end(), v.begin(), [](char a, char b) {
              return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
            })) {
          return true;
        }
      }
      pos = eol;
    }
    return false;
  }

  static long ContentLength(std::string_view head) {
    for (size_t pos = head.find("\r\n"); pos != std::string_view::npos && pos < head.size();) {
      const size_t start = pos + 2;
      size_t eol = head.find("\r\n", start);
      if (eol == std::string_view::npos) eol = head.size();
      std::string_view line = head.substr(start, eol - start);
      if (line.size() > 15 && strncasecmp(line.data(), "content-length:", 15) == 0) {
        return std::strtol(std::string(line.substr(15)).c_str(), nullptr, 10);
      }
      pos = eol;
    }
    return -1;
  }

  void ParseAnswers(size_t i) {
    Conn& c = conns_[i];
    for (;;) {
      const size_t end = c.in.find("\r\n\r\n");
      if (end == std::string::npos) return;
      std::string_view head(c.in.data(), end);
      if (head.size() < 12 || head.substr(0, 5) != "HTTP/") return Failed(i);
      const int status = std::atoi(std::string(head.substr(9, 3)).c_str());
      if (status == 100) {  // never asked for, but harmless
        c.in.erase(0, end + 4);
        continue;
      }
      if (HeaderIs(head, "transfer-encoding", "", true)) return Failed(i);  // the node always sends a length
      const long length = ContentLength(head);
      if (length < 0) return Failed(i);
      if (c.in.size() < end + 4 + static_cast<size_t>(length)) return;
      const bool close = HeaderIs(head, "connection", "close", false);
      c.in.erase(0, end + 4 + static_cast<size_t>(length));
      if (!c.in_flight) return Failed(i);  // an answer nobody asked for
      const auto now = Clock::now();
      stats_.latencies_us.push_back(std::chrono::duration_cast<Micros>(now - c.intended).count());
      ++stats_.responses;
      ++stats_.statuses[status];
      stats_.last_answer = now;
      c.in_flight = false;
      if (close) {
        Drop(c);
        if (!c.due.empty()) StartConnect(i);
        return;
      }
      if (!c.due.empty()) {
        held_ = true;
        SendNext(i);
        held_ = false;
      }
    }
  }

  Options o_;
  std::vector<Conn> conns_;
  std::vector<std::string> requests_;
  size_t next_request_ = 0;
  int ep_ = -1;
  sockaddr_in addr_{};
  std::priority_queue<Event, std::vector<Event>, std::greater<>> schedule_;
  Clock::time_point t0_, end_;
  bool held_ = false;
  Stats stats_;
};

}  // namespace

int main(int argc, char** argv) {
  Generator g(Parse(argc, argv));
  g.Run();
  g.Report();
  return 0;
}
