// http_server_posix.cpp: the POSIX backend of http_server.h: non-blocking sockets and one poll() loop.
// A bad client costs only its own connection: every socket error closes that connection and nothing else.
// Must not depend on the Lab (the handler is the caller's).
#include "tools/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

namespace fhl {

namespace {

constexpr size_t kReadChunkBytes = 64 * 1024;
constexpr size_t kMaxReadPerWakeBytes = 1024 * 1024;   // fairness between connections
constexpr size_t kMaxQueuedOutputBytes = 4 * 1024 * 1024;  // stop answering pipelined requests beyond this
constexpr int kLingerMs = 3000;                           // after an error answer, drain the client's rest
constexpr size_t kMaxLingerBytes = 64 * 1024 * 1024;
constexpr const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

struct Connection {
  int fd = -1;
  HttpRequestParser parser;
  std::string pending;       // received, not yet given to the parser (bytes after a completed request)
  std::string out;           // queued answer bytes
  size_t out_pos = 0;
  bool close_after_write = false;
  bool linger_after_write = false;  // an error answer: half-close and discard what the client still sends
  bool lingering = false;
  bool peer_eof = false;
  bool dead = false;
  int64_t last_activity_ms = 0;
  int64_t linger_deadline_ms = 0;
  size_t lingered_bytes = 0;

  explicit Connection(const HttpParserLimits& limits) : parser(limits) {}
  bool has_output() const { return out_pos < out.size(); }
};

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  int listen_fd = -1;
  int port = 0;
  std::string url;
  std::vector<std::unique_ptr<Connection>> connections;
  Stats stats;
  const Handler* handler = nullptr;
  const Tick* tick = nullptr;
  const Clock* clock = nullptr;

  ~Impl() {
    for (auto& c : connections) {
      if (c->fd >= 0) ::close(c->fd);
    }
    if (listen_fd >= 0) ::close(listen_fd);
  }

  void Close(Connection& c) {
    if (c.fd >= 0) ::close(c.fd);
    c.fd = -1;
    c.dead = true;
  }

  void Accept() {
    for (;;) {
      sockaddr_storage addr;
      socklen_t len = sizeof addr;
      const int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        return;  // EAGAIN, or out of descriptors (EMFILE): try again on the next wake
      }
      if (connections.size() >= options.max_connections) {
        ::close(fd);
        continue;
      }
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      auto c = std::make_unique<Connection>(options.limits);
      c->fd = fd;
      c->last_activity_ms = NowMs();
      connections.push_back(std::move(c));
      ++stats.connections_accepted;
    }
  }

