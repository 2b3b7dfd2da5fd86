// fake_cloudformation.h: an in-test stand-in for the lab's CloudFormation service (ValidateTemplate, CreateStack,
// UpdateStack, DeleteStack, DescribeStacks, DescribeStackEvents, DescribeStackResources, GetTemplate, ListStacks)
// with boto3's shapes and ISO-8601 timestamps (as the core's cfn_api answers); stacks move one resource event per Work() step, as the core's
// service moves them with simulated time. Every other call goes to FakeAws.
#pragma once

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/sim_time.h"
#include "fake_aws.h"

namespace fhl::ui::testing {

// A lab-like template: three parameters, a named IAM role (CAPABILITY_NAMED_IAM), a stream with BufferingHints on
// lines 31-34, Glue database and table, two outputs.
inline const char* const kTestTemplate = R"json({
  "AWSTemplateFormatVersion": "2010-09-09",
  "Description": "Firehose lab: S3 bucket, delivery role, Firehose stream and Glue table.",
  "Parameters": {
    "StreamName": {
      "Type": "String",
      "Default": "ie-tech-mba-stream",
      "Description": "Name of the Firehose stream."
    },
    "BufferIntervalSeconds": {
      "Type": "Number",
      "Default": "60",
      "Description": "Firehose buffer interval in seconds (0-900)."
    },
    "BufferSizeMiB": {
      "Type": "Number",
      "Default": "1",
      "Description": "Firehose buffer size in MiB (1-128)."
    }
  },
  "Resources": {
    "Bucket": { "Type": "AWS::S3::Bucket" },
    "DeliveryRole": {
      "Type": "AWS::IAM::Role",
      "Properties": { "RoleName": "firehose-lab-delivery-role", "AssumeRolePolicyDocument": {} }
    },
    "DeliveryStream": {
      "Type": "AWS::KinesisFirehose::DeliveryStream",
      "Properties": {
        "DeliveryStreamName": { "Ref": "StreamName" },
        "ExtendedS3DestinationConfiguration": {
          "BucketARN": { "Fn::GetAtt": ["Bucket", "Arn"] },
          "RoleARN": { "Fn::GetAtt": ["DeliveryRole", "Arn"] },
          "BufferingHints": {
            "IntervalInSeconds": { "Ref": "BufferIntervalSeconds" },
            "SizeInMBs": { "Ref": "BufferSizeMiB" }
          },
          "Prefix": "stocks/"
        }
      }
    },
    "Database": { "Type": "AWS::Glue::Database", "Properties": { "DatabaseInput": { "Name": "stocks" } } },
    "Table": { "Type": "AWS::Glue::Table", "Properties": { "DatabaseName": { "Ref": "Database" } } }
  },
  "Outputs": {
    "StreamName": { "Value": { "Ref": "DeliveryStream" }, "Description": "The lab's Firehose stream." },
    "BucketName": { "Value": { "Ref": "Bucket" }, "Description": "Where Firehose writes objects." }
  }
})json";

class FakeCloudFormation {
 public:
  struct Resource {
    std::string logical, physical, type, status, reason;
    double timestamp = 0;
  };
  struct Stack {
    std::string id, name, status, reason, template_body, description;
    std::vector<std::pair<std::string, std::string>> parameters;
    std::vector<std::string> capabilities;
    double created_s = 0, updated_s = 0, deleted_s = 0;
    std::vector<Json> events;  // oldest first
    std::vector<Resource> resources;
    std::vector<Json> outputs;
    size_t cursor = 0;  // next resource to move
    int phase = 0;      // 0: CREATE_IN_PROGRESS event, 1: "Resource creation Initiated", 2: CREATE_COMPLETE
  };

  FakeAws aws;
  std::vector<Stack> stacks;
  std::optional<ApiError> validate_error;  // ValidateTemplate fails with this (until reset)
  std::string fail_resource;               // creating this logical id fails (stack rolls back)
  Json last_validate, last_create, last_update, last_delete;
  int event_counter = 0;

  ApiCache MakeCache() {
    return ApiCache([this](std::string_view s, std::string_view a, const Json& r) { return Call(s, a, r); },
                    [this]() { return aws.generation; });
  }
  int CountCalls(const std::string& name) const { return aws.CountCalls(name); }

