// cfn_stack_service_test.cpp: the CloudFormation stack service over simulated time (cfn_stack_service.h) with fake
// resource types injected through the lookup: event sequences and times, rollback, update, delete, persistence.
// The CfnStackTest suite does not depend on the real resource handlers or the Lab; CfnLab checks the wiring into
// Lab::Call with the real handlers.
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "core/cfn_stack_service.h"
#include "core/lab.h"
#include "core/lab_template.h"
#include "core/rng.h"

namespace fhl {
namespace {

constexpr TimeUs kT0 = 1773480360LL * kUsPerSecond;  // 2026-03-14T09:26:00Z

TimeUs At(double seconds) { return kT0 + static_cast<TimeUs>(seconds * kUsPerSecond); }

// Fake resource types. Test::Thing: 2 s to create, 1 s to delete, a Name change is a replacement; FailDelete: true
// makes delete fail. Test::Slow: 3 s. Test::Fail: create fails. Test::BadUpdate: in-place updates fail.
struct FakeWorld {
  std::vector<std::string> log;
  int counter = 0;
  std::map<std::string, CfnResourceType> types;
  std::function<void()> on_create;  // e.g. re-enter the service like Lab::Call does

  FakeWorld() {
    CfnResourceType thing;
    thing.type = "Test::Thing";
    thing.create_seconds = 2;
    thing.delete_seconds = 1;
    thing.create = [this](CfnResourceContext& ctx, const std::string& id, const Json& props) -> Result<CfnProvisioned> {
      if (on_create) on_create();
      CfnProvisioned p;
      p.physical_id = ctx.stack_name + "-" + id + "-" + std::to_string(++counter);
      p.attributes = {{"Arn", "arn:test:::" + p.physical_id}};
      log.push_back("create " + id + " " + DumpJson(props));
      return p;
    };
    thing.update_kind = [](const Json& old_props, const Json& new_props) {
      return old_props.value("Name", "") != new_props.value("Name", "") ? CfnUpdateKind::kReplacement
                                                                          : CfnUpdateKind::kNoInterruption;
    };
    thing.update = [this](CfnResourceContext&, const std::string& id, const CfnProvisioned& current, const Json&,
                          const Json& new_props) -> Result<CfnProvisioned> {
      log.push_back("update " + id + " " + current.physical_id + " " + DumpJson(new_props));
      return current;
    };
    thing.remove = [this](CfnResourceContext&, const CfnProvisioned& current, const Json& props) -> Status {
      if (props.value("FailDelete", false)) {
        return ApiError{"BucketNotEmpty", "The bucket you tried to delete is not empty", 409};
      }
      log.push_back("delete " + current.physical_id);
      return Status::Ok();
    };
    types[thing.type] = thing;
    CfnResourceType slow = thing;
    slow.type = "Test::Slow";
    slow.create_seconds = 3;
    types[slow.type] = slow;
    CfnResourceType fail = thing;
    fail.type = "Test::Fail";
    fail.create = [](CfnResourceContext&, const std::string&, const Json&) -> Result<CfnProvisioned> {
      return ApiError{"InvalidRequest", "Resource handler returned message: \"boom\"", 400};
    };
    types[fail.type] = fail;
    CfnResourceType bad_update = thing;
    bad_update.type = "Test::BadUpdate";
    bad_update.update = [](CfnResourceContext&, const std::string&, const CfnProvisioned&, const Json&,
                           const Json&) -> Result<CfnProvisioned> {
      return ApiError{"InvalidRequest", "Resource handler returned message: \"no update\"", 400};
    };
    types[bad_update.type] = bad_update;
    CfnResourceType role = thing;
    role.type = "AWS::IAM::Role";
    role.create_seconds = 1;
    types[role.type] = role;
  }

  CfnService::Lookup Lookup() {
    return [this](std::string_view type) -> const CfnResourceType* {
      auto it = types.find(std::string(type));
      return it == types.end() ? nullptr : &it->second;
    };
  }
};

class CfnStackTest : public ::testing::Test {
 protected:
  CfnStackTest() : rng_(7) {
    CfnServiceOptions o;
    o.rng = &rng_;
    o.call = [](std::string_view, std::string_view, const Json&) { return Response::Ok(Json::object()); };
    svc_ = std::make_unique<CfnService>(o, world_.Lookup());
  }

