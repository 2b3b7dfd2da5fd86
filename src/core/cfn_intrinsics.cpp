// cfn_intrinsics.cpp: CloudFormation's intrinsic functions (Ref, Fn::GetAtt, Fn::Sub, Fn::Join, ...), pseudo
// parameters and the Conditions section. Pure functions of a CfnContext: no Lab, no service, no clock.
#include <algorithm>
#include <cmath>

#include "core/base64.h"
#include "core/cfn_intrinsics.h"
#include "core/cfn_template.h"

namespace fhl {
namespace {

ApiError TemplateError(const std::string& what) { return ApiError{"ValidationError", "Template error: " + what, 400}; }

using Value = std::optional<Json>;  // nullopt: AWS::NoValue (the property or list item disappears)

Result<Value> Eval(const Json& v, const CfnContext& ctx);

// Evaluates and requires a string (numbers and booleans are taken as their text).
Result<std::string> EvalString(const Json& v, const CfnContext& ctx, const std::string& function) {
  auto r = Eval(v, ctx);
  if (!r.ok()) return r.error();
  if (!r.value()) return TemplateError("every " + function + " argument must resolve to a string");
  auto text = CfnScalarText(*r.value());
  if (!text) return TemplateError("every " + function + " argument must resolve to a string");
  return *text;
}

Result<Json> EvalList(const Json& v, const CfnContext& ctx, const std::string& function) {
  auto r = Eval(v, ctx);
  if (!r.ok()) return r.error();
  if (!r.value() || !r.value()->is_array()) return TemplateError(function + " requires a list argument");
  return *r.value();
}

Result<Value> RefOf(const std::string& name, const CfnContext& ctx) {
  if (name == "AWS::NoValue") return Value();
  if (name == "AWS::NotificationARNs") return Value(Json::array());
  if (auto it = ctx.parameters.find(name); it != ctx.parameters.end()) {
    if (ctx.list_parameters.count(name)) {
      Json list = Json::array();
      size_t start = 0;
      for (;;) {
        const size_t comma = it->second.find(',', start);
        list.push_back(it->second.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return Value(std::move(list));
    }
    return Value(Json(it->second));
  }
  if (auto it = ctx.pseudo.find(name); it != ctx.pseudo.end()) return Value(Json(it->second));
  if (ctx.ref_resource) {
    if (auto physical = ctx.ref_resource(name)) return Value(Json(*physical));
  }
  return ApiError{"ValidationError",
                  "Template format error: Unresolved resource dependencies [" + name +
                      "] in the Resources block of the template",
                  400};
}

Result<Value> GetAtt(const std::string& resource, const std::string& attribute, const CfnContext& ctx) {
  if (!ctx.get_att) return TemplateError("instance of Fn::GetAtt references undefined resource " + resource);
  auto r = ctx.get_att(resource, attribute);
  if (!r.ok()) return r.error();
  return Value(r.value());
}

Result<Value> Sub(const Json& arg, const CfnContext& ctx) {
  std::string text;
  std::map<std::string, std::string> vars;
  if (arg.is_string()) {
    text = arg.get<std::string>();
  } else if (arg.is_array() && arg.size() == 2 && arg[0].is_string() && arg[1].is_object()) {
    text = arg[0].get<std::string>();
    for (auto it = arg[1].begin(); it != arg[1].end(); ++it) {
      auto value = EvalString(it.value(), ctx, "Fn::Sub");
      if (!value.ok()) return value.error();
      vars[it.key()] = value.value();
    }
  } else {
    return TemplateError("One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string "
                         "as first argument, and an optional second argument to specify a mapping of values to "
                         "replace in the string");
  }
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find("${", i);
    const size_t close = open == std::string::npos ? std::string::npos : text.find('}', open + 2);
    if (open == std::string::npos || close == std::string::npos) {
      out.append(text, i, std::string::npos);
      break;
    }
    out.append(text, i, open - i);
    const std::string name = text.substr(open + 2, close - open - 2);
    i = close + 1;
    if (!name.empty() && name[0] == '!') {
      out += "${" + name.substr(1) + "}";
      continue;
    }
    if (auto it = vars.find(name); it != vars.end()) {
      out += it->second;
      continue;
    }
    Result<Value> value = Value();
    const size_t dot = name.find('.');
    if (dot != std::string::npos && name.rfind("AWS::", 0) != 0) {
      value = GetAtt(name.substr(0, dot), name.substr(dot + 1), ctx);
    } else {
      if (ctx.list_parameters.count(name)) {
        return TemplateError("variable " + name + " in Fn::Sub expression is a list; Fn::Sub only substitutes strings");
      }
      value = RefOf(name, ctx);
    }
    if (!value.ok()) return value.error();
    if (!value.value()) continue;
    auto piece = CfnScalarText(*value.value());
    if (!piece) return TemplateError("variable " + name + " in Fn::Sub expression does not resolve to a string");
    out += *piece;
  }
  return Value(Json(out));
}

Result<bool> EvalCondition(const Json& expr, const CfnContext& ctx, const Json& conditions,
                           std::map<std::string, bool>* done, std::set<std::string>* visiting);

Result<bool> NamedCondition(const std::string& name, const CfnContext& ctx, const Json& conditions,
                            std::map<std::string, bool>* done, std::set<std::string>* visiting) {
  if (auto it = done->find(name); it != done->end()) return it->second;
  if (auto it = ctx.conditions.find(name); it != ctx.conditions.end()) return it->second;
  if (!conditions.is_object() || !conditions.contains(name)) {
    return TemplateError("unresolved condition dependency " + name + " in Fn::If");
  }
  if (visiting->count(name)) return TemplateError("circular condition dependency " + name);
  visiting->insert(name);
  auto r = EvalCondition(conditions[name], ctx, conditions, done, visiting);
  visiting->erase(name);
  if (!r.ok()) return r;
  (*done)[name] = r.value();
  return r;
}

Result<bool> EvalCondition(const Json& expr, const CfnContext& ctx, const Json& conditions,
                           std::map<std::string, bool>* done, std::set<std::string>* visiting) {
  if (!expr.is_object() || expr.size() != 1) {
    return TemplateError("Conditions can only be boolean operations on parameters and other conditions");
  }
  const std::string key = expr.begin().key();
  const Json& arg = expr.begin().value();
  if (key == "Condition") {
    if (!arg.is_string()) return TemplateError("Condition must be a string");
    return NamedCondition(arg.get<std::string>(), ctx, conditions, done, visiting);
  }
  if (key == "Fn::Equals") {
    if (!arg.is_array() || arg.size() != 2) return TemplateError("every Fn::Equals object requires a list of 2 string parameters.");
    Json sides[2];
    for (int i = 0; i < 2; ++i) {
      auto v = Eval(arg[i], ctx);
      if (!v.ok()) return v.error();
      sides[i] = v.value() ? *v.value() : Json();
      if (auto t = CfnScalarText(sides[i])) sides[i] = *t;
    }
    return sides[0] == sides[1];
  }
  if (key == "Fn::Not") {
    if (!arg.is_array() || arg.size() != 1) return TemplateError("Fn::Not requires a list argument with one function token");
    auto r = EvalCondition(arg[0], ctx, conditions, done, visiting);
    if (!r.ok()) return r;
    return !r.value();
  }
  if (key == "Fn::And" || key == "Fn::Or") {
    if (!arg.is_array() || arg.size() < 2 || arg.size() > 10) {
      return TemplateError(key + " requires a list argument with between 2 and 10 function tokens");
    }
    const bool is_and = key == "Fn::And";
    bool result = is_and;
    for (const Json& item : arg) {
      auto r = EvalCondition(item, ctx, conditions, done, visiting);
      if (!r.ok()) return r;
      result = is_and ? (result && r.value()) : (result || r.value());
    }
    return result;
  }
  return TemplateError("Conditions can only be boolean operations on parameters and other conditions");
}

Result<Value> Intrinsic(const std::string& key, const Json& arg, const CfnContext& ctx) {
  if (key == "Ref") {
    if (!arg.is_string()) return ApiError{"ValidationError", "Template format error: Every Ref object must have a single String value.", 400};
    return RefOf(arg.get<std::string>(), ctx);
  }
  if (key == "Fn::GetAtt") {
    if (arg.is_string()) {
      const std::string s = arg.get<std::string>();
      const size_t dot = s.find('.');
      if (dot != std::string::npos && dot > 0 && dot + 1 < s.size()) return GetAtt(s.substr(0, dot), s.substr(dot + 1), ctx);
    } else if (arg.is_array() && arg.size() == 2 && arg[0].is_string()) {
      auto attribute = EvalString(arg[1], ctx, "Fn::GetAtt");
      if (!attribute.ok()) return attribute.error();
      return GetAtt(arg[0].get<std::string>(), attribute.value(), ctx);
    }
    return TemplateError("every Fn::GetAtt object requires two non-empty parameters, the resource name and the "
                         "resource attribute");
  }
  if (key == "Fn::Sub") return Sub(arg, ctx);
  if (key == "Fn::Join") {
    if (!arg.is_array() || arg.size() != 2 || !arg[0].is_string()) {
      return TemplateError("every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of "
                           "strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to "
                           "be joined.");
    }
    auto list = EvalList(arg[1], ctx, "Fn::Join");
    if (!list.ok()) return list.error();
    std::string out;
    bool first = true;
    for (const Json& item : list.value()) {
      auto text = CfnScalarText(item);
      if (!text) return TemplateError("every Fn::Join object requires a list of strings to be joined");
      out += (first ? "" : arg[0].get<std::string>()) + *text;
      first = false;
    }
    return Value(Json(out));
  }
  if (key == "Fn::Select") {
    if (!arg.is_array() || arg.size() != 2) {
      return TemplateError("Fn::Select requires a list argument with two elements: an integer index and a list");
    }
    auto index_text = EvalString(arg[0], ctx, "Fn::Select");
    if (!index_text.ok()) return index_text.error();
    const std::string& s = index_text.value();
    if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) || s.size() > 9) {
      return TemplateError("Fn::Select requires a list argument with two elements: an integer index and a list");
    }
    const size_t index = static_cast<size_t>(std::stoul(s));
    auto list = EvalList(arg[1], ctx, "Fn::Select");
    if (!list.ok()) return list.error();
    if (index >= list.value().size()) return TemplateError("Fn::Select cannot select nonexistent value at index " + s);
    return Value(list.value()[index]);
  }
  if (key == "Fn::Split") {
    if (!arg.is_array() || arg.size() != 2 || !arg[0].is_string() || arg[0].get<std::string>().empty()) {
      return TemplateError("every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string "
                           "to be split or a function that returns a string to be split.");
    }
    auto text = EvalString(arg[1], ctx, "Fn::Split");
    if (!text.ok()) return text.error();
    const std::string delimiter = arg[0].get<std::string>();
    Json out = Json::array();
    size_t start = 0;
    for (;;) {
      const size_t at = text.value().find(delimiter, start);
      out.push_back(text.value().substr(start, at == std::string::npos ? std::string::npos : at - start));
      if (at == std::string::npos) break;
      start = at + delimiter.size();
    }
    return Value(std::move(out));
  }
  if (key == "Fn::If") {
    if (!arg.is_array() || arg.size() != 3 || !arg[0].is_string()) {
      return TemplateError("Fn::If requires a list argument with three elements");
    }
    auto it = ctx.conditions.find(arg[0].get<std::string>());
    if (it == ctx.conditions.end()) {
      return TemplateError("unresolved condition dependency " + arg[0].get<std::string>() + " in Fn::If");
    }
    return Eval(arg[it->second ? 1 : 2], ctx);
  }
  if (key == "Fn::Equals" || key == "Fn::And" || key == "Fn::Or" || key == "Fn::Not") {
    std::map<std::string, bool> done;
    std::set<std::string> visiting;
    auto r = EvalCondition(Json{{key, arg}}, ctx, Json::object(), &done, &visiting);
    if (!r.ok()) return r.error();
    return Value(Json(r.value() ? "true" : "false"));
  }
  if (key == "Fn::Base64") {
    auto text = EvalString(arg, ctx, "Fn::Base64");
    if (!text.ok()) return text.error();
    return Value(Json(Base64Encode(text.value())));
  }
  if (key == "Fn::GetAZs") {
    auto region = EvalString(arg, ctx, "Fn::GetAZs");
    if (!region.ok()) return region.error();
    std::string r = region.value();
    if (r.empty()) {
      auto it = ctx.pseudo.find("AWS::Region");
      r = it == ctx.pseudo.end() ? "us-east-1" : it->second;
    }
    const std::string letters = r == "us-east-1" ? "abcdef" : "abc";
    Json out = Json::array();
    for (char c : letters) out.push_back(r + c);
    return Value(std::move(out));
  }
  if (key == "Fn::FindInMap") {
    if (!arg.is_array() || arg.size() != 3) {
      return TemplateError("every Fn::FindInMap object requires three parameters, the map name, map key and the "
                           "attribute for return value");
    }
    std::string keys[3];
    for (int i = 0; i < 3; ++i) {
      auto k = EvalString(arg[i], ctx, "Fn::FindInMap");
      if (!k.ok()) return k.error();
      keys[i] = k.value();
    }
    const Json& m = ctx.mappings;
    if (!m.is_object() || !m.contains(keys[0])) return TemplateError("Mapping named '" + keys[0] + "' is not present in the 'Mappings' section of template.");
    const Json& top = m[keys[0]];
    if (!top.is_object() || !top.contains(keys[1]) || !top[keys[1]].is_object() || !top[keys[1]].contains(keys[2])) {
      return TemplateError("Unable to get mapping for " + keys[0] + "::" + keys[1] + "::" + keys[2]);
    }
    return Value(top[keys[1]][keys[2]]);
  }
  return TemplateError(key + " is not supported in this lab.");
}

bool IsIntrinsicKey(const std::string& key) {
  return key == "Ref" || key == "Condition" || key.rfind("Fn::", 0) == 0;
}

Result<Value> Eval(const Json& v, const CfnContext& ctx) {
  if (v.is_object()) {
    if (v.size() == 1 && IsIntrinsicKey(v.begin().key()) && v.begin().key() != "Condition") {
      return Intrinsic(v.begin().key(), v.begin().value(), ctx);
    }
    Json out = Json::object();
    for (auto it = v.begin(); it != v.end(); ++it) {
      auto r = Eval(it.value(), ctx);
      if (!r.ok()) return r;
      if (r.value()) out[it.key()] = std::move(*r.value());
    }
    return Value(std::move(out));
  }
  if (v.is_array()) {
    Json out = Json::array();
    for (const Json& item : v) {
      auto r = Eval(item, ctx);
      if (!r.ok()) return r;
      if (r.value()) out.push_back(std::move(*r.value()));
    }
    return Value(std::move(out));
  }
  return Value(v);
}

}  // namespace

