// serve_command.cpp: `firehose-lab serve`: one Lab behind the native HTTP server (http_server.h), its
// simulated clock driven by the steady clock times --speed, Athena work run between requests, the lab loaded
// from and saved to a snapshot file. Native only; the protocol translation is the core's HandleHttp.
#include "tools/serve_command.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "core/lab.h"
#include "core/wire_router.h"
#include "core/work_pacer.h"
#include "tools/http_server.h"

namespace fhl {

namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnStopSignal(int) { g_stop = 1; }

constexpr const char kUsage[] =
    "usage: firehose-lab serve [--port N] [--host ADDR] [--speed X] [--lab FILE] [--save FILE] [--seed N]\n"
    "                          [--start ISO8601] [--empty|--deployed]\n"
    "  --port N       TCP port (default 4566; 0 picks a free one, printed on start)\n"
    "  --host ADDR    address to listen on (default 127.0.0.1; 0.0.0.0 exposes the lab to the network)\n"
    "  --speed X      simulated seconds per real second (default 1; 0 pauses; FirehoseLab.AdvanceClock jumps)\n"
    "  --lab FILE     start from a saved lab (a .fhlab snapshot)\n"
    "  --save FILE    save the lab there on SIGINT/SIGTERM and on a FirehoseLab.SaveLab call\n"
    "  --seed N       seed of every random choice (default 1)\n"
    "  --empty        a fresh account: deploy the lab template with CloudFormation (default)\n"
    "  --deployed     the lab's stream and bucket exist from the start\n";

constexpr double kWorkSliceMs = 20.0;  // Athena work between two polls: keeps answers within ~20 ms

bool ReadFile(const std::string& path, std::string* bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *bytes = s.str();
  return !in.bad();
}

// Writes beside the target and renames, so a crash never leaves half a snapshot.
bool WriteFileAtomically(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.good()) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

HttpResponse JsonAnswer(int status, const Json& body) {
  HttpResponse response;
  response.status = status;
  response.SetHeader("Content-Type", "application/x-amz-json-1.1");
  response.body = DumpJson(body);
  return response;
}

struct ServeOptions {
  HttpServerOptions http;
  double speed = 1.0;
  std::string lab_file;
  std::string save_file;
  LabOptions lab;
};

// 0 = parsed; otherwise the exit code.
int ParseOptions(int argc, char** argv, ServeOptions* o) {
  o->lab.create_lab_resources = false;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    char* end = nullptr;
    if (arg == "--port" && has_value) {
      const long port = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || port < 0 || port > 65535) {
        return std::fprintf(stderr, "firehose-lab: --port needs 0-65535\n"), 2;
      }
      o->http.port = static_cast<int>(port);
    } else if (arg == "--host" && has_value) {
      o->http.host = argv[++i];
    } else if (arg == "--speed" && has_value) {
      o->speed = std::strtod(argv[++i], &end);
      if (*end != '\0' || !(o->speed >= 0) || o->speed > 1e6) {
        return std::fprintf(stderr, "firehose-lab: --speed needs a number from 0 to 1000000\n"), 2;
      }
    } else if (arg == "--lab" && has_value) {
      o->lab_file = argv[++i];
    } else if (arg == "--save" && has_value) {
      o->save_file = argv[++i];
    } else if (arg == "--seed" && has_value) {
      o->lab.seed = std::strtoull(argv[++i], &end, 10);
      if (*end != '\0') return std::fprintf(stderr, "firehose-lab: --seed needs an integer\n"), 2;
    } else if (arg == "--start" && has_value) {
      auto t = ParseIso8601(argv[++i]);
      if (!t) return std::fprintf(stderr, "firehose-lab: --start needs an ISO-8601 UTC time\n"), 2;
      o->lab.start_time = *t;
    } else if (arg == "--empty") {
      o->lab.create_lab_resources = false;
    } else if (arg == "--deployed") {
      o->lab.create_lab_resources = true;
    } else if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 1;
    } else {
      std::fprintf(stderr, "firehose-lab: unknown or incomplete option '%s'\n%s", arg.c_str(), kUsage);
      return 2;
    }
  }
  return 0;
}

// The simulated clock and Athena's work, driven by real time.
class LabDriver {
 public:
  LabDriver(Lab& lab, double speed) : lab_(lab), speed_(speed), last_(std::chrono::steady_clock::now()) {}