  Json Ok(std::string_view action, const Json& request, TimeUs now = kT0) {
    Response r = svc_->Call(action, request, now);
    EXPECT_TRUE(r.ok()) << action << ": " << (r.error ? r.error->code + ": " + r.error->message : "");
    return r.body;
  }
  ApiError Err(std::string_view action, const Json& request, TimeUs now = kT0) {
    Response r = svc_->Call(action, request, now);
    EXPECT_FALSE(r.ok()) << action << " unexpectedly succeeded";
    return r.error.value_or(ApiError{});
  }
  Json Create(const std::string& name, const std::string& body, Json extra = Json::object(), TimeUs now = kT0) {
    extra["StackName"] = name;
    extra["TemplateBody"] = body;
    Json r = Ok("CreateStack", extra, now);
    svc_->RunDue(now);
    return r;
  }
  // "<seconds after T0> <LogicalId> <STATUS>[ <reason>]", oldest first.
  std::vector<std::string> Events(const std::string& name) {
    std::vector<std::string> out;
    const CfnStack* s = svc_->FindStack(name);
    if (!s) return out;
    for (const CfnStackEvent& e : s->events) {
      const double seconds = static_cast<double>(e.timestamp - kT0) / kUsPerSecond;
      char t[32];
      std::snprintf(t, sizeof t, "%g", seconds);
      out.push_back(std::string(t) + " " + e.logical_id + " " + e.status + (e.reason.empty() ? "" : " " + e.reason));
    }
    return out;
  }
  std::string Status(const std::string& name) {
    const CfnStack* s = svc_->FindStack(name);
    return s ? s->status : "<none>";
  }

  FakeWorld world_;
  Rng rng_;
  std::unique_ptr<CfnService> svc_;
};

const char* kThreeResources = R"({"Resources": {
  "A": {"Type": "Test::Thing", "Properties": {"Size": 1}},
  "B": {"Type": "Test::Thing", "Properties": {"Source": {"Fn::GetAtt": ["A", "Arn"]}, "Id": {"Ref": "A"}}},
  "C": {"Type": "Test::Slow"}},
  "Outputs": {"AArn": {"Value": {"Fn::GetAtt": "A.Arn"}, "Description": "arn of A", "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-A"}}},
              "BId": {"Value": {"Ref": "B"}}}})";

// [SECTION] create

TEST_F(CfnStackTest, CreateRunsInDependencyOrderWithExactTimes) {
  Json r = Create("lab", kThreeResources);
  const std::string id = r["StackId"];
  EXPECT_EQ(id.rfind("arn:aws:cloudformation:us-east-1:123456789012:stack/lab/", 0), 0u);
  EXPECT_EQ(id.size(), std::string("arn:aws:cloudformation:us-east-1:123456789012:stack/lab/").size() + 36);
  EXPECT_EQ(Status("lab"), "CREATE_IN_PROGRESS");
  EXPECT_EQ(svc_->NextEventTime(), At(2));
  svc_->RunDue(At(2) - 1);
  EXPECT_EQ(Events("lab").size(), 5u);
  svc_->RunDue(At(10));
  EXPECT_EQ(Events("lab"), (std::vector<std::string>{
                               "0 lab CREATE_IN_PROGRESS User Initiated",
                               "0 A CREATE_IN_PROGRESS",
                               "0 A CREATE_IN_PROGRESS Resource creation Initiated",
                               "0 C CREATE_IN_PROGRESS",
                               "0 C CREATE_IN_PROGRESS Resource creation Initiated",
                               "2 A CREATE_COMPLETE",
                               "2 B CREATE_IN_PROGRESS",
                               "2 B CREATE_IN_PROGRESS Resource creation Initiated",
                               "3 C CREATE_COMPLETE",
                               "4 B CREATE_COMPLETE",
                               "4 lab CREATE_COMPLETE",
                           }));
  EXPECT_FALSE(svc_->NextEventTime().has_value());
  // B's properties were resolved after A existed.
  EXPECT_EQ(world_.log[2], R"(create B {"Id":"lab-A-1","Source":"arn:test:::lab-A-1"})");
  Json d = Ok("DescribeStacks", {{"StackName", "lab"}});
  ASSERT_EQ(d["Stacks"].size(), 1u);
  const Json& s = d["Stacks"][0];
  EXPECT_EQ(s["StackStatus"], "CREATE_COMPLETE");
  EXPECT_EQ(s["CreationTime"], "2026-03-14T09:26:00.000Z");
  EXPECT_FALSE(s.contains("LastUpdatedTime"));
  EXPECT_EQ(s["Outputs"], Json::parse(R"([{"OutputKey": "AArn", "OutputValue": "arn:test:::lab-A-1",
      "Description": "arn of A", "ExportName": "lab-A"}, {"OutputKey": "BId", "OutputValue": "lab-B-3"}])"));
  // Resource event ids carry logical id, status and time; stack events a UUID.
  const CfnStack* stack = svc_->FindStack("lab");
  EXPECT_EQ(stack->events[1].event_id, "A-CREATE_IN_PROGRESS-2026-03-14T09:26:00.000Z");
  EXPECT_EQ(stack->events[2].event_id, "A-CREATE_IN_PROGRESS-2026-03-14T09:26:00.001Z");
  EXPECT_EQ(stack->events[0].event_id.size(), 36u);
}

