// aws_cli_output.h: the AWS CLI v2 output formats (--output json|text|table) of a response, ported from
// awscli/formatter.py, text.py and table.py so the terminal prints what the real CLI prints. Plain C++17 over
// core/json.h: no UI, no service.
#pragma once

#include <string>

#include "core/json.h"

namespace fhl {

// Python's repr() of a float (shortest round-trip digits; "1.0", "1e-05", "1e+16").
std::string PyFloatRepr(double value);
// Python's str() of a value as the CLI's text and table formats print it: strings as they are, True/False/None,
// numbers as Python prints them; lists and objects as Python's repr.
std::string PyStr(const Json& value);

// --output json: json.dump(indent=4, ensure_ascii=False) and a newline; an empty object prints nothing.
std::string FormatCliJson(const Json& value);
// --output text: tab-separated rows by the CLI's text rules (sorted scalar keys, upper-cased identifiers).
std::string FormatCliText(const Json& value);
// --output table: the boxed layout titled with the operation name (e.g. "DescribeStacks"); tables wider than
// terminal_width_chars are turned into key/value rows as the CLI does. Empty or falsy values print nothing.
std::string FormatCliTable(const std::string& title, const Json& value, int terminal_width_chars = 80);

}  // namespace fhl