  // Moves the lab by the real time since the last call times the speed; runs a time-boxed slice of query
  // work. Returns true while queries still have work.
  bool Tick() {
    const auto now = std::chrono::steady_clock::now();
    const double real_us = std::chrono::duration<double, std::micro>(now - last_).count();
    last_ = now;
    const double us = real_us * speed_ + carry_us_;
    const double whole = std::floor(us);
    carry_us_ = us - whole;
    if (whole >= 1) lab_.Advance(static_cast<TimeUs>(whole));
    return Work();
  }

 private:
  bool Work() {
    const auto start = std::chrono::steady_clock::now();
    size_t pending = 0;
    do {
      const auto t0 = std::chrono::steady_clock::now();
      pending = lab_.Work(pacer_.budget_units());
      const auto spent = std::chrono::steady_clock::now() - t0;
      const auto spent_us = std::chrono::duration_cast<std::chrono::microseconds>(spent).count();
      lab_.RecordWorkTime(static_cast<TimeUs>(spent_us));  // the core reads no clock: the server measures
      pacer_.Measured(std::chrono::duration<double, std::milli>(spent).count(), pending > 0);
    } while (pending > 0 &&
             std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() < kWorkSliceMs);
    return pending > 0;
  }

  Lab& lab_;
  double speed_;
  std::chrono::steady_clock::time_point last_;
  double carry_us_ = 0;
  WorkPacer pacer_{4.0, 20000, 1000, 1e9};  // 4 ms slices between polls of the sockets
};

}  // namespace

int RunServeCommand(int argc, char** argv) {
  ServeOptions o;
  if (int rc = ParseOptions(argc, argv, &o); rc != 0) return rc == 1 ? 0 : rc;

  Lab lab(o.lab);
  if (!o.lab_file.empty()) {
    std::string bytes;
    if (!ReadFile(o.lab_file, &bytes)) {
      std::fprintf(stderr, "firehose-lab: cannot read the lab file %s: %s\n", o.lab_file.c_str(), std::strerror(errno));
      return 2;
    }
    if (Status status = lab.RestoreSnapshot(bytes); !status.ok()) {
      std::fprintf(stderr, "firehose-lab: %s is not a lab this version can load: %s: %s\n", o.lab_file.c_str(),
                   status.error().code.c_str(), status.error().message.c_str());
      return 2;
    }
  }

  HttpServer server;
  std::string error;
  if (!server.Listen(o.http, &error)) {
    std::fprintf(stderr, "firehose-lab: %s\n", error.c_str());
    return 2;
  }
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: poll() returns at once
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  std::printf("firehose-lab: serving AWS APIs on %s (Firehose, S3, Athena, Glue, CloudWatch, CloudFormation)\n",
              server.url().c_str());
  if (o.http.host != "127.0.0.1" && o.http.host != "localhost" && o.http.host != "::1") {
    std::printf("firehose-lab: listening on %s: anyone who can reach this address can use the lab\n",
                o.http.host.c_str());
  }
  std::fflush(stdout);

  auto save = [&]() -> Status {
    if (!WriteFileAtomically(o.save_file, lab.SaveSnapshot())) {
      return ApiError{"InternalFailure", "Cannot write " + o.save_file + ": " + std::strerror(errno), 500};
    }
    return Status::Ok();
  };

  LabDriver driver(lab, o.speed);
  const HttpServer::Handler handler = [&](const HttpRequest& request) -> HttpResponse {
    auto target = request.Header("X-Amz-Target");
    if (target && *target == "FirehoseLab.SaveLab") {  // the file is the tool's business, not the core's
      if (o.save_file.empty()) {
        return JsonAnswer(400, {{"__type", "InvalidArgumentException"},
                                {"message", "Start the server with --save FILE to save the lab."}});
      }
      if (Status status = save(); !status.ok()) {
        return JsonAnswer(500, {{"__type", status.error().code}, {"message", status.error().message}});
      }
      return JsonAnswer(200, {{"Path", o.save_file}, {"Now", FormatIso8601(lab.now())}});
    }
    return HandleHttp(lab, request);
  };
  server.Run(handler, [&] { return driver.Tick(); }, [&] { return lab.now(); }, &g_stop);

  if (!o.save_file.empty()) {
    if (Status status = save(); !status.ok()) {
      std::fprintf(stderr, "firehose-lab: %s\n", status.error().message.c_str());
      return 1;
    }
    std::printf("firehose-lab: saved the lab to %s\n", o.save_file.c_str());
  }
  const HttpServer::Stats& stats = server.stats();
  std::printf("firehose-lab: stopped after %zu requests on %zu connections (%zu rejected)\n", stats.requests,
              stats.connections_accepted, stats.bad_requests);
  return 0;
}

}  // namespace fhl
