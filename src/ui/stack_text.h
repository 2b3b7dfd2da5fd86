// stack_text.h: pure text helpers of the CloudFormation panel: status tones, error positions in template error
// messages, JSON paths to line numbers, BufferingHints blocks, capability acknowledgements, stack name checks.
// No ImGui (unit-tested directly); depends only on the core's time type and JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/sim_time.h"

namespace fhl::ui {

// How the console colours a stack or resource status: green *_COMPLETE, blue *_IN_PROGRESS, red anything with
// FAILED or ROLLBACK (ROLLBACK_COMPLETE too), grey for the rest (DELETE_SKIPPED, unknown).
enum class StackTone { kSuccess, kInProgress, kFailed, kNeutral };
StackTone ToneOfStatus(std::string_view status);
bool IsInProgressStatus(std::string_view status);  // ends with _IN_PROGRESS

// A position named by a template error: "(line 12, column 3)", "line 12, column 3", "line 12:3", "at line 12".
// Lines and columns are 1-based; column 0 = not named.
struct TemplateErrorPosition {
  int line = 0, column = 0;
};
std::optional<TemplateErrorPosition> FindTemplateErrorLine(std::string_view message);

// A JSON path named by an error: "[/Resources/Stream/Properties]" or "#/BufferingHints/SizeInMBs" (JSON pointer,
// returned with its leading '/'), or "Resources.Stream.Properties" after "at " (returned as "/Resources/Stream/...").
std::string FindJsonPathInMessage(std::string_view message);
// 1-based line of the member (or array element) a JSON pointer names in a JSON text, 0 when it is not there.
// "" or "/" is line 1. The text need not be valid past the member.
int LineOfJsonPath(std::string_view json_text, std::string_view pointer);

// Line ranges (1-based, inclusive) of every `"<key>": { ... }` object in a JSON text (string-aware brace matching).
struct LineRange {
  int first = 0, last = 0;
};
std::vector<LineRange> FindKeyBlocks(std::string_view json_text, std::string_view key);

// The console's acknowledgement checkbox text for a capability.
std::string CapabilityAcknowledgement(std::string_view capability);

// Stack name check as CloudFormation does it (1-128 chars, [a-zA-Z][-a-zA-Z0-9]*): "" when valid, else the
// ValidationError message.
std::string StackNameError(std::string_view name);

// A timestamp member (epoch seconds or ISO-8601 string) as the core's time, nullopt when absent or unreadable.
std::optional<TimeUs> StackTime(const Json& value);
// Console date text of such a member, "-" when absent.
std::string StackTimeText(const Json& value);

// A template body for display: text as given, or a JSON object pretty-printed; a one-line JSON text is
// pretty-printed too so blocks fall on their own lines.
std::string TemplateDisplayText(const Json& template_body);

// Lines [first, last] (1-based, clamped) of `text`, each without its '\n'.
std::vector<std::string> TextLines(std::string_view text, int first, int last);

}  // namespace fhl::ui
