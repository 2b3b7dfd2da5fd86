// athena_regex.h: a small backtracking regular-expression engine with Java/Joni semantics for the common cases
// (classes, [..], ^ $, * + ? {m,n} greedy and lazy, groups, (?:..), alternation, \d \w \s \b, (?i)), used by
// regexp_like/regexp_extract/regexp_replace. std::regex is not allowed in the project. Plain C++.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fhl {

class AthenaRegex {
 public:
  // nullptr and *error set when the pattern is invalid or uses an unsupported feature.
  static std::unique_ptr<AthenaRegex> Compile(std::string_view pattern, std::string* error);

  // Leftmost match starting at or after byte offset `from`. On success groups holds 2*(group_count()+1) byte
  // offsets (start, end) per group, -1 when a group did not participate.
  bool Search(std::string_view text, size_t from, std::vector<int>* groups) const;
  int group_count() const { return group_count_; }

  struct Inst;
  struct Class;

 private:
  std::vector<Inst> prog_;
  std::vector<Class> classes_;
  int group_count_ = 0;
  friend class RegexCompiler;
};

struct AthenaRegex::Class {
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  uint8_t builtins = 0;  // bit 0 \d, 1 \D, 2 \w, 3 \W, 4 \s, 5 \S
  bool negated = false;
};

struct AthenaRegex::Inst {
  enum Op : uint8_t { kChar, kAny, kClass, kSplit, kJmp, kSave, kMatch, kBol, kEol, kWordB, kNotWordB } op;
  uint32_t arg = 0;  // code point / class index / save slot
  int x = 0, y = 0;  // jump targets (kSplit prefers x)
  bool icase = false;
};

}  // namespace fhl