TEST_F(CfnStackTest, DescribeStackEventsNewestFirstWithPaging) {
  std::string body = R"({"Resources": {)";
  for (int i = 0; i < 40; ++i) body += (i ? "," : "") + std::string("\"R") + std::to_string(i) + R"(": {"Type": "Test::Thing"})";
  body += "}}";
  Create("big", body);
  svc_->RunDue(At(60));
  const size_t total = Events("big").size();
  EXPECT_EQ(total, 1u + 40 * 3 + 1);
  Json page1 = Ok("DescribeStackEvents", {{"StackName", "big"}});
  ASSERT_EQ(page1["StackEvents"].size(), 100u);
  EXPECT_EQ(page1["StackEvents"][0]["ResourceStatus"], "CREATE_COMPLETE");
  EXPECT_EQ(page1["StackEvents"][0]["LogicalResourceId"], "big");
  EXPECT_EQ(page1["StackEvents"][0]["ResourceType"], "AWS::CloudFormation::Stack");
  ASSERT_TRUE(page1.contains("NextToken"));
  Json page2 = Ok("DescribeStackEvents", {{"StackName", "big"}, {"NextToken", page1["NextToken"]}});
  ASSERT_EQ(page2["StackEvents"].size(), total - 100);
  EXPECT_FALSE(page2.contains("NextToken"));
  EXPECT_EQ(page2["StackEvents"].back()["ResourceStatusReason"], "User Initiated");
}

TEST_F(CfnStackTest, FailedResourceRollsBackInReverseOrder) {
  Create("bad", R"({"Resources": {
    "A": {"Type": "Test::Thing"},
    "F": {"Type": "Test::Fail", "DependsOn": "A"},
    "C": {"Type": "Test::Slow"},
    "D": {"Type": "Test::Thing", "DependsOn": "C"}}})");
  svc_->RunDue(At(20));
  EXPECT_EQ(Events("bad"), (std::vector<std::string>{
                               "0 bad CREATE_IN_PROGRESS User Initiated",
                               "0 A CREATE_IN_PROGRESS",
                               "0 A CREATE_IN_PROGRESS Resource creation Initiated",
                               "0 C CREATE_IN_PROGRESS",
                               "0 C CREATE_IN_PROGRESS Resource creation Initiated",
                               "2 A CREATE_COMPLETE",
                               "2 F CREATE_IN_PROGRESS",
                               "2 F CREATE_FAILED Resource handler returned message: \"boom\"",
                               "2 C CREATE_FAILED Resource creation cancelled",
                               "2 bad ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [C, F]. "
                               "Rollback requested by user.",
                               "2 A DELETE_IN_PROGRESS",
                               "2 C DELETE_IN_PROGRESS",
                               "3 A DELETE_COMPLETE",
                               "3 C DELETE_COMPLETE",
                               "3 bad ROLLBACK_COMPLETE",
                           }));
  EXPECT_EQ(world_.log.back(), "delete bad-C-2");
  // Only deletable now.
  ApiError again = Err("CreateStack", {{"StackName", "bad"}, {"TemplateBody", kThreeResources}});
  EXPECT_EQ(again.code, "AlreadyExistsException");
  EXPECT_EQ(again.message, "Stack [bad] already exists");
  const std::string id = svc_->FindStack("bad")->stack_id;
  ApiError update = Err("UpdateStack", {{"StackName", "bad"}, {"TemplateBody", kThreeResources}});
  EXPECT_EQ(update.message, "Stack:" + id + " is in ROLLBACK_COMPLETE state and can not be updated.");
  Ok("DeleteStack", {{"StackName", "bad"}}, At(30));
  svc_->RunDue(At(30));
  EXPECT_EQ(Events("bad").size(), 0u);  // by name the deleted stack is gone
  EXPECT_EQ(svc_->FindStack(id)->status, "DELETE_COMPLETE");
  EXPECT_EQ(Err("DescribeStacks", {{"StackName", "bad"}}).message, "Stack with id bad does not exist");
  EXPECT_EQ(Ok("DescribeStacks", {{"StackName", id}})["Stacks"][0]["DeletionTime"], "2026-03-14T09:26:30.000Z");
  Json list = Ok("ListStacks", {{"StackStatusFilter", {"DELETE_COMPLETE"}}});
  ASSERT_EQ(list["StackSummaries"].size(), 1u);
  EXPECT_EQ(list["StackSummaries"][0]["StackId"], id);
  EXPECT_EQ(Ok("ListStacks", {{"StackStatusFilter", {"CREATE_COMPLETE"}}})["StackSummaries"].size(), 0u);
  // The name is free again.
  Create("bad", R"({"Resources": {"A": {"Type": "Test::Thing"}}})", Json::object(), At(40));
  EXPECT_NE(svc_->FindStack("bad")->stack_id, id);
}

