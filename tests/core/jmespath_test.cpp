// jmespath_test.cpp: the terminal's JMESPath subset (core/jmespath.h): results and error texts checked against
// Python jmespath 1.0.1 (what the AWS CLI uses), run once by hand on the same data and expressions.
#include <gtest/gtest.h>

#include "core/jmespath.h"

namespace fhl {
namespace {

const char* kData =
    R"({"a":[{"n":"x","v":1},{"n":"y","v":3},{"n":"z","v":2}],"b":{"c":[[1,2],[3]],"d":null},"s":"hello"})";

std::string Eval(const std::string& expression) {
  JmesPath q = JmesPath::Compile(expression);
  if (!q.ok()) return "ERROR " + q.error();
  std::string error;
  Json r = q.Search(*ParseJson(kData), &error);
  if (!error.empty()) return "RUNTIME " + error;
  return DumpJson(r);
}

std::string CompileError(const std::string& expression) { return JmesPath::Compile(expression).error(); }

TEST(JmesPath, FieldsIndexesAndProjections) {
  EXPECT_EQ(Eval("a[0].n"), "\"x\"");
  EXPECT_EQ(Eval("a[-1].n"), "\"z\"");
  EXPECT_EQ(Eval("a[5]"), "null");
  EXPECT_EQ(Eval("a[-4]"), "null");
  EXPECT_EQ(Eval("a[*].n"), R"(["x","y","z"])");
  EXPECT_EQ(Eval("a[].v"), "[1,3,2]");
  EXPECT_EQ(Eval("b.c[]"), "[1,2,3]");
  EXPECT_EQ(Eval("b.c[][]"), "[1,2,3]");
  EXPECT_EQ(Eval("b.*"), "[[[1,2],[3]]]");
  EXPECT_EQ(Eval("b.d"), "null");
  EXPECT_EQ(Eval("missing"), "null");
  EXPECT_EQ(Eval("missing[*].x"), "null");
  EXPECT_EQ(Eval("s"), "\"hello\"");
  EXPECT_EQ(Eval("a[1:].n"), R"(["y","z"])");
  EXPECT_EQ(Eval("a[::-1].n"), R"(["z","y","x"])");
  EXPECT_EQ(Eval("a[:2].v"), "[1,3]");
  EXPECT_EQ(Eval("\"s\""), "\"hello\"");
}

TEST(JmesPath, MultiselectFiltersAndPipes) {
  EXPECT_EQ(Eval("[a[0].n, s]"), R"(["x","hello"])");
  EXPECT_EQ(Eval("{x: a[1].n, y: s}"), R"({"x":"y","y":"hello"})");
  EXPECT_EQ(Eval("a[*].[n, v]"), R"([["x",1],["y",3],["z",2]])");
  EXPECT_EQ(Eval("a[?v>`1`].n"), R"(["y","z"])");
  EXPECT_EQ(Eval("a[?v>=`3`].n"), R"(["y"])");
  EXPECT_EQ(Eval("a[?v<`1`].n"), "[]");  // boundary: 1 is not < 1
  EXPECT_EQ(Eval("a[?n=='y'].v"), "[3]");
  EXPECT_EQ(Eval("a[?n!='y'].v"), "[1,2]");
  EXPECT_EQ(Eval("a[?v>`1`] | [0].n"), "\"y\"");
  EXPECT_EQ(Eval("a[?v==`1`]|length(@)"), "1");
  EXPECT_EQ(Eval("a[0].v == `1`"), "true");
  EXPECT_EQ(Eval("a[0].v == `true`"), "false");  // jmespath: 1 is not true
  EXPECT_EQ(Eval("!b.d"), "null");               // (!b).d, as Python parses it
  EXPECT_EQ(Eval("b.d || s"), "\"hello\"");
  EXPECT_EQ(Eval("s && b.d"), "null");
  EXPECT_EQ(Eval("a[?n=='y' || v==`1`].n"), R"(["x","y"])");
}

TEST(JmesPath, Functions) {
  EXPECT_EQ(Eval("length(a)"), "3");
  EXPECT_EQ(Eval("length(s)"), "5");
  EXPECT_EQ(Eval("sort_by(a,&v)[*].n"), R"(["x","z","y"])");
  EXPECT_EQ(Eval("max_by(a,&v).n"), "\"y\"");
  EXPECT_EQ(Eval("min_by(a,&v).n"), "\"x\"");
  EXPECT_EQ(Eval("sum(a[].v)"), "6");
  EXPECT_EQ(Eval("max(a[].v)"), "3");
  EXPECT_EQ(Eval("join(`,`, a[].n)"), "\"x,y,z\"");
  EXPECT_EQ(Eval("contains(a[].n, 'z')"), "true");
  EXPECT_EQ(Eval("starts_with(s, 'he')"), "true");
  EXPECT_EQ(Eval("keys(b)"), R"(["c","d"])");
  EXPECT_EQ(Eval("nope(s)"), "RUNTIME Unknown function: nope()");
  EXPECT_EQ(Eval("length(a[0].v)"),
            "RUNTIME In function length(), invalid type for value: 1, expected one of: ['string', 'array', 'object'], "
            "received: \"number\"");
  EXPECT_EQ(Eval("length(a, s)"), "RUNTIME Expected 1 argument for function length(), received 2");
}

TEST(JmesPath, ParseErrorsReadLikePythonJmespath) {
  EXPECT_EQ(CompileError("a["), "Invalid jmespath expression: Incomplete expression:\n\"a[\"\n   ^");
  EXPECT_EQ(CompileError("a."),
            "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: eof: Parse error at "
            "column 2, token \"\" (EOF), for expression:\n\"a.\"\n   ^");
  EXPECT_EQ(CompileError("[?a==`1`]x"),
            "Unexpected token: x: Parse error at column 9, token \"x\" (UNQUOTED_IDENTIFIER), for expression:\n"
            "\"[?a==`1`]x\"\n          ^");
  EXPECT_EQ(CompileError("foo("), "Invalid jmespath expression: Incomplete expression:\n\"foo(\"\n     ^");
  EXPECT_EQ(CompileError("a = b"), "Bad jmespath expression: Unknown token '=':\na = b\n  ^");
  EXPECT_EQ(CompileError("a #"), "Bad jmespath expression: Unknown token #:\na #\n  ^");
  EXPECT_EQ(CompileError("`{\"a\":1"), "Bad jmespath expression: Unclosed ` delimiter:\n`{\"a\":1\n^");
  EXPECT_EQ(CompileError("'abc"), "Bad jmespath expression: Unclosed ' delimiter:\n'abc\n^");
  EXPECT_EQ(CompileError("[0:1:2:3]"),
            "syntax error: Parse error at column 6, token \":\" (COLON), for expression:\n\"[0:1:2:3]\"\n       ^");
  EXPECT_EQ(CompileError("a[?b]]"),
            "Unexpected token: ]: Parse error at column 5, token \"]\" (RBRACKET), for expression:\n\"a[?b]]\"\n      ^");
  EXPECT_EQ(CompileError("{a:b"), "Invalid jmespath expression: Incomplete expression:\n\"{a:b\"\n     ^");
  EXPECT_EQ(CompileError("[a,b"), "Invalid jmespath expression: Incomplete expression:\n\"[a,b\"\n     ^");
  EXPECT_EQ(CompileError("\"f\"(a)"),
            "Quoted identifier not allowed for function names.: Parse error at column 0, token \"(\" (LPAREN), for "
            "expression:\n\"\"f\"(a)\"\n ^");
  EXPECT_EQ(CompileError(""), "Invalid JMESPath expression: cannot be empty.");
  EXPECT_EQ(CompileError("-"), "Bad jmespath expression: Unknown token '-':\n-\n^");
  EXPECT_EQ(CompileError("!"), "Invalid jmespath expression: Incomplete expression:\n\"!\"\n  ^");
  EXPECT_TRUE(JmesPath::Compile("a.b.c").ok());
}

}  // namespace
}  // namespace fhl
