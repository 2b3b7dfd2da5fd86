// serve_command.h: `firehose-lab serve`: the lab as a local AWS endpoint for the real SDKs and the AWS CLI.
// Native only (sockets, signals, the steady clock); the core stays clock-free and gets time as input.
#pragma once

namespace fhl {

// argv after "serve"; returns the process exit code (0 after SIGINT/SIGTERM, 2 on a usage or load error).
int RunServeCommand(int argc, char** argv);

}  // namespace fhl