TEST_F(CfnStackTest, OnFailureDoNothingAndDelete) {
  const char* body = R"({"Resources": {"A": {"Type": "Test::Thing"}, "F": {"Type": "Test::Fail", "DependsOn": "A"}}})";
  Create("keep", body, {{"OnFailure", "DO_NOTHING"}});
  svc_->RunDue(At(10));
  EXPECT_EQ(Status("keep"), "CREATE_FAILED");
  EXPECT_EQ(svc_->FindStack("keep")->reason, "The following resource(s) failed to create: [F]. ");
  EXPECT_EQ(svc_->FindStack("keep")->FindResource("A")->status, "CREATE_COMPLETE");
  Create("gone", body, {{"OnFailure", "DELETE"}});
  svc_->RunDue(At(10));
  EXPECT_EQ(Status("gone"), "<none>");
  EXPECT_EQ(Ok("ListStacks", {{"StackStatusFilter", {"DELETE_COMPLETE"}}})["StackSummaries"].size(), 1u);
  EXPECT_EQ(Err("CreateStack", {{"StackName", "x"}, {"TemplateBody", body}, {"OnFailure", "DELETE"}, {"DisableRollback", true}})
                .message,
            "You cannot specify both DisableRollback and OnFailure.");
}

// [SECTION] update

const char* kOne = R"({"Resources": {"A": {"Type": "Test::Thing", "Properties": {"Name": "a", "Size": 1}}}})";
const char* kOneBigger = R"({"Resources": {"A": {"Type": "Test::Thing", "Properties": {"Name": "a", "Size": 2}}}})";
const char* kOneRenamed = R"({"Resources": {"A": {"Type": "Test::Thing", "Properties": {"Name": "b", "Size": 2}}}})";

TEST_F(CfnStackTest, UpdateWithoutInterruption) {
  Create("up", kOne);
  svc_->RunDue(At(10));
  EXPECT_EQ(Err("UpdateStack", {{"StackName", "up"}, {"TemplateBody", kOne}}, At(10)).message, "No updates are to be performed.");
  EXPECT_EQ(Err("UpdateStack", {{"StackName", "up"}, {"UsePreviousTemplate", true}}, At(10)).message,
            "No updates are to be performed.");
  Ok("UpdateStack", {{"StackName", "up"}, {"TemplateBody", kOneBigger}}, At(10));
  svc_->RunDue(At(20));
  const std::vector<std::string> events = Events("up");
  EXPECT_EQ(std::vector<std::string>(events.begin() + 5, events.end()),
            (std::vector<std::string>{"10 up UPDATE_IN_PROGRESS User Initiated", "10 A UPDATE_IN_PROGRESS",
                                      "12 A UPDATE_COMPLETE", "12 up UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
                                      "12 up UPDATE_COMPLETE"}));
  EXPECT_EQ(world_.log.back(), R"(update A up-A-1 {"Name":"a","Size":2})");
  EXPECT_EQ(svc_->FindStack("up")->FindResource("A")->current.physical_id, "up-A-1");
  EXPECT_EQ(Ok("DescribeStacks", {{"StackName", "up"}})["Stacks"][0]["LastUpdatedTime"], "2026-03-14T09:26:10.000Z");
  EXPECT_EQ(Ok("GetTemplate", {{"StackName", "up"}})["TemplateBody"], kOneBigger);
}

TEST_F(CfnStackTest, UpdateWithReplacementCreatesFirstThenDeletesTheOld) {
  Create("rep", kOne);
  svc_->RunDue(At(10));
  Ok("UpdateStack", {{"StackName", "rep"}, {"TemplateBody", kOneRenamed}}, At(10));
  svc_->RunDue(At(20));
  const std::vector<std::string> events = Events("rep");
  EXPECT_EQ(std::vector<std::string>(events.begin() + 5, events.end()),
            (std::vector<std::string>{
                "10 rep UPDATE_IN_PROGRESS User Initiated",
                "10 A UPDATE_IN_PROGRESS Requested update requires the creation of a new physical resource; hence "
                "creating one.",
                "10 A UPDATE_IN_PROGRESS Resource creation Initiated", "12 A UPDATE_COMPLETE",
                "12 rep UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "12 A DELETE_IN_PROGRESS", "13 A DELETE_COMPLETE",
                "13 rep UPDATE_COMPLETE"}));
  const CfnStack* s = svc_->FindStack("rep");
  EXPECT_EQ(s->events[10].physical_id, "rep-A-1");  // the old one is deleted
  EXPECT_EQ(s->FindResource("A")->current.physical_id, "rep-A-2");
  EXPECT_EQ(s->FindResource("A")->status, "UPDATE_COMPLETE");
  EXPECT_EQ(world_.log.back(), "delete rep-A-1");
}

