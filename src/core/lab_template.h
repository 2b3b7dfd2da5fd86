// lab_template.h: the lab's own CloudFormation template (src/core/firehose-lab.template.json), shipped in the core.
// The text is embedded at build time; it must stay a template that also deploys on real AWS.
#pragma once

#include <string_view>

namespace fhl {

// The template body, JSON text.
std::string_view LabTemplateBody();

// The name the guide suggests for the lab's stack.
inline constexpr const char* kLabStackName = "firehose-lab";

}  // namespace fhl