  // Writes what it can; after the last byte of an answer that closes the connection, closes or half-closes.
  void Flush(Connection& c) {
    while (c.has_output()) {
      const ssize_t n = ::send(c.fd, c.out.data() + c.out_pos, c.out.size() - c.out_pos, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_pos += static_cast<size_t>(n);
        c.last_activity_ms = NowMs();
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      Close(c);  // EPIPE, ECONNRESET: the client is gone
      return;
    }
    c.out.clear();
    c.out_pos = 0;
    if (c.linger_after_write) {
      // Half-close so the client sees the whole answer, then read and drop its remaining bytes for a while:
      // closing with unread data would reset the connection and could destroy the answer in flight.
      ::shutdown(c.fd, SHUT_WR);
      c.linger_after_write = false;
      c.close_after_write = false;
      c.lingering = true;
      c.linger_deadline_ms = NowMs() + kLingerMs;
    } else if (c.close_after_write || (c.peer_eof && c.pending.empty())) {
      Close(c);
    }
  }

  // Parses what is pending and answers every complete request, in order.
  void Process(Connection& c) {
    while (!c.dead && !c.lingering && !c.close_after_write && !c.linger_after_write &&
           c.out.size() < kMaxQueuedOutputBytes) {
      const size_t used = c.parser.Feed(c.pending);
      c.pending.erase(0, used);
      if (c.parser.failed()) {
        ++stats.bad_requests;
        HttpWriteOptions w;
        w.keep_alive = false;
        w.date = (*clock)();
        c.out += SerializeHttpResponse(HttpErrorResponse(c.parser.error_status(), c.parser.error_message()), w);
        c.pending.clear();
        c.linger_after_write = true;
        break;
      }
      if (c.parser.complete()) {
        HttpWriteOptions w;
        w.keep_alive = c.parser.keep_alive() && !c.peer_eof;
        w.http10 = c.parser.http10();
        const HttpRequest request = c.parser.TakeRequest();
        w.head_request = request.method == "HEAD";
        (*tick)();
        HttpResponse response = (*handler)(request);
        w.date = (*clock)();
        c.out += SerializeHttpResponse(response, w);
        ++stats.requests;
        if (!w.keep_alive) {
          c.close_after_write = true;
          c.pending.clear();
        }
        continue;
      }
      if (c.parser.wants_continue()) {
        c.out += kContinue;
        c.parser.set_continue_sent();
      }
      break;  // needs more bytes
    }
    Flush(c);
  }

  void Read(Connection& c) {
    char buf[kReadChunkBytes];
    size_t total = 0;
    while (total < kMaxReadPerWakeBytes) {
      const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
      if (n > 0) {
        total += static_cast<size_t>(n);
        c.last_activity_ms = NowMs();
        if (c.lingering) {
          c.lingered_bytes += static_cast<size_t>(n);
          if (c.lingered_bytes > kMaxLingerBytes) return Close(c);
          continue;
        }
        c.pending.append(buf, static_cast<size_t>(n));
        if (c.pending.size() >= kReadChunkBytes * 4) break;  // let the parser take it before reading on
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n == 0 && !c.lingering) {
        // The client closed its side. A complete request already received is still answered.
        c.peer_eof = true;
        break;
      }
      return Close(c);  // EOF while lingering, or a socket error
    }
    if (c.lingering) return;
    Process(c);
    if (!c.dead && c.peer_eof && !c.has_output()) Close(c);  // nothing more will come (a truncated request)
  }

  void ExpireIdle() {
    const int64_t now = NowMs();
    for (auto& c : connections) {
      if (c->dead) continue;
      if (c->lingering && now >= c->linger_deadline_ms) Close(*c);
      else if (now - c->last_activity_ms >= options.idle_timeout_ms) Close(*c);
    }
  }
};

HttpServer::HttpServer() : impl_(new Impl) {}
HttpServer::~HttpServer() = default;

int HttpServer::port() const { return impl_->port; }
std::string HttpServer::url() const { return impl_->url; }
const HttpServer::Stats& HttpServer::stats() const { return impl_->stats; }

bool HttpServer::Listen(const HttpServerOptions& options, std::string* error) {
  ::signal(SIGPIPE, SIG_IGN);  // a client that vanishes mid-answer must not end the process
  impl_->options = options;
  if (options.port < 0 || options.port > 65535) {
    *error = "the port must be 0-65535";
    return false;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port_text = std::to_string(options.port);
  if (int rc = ::getaddrinfo(options.host.c_str(), port_text.c_str(), &hints, &found); rc != 0) {
    *error = "cannot resolve " + options.host + ": " + ::gai_strerror(rc);
    return false;
  }
  std::string last_error = "no address";
  for (addrinfo* a = found; a; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 128) != 0) {
      last_error = std::strerror(errno);
      ::close(fd);
      continue;
    }
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
    char host[INET6_ADDRSTRLEN] = "";
    if (bound.ss_family == AF_INET6) {
      auto* in6 = reinterpret_cast<sockaddr_in6*>(&bound);
      ::inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
      impl_->port = ntohs(in6->sin6_port);
      impl_->url = "http://[" + std::string(host) + "]:" + std::to_string(impl_->port);
    } else {
      auto* in4 = reinterpret_cast<sockaddr_in*>(&bound);
      ::inet_ntop(AF_INET, &in4->sin_addr, host, sizeof host);
      impl_->port = ntohs(in4->sin_port);
      impl_->url = "http://" + std::string(host) + ":" + std::to_string(impl_->port);
    }
    impl_->listen_fd = fd;
    ::freeaddrinfo(found);
    return true;
  }
  ::freeaddrinfo(found);
  *error = "cannot listen on " + options.host + ":" + port_text + ": " + last_error;
  return false;
}

void HttpServer::Run(const Handler& handler, const Tick& tick, const Clock& clock,
                     const volatile std::sig_atomic_t* stop) {
  Impl& s = *impl_;
  s.handler = &handler;
  s.tick = &tick;
  s.clock = &clock;
  std::vector<pollfd> fds;
  while (!*stop) {
    const bool busy = tick();
    fds.clear();
    fds.push_back({s.listen_fd, POLLIN, 0});
    for (auto& c : s.connections) {
      short events = 0;
      if (c->has_output()) events |= POLLOUT;
      else if (!c->peer_eof) events |= POLLIN;  // read again once the answers are out (bounded buffering)
      fds.push_back({c->fd, events, 0});
    }
    const int ready = ::poll(fds.data(), fds.size(), busy ? 0 : s.options.tick_interval_ms);
    if (ready < 0) {
      if (errno != EINTR) std::perror("firehose-lab: poll");
      continue;
    }
    // New connections join the vector after the ones polled above, so indexes stay aligned.
    const size_t polled = s.connections.size();
    for (size_t i = 0; i < polled; ++i) {
      Connection& c = *s.connections[i];
      const short revents = fds[i + 1].revents;
      if (c.dead || revents == 0) continue;
      if (revents & POLLNVAL) {
        s.Close(c);
        continue;
      }
      if (revents & POLLOUT) {
        s.Flush(c);
        if (!c.dead && !c.has_output() && !c.lingering) s.Process(c);  // pipelined requests held back
      }
      if (!c.dead && (revents & (POLLIN | POLLHUP | POLLERR))) s.Read(c);
    }
    if (fds[0].revents & POLLIN) s.Accept();
    s.ExpireIdle();
    s.connections.erase(std::remove_if(s.connections.begin(), s.connections.end(),
                                       [](const std::unique_ptr<Connection>& c) { return c->dead; }),
                        s.connections.end());
  }
}

}  // namespace fhl