TEST_F(CfnStackTest, UpdateAddsAndRemovesResources) {
  Create("add", R"({"Resources": {"A": {"Type": "Test::Thing"}, "Old": {"Type": "Test::Thing"}}})");
  svc_->RunDue(At(10));
  Ok("UpdateStack", {{"StackName", "add"}, {"TemplateBody", R"({"Resources": {"A": {"Type": "Test::Thing"}, "New": {"Type": "Test::Thing"}}})"}},
     At(10));
  svc_->RunDue(At(20));
  const std::vector<std::string> events = Events("add");
  EXPECT_EQ(std::vector<std::string>(events.begin() + 8, events.end()),
            (std::vector<std::string>{"10 add UPDATE_IN_PROGRESS User Initiated", "10 New CREATE_IN_PROGRESS",
                                      "10 New CREATE_IN_PROGRESS Resource creation Initiated", "12 New CREATE_COMPLETE",
                                      "12 add UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "12 Old DELETE_IN_PROGRESS",
                                      "13 Old DELETE_COMPLETE", "13 add UPDATE_COMPLETE"}));
  const CfnStack* s = svc_->FindStack("add");
  EXPECT_EQ(s->resources.size(), 2u);
  EXPECT_EQ(s->FindResource("Old"), nullptr);
}

TEST_F(CfnStackTest, FailedUpdateRollsBackToThePreviousProperties) {
  Create("ur", kOne);
  svc_->RunDue(At(10));
  Ok("UpdateStack", {{"StackName", "ur"}, {"TemplateBody", R"({"Resources": {
        "A": {"Type": "Test::Thing", "Properties": {"Name": "a", "Size": 2}},
        "X": {"Type": "Test::Fail", "DependsOn": "A"}}})"}},
     At(10));
  svc_->RunDue(At(30));
  const std::vector<std::string> events = Events("ur");
  EXPECT_EQ(std::vector<std::string>(events.begin() + 5, events.end()),
            (std::vector<std::string>{
                "10 ur UPDATE_IN_PROGRESS User Initiated", "10 A UPDATE_IN_PROGRESS", "12 A UPDATE_COMPLETE",
                "12 X CREATE_IN_PROGRESS", "12 X CREATE_FAILED Resource handler returned message: \"boom\"",
                "12 ur UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [X]. ",
                "12 A UPDATE_IN_PROGRESS", "14 A UPDATE_COMPLETE",
                "14 ur UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "14 ur UPDATE_ROLLBACK_COMPLETE"}));
  EXPECT_EQ(world_.log.back(), R"(update A ur-A-1 {"Name":"a","Size":1})");
  const CfnStack* s = svc_->FindStack("ur");
  EXPECT_EQ(s->FindResource("A")->properties, Json::parse(R"({"Name":"a","Size":1})"));
  EXPECT_EQ(s->FindResource("X"), nullptr);
  EXPECT_EQ(s->template_body, kOne);
  // A rolled-back stack can be updated again.
  Ok("UpdateStack", {{"StackName", "ur"}, {"TemplateBody", kOneBigger}}, At(40));
}

TEST_F(CfnStackTest, FailedInPlaceUpdateIsReported) {
  Create("bu", R"({"Resources": {"A": {"Type": "Test::BadUpdate", "Properties": {"Size": 1}}}})");
  svc_->RunDue(At(10));
  Ok("UpdateStack", {{"StackName", "bu"}, {"TemplateBody", R"({"Resources": {"A": {"Type": "Test::BadUpdate", "Properties": {"Size": 2}}}})"}},
     At(10));
  svc_->RunDue(At(30));
  const std::vector<std::string> events = Events("bu");
  EXPECT_EQ(std::vector<std::string>(events.begin() + 5, events.end()),
            (std::vector<std::string>{
                "10 bu UPDATE_IN_PROGRESS User Initiated", "10 A UPDATE_IN_PROGRESS",
                "10 A UPDATE_FAILED Resource handler returned message: \"no update\"",
                "10 bu UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to update: [A]. ",
                "10 A UPDATE_IN_PROGRESS", "10 A UPDATE_COMPLETE", "10 bu UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
                "10 bu UPDATE_ROLLBACK_COMPLETE"}));
  EXPECT_EQ(svc_->FindStack("bu")->FindResource("A")->properties, Json::parse(R"({"Size":1})"));
}

// [SECTION] delete

TEST_F(CfnStackTest, DeleteInReverseOrderWithAFailingResource) {
  Create("del", R"({"Resources": {
    "Bucket": {"Type": "Test::Thing", "Properties": {"FailDelete": true}},
    "Stream": {"Type": "Test::Thing", "Properties": {"B": {"Ref": "Bucket"}}},
    "Kept": {"Type": "Test::Thing", "DeletionPolicy": "Retain"}}})");
  svc_->RunDue(At(10));
  Ok("DeleteStack", {{"StackName", "del"}}, At(10));
  svc_->RunDue(At(20));
  const std::vector<std::string> events = Events("del");
  EXPECT_EQ(std::vector<std::string>(events.begin() + 11, events.end()),
            (std::vector<std::string>{"10 del DELETE_IN_PROGRESS User Initiated", "10 Kept DELETE_SKIPPED",
                                      "10 Stream DELETE_IN_PROGRESS", "11 Stream DELETE_COMPLETE",
                                      "11 Bucket DELETE_IN_PROGRESS",
                                      "11 Bucket DELETE_FAILED The bucket you tried to delete is not empty",
                                      "11 del DELETE_FAILED The following resource(s) failed to delete: [Bucket]. "}));
  EXPECT_EQ(Err("DeleteStack", {{"StackName", "del"}, {"RetainResources", {"Nope"}}}, At(20)).code, "ValidationError");
  Ok("DeleteStack", {{"StackName", "del"}, {"RetainResources", {"Bucket"}}}, At(20));
  svc_->RunDue(At(30));
  const std::vector<std::string> after = Events("del");
  EXPECT_TRUE(after.empty());
  const CfnStack* s = svc_->List().back();
  EXPECT_EQ(s->status, "DELETE_COMPLETE");
  EXPECT_EQ(s->events.back().status, "DELETE_COMPLETE");
  EXPECT_EQ(s->events[s->events.size() - 2].logical_id, "Bucket");
  EXPECT_EQ(s->events[s->events.size() - 2].status, "DELETE_SKIPPED");
  // Deleting a stack that does not exist succeeds.
  Ok("DeleteStack", {{"StackName", "never"}});
}