std::vector<std::string> SubVariableNames(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  for (;;) {
    const size_t open = text.find("${", i);
    if (open == std::string::npos) break;
    const size_t close = text.find('}', open + 2);
    if (close == std::string::npos) break;
    std::string name = text.substr(open + 2, close - open - 2);
    if (!name.empty() && name[0] != '!') out.push_back(std::move(name));
    i = close + 1;
  }
  return out;
}

std::optional<std::string> CfnScalarText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return std::string(v.get<bool>() ? "true" : "false");
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  if (v.is_number_float()) return DumpJson(v);
  return std::nullopt;
}

Result<Json> ResolveValue(const Json& value, const CfnContext& ctx) {
  auto r = Eval(value, ctx);
  if (!r.ok()) return r.error();
  if (!r.value()) return Json();  // the whole value was AWS::NoValue
  return std::move(*r.value());
}

Result<std::map<std::string, bool>> EvaluateConditions(const CfnTemplate& tmpl, const CfnContext& ctx) {
  std::map<std::string, bool> done;
  std::set<std::string> visiting;
  for (auto it = tmpl.conditions.begin(); it != tmpl.conditions.end(); ++it) {
    auto r = NamedCondition(it.key(), ctx, tmpl.conditions, &done, &visiting);
    if (!r.ok()) return r.error();
  }
  return done;
}

}  // namespace fhl
