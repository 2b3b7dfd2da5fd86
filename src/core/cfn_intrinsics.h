// cfn_intrinsics.h: helpers shared by cfn_template.cpp and cfn_intrinsics.cpp (the intrinsic functions are declared
// in cfn_template.h). Pure functions; must not depend on the Lab, any service or the clock.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/json.h"

namespace fhl {

// The ${Name} / ${Resource.Attribute} variables of an Fn::Sub string, in order; ${!Literal} is not a variable.
std::vector<std::string> SubVariableNames(const std::string& text);

// Strings, numbers and booleans as the text CloudFormation sees; nullopt for lists, objects and null.
std::optional<std::string> CfnScalarText(const Json& value);

}  // namespace fhl
