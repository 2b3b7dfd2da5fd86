// http_server.h: the native HTTP/1.1 server of `firehose-lab serve`: one thread, many keep-alive connections,
// requests answered one at a time by a handler. One backend file per platform (http_server_posix.cpp).
// Must not depend on the Lab: the handler and the idle hook are the caller's.
#pragma once

#include <csignal>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/http_parser.h"

namespace fhl {

struct HttpServerOptions {
  std::string host = "127.0.0.1";   // loopback unless the caller asks for more
  int port = 4566;                  // 0: the system picks a free port (see HttpServer::port())
  HttpParserLimits limits;
  int idle_timeout_ms = 60 * 1000;  // a connection with no traffic for this long is closed
  int tick_interval_ms = 100;       // the idle hook runs at least this often
  size_t max_connections = 1000;    // more are accepted and closed at once
};

class HttpServer {
 public:
  // The answer to one complete request. Runs on the server's thread, one request at a time.
  using Handler = std::function<HttpResponse(const HttpRequest&)>;
  // Called before each request and whenever poll() wakes (at least every tick_interval_ms); returns true if it
  // has more work pending, in which case the server polls without waiting.
  using Tick = std::function<bool()>;
  using Clock = std::function<TimeUs()>;  // the time the Date header shows

  HttpServer();
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. false with *error set ("address already in use", ...).
  bool Listen(const HttpServerOptions& options, std::string* error);
  int port() const;                 // the bound port (the chosen one after port 0)
  std::string url() const;          // "http://127.0.0.1:4566"

  // Serves until *stop becomes non-zero (a signal handler may set it; poll() wakes at least every tick).
  void Run(const Handler& handler, const Tick& tick, const Clock& clock, const volatile std::sig_atomic_t* stop);

  struct Stats {
    size_t connections_accepted = 0;
    size_t requests = 0;
    size_t bad_requests = 0;  // answered with a parser error
  };
  const Stats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fhl