  Stack* Find(const std::string& name_or_id, bool include_deleted) {
    for (auto it = stacks.rbegin(); it != stacks.rend(); ++it) {
      if (it->id == name_or_id) return &*it;
      if (it->name == name_or_id && (include_deleted || it->status != "DELETE_COMPLETE")) return &*it;
    }
    return nullptr;
  }

  // One step of stack work (one event) for every unfinished stack, one simulated second later.
  void Work() {
    for (Stack& s : stacks) {
      if (s.status.size() < 12 || s.status.substr(s.status.size() - 12) != "_IN_PROGRESS") continue;
      aws.now_s += 1;
      ++aws.generation;
      Step(s);
    }
  }
  void WorkUntilDone(int max_steps = 100) {
    for (int i = 0; i < max_steps; ++i) Work();
  }

  Response Call(std::string_view service, std::string_view action, const Json& r) {
    if (service != "CloudFormation") return aws.Call(service, action, r);
    std::string name = "CloudFormation." + std::string(action);
    aws.calls.push_back(name);
    auto f = aws.failures.find(name);
    if (f != aws.failures.end()) return Response{Json::object(), f->second};
    if (action == "ValidateTemplate") return Validate(r);
    if (action == "CreateStack") return Create(r);
    if (action == "UpdateStack") return Update(r);
    if (action == "DeleteStack") return Delete(r);
    if (action == "ListStacks") {
      Json list = Json::array();
      for (auto it = stacks.rbegin(); it != stacks.rend(); ++it) {
        Json s = {{"StackId", it->id}, {"StackName", it->name}, {"StackStatus", it->status},
                  {"CreationTime", Iso(it->created_s)}, {"TemplateDescription", it->description}};
        if (!it->reason.empty()) s["StackStatusReason"] = it->reason;
        if (it->deleted_s > 0) s["DeletionTime"] = Iso(it->deleted_s);
        list.push_back(s);
      }
      return Response::Ok({{"StackSummaries", list}});
    }
    Stack* s = Find(Str(r, "StackName"), /*include_deleted=*/Str(r, "StackName").rfind("arn:", 0) == 0);
    if (!s) return Response::Fail("ValidationError", "Stack with id " + Str(r, "StackName") + " does not exist");
    if (action == "DescribeStacks") return Response::Ok({{"Stacks", Json::array({Describe(*s)})}});
    if (action == "DescribeStackEvents") {
      Json events = Json::array();
      for (auto it = s->events.rbegin(); it != s->events.rend(); ++it) events.push_back(*it);
      return Response::Ok({{"StackEvents", events}});
    }
    if (action == "DescribeStackResources") {
      Json list = Json::array();
      for (const Resource& res : s->resources) {
        if (res.status.empty()) continue;
        Json j = {{"StackName", s->name}, {"StackId", s->id}, {"LogicalResourceId", res.logical},
                  {"ResourceType", res.type}, {"ResourceStatus", res.status}, {"Timestamp", Iso(res.timestamp)}};
        if (!res.physical.empty()) j["PhysicalResourceId"] = res.physical;
        if (!res.reason.empty()) j["ResourceStatusReason"] = res.reason;
        list.push_back(j);
      }
      return Response::Ok({{"StackResources", list}});
    }
    if (action == "GetTemplate")
      return Response::Ok({{"TemplateBody", s->template_body}, {"StagesAvailable", Json::array({"Original", "Processed"})}});
    return UnknownOperation(service, action);
  }

 private:
  static std::string Iso(double epoch_s) { return FormatIso8601(FromEpochSeconds(epoch_s)); }

  static std::string Str(const Json& j, const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  }

  static std::string ScalarText(const Json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
    if (v.is_number()) return DumpJson(v);
    return std::string();
  }