// [SECTION] request validation (a failed call changes nothing)

TEST_F(CfnStackTest, CreateStackValidation) {
  Create("ok", kOne);
  const Json before = svc_->SaveState();
  const uint64_t generation = svc_->generation();
  EXPECT_EQ(Err("CreateStack", {{"StackName", "my_stack"}, {"TemplateBody", kOne}}).message,
            "1 validation error detected: Value 'my_stack' at 'stackName' failed to satisfy constraint: Member must "
            "satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
  EXPECT_NE(Err("CreateStack", {{"StackName", std::string(129, 'a')}, {"TemplateBody", kOne}}).message.find("128"),
            std::string::npos);
  EXPECT_EQ(Err("CreateStack", {{"TemplateBody", kOne}}).message,
            "1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(Err("CreateStack", {{"StackName", "ok"}, {"TemplateBody", kOne}}).code, "AlreadyExistsException");
  EXPECT_EQ(Err("CreateStack", {{"StackName", "n"}, {"TemplateBody", R"({"Resources": {"A": {"Type": "AWS::Foo::Bar"}}})"}}).message,
            "Template format error: Unrecognized resource types: [AWS::Foo::Bar]");
  EXPECT_NE(Err("CreateStack", {{"StackName", "n"}, {"TemplateBody", "Resources:\n  A:\n    Type: Test::Thing\n"}}).message.find("cfn-flip"),
            std::string::npos);
  EXPECT_EQ(Err("CreateStack", {{"StackName", "n"}, {"TemplateBody", R"({"Parameters": {"P": {"Type": "String"}},
            "Resources": {"A": {"Type": "Test::Thing"}}})"}}).message,
            "Parameters: [P] must have values");
  EXPECT_EQ(Err("CreateStack", {{"StackName", "n"}, {"TemplateBody", kOne}, {"Parameters", "x"}}).code, "SerializationException");
  EXPECT_EQ(before, svc_->SaveState());
  EXPECT_EQ(generation, svc_->generation());
}

TEST_F(CfnStackTest, Capabilities) {
  const char* unnamed = R"({"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {}}}})";
  const char* named = R"({"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "lab-role"}}}})";
  ApiError e = Err("CreateStack", {{"StackName", "s1"}, {"TemplateBody", unnamed}});
  EXPECT_EQ(e.code, "InsufficientCapabilitiesException");
  EXPECT_EQ(e.message, "Requires capabilities : [CAPABILITY_IAM]");
  EXPECT_EQ(Err("CreateStack", {{"StackName", "s1"}, {"TemplateBody", named}, {"Capabilities", {"CAPABILITY_IAM"}}}).message,
            "Requires capabilities : [CAPABILITY_NAMED_IAM]");
  EXPECT_EQ(Err("CreateStack", {{"StackName", "s1"}, {"TemplateBody", named}, {"Capabilities", {"CAPABILITY_X"}}}).code,
            "ValidationError");
  Create("s1", unnamed, {{"Capabilities", {"CAPABILITY_NAMED_IAM"}}});
  Create("s2", named, {{"Capabilities", {"CAPABILITY_NAMED_IAM"}}});
  Json v = Ok("ValidateTemplate", {{"TemplateBody", named}});
  EXPECT_EQ(v["Capabilities"], Json::array({"CAPABILITY_NAMED_IAM"}));
  EXPECT_EQ(Ok("DescribeStacks", {{"StackName", "s2"}})["Stacks"][0]["Capabilities"], Json::array({"CAPABILITY_NAMED_IAM"}));
}

