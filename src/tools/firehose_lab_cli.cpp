// firehose_lab_cli.cpp: `firehose-lab`, the headless driver: the whole lab with no UI, driven by JSON lines.
// Links fhl_core alone, which proves the core UI-free. Each input line is one of
//   {"service":"Firehose","action":"PutRecord","request":{...}}   -> the response, as CallText prints it
//   {"advance":60}                                                  -> {"ok":true,"body":{"Now":"..."}}
// Options: --seed N, --start 2026-01-01T00:00:00Z, --empty (no lab stream/bucket).
// `firehose-lab serve [...]` serves the lab over HTTP to the AWS SDKs and CLI instead (serve_command.h).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "core/lab.h"
#include "tools/serve_command.h"

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "serve") == 0) return fhl::RunServeCommand(argc - 2, argv + 2);
  fhl::LabOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--seed" && i + 1 < argc) {
      options.seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--start" && i + 1 < argc) {
      auto t = fhl::ParseIso8601(argv[++i]);
      if (!t) return std::fprintf(stderr, "firehose-lab: --start needs an ISO-8601 UTC time\n"), 2;
      options.start_time = *t;
    } else if (arg == "--empty") {
      options.create_lab_resources = false;
    } else {
      std::fprintf(stderr,
                   "usage: firehose-lab [--seed N] [--start ISO8601] [--empty] < commands.jsonl\n"
                   "       firehose-lab serve [--port N] [--host ADDR] [--speed X] ... (serve --help)\n"
                   "  each line: {\"service\":S,\"action\":A,\"request\":{...}} or {\"advance\":seconds}\n");
      return 2;
    }
  }
  fhl::Lab lab(options);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    auto command = fhl::ParseJson(line);
    if (!command || !command->is_object()) {
      std::puts(R"({"ok":false,"error":{"code":"SerializationException","message":"The command is not a JSON object.","status":400}})");
      continue;
    }
    if (command->contains("advance")) {
      std::puts(lab.CallText("Lab", "AdvanceClock", fhl::DumpJson({{"Seconds", (*command)["advance"]}})).c_str());
      continue;
    }
    const fhl::Json& service = (*command)["service"];
    const fhl::Json& action = (*command)["action"];
    const fhl::Json request = command->contains("request") ? (*command)["request"] : fhl::Json::object();
    if (!service.is_string() || !action.is_string()) {
      std::puts(R"({"ok":false,"error":{"code":"SerializationException","message":"service and action must be strings.","status":400}})");
      continue;
    }
    std::puts(lab.CallText(service.get<std::string>(), action.get<std::string>(), fhl::DumpJson(request)).c_str());
    // No frames to keep smooth here: queries started by this command run to completion before the next line.
    for (;;) {
      const auto t0 = std::chrono::steady_clock::now();
      const size_t pending = lab.Work(uint64_t{1} << 30);
      const auto spent_us =
          std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
      lab.RecordWorkTime(static_cast<fhl::TimeUs>(spent_us));  // the core reads no clock: the driver measures
      if (pending == 0) break;
    }
  }
  return 0;
}
