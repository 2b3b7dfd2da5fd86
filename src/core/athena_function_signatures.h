// athena_function_signatures.h: the one table of Trino functions the translator accepts: kind, arity, argument
// classes, result-type rule and the SQLite function it emits. Plain C++; must not depend on SQLite or the catalog.
#pragma once

#include <string_view>

namespace fhl {

struct AthenaFunctionSig {
  enum Kind { kScalar, kAggregate, kWindow };
  const char* name;  // Trino name (lower-case)
  Kind kind;
  int min_args;
  int max_args;  // -1 = variadic (the last argument class repeats)
  // One class per argument position: N numeric, I integer, S string, T temporal (timestamp/date), B boolean,
  // A any, C "common": all C arguments must coerce to one type.
  const char* arg_classes;
  // Result type: a Trino type, or "$0"/"$1"/"$2" (that argument's type), "$C" (common type of the C arguments),
  // "$sum" (integer types -> bigint, else the argument's), "$avg" (integer types -> double, else the argument's).
  const char* result;
  // What to emit: a SQLite function name ("athena_round"); "fn|lit" emits fn('lit', args...); "#name" means the
  // translator builds the SQL itself (if, count_if, concat, ...).
  const char* emit;
  const char* expected;  // the signature list shown in "Unexpected parameters ..." errors
};

// nullptr when Trino has no such function (FUNCTION_NOT_FOUND: Function 'x' not registered).
const AthenaFunctionSig* FindAthenaFunction(std::string_view lower_name);

}  // namespace fhl
