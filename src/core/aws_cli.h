// aws_cli.h: an AWS CLI v2 look-alike for the lab's terminal: shell-like word splitting, the command table
// (service + command -> Lab::Call action and request JSON), global options (--output, --query, ..), and the
// CLI's texts for output, usage errors and API errors. Plain C++17 over Lab::Call: no UI, no regex.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_error.h"
#include "core/json.h"

namespace fhl {

class Lab;

// What one command line printed. stdout and stderr are kept apart (the terminal colours stderr); exit_code is
// the CLI's: 0 ok, 1 s3 "nothing found"/fatal, 2 shell syntax, 127 not found, 252 usage, 254 service error,
// 255 other errors.
struct AwsCliResult {
  std::string out;
  std::string err;
  int exit_code = 0;
};

struct AwsCliOptions {
  int terminal_width_chars = 80;  // --output table turns wide tables into key/value rows past this width
};

using AwsCallFn = std::function<Response(std::string_view service, std::string_view action, const Json& request)>;

// Shell-like word splitting: whitespace separates, '...' is literal, "..." honours \" \\ \$ \`, a backslash
// outside quotes escapes the next character. error is bash's text for an unclosed quote (words then empty).
struct ShellWords {
  std::vector<std::string> words;
  std::string error;
};
ShellWords SplitShellWords(std::string_view line);

// Runs one command line ("aws s3 ls s3://bucket --recursive"). Every request goes through `call`.
AwsCliResult RunAwsCli(std::string_view line, const AwsCallFn& call, const AwsCliOptions& options = AwsCliOptions());
AwsCliResult RunAwsCli(std::string_view line, Lab& lab, const AwsCliOptions& options = AwsCliOptions());

// [SECTION] completion data
// Services ("athena", "cloudformation", ..), a service's commands, and the option names a command accepts
// (its own, then the global ones), all in the order the CLI lists them.
std::vector<std::string> AwsCliServices();
std::vector<std::string> AwsCliCommands(std::string_view service);
std::vector<std::string> AwsCliOptionNames(std::string_view service, std::string_view command);
// The kind of lab name an option's value is: "stream", "bucket", "s3-uri", "stack", "query-execution-id",
// "database", "work-group", "output" (json|text|table), or "" (free text). For s3 ls/cp, option "" means the
// positional path ("s3-uri").
std::string AwsCliValueKind(std::string_view service, std::string_view command, std::string_view option);

// Tab completion of the last word of `line` (the cursor is at its end): commands, subcommands, option names and
// names from the lab (streams, buckets and s3:// paths, stacks, query execution ids, databases), read through
// `call`. word_start: byte offset where the completed word begins; candidates: the matches, sorted, without
// duplicates; replacement: what the word becomes (the longest common prefix of the candidates; the candidate and
// a space when there is only one, no space after an s3:// folder).
struct AwsCliCompletion {
  size_t word_start = 0;
  std::vector<std::string> candidates;
  std::string replacement;  // text to put from word_start to the end of the line
};
AwsCliCompletion CompleteAwsCli(std::string_view line, const AwsCallFn& call);

}  // namespace fhl
