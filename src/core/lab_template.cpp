// lab_template.cpp: the embedded lab template (generated header lab_template_json.h in the build tree).
// Must not depend on anything but that generated header.
#include "core/lab_template.h"

#include "lab_template_json.h"

namespace fhl {

std::string_view LabTemplateBody() { return std::string_view(kLabTemplateJson, sizeof(kLabTemplateJson) - 1); }

}  // namespace fhl