TEST_F(CfnStackTest, ParametersNoEchoAndResources) {
  Create("p", R"({"Parameters": {"Size": {"Type": "Number", "Default": "5", "MaxValue": 10}, "Pw": {"Type": "String", "NoEcho": true}},
    "Resources": {"A": {"Type": "Test::Thing", "Properties": {"Size": {"Ref": "Size"}, "Pw": {"Ref": "Pw"}}}}})",
         {{"Parameters", {{{"ParameterKey", "Pw"}, {"ParameterValue", "secret"}}}}});
  svc_->RunDue(At(5));
  Json s = Ok("DescribeStacks", {{"StackName", "p"}})["Stacks"][0];
  // Parameters are listed in template order.
  EXPECT_EQ(s["Parameters"], Json::parse(R"([{"ParameterKey": "Size", "ParameterValue": "5"},
                                             {"ParameterKey": "Pw", "ParameterValue": "****"}])"));
  EXPECT_EQ(world_.log[0], R"(create A {"Pw":"secret","Size":"5"})");
  Json res = Ok("DescribeStackResources", {{"StackName", "p"}, {"LogicalResourceId", "A"}});
  ASSERT_EQ(res["StackResources"].size(), 1u);
  EXPECT_EQ(res["StackResources"][0]["PhysicalResourceId"], "p-A-1");
  EXPECT_EQ(res["StackResources"][0]["ResourceStatus"], "CREATE_COMPLETE");
  EXPECT_EQ(res["StackResources"][0]["Timestamp"], "2026-03-14T09:26:02.000Z");
  EXPECT_EQ(Ok("DescribeStackResources", {{"PhysicalResourceId", "p-A-1"}})["StackResources"][0]["LogicalResourceId"], "A");
  EXPECT_EQ(Ok("DescribeStackResources", {{"StackName", "p"}, {"LogicalResourceId", "Z"}})["StackResources"].size(), 0u);
  // UsePreviousValue keeps the secret.
  Ok("UpdateStack", {{"StackName", "p"}, {"UsePreviousTemplate", true},
                     {"Parameters", {{{"ParameterKey", "Pw"}, {"UsePreviousValue", true}}, {{"ParameterKey", "Size"}, {"ParameterValue", "7"}}}}},
     At(5));
  svc_->RunDue(At(10));
  EXPECT_EQ(world_.log.back(), R"(update A p-A-1 {"Pw":"secret","Size":"7"})");
  EXPECT_EQ(Err("UpdateStack", {{"StackName", "p"}, {"UsePreviousTemplate", true},
                                {"Parameters", {{{"ParameterKey", "Size"}, {"ParameterValue", "1"}}}}},
                At(10)).message,
            "Parameters: [Pw] must have values");
  EXPECT_EQ(Err("UpdateStack", {{"StackName", "p"}, {"UsePreviousTemplate", true},
                                {"Parameters", {{{"ParameterKey", "Size"}, {"ParameterValue", "11"}},
                                                {{"ParameterKey", "Pw"}, {"UsePreviousValue", true}}}}},
                At(10)).message,
            "Parameter 'Size' must be a number not greater than 10");
}

// [SECTION] time, re-entrancy, persistence

TEST_F(CfnStackTest, ReentrantRunDueIsSafe) {
  int reentries = 0;
  world_.on_create = [&]() {
    ++reentries;
    svc_->RunDue(At(100));  // what Lab::Call does after a handler's call
  };
  Create("re", kThreeResources);
  svc_->RunDue(At(100));
  EXPECT_EQ(reentries, 3);
  EXPECT_EQ(Status("re"), "CREATE_COMPLETE");
  EXPECT_EQ(Events("re").back(), "4 re CREATE_COMPLETE");
}

