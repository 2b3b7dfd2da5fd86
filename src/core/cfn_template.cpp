// cfn_template.cpp: parsing and static checks of CloudFormation JSON templates, parameter resolution, conditions,
// dependency order and capabilities. Pure functions: no Lab, no service, no clock. Intrinsics: cfn_intrinsics.cpp.
#include "core/cfn_template.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "core/athena_regex.h"
#include "core/cfn_intrinsics.h"
#include "core/request_fields.h"

namespace fhl {
namespace {

// [SECTION] helpers

ApiError FormatError(const std::string& what) { return ApiError{"ValidationError", "Template format error: " + what, 400}; }
ApiError PlainError(const std::string& what) { return ApiError{"ValidationError", what, 400}; }

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

bool IsAlnum(const std::string& s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

// Scalar template values (strings, numbers, booleans) as the text CloudFormation sees.
std::optional<std::string> ScalarText(const Json& v) { return CfnScalarText(v); }
std::optional<double> ParseNumber(const std::string& s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
    if (exp_digits == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return std::strtod(s.c_str(), nullptr);
}

std::string NumberText(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t comma = s.find(',', start);
    out.push_back(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// [SECTION] JSON syntax errors with position

class ErrorLocator : public nlohmann::json_sax<Json> {
 public:
  size_t position = 0;
  bool failed = false;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception&) override {
    position = pos;
    failed = true;
    return false;
  }
};

ApiError JsonSyntaxError(std::string_view body) {
  ErrorLocator locator;
  Json::sax_parse(body.begin(), body.end(), &locator, nlohmann::detail::input_format_t::json, true);
  // position counts the characters read, the offending one included.
  size_t index = locator.position > 0 ? locator.position - 1 : 0;
  if (index > body.size()) index = body.size();
  size_t line = 1, column = 1;
  for (size_t i = 0; i < index; ++i) {
    if (body[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return FormatError("JSON not well-formed. (line " + std::to_string(line) + ", column " + std::to_string(column) +
                     ")");
}

// [SECTION] static reference checks

const char* const kPseudo[] = {"AWS::StackName", "AWS::StackId",  "AWS::Region",  "AWS::AccountId",
                               "AWS::Partition", "AWS::URLSuffix", "AWS::NoValue", "AWS::NotificationARNs"};

bool IsPseudo(const std::string& name) {
  return std::any_of(std::begin(kPseudo), std::end(kPseudo), [&](const char* p) { return name == p; });
}

const char* const kIntrinsics[] = {"Ref",       "Fn::GetAtt", "Fn::Sub",    "Fn::Join",    "Fn::Select",
                                   "Fn::Split", "Fn::If",     "Fn::Equals", "Fn::And",     "Fn::Or",
                                   "Fn::Not",   "Fn::Base64", "Fn::GetAZs", "Fn::FindInMap", "Fn::ImportValue",
                                   "Fn::Cidr",  "Fn::Length", "Fn::ToJsonString"};

struct Refs {
  std::vector<std::string> refs;     // Ref targets and ${Name} in Fn::Sub
  std::vector<std::string> getatts;  // Fn::GetAtt resource names and ${Res.Attr} in Fn::Sub
  std::vector<std::string> conditions;  // Fn::If condition names
};

Status CollectRefs(const Json& v, Refs* out) {
  if (v.is_array()) {
    for (const Json& item : v) {
      if (auto s = CollectRefs(item, out); !s.ok()) return s;
    }
    return Status::Ok();
  }
  if (!v.is_object()) return Status::Ok();
  if (v.size() == 1) {
    const std::string key = v.begin().key();
    const Json& arg = v.begin().value();
    if (key == "Ref") {
      if (!arg.is_string()) return FormatError("Every Ref object must have a single String value.");
      out->refs.push_back(arg.get<std::string>());
      return Status::Ok();
    }
    if (key == "Fn::GetAtt") {
      std::string resource;
      if (arg.is_string()) {
        const std::string s = arg.get<std::string>();
        const size_t dot = s.find('.');
        if (dot != std::string::npos && dot > 0 && dot + 1 < s.size()) resource = s.substr(0, dot);
      } else if (arg.is_array() && arg.size() == 2 && arg[0].is_string() && !arg[0].get<std::string>().empty() &&
                 ((arg[1].is_string() && !arg[1].get<std::string>().empty()) || arg[1].is_object())) {
        resource = arg[0].get<std::string>();
        if (arg[1].is_object()) {
          if (auto s = CollectRefs(arg[1], out); !s.ok()) return s;
        }
      }
      if (resource.empty()) {
        return PlainError("Template error: every Fn::GetAtt object requires two non-empty parameters, the resource "
                          "name and the resource attribute");
      }
      out->getatts.push_back(resource);
      return Status::Ok();
    }
    if (key == "Fn::Sub") {
      const Json* text = nullptr;
      const Json* vars = nullptr;
      if (arg.is_string()) {
        text = &arg;
      } else if (arg.is_array() && arg.size() == 2 && arg[0].is_string() && arg[1].is_object()) {
        text = &arg[0];
        vars = &arg[1];
      }
      if (!text) {
        return PlainError("Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. "
                          "Specify a string as first argument, and an optional second argument to specify a mapping "
                          "of values to replace in the string");
      }
      if (vars) {
        if (auto s = CollectRefs(*vars, out); !s.ok()) return s;
      }
      for (const std::string& name : SubVariableNames(text->get<std::string>())) {
        if (vars && vars->contains(name)) continue;
        const size_t dot = name.find('.');
        if (dot != std::string::npos) {
          out->getatts.push_back(name.substr(0, dot));
        } else {
          out->refs.push_back(name);
        }
      }
      return Status::Ok();
    }
    if (key == "Fn::If") {
      if (!arg.is_array() || arg.size() != 3 || !arg[0].is_string()) {
        return PlainError("Template error: Fn::If requires a list argument with three elements");
      }
      out->conditions.push_back(arg[0].get<std::string>());
      if (auto s = CollectRefs(arg[1], out); !s.ok()) return s;
      return CollectRefs(arg[2], out);
    }
    if (key == "Fn::Join" && !(arg.is_array() && arg.size() == 2 && arg[0].is_string())) {
      return PlainError("Template error: every Fn::Join object requires two parameters, (1) a string delimiter and "
                        "(2) a list of strings to be joined or a function that returns a list of strings (such as "
                        "Fn::GetAZs) to be joined.");
    }
    if (key == "Fn::Select" && !(arg.is_array() && arg.size() == 2)) {
      return PlainError("Template error: Fn::Select requires a list argument with two elements: an integer index and "
                        "a list");
    }
    if (key == "Fn::Split" && !(arg.is_array() && arg.size() == 2 && arg[0].is_string())) {
      return PlainError("Template error: every Fn::Split object requires two parameters, (1) a string delimiter and "
                        "(2) a string to be split or a function that returns a string to be split.");
    }
    if (key == "Fn::FindInMap" && !(arg.is_array() && arg.size() == 3)) {
      return PlainError("Template error: every Fn::FindInMap object requires three parameters, the map name, map "
                        "key and the attribute for return value");
    }
    if (key == "Fn::ImportValue" || key == "Fn::Cidr" || key == "Fn::Length" || key == "Fn::ToJsonString") {
      return PlainError("Template error: " + key + " is not supported in this lab.");
    }
  }
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (auto s = CollectRefs(it.value(), out); !s.ok()) return s;
  }
  return Status::Ok();
}

// [SECTION] sections

const char* const kSections[] = {"AWSTemplateFormatVersion", "Description", "Metadata",  "Parameters", "Rules",
                                 "Mappings",                 "Conditions",  "Transform", "Resources",  "Outputs"};
const char* const kResourceAttributes[] = {"Type",           "Properties",     "DependsOn",  "Condition",
                                           "DeletionPolicy", "UpdateReplacePolicy", "Metadata", "CreationPolicy",
                                           "UpdatePolicy"};
const char* const kParameterProperties[] = {"Type",        "Default",   "Description",  "AllowedValues",
                                            "AllowedPattern", "MinValue", "MaxValue",   "MinLength",
                                            "MaxLength",   "ConstraintDescription", "NoEcho"};

template <size_t N>
bool OneOf(const std::string& s, const char* const (&list)[N]) {
  return std::any_of(std::begin(list), std::end(list), [&](const char* p) { return s == p; });
}

Result<CfnParameter> ParseParameter(const std::string& name, const Json& p) {
  CfnParameter out;
  out.name = name;
  if (!IsAlnum(name)) return FormatError("Parameter name " + name + " is non alphanumeric.");
  if (!p.is_object()) return FormatError("Every Parameters member must be an object.");
  for (auto it = p.begin(); it != p.end(); ++it) {
    if (!OneOf(it.key(), kParameterProperties)) {
      return FormatError("Invalid template parameter property '" + it.key() + "'");
    }
  }
  if (!p.contains("Type") || !p["Type"].is_string()) {
    return FormatError("Every Parameters object must contain a Type member.");
  }
  out.type = p["Type"].get<std::string>();
  if (out.type.rfind("AWS::", 0) == 0 || out.type.rfind("List<AWS::", 0) == 0) {
    return PlainError("Template format error: Parameter type " + out.type + " is not supported in this lab; use String.");
  }
  if (out.type != "String" && out.type != "Number" && out.type != "CommaDelimitedList" && out.type != "List<Number>") {
    return FormatError("Unrecognized parameter type: " + out.type);
  }
  if (p.contains("Default")) {
    if (p["Default"].is_array()) {
      std::vector<std::string> items;
      for (const Json& item : p["Default"]) {
        if (auto t = ScalarText(item)) items.push_back(*t);
      }
      std::string joined;
      for (size_t i = 0; i < items.size(); ++i) joined += (i ? "," : "") + items[i];
      out.default_value = joined;
    } else if (auto t = ScalarText(p["Default"])) {
      out.default_value = *t;
    } else {
      return FormatError("Every Default member must be a string.");
    }
  }
  if (p.contains("Description")) out.description = ScalarText(p["Description"]).value_or("");
  if (p.contains("ConstraintDescription")) out.constraint_description = ScalarText(p["ConstraintDescription"]).value_or("");
  if (p.contains("AllowedValues")) {
    if (!p["AllowedValues"].is_array()) return FormatError("Every AllowedValues member must be a list.");
    for (const Json& v : p["AllowedValues"]) {
      auto t = ScalarText(v);
      if (!t) return FormatError("Every AllowedValues member must be a list.");
      out.allowed_values.push_back(*t);
    }
  }
  if (p.contains("AllowedPattern")) {
    auto t = ScalarText(p["AllowedPattern"]);
    if (!t) return FormatError("Every AllowedPattern member must be a string.");
    std::string error;
    if (!AthenaRegex::Compile(*t, &error)) {
      return FormatError("Parameter '" + name + "' has an invalid AllowedPattern: " + error);
    }
    out.allowed_pattern = *t;
  }
  for (const char* key : {"MinValue", "MaxValue"}) {
    if (!p.contains(key)) continue;
    auto t = ScalarText(p[key]);
    auto n = t ? ParseNumber(*t) : std::nullopt;
    if (!n) return FormatError("Every " + std::string(key) + " member must be a number.");
    (std::string(key) == "MinValue" ? out.min_value : out.max_value) = *n;
  }
  for (const char* key : {"MinLength", "MaxLength"}) {
    if (!p.contains(key)) continue;
    auto t = ScalarText(p[key]);
    auto n = t ? ParseNumber(*t) : std::nullopt;
    if (!n || *n < 0 || std::floor(*n) != *n) return FormatError("Every " + std::string(key) + " member must be an integer.");
    (std::string(key) == "MinLength" ? out.min_length : out.max_length) = static_cast<int64_t>(*n);
  }
  if (p.contains("NoEcho")) out.no_echo = ScalarText(p["NoEcho"]).value_or("") == "true";
  return out;
}

bool AllowedPatternMatches(const std::string& pattern, const std::string& value) {
  std::string error;
  auto re = AthenaRegex::Compile("^(?:" + pattern + ")$", &error);
  if (!re) return false;
  std::vector<int> groups;
  return re->Search(value, 0, &groups) && groups.size() >= 2 && groups[0] == 0 &&
         groups[1] == static_cast<int>(value.size());
}

// One parameter value against its constraints; the AWS text of the first violation.
Status CheckParameterValue(const CfnParameter& p, const std::string& value) {
  auto fail = [&](const std::string& reason) -> Status {
    if (!p.constraint_description.empty()) {
      return PlainError("Parameter '" + p.name + "' failed to satisfy constraint: " + p.constraint_description);
    }
    return PlainError("Parameter '" + p.name + "' " + reason);
  };
  const bool is_list = p.type == "CommaDelimitedList" || p.type == "List<Number>";
  const std::vector<std::string> items = is_list ? SplitList(value) : std::vector<std::string>{value};
  const bool numeric = p.type == "Number" || p.type == "List<Number>";
  for (const std::string& item : items) {
    if (numeric) {
      auto n = ParseNumber(item);
      if (!n) return PlainError("Parameter '" + p.name + "' must be a number.");
      if (p.min_value && *n < *p.min_value) return fail("must be a number not less than " + NumberText(*p.min_value));
      if (p.max_value && *n > *p.max_value) return fail("must be a number not greater than " + NumberText(*p.max_value));
    }
    if (!p.allowed_values.empty() &&
        std::find(p.allowed_values.begin(), p.allowed_values.end(), item) == p.allowed_values.end()) {
      return fail("must be one of AllowedValues");
    }
    if (p.allowed_pattern && !AllowedPatternMatches(*p.allowed_pattern, item)) {
      return fail("must match pattern " + *p.allowed_pattern);
    }
  }
  if (!numeric) {
    if (p.min_length && static_cast<int64_t>(CodePoints(value)) < *p.min_length) {
      return fail("must contain at least " + std::to_string(*p.min_length) + " characters");
    }
    if (p.max_length && static_cast<int64_t>(CodePoints(value)) > *p.max_length) {
      return fail("must contain at most " + std::to_string(*p.max_length) + " characters");
    }
  }
  return Status::Ok();
}

// Nodes on (or between) dependency cycles: what is left after pruning nodes without dependencies and nodes without
// dependents.
std::vector<std::string> CycleMembers(const CfnTemplate& t) {
  std::map<std::string, std::set<std::string>> deps, rdeps;
  for (const CfnResource& r : t.resources) {
    deps[r.logical_id];
    rdeps[r.logical_id];
  }
  for (const CfnResource& r : t.resources) {
    for (const std::string& d : r.depends_on) {
      deps[r.logical_id].insert(d);
      rdeps[d].insert(r.logical_id);
    }
  }
  bool changed = true;
  while (changed) {
    changed = false;
    for (auto it = deps.begin(); it != deps.end();) {
      const std::string id = it->first;
      if (it->second.empty() || rdeps[id].empty()) {
        for (const std::string& d : it->second) rdeps[d].erase(id);
        for (const std::string& r : rdeps[id]) deps[r].erase(id);
        rdeps.erase(id);
        it = deps.erase(it);
        changed = true;
      } else {
        ++it;
      }
    }
  }
  std::vector<std::string> out;
  for (const CfnResource& r : t.resources) {
    if (deps.count(r.logical_id)) out.push_back(r.logical_id);
  }
  return out;
}

std::string UnresolvedMessage(const std::vector<std::string>& names, const char* block) {
  return "Unresolved resource dependencies [" + JoinNames(names) + "] in the " + block + " block of the template";
}

// The keys of a top-level section in the order the text has them (Json sorts object keys).
std::vector<std::string> KeyOrder(const nlohmann::ordered_json& doc, const char* section) {
  std::vector<std::string> out;
  if (!doc.is_object() || !doc.contains(section) || !doc[section].is_object()) return out;
  for (auto it = doc[section].begin(); it != doc[section].end(); ++it) out.push_back(it.key());
  return out;
}

template <typename T, typename Key>
void SortByTextOrder(std::vector<T>* items, const std::vector<std::string>& order, Key key) {
  auto rank = [&](const T& item) {
    return static_cast<size_t>(std::find(order.begin(), order.end(), key(item)) - order.begin());
  };
  std::stable_sort(items->begin(), items->end(), [&](const T& a, const T& b) { return rank(a) < rank(b); });
}

}  // namespace

// [SECTION] CfnTemplate

const CfnResource* CfnTemplate::FindResource(const std::string& logical_id) const {
  for (const CfnResource& r : resources) {
    if (r.logical_id == logical_id) return &r;
  }
  return nullptr;
}

const CfnParameter* CfnTemplate::FindParameter(const std::string& name) const {
  for (const CfnParameter& p : parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

// [SECTION] ParseTemplate

Result<CfnTemplate> ParseTemplate(std::string_view body) {
  size_t first = 0;
  while (first < body.size() && (body[first] == ' ' || body[first] == '\n' || body[first] == '\r' || body[first] == '\t')) {
    ++first;
  }
  if (first == body.size()) {
    return ApiError{"ValidationError",
                    "1 validation error detected: Value '' at 'templateBody' failed to satisfy constraint: Member must "
                    "have length greater than or equal to 1",
                    400};
  }
  if (body[first] != '{') {
    return FormatError(
        "YAML templates are not supported in this lab; convert the template to JSON (for example with cfn-flip) and "
        "try again.");
  }
  auto parsed = ParseJson(body);
  if (!parsed) return JsonSyntaxError(body);
  CfnTemplate t;
  t.document = std::move(*parsed);
  const Json& doc = t.document;
  if (!doc.is_object()) return JsonSyntaxError(body);
  std::vector<std::string> unknown;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (!OneOf(it.key(), kSections)) unknown.push_back(it.key());
  }
  if (!unknown.empty()) return FormatError("Invalid template property or properties [" + JoinNames(unknown) + "]");
  if (doc.contains("AWSTemplateFormatVersion")) {
    const Json& v = doc["AWSTemplateFormatVersion"];
    if (!v.is_string() || v.get<std::string>() != "2010-09-09") {
      return FormatError("Unsupported template version " + ScalarText(v).value_or(DumpJson(v)));
    }
  }
  if (doc.contains("Description")) {
    if (!doc["Description"].is_string()) return FormatError("Every Description member must be a string.");
    t.description = doc["Description"].get<std::string>();
  }
  if (doc.contains("Transform")) {
    const Json& tr = doc["Transform"];
    if (tr.is_string()) t.transforms.push_back(tr.get<std::string>());
    if (tr.is_array()) {
      for (const Json& x : tr) {
        if (x.is_string()) t.transforms.push_back(x.get<std::string>());
      }
    }
  }
  // Parameters
  if (doc.contains("Parameters")) {
    if (!doc["Parameters"].is_object()) return FormatError("Parameters must be an object.");
    for (auto it = doc["Parameters"].begin(); it != doc["Parameters"].end(); ++it) {
      auto p = ParseParameter(it.key(), it.value());
      if (!p.ok()) return p.error();
      t.parameters.push_back(std::move(p.value()));
    }
  }
  if (doc.contains("Mappings")) {
    if (!doc["Mappings"].is_object()) return FormatError("Every Mappings member must be a map.");
    t.mappings = doc["Mappings"];
  }
  if (doc.contains("Conditions")) {
    if (!doc["Conditions"].is_object()) return FormatError("Every Conditions member must be an object.");
    t.conditions = doc["Conditions"];
  }
  // Resources
  if (!doc.contains("Resources") || !doc["Resources"].is_object() || doc["Resources"].empty()) {
    return FormatError("At least one Resources member must be defined.");
  }
  for (auto it = doc["Resources"].begin(); it != doc["Resources"].end(); ++it) {
    const std::string& id = it.key();
    const Json& r = it.value();
    if (!IsAlnum(id)) return FormatError("Resource name " + id + " is non alphanumeric.");
    if (!r.is_object() || !r.contains("Type") || !r["Type"].is_string()) {
      return FormatError("[/Resources/" + id + "] Every Resources object must contain a Type member.");
    }
    for (auto a = r.begin(); a != r.end(); ++a) {
      if (!OneOf(a.key(), kResourceAttributes)) {
        return FormatError("Invalid template resource property '" + a.key() + "'");
      }
    }
    CfnResource res;
    res.logical_id = id;
    res.type = r["Type"].get<std::string>();
    if (r.contains("Properties")) {
      if (!r["Properties"].is_object()) {
        return FormatError("[/Resources/" + id + "/Properties] Every Properties member must be an object.");
      }
      res.properties = r["Properties"];
    }
    if (r.contains("DependsOn")) {
      const Json& d = r["DependsOn"];
      if (d.is_string()) {
        res.depends_on.push_back(d.get<std::string>());
      } else if (d.is_array() && std::all_of(d.begin(), d.end(), [](const Json& x) { return x.is_string(); })) {
        for (const Json& x : d) res.depends_on.push_back(x.get<std::string>());
      } else {
        return FormatError("DependsOn must be a string or list of strings.");
      }
    }
    if (r.contains("Condition")) {
      if (!r["Condition"].is_string()) return FormatError("Every Condition member must be a string.");
      res.condition = r["Condition"].get<std::string>();
    }
    if (r.contains("DeletionPolicy")) {
      const std::string policy = ScalarText(r["DeletionPolicy"]).value_or("");
      if (policy != "Delete" && policy != "Retain" && policy != "Snapshot" && policy != "RetainExceptOnCreate") {
        return FormatError("Unrecognized DeletionPolicy " + policy + " for resource " + id);
      }
      res.deletion_policy = policy == "RetainExceptOnCreate" ? "Retain" : policy;
    }
    t.resources.push_back(std::move(res));
  }
  // References: DependsOn, Ref, Fn::GetAtt, Fn::Sub.
  auto is_resource = [&](const std::string& n) { return t.FindResource(n) != nullptr; };
  auto is_name = [&](const std::string& n) { return is_resource(n) || t.FindParameter(n) || IsPseudo(n); };
  std::vector<std::string> unresolved;
  auto add_unresolved = [&](const std::string& n) {
    if (std::find(unresolved.begin(), unresolved.end(), n) == unresolved.end()) unresolved.push_back(n);
  };
  std::vector<std::string> missing_conditions;
  for (CfnResource& res : t.resources) {
    Refs refs;
    if (auto s = CollectRefs(res.properties, &refs); !s.ok()) return s.error();
    for (const std::string& d : res.depends_on) {
      if (!is_resource(d)) add_unresolved(d);
    }
    for (const std::string& n : refs.refs) {
      if (!is_name(n)) add_unresolved(n);
      if (is_resource(n)) res.depends_on.push_back(n);
    }
    for (const std::string& n : refs.getatts) {
      if (!is_resource(n)) return PlainError("Template error: instance of Fn::GetAtt references undefined resource " + n);
      res.depends_on.push_back(n);
    }
    for (const std::string& c : refs.conditions) {
      if (!t.conditions.contains(c)) return PlainError("Template error: unresolved condition dependency " + c + " in Fn::If");
    }
    if (res.condition && !t.conditions.contains(*res.condition)) missing_conditions.push_back(*res.condition);
    std::sort(res.depends_on.begin(), res.depends_on.end());
    res.depends_on.erase(std::unique(res.depends_on.begin(), res.depends_on.end()), res.depends_on.end());
  }
  if (!unresolved.empty()) return FormatError(UnresolvedMessage(unresolved, "Resources"));
  if (!missing_conditions.empty()) {
    return FormatError("Unresolved condition dependencies [" + JoinNames(missing_conditions) +
                       "] in the Resources block of the template");
  }
  // Conditions may use parameters and pseudo parameters, never resources.
  for (auto it = t.conditions.begin(); it != t.conditions.end(); ++it) {
    Refs refs;
    if (auto s = CollectRefs(it.value(), &refs); !s.ok()) return s.error();
    std::vector<std::string> bad;
    for (const std::string& n : refs.refs) {
      if (!t.FindParameter(n) && !IsPseudo(n)) bad.push_back(n);
    }
    for (const std::string& n : refs.getatts) bad.push_back(n);
    if (!bad.empty()) {
      return FormatError("Unresolved dependencies [" + JoinNames(bad) +
                         "]. Cannot reference resources in the Conditions block of the template");
    }
  }
  // Outputs
  if (doc.contains("Outputs")) {
    if (!doc["Outputs"].is_object()) return FormatError("Every Outputs member must be an object.");
    for (auto it = doc["Outputs"].begin(); it != doc["Outputs"].end(); ++it) {
      if (!IsAlnum(it.key())) return FormatError("Output name " + it.key() + " is non alphanumeric.");
      if (!it.value().is_object() || !it.value().contains("Value")) {
        return FormatError("Every Outputs member must contain a Value object");
      }
      Refs refs;
      if (auto s = CollectRefs(it.value(), &refs); !s.ok()) return s.error();
      for (const std::string& n : refs.refs) {
        if (!is_name(n)) add_unresolved(n);
      }
      for (const std::string& n : refs.getatts) {
        if (!is_resource(n)) return PlainError("Template error: instance of Fn::GetAtt references undefined resource " + n);
      }
      if (it.value().contains("Condition") &&
          (!it.value()["Condition"].is_string() || !t.conditions.contains(it.value()["Condition"].get<std::string>()))) {
        return FormatError("Unresolved condition dependencies [" + ScalarText(it.value()["Condition"]).value_or("") +
                           "] in the Outputs block of the template");
      }
    }
    if (!unresolved.empty()) return FormatError(UnresolvedMessage(unresolved, "Outputs"));
    t.outputs = doc["Outputs"];
  }
  const auto ordered = nlohmann::ordered_json::parse(body.begin(), body.end(), nullptr, false);
  SortByTextOrder(&t.resources, KeyOrder(ordered, "Resources"), [](const CfnResource& r) { return r.logical_id; });
  SortByTextOrder(&t.parameters, KeyOrder(ordered, "Parameters"), [](const CfnParameter& p) { return p.name; });
  t.output_order = KeyOrder(ordered, "Outputs");
  if (auto cycle = CycleMembers(t); !cycle.empty()) {
    return PlainError("Circular dependency between resources: [" + JoinNames(cycle) + "]");
  }
  return t;
}

Status CheckResourceTypes(const CfnTemplate& tmpl, const std::function<bool(std::string_view)>& known) {
  std::vector<std::string> bad;
  for (const CfnResource& r : tmpl.resources) {
    if (!known(r.type) && std::find(bad.begin(), bad.end(), r.type) == bad.end()) bad.push_back(r.type);
  }
  if (bad.empty()) return Status::Ok();
  return FormatError("Unrecognized resource types: [" + JoinNames(bad) + "]");
}

// [SECTION] parameters

Result<std::map<std::string, std::string>> ResolveParameters(const CfnTemplate& tmpl, const Json& request,
                                                             const std::map<std::string, std::string>& previous) {
  std::map<std::string, std::string> given;
  std::vector<std::string> not_in_template;
  if (!request.is_null() && !request.is_array()) return SerializationError("Parameters", "list");
  if (request.is_array()) {
    for (const Json& item : request) {
      if (!item.is_object()) return SerializationError("Parameters", "list of Parameter structures");
      RequestFields f(item);
      auto key = f.String("ParameterKey");
      auto value = f.String("ParameterValue");
      auto use_previous = f.Boolean("UsePreviousValue");
      if (!f.ok()) return f.error();
      if (!key) continue;
      if (!tmpl.FindParameter(*key)) {
        not_in_template.push_back(*key);
        continue;
      }
      if (use_previous.value_or(false)) {
        auto it = previous.find(*key);
        if (it == previous.end()) {
          return PlainError("Invalid input for parameter key " + *key +
                            ". Cannot specify usePreviousValue as true for a parameter key not in the previous template");
        }
        if (value) {
          return PlainError("Invalid input for parameter key " + *key +
                            ". Cannot specify usePreviousValue as true and non empty value for a parameter");
        }
        given[*key] = it->second;
      } else {
        given[*key] = value.value_or("");
      }
    }
  }
  if (!not_in_template.empty()) {
    return PlainError("Parameters: [" + JoinNames(not_in_template) + "] do not exist in the template");
  }
  std::map<std::string, std::string> out;
  std::vector<std::string> missing;
  for (const CfnParameter& p : tmpl.parameters) {
    auto it = given.find(p.name);
    if (it != given.end()) {
      out[p.name] = it->second;
    } else if (p.default_value) {
      out[p.name] = *p.default_value;
    } else {
      missing.push_back(p.name);
    }
  }
  if (!missing.empty()) return PlainError("Parameters: [" + JoinNames(missing) + "] must have values");
  for (const CfnParameter& p : tmpl.parameters) {
    if (auto s = CheckParameterValue(p, out[p.name]); !s.ok()) return s.error();
  }
  return out;
}

std::map<std::string, std::string> PseudoParameters(const std::string& stack_name, const std::string& stack_id,
                                                    const std::string& region, const std::string& account_id) {
  return {{"AWS::StackName", stack_name}, {"AWS::StackId", stack_id},   {"AWS::Region", region},
          {"AWS::AccountId", account_id}, {"AWS::Partition", "aws"},    {"AWS::URLSuffix", "amazonaws.com"}};
}

void AddTemplateToContext(const CfnTemplate& tmpl, CfnContext* ctx) {
  for (const CfnParameter& p : tmpl.parameters) {
    if (p.type == "CommaDelimitedList" || p.type == "List<Number>") ctx->list_parameters.insert(p.name);
  }
  ctx->mappings = tmpl.mappings;
}

// [SECTION] order and capabilities

std::vector<std::string> CreationOrder(const CfnTemplate& tmpl, const std::map<std::string, bool>& conditions) {
  std::vector<const CfnResource*> todo;
  for (const CfnResource& r : tmpl.resources) {
    if (r.condition) {
      auto it = conditions.find(*r.condition);
      if (it == conditions.end() || !it->second) continue;
    }
    todo.push_back(&r);
  }
  std::set<std::string> included;
  for (const CfnResource* r : todo) included.insert(r->logical_id);
  std::vector<std::string> order;
  std::set<std::string> placed;
  while (order.size() < todo.size()) {
    bool progress = false;
    for (const CfnResource* r : todo) {
      if (placed.count(r->logical_id)) continue;
      const bool ready = std::all_of(r->depends_on.begin(), r->depends_on.end(), [&](const std::string& d) {
        return placed.count(d) || !included.count(d);
      });
      if (!ready) continue;
      order.push_back(r->logical_id);
      placed.insert(r->logical_id);
      progress = true;
      break;  // restart so ties keep template order
    }
    if (!progress) break;  // cycles are rejected by ParseTemplate
  }
  return order;
}

CfnCapabilityNeed RequiredCapabilities(const CfnTemplate& tmpl) {
  static const std::map<std::string, const char*> kIamTypes = {
      {"AWS::IAM::AccessKey", nullptr},           {"AWS::IAM::Group", "GroupName"},
      {"AWS::IAM::InstanceProfile", "InstanceProfileName"}, {"AWS::IAM::ManagedPolicy", "ManagedPolicyName"},
      {"AWS::IAM::Policy", nullptr},              {"AWS::IAM::Role", "RoleName"},
      {"AWS::IAM::User", "UserName"},             {"AWS::IAM::UserToGroupAddition", nullptr}};
  std::set<std::string> types;
  bool named = false;
  for (const CfnResource& r : tmpl.resources) {
    auto it = kIamTypes.find(r.type);
    if (it == kIamTypes.end()) continue;
    types.insert(r.type);
    if (it->second && r.properties.contains(it->second)) named = true;
  }
  CfnCapabilityNeed need;
  if (types.empty()) return need;
  need.capabilities.push_back(named ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM");
  need.reason = "The following resource(s) require capabilities: [" +
                JoinNames(std::vector<std::string>(types.begin(), types.end())) + "]";
  return need;
}

Json ValidateTemplateResponse(const CfnTemplate& tmpl) {
  Json params = Json::array();
  for (const CfnParameter& p : tmpl.parameters) {
    Json item = {{"ParameterKey", p.name}, {"NoEcho", p.no_echo}, {"Description", p.description}};
    if (p.default_value) item["DefaultValue"] = *p.default_value;
    params.push_back(std::move(item));
  }
  Json out = {{"Parameters", std::move(params)}, {"DeclaredTransforms", tmpl.transforms}};
  if (!tmpl.description.empty()) out["Description"] = tmpl.description;
  const CfnCapabilityNeed need = RequiredCapabilities(tmpl);
  out["Capabilities"] = need.capabilities;
  if (!need.reason.empty()) out["CapabilitiesReason"] = need.reason;
  return out;
}

}  // namespace fhl