  // ValidateTemplate's body for a parsed template (Parameters, Capabilities, Description).
  static Json ValidateBody(const Json& t) {
    Json params = Json::array();
    if (t.contains("Parameters") && t["Parameters"].is_object()) {
      for (auto it = t["Parameters"].begin(); it != t["Parameters"].end(); ++it) {
        Json p = {{"ParameterKey", it.key()}, {"NoEcho", it->is_object() && it->value("NoEcho", false)}};
        if (it->is_object() && it->contains("Default")) p["DefaultValue"] = ScalarText((*it)["Default"]);
        if (it->is_object() && it->contains("Description")) p["Description"] = (*it)["Description"];
        params.push_back(p);
      }
    }
    Json body = {{"Parameters", params}};
    if (t.contains("Description") && t["Description"].is_string()) body["Description"] = t["Description"];
    bool iam = false, named = false;
    if (t.contains("Resources") && t["Resources"].is_object()) {
      for (const Json& res : t["Resources"]) {
        if (!res.is_object() || res.value("Type", std::string()).rfind("AWS::IAM::", 0) != 0) continue;
        iam = true;
        named = named || (res.contains("Properties") && res["Properties"].is_object() && res["Properties"].contains("RoleName"));
      }
    }
    if (iam) {
      body["Capabilities"] = Json::array({named ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM"});
      body["CapabilitiesReason"] = "The following resource(s) require capabilities: [AWS::IAM::Role]";
    }
    return body;
  }

  Response Validate(const Json& r) {
    last_validate = r;
    if (validate_error) return Response{Json::object(), *validate_error};
    std::optional<Json> t = ParseJson(Str(r, "TemplateBody"));
    if (!t || !t->is_object())
      return Response::Fail("ValidationError", "Template format error: JSON not well-formed. (line 1,  column 1)");
    return Response::Ok(ValidateBody(*t));
  }

  void AddEvent(Stack& s, const std::string& logical, const std::string& physical, const std::string& type,
                const std::string& status, const std::string& reason) {
    char id[64];
    std::snprintf(id, sizeof id, "%08d-aaaa-4bbb-8ccc-dddddddddddd", ++event_counter);
    Json e = {{"StackId", s.id},        {"EventId", logical == s.name ? std::string(id) : logical + "-" + status + "-" + id},
              {"StackName", s.name},    {"LogicalResourceId", logical},
              {"PhysicalResourceId", physical}, {"ResourceType", type},
              {"Timestamp", Iso(aws.now_s)}, {"ResourceStatus", status}};
    if (!reason.empty()) e["ResourceStatusReason"] = reason;
    s.events.push_back(e);
  }

  std::string PhysicalId(const Stack& s, const std::string& logical, const std::string& type) const {
    if (type == "AWS::S3::Bucket") return aws.bucket;
    if (type == "AWS::KinesisFirehose::DeliveryStream") {
      for (const auto& [k, v] : s.parameters)
        if (k == "StreamName") return v;
      return s.name + "-" + logical + "-1ABCD2EF3GHIJ";
    }
    if (type == "AWS::IAM::Role") return "firehose-lab-delivery-role";
    if (type == "AWS::Glue::Database") return "stocks";
    if (type == "AWS::Glue::Table") return "stock_ticks";
    return s.name + "-" + logical + "-X1Y2Z3";
  }

  void Step(Stack& s) {
    const std::string stack_type = "AWS::CloudFormation::Stack";
    if (s.status == "CREATE_IN_PROGRESS") {
      if (s.cursor >= s.resources.size()) {
        s.status = "CREATE_COMPLETE";
        s.reason.clear();
        AddEvent(s, s.name, s.id, stack_type, s.status, "");
        return;
      }
      Resource& res = s.resources[s.cursor];
      res.timestamp = aws.now_s;
      if (res.logical == fail_resource && s.phase == 1) {
        res.status = "CREATE_FAILED";
        res.reason = "Resource handler returned message: \"Access denied for operation 'CreateDeliveryStream'.\"";
        AddEvent(s, res.logical, res.physical, res.type, res.status, res.reason);
        s.status = "ROLLBACK_IN_PROGRESS";
        s.reason = "The following resource(s) failed to create: [" + res.logical + "]. Rollback requested by user.";
        AddEvent(s, s.name, s.id, stack_type, s.status, s.reason);
        return;
      }
      if (s.phase == 0) {
        res.status = "CREATE_IN_PROGRESS";
        AddEvent(s, res.logical, "", res.type, res.status, "");
        s.phase = 1;
      } else if (s.phase == 1) {
        res.physical = PhysicalId(s, res.logical, res.type);
        AddEvent(s, res.logical, res.physical, res.type, "CREATE_IN_PROGRESS", "Resource creation Initiated");
        s.phase = 2;
      } else {
        res.status = "CREATE_COMPLETE";
        AddEvent(s, res.logical, res.physical, res.type, res.status, "");
        s.phase = 0;
        ++s.cursor;
      }
      return;
    }
    if (s.status == "ROLLBACK_IN_PROGRESS" || s.status == "DELETE_IN_PROGRESS") {
      const bool rollback = s.status == "ROLLBACK_IN_PROGRESS";
      for (auto it = s.resources.rbegin(); it != s.resources.rend(); ++it) {
        if (it->status == "CREATE_COMPLETE" || it->status == "UPDATE_COMPLETE" || it->status == "CREATE_FAILED") {
          it->status = "DELETE_COMPLETE";
          it->timestamp = aws.now_s;
          AddEvent(s, it->logical, it->physical, it->type, it->status, "");
          return;
        }
      }
      s.status = rollback ? "ROLLBACK_COMPLETE" : "DELETE_COMPLETE";
      if (!rollback) s.deleted_s = aws.now_s;
      AddEvent(s, s.name, s.id, stack_type, s.status, "");
      return;
    }
    if (s.status == "UPDATE_IN_PROGRESS") {
      s.status = "UPDATE_COMPLETE";
      s.updated_s = aws.now_s;
      AddEvent(s, s.name, s.id, stack_type, s.status, "");
    }
  }

  // Resolves request Parameters against the template (defaults, UsePreviousValue); error text as CloudFormation's.
  std::optional<ApiError> ResolveParams(const Json& t, const Json& request, const Stack* previous,
                                        std::vector<std::pair<std::string, std::string>>& out) {
    std::map<std::string, std::string> given;
    if (request.contains("Parameters") && request["Parameters"].is_array()) {
      for (const Json& p : request["Parameters"]) {
        std::string key = Str(p, "ParameterKey");
        if (p.value("UsePreviousValue", false) && previous) {
          for (const auto& [k, v] : previous->parameters)
            if (k == key) given[key] = v;
        } else {
          given[key] = Str(p, "ParameterValue");
        }
      }
    }
    const Json params = t.contains("Parameters") && t["Parameters"].is_object() ? t["Parameters"] : Json::object();
    for (const auto& [k, v] : given)
      if (!params.contains(k)) return ApiError{"ValidationError", "Parameters: [" + k + "] do not exist in the template", 400};
    for (auto it = params.begin(); it != params.end(); ++it) {
      auto g = given.find(it.key());
      if (g != given.end()) {
        out.emplace_back(it.key(), g->second);
      } else if (it->is_object() && it->contains("Default")) {
        out.emplace_back(it.key(), ScalarText((*it)["Default"]));
      } else {
        return ApiError{"ValidationError", "Parameters: [" + it.key() + "] must have values", 400};
      }
    }
    return std::nullopt;
  }

  std::optional<ApiError> CheckCapabilities(const Json& t, const Json& r) {
    Json body = ValidateBody(t);
    if (!body.contains("Capabilities")) return std::nullopt;
    std::string need = body["Capabilities"][0].get<std::string>();
    bool ok = false;
    if (r.contains("Capabilities") && r["Capabilities"].is_array())
      for (const Json& c : r["Capabilities"]) ok = ok || c == need || (need == "CAPABILITY_IAM" && c == "CAPABILITY_NAMED_IAM");
    if (ok) return std::nullopt;
    return ApiError{"InsufficientCapabilitiesException", "Requires capabilities : [" + need + "]", 400};
  }

  Response Create(const Json& r) {
    last_create = r;
    std::string name = Str(r, "StackName");
    if (Find(name, false)) return Response::Fail("AlreadyExistsException", "Stack [" + name + "] already exists");
    std::optional<Json> t = ParseJson(Str(r, "TemplateBody"));
    if (!t || !t->is_object()) return Response::Fail("ValidationError", "Template format error: JSON not well-formed. (line 1,  column 1)");
    if (auto e = CheckCapabilities(*t, r)) return Response{Json::object(), *e};
    Stack s;
    if (auto e = ResolveParams(*t, r, nullptr, s.parameters)) return Response{Json::object(), *e};
    char id[160];
    std::snprintf(id, sizeof id, "arn:aws:cloudformation:us-east-1:123456789012:stack/%s/%08zx-1111-4222-8333-444455556666",
                  name.c_str(), stacks.size() + 1);
    s.id = id;
    s.name = name;
    s.status = "CREATE_IN_PROGRESS";
    s.reason = "User Initiated";
    s.template_body = Str(r, "TemplateBody");
    s.description = t->value("Description", std::string());
    s.created_s = aws.now_s;
    if (r.contains("Capabilities") && r["Capabilities"].is_array())
      for (const Json& c : r["Capabilities"]) s.capabilities.push_back(c.get<std::string>());
    if (t->contains("Resources") && (*t)["Resources"].is_object())
      for (auto it = (*t)["Resources"].begin(); it != (*t)["Resources"].end(); ++it)
        s.resources.push_back(Resource{it.key(), "", it->value("Type", std::string()), "", "", 0});
    AddEvent(s, s.name, s.id, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated");
    stacks.push_back(s);
    ++aws.generation;
    return Response::Ok({{"StackId", s.id}});
  }

  Response Update(const Json& r) {
    last_update = r;
    Stack* s = Find(Str(r, "StackName"), false);
    if (!s) return Response::Fail("ValidationError", "Stack [" + Str(r, "StackName") + "] does not exist");
    std::string body = r.value("UsePreviousTemplate", false) ? s->template_body : Str(r, "TemplateBody");
    std::optional<Json> t = ParseJson(body);
    if (!t || !t->is_object()) return Response::Fail("ValidationError", "Template format error: JSON not well-formed. (line 1,  column 1)");
    if (auto e = CheckCapabilities(*t, r)) return Response{Json::object(), *e};
    std::vector<std::pair<std::string, std::string>> params;
    if (auto e = ResolveParams(*t, r, s, params)) return Response{Json::object(), *e};
    if (params == s->parameters && body == s->template_body)
      return Response::Fail("ValidationError", "No updates are to be performed.");
    s->parameters = params;
    s->template_body = body;
    s->status = "UPDATE_IN_PROGRESS";
    s->reason = "User Initiated";
    AddEvent(*s, s->name, s->id, "AWS::CloudFormation::Stack", s->status, "User Initiated");
    ++aws.generation;
    return Response::Ok({{"StackId", s->id}});
  }

  Response Delete(const Json& r) {
    last_delete = r;
    Stack* s = Find(Str(r, "StackName"), false);
    if (!s) return Response::Ok(Json::object());  // deleting a stack that does not exist succeeds
    s->status = "DELETE_IN_PROGRESS";
    s->reason = "User Initiated";
    AddEvent(*s, s->name, s->id, "AWS::CloudFormation::Stack", s->status, "User Initiated");
    ++aws.generation;
    return Response::Ok(Json::object());
  }

  Json Describe(const Stack& s) const {
    Json params = Json::array();
    for (const auto& [k, v] : s.parameters) params.push_back({{"ParameterKey", k}, {"ParameterValue", v}});
    Json outputs = Json::array();
    if (s.status == "CREATE_COMPLETE" || s.status == "UPDATE_COMPLETE") {
      for (const Resource& res : s.resources) {
        if (res.logical == "DeliveryStream")
          outputs.push_back({{"OutputKey", "StreamName"}, {"OutputValue", res.physical}, {"Description", "The lab's Firehose stream."}});
        if (res.logical == "Bucket")
          outputs.push_back({{"OutputKey", "BucketName"}, {"OutputValue", res.physical}, {"Description", "Where Firehose writes objects."}});
      }
    }
    Json j = {{"StackId", s.id},
              {"StackName", s.name},
              {"Description", s.description},
              {"Parameters", params},
              {"CreationTime", Iso(s.created_s)},
              {"StackStatus", s.status},
              {"DisableRollback", false},
              {"Capabilities", s.capabilities},
              {"Outputs", outputs},
              {"EnableTerminationProtection", false}};
    if (!s.reason.empty()) j["StackStatusReason"] = s.reason;
    if (s.updated_s > 0) j["LastUpdatedTime"] = Iso(s.updated_s);
    if (s.deleted_s > 0) j["DeletionTime"] = Iso(s.deleted_s);
    return j;
  }
};

}  // namespace fhl::ui::testing