TEST_F(CfnStackTest, SaveAndLoadMidOperationBehavesIdentically) {
  Create("p1", kThreeResources);
  Create("p2", R"({"Resources": {"A": {"Type": "Test::Thing"}, "F": {"Type": "Test::Fail", "DependsOn": "A"}}})");
  svc_->RunDue(At(2.5));
  const Json saved = svc_->SaveState();
  Rng rng_copy = rng_;
  CfnServiceOptions o;
  o.rng = &rng_copy;
  CfnService other(o, world_.Lookup());
  ASSERT_TRUE(other.LoadState(saved).ok());
  EXPECT_EQ(other.SaveState(), saved);
  EXPECT_EQ(other.NextEventTime(), svc_->NextEventTime());
  svc_->RunDue(At(20));
  other.RunDue(At(20));
  EXPECT_EQ(other.SaveState(), svc_->SaveState());
  EXPECT_EQ(other.FindStack("p1")->status, "CREATE_COMPLETE");
  EXPECT_EQ(other.FindStack("p2")->status, "ROLLBACK_COMPLETE");
  // A bad state is refused and changes nothing.
  const Json good = other.SaveState();
  Json broken = saved;
  broken["stacks"][0]["events"][0]["timestamp"] = "soon";
  EXPECT_FALSE(other.LoadState(broken).ok());
  Json bad_template = saved;
  bad_template["stacks"][1]["template_body"] = "{";
  EXPECT_FALSE(other.LoadState(bad_template).ok());
  EXPECT_FALSE(other.LoadState(Json{{"version", 2}, {"stacks", Json::array()}}).ok());
  EXPECT_EQ(other.SaveState(), good);
}

TEST_F(CfnStackTest, UnknownActionAndGetTemplate) {
  EXPECT_EQ(Err("CreateChangeSet", Json::object()).code, "UnknownOperationException");
  const std::string body = "{\n  \"Resources\": {\"A\": {\"Type\": \"Test::Thing\"}}\n}\n";
  Create("g", body);
  EXPECT_EQ(Ok("GetTemplate", {{"StackName", "g"}})["TemplateBody"], body);
  EXPECT_EQ(Err("GetTemplate", {{"StackName", "nope"}}).message, "Stack with id nope does not exist");
}

// [SECTION] wired into the Lab (real handlers)

LabOptions Empty() {
  LabOptions o;
  o.start_time = kT0;
  o.seed = 42;
  o.create_lab_resources = false;
  return o;
}

TEST(CfnLab, StackCreatesARealBucketOverSimulatedTime) {
  Lab lab(Empty());
  const uint64_t generation = lab.generation();
  Response r = lab.Call("CloudFormation", "CreateStack",
                        {{"StackName", "s"},
                         {"TemplateBody", R"({"Resources": {"Bucket": {"Type": "AWS::S3::Bucket",
                                              "Properties": {"BucketName": "cfn-wired-bucket"}}}})"}});
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_GT(lab.generation(), generation);
  // The handler ran within the call; the resource completes after its create time.
  EXPECT_TRUE(lab.Call("S3", "HeadBucket", {{"Bucket", "cfn-wired-bucket"}}).ok());
  EXPECT_EQ(lab.cloudformation().FindStack("s")->status, "CREATE_IN_PROGRESS");
  lab.Advance(60 * kUsPerSecond);
  EXPECT_EQ(lab.cloudformation().FindStack("s")->status, "CREATE_COMPLETE");
  const int create_s = FindCfnResourceType("AWS::S3::Bucket")->create_seconds;
  EXPECT_EQ(lab.cloudformation().FindStack("s")->events.back().timestamp, kT0 + create_s * kUsPerSecond);
  // A non-empty bucket fails the delete.
  ASSERT_TRUE(lab.Call("S3", "PutObject", {{"Bucket", "cfn-wired-bucket"}, {"Key", "k"}, {"Body", "aGk="}}).ok());
  ASSERT_TRUE(lab.Call("CloudFormation", "DeleteStack", {{"StackName", "s"}}).ok());
  lab.Advance(60 * kUsPerSecond);
  const CfnStack* s = lab.cloudformation().FindStack("s");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->status, "DELETE_FAILED");
  EXPECT_EQ(s->reason, "The following resource(s) failed to delete: [Bucket]. ");
  EXPECT_EQ(lab.Call("Nope", "X", Json::object()).error->message,
            "Unknown service 'Nope'. Services in this lab: Firehose, S3, CloudWatch, Athena, Glue, IAM, CloudFormation, Lab.");
}

TEST(CfnLab, TheLabTemplateDeploys) {
  Lab lab(Empty());
  Response v = lab.Call("CloudFormation", "ValidateTemplate", {{"TemplateBody", std::string(LabTemplateBody())}});
  ASSERT_TRUE(v.ok()) << v.error->message;
  Response r = lab.Call("CloudFormation", "CreateStack",
                        {{"StackName", kLabStackName},
                         {"TemplateBody", std::string(LabTemplateBody())},
                         {"Capabilities", v.body["Capabilities"]}});
  ASSERT_TRUE(r.ok()) << r.error->message;
  lab.Advance(10 * kUsPerMinute);
  const CfnStack* s = lab.cloudformation().FindStack(kLabStackName);
  ASSERT_NE(s, nullptr);
  std::string failures;
  for (const CfnStackEvent& e : s->events) {
    if (e.status.find("FAILED") != std::string::npos) failures += e.logical_id + ": " + e.reason + "\n";
  }
  EXPECT_EQ(s->status, "CREATE_COMPLETE") << failures;
}

}  // namespace
}  // namespace fhl
