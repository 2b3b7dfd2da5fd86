// jmespath.h: the JMESPath subset behind the terminal's --query: fields, indexes, slices, projections, flatten,
// filters, multiselect lists and hashes, pipes, or/and/not, literals and a few functions. Parse errors read as
// Python jmespath 1.0's (the AWS CLI quotes them). Plain C++17 on core/json.h: no UI, no regex.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/json.h"

namespace fhl {

struct JmesNode;  // jmespath.cpp

class JmesPath {
 public:
  JmesPath();
  ~JmesPath();
  JmesPath(JmesPath&&) noexcept;
  JmesPath& operator=(JmesPath&&) noexcept;

  // Compiles `expression`. On failure ok() is false and error() is jmespath's message, e.g.
  // "Invalid jmespath expression: Incomplete expression:\n\"a[\"\n   ^".
  static JmesPath Compile(std::string_view expression);
  bool ok() const { return root_ != nullptr; }
  const std::string& error() const { return error_; }

  // Evaluates against `data`. A runtime error (unknown function, wrong argument type) leaves *error set and
  // returns null.
  Json Search(const Json& data, std::string* error = nullptr) const;

 private:
  std::shared_ptr<JmesNode> root_;
  std::string error_;
};

}  // namespace fhl
