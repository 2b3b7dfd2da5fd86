// cloudformation_panel_test.cpp: the CloudFormation section (cloudformation_panel, stack_create_wizard, stack_detail,
// template_view, stack_text) over the fake service (fake_cloudformation.h), driven by clicks and keys in a headless
// ImGui context; the dashboard's CloudFormation entry over a real Lab. With FHL_UI_SCREENSHOT_DIR set, also renders
// CloudFormation scenes to PNG for visual review.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <map>
#include <string>

#include "core/lab.h"
#include "core/lab_template.h"
#include "fake_cloudformation.h"
#include "software_renderer.h"
#include "ui/cloudformation_panel.h"
#include "ui/dashboard.h"
#include "ui/stack_text.h"
#include "ui/theme.h"
#include "ui/ui_kit.h"
#include "ui_harness.h"

namespace fhl::ui {
namespace {

using testing::FakeCloudFormation;
using testing::kTestTemplate;

// 1-based line of the first line of `text` containing `needle` (0 when absent): an independent oracle for the
// line-finding helpers.
int LineContaining(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  if (at == std::string::npos) return 0;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

// Request Parameters by ParameterKey (CloudFormation does not promise an order).
std::map<std::string, Json> ByKey(const Json& parameters) {
  std::map<std::string, Json> out;
  for (const Json& p : parameters) {
    Json rest = p;
    rest.erase("ParameterKey");
    out[p["ParameterKey"].get<std::string>()] = rest;
  }
  return out;
}

StackCreateWizard::Parameter* FindParam(StackCreateWizard& wizard, const std::string& key) {
  for (StackCreateWizard::Parameter& p : wizard.parameters())
    if (p.key == key) return &p;
  return nullptr;
}

// [SECTION] pure helpers

TEST(StackText, StatusTonesFollowTheConsole) {
  EXPECT_EQ(ToneOfStatus("CREATE_COMPLETE"), StackTone::kSuccess);
  EXPECT_EQ(ToneOfStatus("UPDATE_COMPLETE"), StackTone::kSuccess);
  EXPECT_EQ(ToneOfStatus("CREATE_IN_PROGRESS"), StackTone::kInProgress);
  EXPECT_EQ(ToneOfStatus("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"), StackTone::kInProgress);
  EXPECT_EQ(ToneOfStatus("CREATE_FAILED"), StackTone::kFailed);
  EXPECT_EQ(ToneOfStatus("ROLLBACK_COMPLETE"), StackTone::kFailed);  // complete, but a rollback: red
  EXPECT_EQ(ToneOfStatus("ROLLBACK_IN_PROGRESS"), StackTone::kFailed);
  EXPECT_EQ(ToneOfStatus("UPDATE_ROLLBACK_COMPLETE"), StackTone::kFailed);
  EXPECT_EQ(ToneOfStatus("DELETE_SKIPPED"), StackTone::kNeutral);
  EXPECT_EQ(ToneOfStatus(""), StackTone::kNeutral);
  EXPECT_TRUE(IsInProgressStatus("DELETE_IN_PROGRESS"));
  EXPECT_FALSE(IsInProgressStatus("DELETE_COMPLETE"));
  EXPECT_FALSE(IsInProgressStatus("IN_PROGRESS_X"));
}

TEST(StackText, FindsLinesInTemplateErrors) {
  auto p = FindTemplateErrorLine("Template format error: JSON not well-formed. (line 12,  column 3)");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->line, 12);
  EXPECT_EQ(p->column, 3);
  p = FindTemplateErrorLine("Template format error: JSON not well-formed at line 4, column 17: unexpected '}'");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->line, 4);
  EXPECT_EQ(p->column, 17);
  p = FindTemplateErrorLine("Template format error: syntax error at line 7:2");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->line, 7);
  EXPECT_EQ(p->column, 2);
  p = FindTemplateErrorLine("Template format error: YAML not well-formed. (line 9)");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->line, 9);
  EXPECT_EQ(p->column, 0);
  EXPECT_FALSE(FindTemplateErrorLine("Template format error: Unresolved resource dependencies [X] in the Resources block").has_value());
  EXPECT_FALSE(FindTemplateErrorLine("the pipeline 3 failed").has_value());
  EXPECT_FALSE(FindTemplateErrorLine("line 0, column 1").has_value());
}

TEST(StackText, FindsJsonPathsAndTheirLines) {
  EXPECT_EQ(FindJsonPathInMessage("Template format error: [/Resources/DeliveryStream] Every Resources object must contain a Type member."),
            "/Resources/DeliveryStream");
  EXPECT_EQ(FindJsonPathInMessage("Properties validation failed for resource DeliveryStream with message: "
                                  "#/ExtendedS3DestinationConfiguration/BufferingHints/SizeInMBs: expected maximum: 128"),
            "/ExtendedS3DestinationConfiguration/BufferingHints/SizeInMBs");
  EXPECT_EQ(FindJsonPathInMessage("Template error: invalid value at Resources.Table.Properties."), "/Resources/Table/Properties");
  EXPECT_EQ(FindJsonPathInMessage("Requires capabilities : [CAPABILITY_NAMED_IAM]"), "");
  const std::string t = kTestTemplate;
  EXPECT_EQ(LineOfJsonPath(t, "/Resources/DeliveryStream"), LineContaining(t, "\"DeliveryStream\": {"));
  EXPECT_EQ(LineOfJsonPath(t, "/Resources/DeliveryStream/Properties/ExtendedS3DestinationConfiguration/BufferingHints/SizeInMBs"),
            LineContaining(t, "\"SizeInMBs\""));
  EXPECT_EQ(LineOfJsonPath(t, "/Parameters/BufferSizeMiB/Default"), LineContaining(t, "\"Default\": \"1\""));
  // Array elements by index: ["Bucket", "Arn"][1] is on the BucketARN line.
  EXPECT_EQ(LineOfJsonPath(t, "/Resources/DeliveryStream/Properties/ExtendedS3DestinationConfiguration/BucketARN/Fn::GetAtt/1"),
            LineContaining(t, "\"BucketARN\""));
  EXPECT_EQ(LineOfJsonPath(t, "/Resources/Nope"), 0);
  EXPECT_EQ(LineOfJsonPath(t, "/Outputs/BucketName/Value/Ref"), LineContaining(t, "\"BucketName\": { \"Value\""));
  EXPECT_EQ(LineOfJsonPath(t, ""), 1);
}

TEST(StackText, FindsBufferingHintsBlocks) {
  const std::string t = kTestTemplate;
  std::vector<LineRange> blocks = FindKeyBlocks(t, "BufferingHints");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].first, LineContaining(t, "\"BufferingHints\": {"));
  EXPECT_EQ(blocks[0].last, LineContaining(t, "\"SizeInMBs\"") + 1);
  // String-aware: a brace inside a string does not end the block; a value "BufferingHints" is no block.
  std::string s = "{\n\"BufferingHints\": {\n\"a\": \"}\",\n\"b\": 1\n},\n\"x\": \"BufferingHints\"\n}";
  blocks = FindKeyBlocks(s, "BufferingHints");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].first, 2);
  EXPECT_EQ(blocks[0].last, 5);
  EXPECT_TRUE(FindKeyBlocks("{\"BufferingHints\": 5}", "BufferingHints").empty());
}

TEST(StackText, CapabilityTextsAndStackNames) {
  EXPECT_EQ(CapabilityAcknowledgement("CAPABILITY_IAM"), "I acknowledge that AWS CloudFormation might create IAM resources.");
  EXPECT_EQ(CapabilityAcknowledgement("CAPABILITY_NAMED_IAM"),
            "I acknowledge that AWS CloudFormation might create IAM resources with custom names.");
  EXPECT_EQ(StackNameError("firehose-lab"), "");
  EXPECT_EQ(StackNameError("a"), "");
  EXPECT_EQ(StackNameError(std::string(128, 'a')), "");
  EXPECT_NE(StackNameError(std::string(129, 'a')).find("length less than or equal to 128"), std::string::npos);
  EXPECT_EQ(StackNameError("my_stack"),
            "1 validation error detected: Value 'my_stack' at 'stackName' failed to satisfy constraint: Member must "
            "satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
  EXPECT_NE(StackNameError("1stack"), "");
  EXPECT_NE(StackNameError(""), "");
}

TEST(StackText, TimesAndTemplateText) {
  EXPECT_EQ(StackTimeText(Json(1767225690.0)), "January 1, 2026, 00:01:30 (UTC)");
  EXPECT_EQ(StackTimeText(Json("2026-01-01T00:01:30.000Z")), "January 1, 2026, 00:01:30 (UTC)");
  EXPECT_EQ(StackTimeText(Json()), "-");
  EXPECT_EQ(TemplateDisplayText(Json("{\n}")), "{\n}");
  std::string one_line = DumpJson(*ParseJson(kTestTemplate));
  ASSERT_EQ(one_line.find('\n'), std::string::npos);
  std::string shown = TemplateDisplayText(Json(one_line));
  EXPECT_EQ(FindKeyBlocks(shown, "BufferingHints").size(), 1u);
  EXPECT_GT(FindKeyBlocks(shown, "BufferingHints")[0].last, FindKeyBlocks(shown, "BufferingHints")[0].first);
  EXPECT_EQ(TextLines("a\nb\nc", 2, 3), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(TextLines("a\nb\nc", 3, 9), (std::vector<std::string>{"c"}));
}

TEST(StackDetailOrder, EventsNewestFirstStableForEqualTimes) {
  Json body = {{"StackEvents",
                Json::array({{{"EventId", "b"}, {"Timestamp", 20.0}},
                             {{"EventId", "a"}, {"Timestamp", 10.0}},
                             {{"EventId", "c"}, {"Timestamp", 30.0}},
                             {{"EventId", "d"}, {"Timestamp", "1970-01-01T00:00:20Z"}}})}};
  std::vector<const Json*> rows = StackDetail::EventsNewestFirst(body);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ((*rows[0])["EventId"], "c");
  EXPECT_EQ((*rows[1])["EventId"], "b");  // equal times keep the API's order
  EXPECT_EQ((*rows[2])["EventId"], "d");
  EXPECT_EQ((*rows[3])["EventId"], "a");
}

// [SECTION] panel over the fake

class CloudFormationPanelTest : public ::testing::Test {
 protected:
  CloudFormationPanelTest() : cache_(fake_.MakeCache()), harness_(1440, 1000) {
    ApplyTheme();
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_Enter] = 13;
    io.KeyMap[ImGuiKey_A] = 'A';
    io.KeyMap[ImGuiKey_Backspace] = 8;
    hooks_.pick_template_file = [this] { ++picks_; };
    ctx_.api = &cache_;
    ctx_.hooks = &hooks_;
    ctx_.controls = &controls_;
    draw_ = [this] {
      cache_.BeginFrame(ImGui::GetTime());
      testing::FullScreenWindow([this] { panel_.Draw(ctx_); });
    };
  }
  void Frames(int n = 2) {
    for (int i = 0; i < n; ++i) harness_.Frame(draw_);
  }
  bool Click(const std::string& name) { return harness_.Click(name, draw_); }
  bool Visible(const std::string& name) { return FindWidget(name).visible; }
  void Key(int key, bool ctrl = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    io.KeysDown[key] = true;
    harness_.Frame(draw_);
    io.KeysDown[key] = false;
    harness_.Frame(draw_);
    io.KeyCtrl = false;
  }
  // Clicks a text field, selects all and types over it.
  void TypeInto(const std::string& name, const std::string& text) {
    ASSERT_TRUE(Click(name)) << name;
    Key('A', true);
    Key(8);
    for (char c : text) {
      ImGui::GetIO().AddInputCharacter(static_cast<unsigned char>(c));
      harness_.Frame(draw_);
    }
    Key(13);
  }
  // Wizard with the test template pasted, through to the review step.
  void WizardToReview() {
    Frames();
    ASSERT_TRUE(Click("CloudFormation/Create stack"));
    ASSERT_TRUE(Click("CloudFormation/Template/Paste"));
    panel_.wizard().editor().SetText(kTestTemplate);
    Frames();
    ASSERT_TRUE(Click("CloudFormation/Next"));
    ASSERT_EQ(panel_.wizard().step(), 2);
    ASSERT_TRUE(Click("CloudFormation/Next"));
    ASSERT_EQ(panel_.wizard().step(), 3);
  }
  // A stack created through the wizard and finished by the fake; the panel shows its detail.
  void DeployTestStack() {
    WizardToReview();
    ASSERT_TRUE(Click("CloudFormation/Capabilities/Acknowledge"));
    ASSERT_TRUE(Click("CloudFormation/Submit"));
    ASSERT_EQ(panel_.view(), CloudFormationPanel::View::kDetail);
    fake_.WorkUntilDone();
    Frames(3);
    ASSERT_EQ(fake_.stacks.back().status, "CREATE_COMPLETE");
  }

  FakeCloudFormation fake_;
  ApiCache cache_;
  PlatformHooks hooks_;
  SimControls controls_;
  UiContext ctx_;
  testing::ImGuiHarness harness_;
  CloudFormationPanel panel_;
  std::function<void()> draw_;
  int picks_ = 0;
};

TEST_F(CloudFormationPanelTest, EmptyStateSaysWhatToDoAndOpensTheWizard) {
  Frames();
  EXPECT_TRUE(Visible("CloudFormation/Empty"));
  EXPECT_TRUE(Visible("CloudFormation/Create stack"));
  EXPECT_TRUE(Visible("CloudFormation/Empty/Create stack"));
  ASSERT_TRUE(Click("CloudFormation/Empty/Create stack"));
  EXPECT_EQ(panel_.view(), CloudFormationPanel::View::kWizard);
  EXPECT_EQ(panel_.wizard().step(), 1);
  EXPECT_EQ(panel_.wizard().source(), StackCreateWizard::Source::kLab);
  EXPECT_TRUE(Visible("CloudFormation/Template/Lab template"));
  EXPECT_TRUE(Visible("CloudFormation/Next"));
  EXPECT_FALSE(Visible("CloudFormation/Template/Editor"));  // only with "Paste or edit"
  EXPECT_FALSE(Visible("CloudFormation/Empty"));
  // The editor is prefilled with the lab template.
  ASSERT_TRUE(Click("CloudFormation/Template/Paste"));
  EXPECT_TRUE(Visible("CloudFormation/Template/Editor"));
  EXPECT_EQ(panel_.wizard().editor().text(), std::string(LabTemplateBody()));
  ASSERT_TRUE(Click("CloudFormation/Cancel"));
  EXPECT_EQ(panel_.view(), CloudFormationPanel::View::kStacks);
  EXPECT_EQ(fake_.CountCalls("CloudFormation.ValidateTemplate"), 0);
}

TEST_F(CloudFormationPanelTest, LabTemplateIsTheDefaultAndIsValidatedOnNext) {
  Frames();
  ASSERT_TRUE(Click("CloudFormation/Create stack"));
  ASSERT_TRUE(Click("CloudFormation/Next"));
  ASSERT_EQ(fake_.CountCalls("CloudFormation.ValidateTemplate"), 1);
  EXPECT_EQ(fake_.last_validate["TemplateBody"], std::string(LabTemplateBody()));
  EXPECT_EQ(panel_.wizard().step(), 2);
  EXPECT_EQ(panel_.wizard().stack_name(), kLabStackName);
  EXPECT_TRUE(Visible("CloudFormation/Stack name"));
  ASSERT_TRUE(Click("CloudFormation/Previous"));
  EXPECT_EQ(panel_.wizard().step(), 1);
}

TEST_F(CloudFormationPanelTest, CreateFlowWithParametersAndTheCapabilitiesCheckboxGatingSubmit) {
  Frames();
  ASSERT_TRUE(Click("CloudFormation/Create stack"));
  ASSERT_TRUE(Click("CloudFormation/Template/Paste"));
  panel_.wizard().editor().SetText(kTestTemplate);
  Frames();
  ASSERT_TRUE(Click("CloudFormation/Next"));
  EXPECT_EQ(fake_.last_validate["TemplateBody"], kTestTemplate);
  ASSERT_EQ(panel_.wizard().step(), 2);
  // The form comes from ValidateTemplate's Parameters, defaults prefilled.
  ASSERT_EQ(panel_.wizard().parameters().size(), 3u);
  StackCreateWizard::Parameter* stream = FindParam(panel_.wizard(), "StreamName");
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(stream->value, "ie-tech-mba-stream");
  EXPECT_EQ(stream->description, "Name of the Firehose stream.");
  ASSERT_NE(FindParam(panel_.wizard(), "BufferSizeMiB"), nullptr);
  EXPECT_EQ(FindParam(panel_.wizard(), "BufferSizeMiB")->value, "1");
  EXPECT_TRUE(Visible("CloudFormation/Parameter/StreamName"));
  EXPECT_TRUE(Visible("CloudFormation/Parameter/BufferIntervalSeconds"));
  EXPECT_TRUE(Visible("CloudFormation/Parameter/BufferSizeMiB"));
  TypeInto("CloudFormation/Parameter/BufferIntervalSeconds", "300");
  EXPECT_EQ(FindParam(panel_.wizard(), "BufferIntervalSeconds")->value, "300");
  ASSERT_TRUE(Click("CloudFormation/Next"));
  ASSERT_EQ(panel_.wizard().step(), 3);

  // Review: the acknowledgement is there because ValidateTemplate returned Capabilities; Submit waits for it.
  EXPECT_EQ(panel_.wizard().capabilities(), std::vector<std::string>{"CAPABILITY_NAMED_IAM"});
  EXPECT_TRUE(Visible("CloudFormation/Capabilities/Acknowledge"));
  ASSERT_TRUE(Click("CloudFormation/Submit"));
  EXPECT_EQ(fake_.CountCalls("CloudFormation.CreateStack"), 0);
  EXPECT_EQ(panel_.view(), CloudFormationPanel::View::kWizard);
  ASSERT_TRUE(Click("CloudFormation/Capabilities/Acknowledge"));
  EXPECT_TRUE(panel_.wizard().acknowledged());
  ASSERT_TRUE(Click("CloudFormation/Submit"));
  ASSERT_EQ(fake_.CountCalls("CloudFormation.CreateStack"), 1);
  const Json& req = fake_.last_create;
  EXPECT_EQ(req["StackName"], "firehose-lab");
  EXPECT_EQ(req["TemplateBody"], kTestTemplate);
  EXPECT_EQ(req["Capabilities"], Json::array({"CAPABILITY_NAMED_IAM"}));
  EXPECT_EQ(ByKey(req["Parameters"]), (std::map<std::string, Json>{{"StreamName", {{"ParameterValue", "ie-tech-mba-stream"}}},
                                                                   {"BufferIntervalSeconds", {{"ParameterValue", "300"}}},
                                                                   {"BufferSizeMiB", {{"ParameterValue", "1"}}}}));
  // Then the stack's detail on its Events tab.
  EXPECT_EQ(panel_.view(), CloudFormationPanel::View::kDetail);
  EXPECT_EQ(panel_.detail().tab(), StackDetail::Tab::kEvents);
  EXPECT_EQ(panel_.detail().stack_id(), fake_.stacks.back().id);
  EXPECT_TRUE(Visible("CloudFormation/Event/0"));
}

TEST_F(CloudFormationPanelTest, NoCapabilitiesMeansNoCheckboxAndSubmitEnabled) {
  const std::string plain = R"({"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}})";
  Frames();
  ASSERT_TRUE(Click("CloudFormation/Create stack"));
  panel_.SetUploadedTemplate("bucket.json", plain);
  Frames();
  ASSERT_TRUE(Click("CloudFormation/Next"));
  ASSERT_TRUE(Click("CloudFormation/Next"));
  ASSERT_EQ(panel_.wizard().step(), 3);
  EXPECT_FALSE(Visible("CloudFormation/Capabilities/Acknowledge"));
  ASSERT_TRUE(Click("CloudFormation/Submit"));
  ASSERT_EQ(fake_.CountCalls("CloudFormation.CreateStack"), 1);
  EXPECT_FALSE(fake_.last_create.contains("Capabilities"));
}

TEST_F(CloudFormationPanelTest, ValidationErrorShowsTheLineAndMovesTheEditorThere) {
  Frames();
  ASSERT_TRUE(Click("CloudFormation/Create stack"));
  ASSERT_TRUE(Click("CloudFormation/Template/Paste"));
  panel_.wizard().editor().SetText(kTestTemplate);
  fake_.validate_error = ApiError{"ValidationError", "Template format error: JSON not well-formed. (line 4,  column 3)", 400};
  Frames();
  ASSERT_TRUE(Click("CloudFormation/Next"));
  EXPECT_EQ(panel_.wizard().step(), 1);
  EXPECT_TRUE(Visible("CloudFormation/Error"));
  EXPECT_TRUE(Visible("CloudFormation/Error/Go to"));
  EXPECT_EQ(panel_.wizard().error_line(), 4);
  ASSERT_TRUE(panel_.wizard().error().has_value());
  EXPECT_EQ(panel_.wizard().error()->code, "ValidationError");
  Frames(3);
  EXPECT_EQ(panel_.wizard().editor().CursorLineColumn(), std::make_pair(4, 3));
  panel_.wizard().editor().GoTo(1, 1);
  Frames(3);
  ASSERT_TRUE(Click("CloudFormation/Error/Go to"));
  EXPECT_EQ(panel_.wizard().editor().CursorLineColumn(), std::make_pair(4, 3));

  // An error naming a JSON path: the path and the line it is on.
  fake_.validate_error = ApiError{
      "ValidationError", "Template format error: [/Resources/DeliveryStream] Every Resources object must contain a Type member.", 400};
  ASSERT_TRUE(Click("CloudFormation/Next"));
  EXPECT_EQ(panel_.wizard().error_path(), "/Resources/DeliveryStream");
  EXPECT_EQ(panel_.wizard().error_line(), LineContaining(kTestTemplate, "\"DeliveryStream\": {"));
  EXPECT_TRUE(Visible("CloudFormation/Error"));

  // Fixed: the error goes away and the wizard moves on.
  fake_.validate_error.reset();
  ASSERT_TRUE(Click("CloudFormation/Next"));
  EXPECT_EQ(panel_.wizard().step(), 2);
  EXPECT_FALSE(Visible("CloudFormation/Error"));
}

TEST_F(CloudFormationPanelTest, InvalidStackNameStaysOnStepTwo) {
  Frames();
  ASSERT_TRUE(Click("CloudFormation/Create stack"));
  ASSERT_TRUE(Click("CloudFormation/Next"));
  TypeInto("CloudFormation/Stack name", "my_stack");
  EXPECT_EQ(panel_.wizard().stack_name(), "my_stack");
  ASSERT_TRUE(Click("CloudFormation/Next"));
  EXPECT_EQ(panel_.wizard().step(), 2);
  TypeInto("CloudFormation/Stack name", "my-stack");
  ASSERT_TRUE(Click("CloudFormation/Next"));
  EXPECT_EQ(panel_.wizard().step(), 3);
}

TEST_F(CloudFormationPanelTest, SubmitErrorsShowOnTheReviewPage) {
  DeployTestStack();
  panel_.ShowStacks();
  WizardToReview();  // same name again
  ASSERT_TRUE(Click("CloudFormation/Capabilities/Acknowledge"));
  ASSERT_TRUE(Click("CloudFormation/Submit"));
  EXPECT_EQ(panel_.view(), CloudFormationPanel::View::kWizard);
  ASSERT_TRUE(panel_.wizard().error().has_value());
  EXPECT_EQ(panel_.wizard().error()->code, "AlreadyExistsException");
  EXPECT_EQ(panel_.wizard().error()->message, "Stack [firehose-lab] already exists");
  EXPECT_TRUE(Visible("CloudFormation/Error"));
}

TEST_F(CloudFormationPanelTest, EventsAreNewestFirstAndFollowTheStackWhileInProgress) {
  WizardToReview();
  ASSERT_TRUE(Click("CloudFormation/Capabilities/Acknowledge"));
  ASSERT_TRUE(Click("CloudFormation/Submit"));
  ASSERT_EQ(panel_.detail().tab(), StackDetail::Tab::kEvents);
  Frames();
  EXPECT_TRUE(Visible("CloudFormation/Event/0"));
  EXPECT_FALSE(Visible("CloudFormation/Event/1"));
  // The core moves the stack; the panel follows without Refresh (the generation changed).
  for (int i = 0; i < 4; ++i) fake_.Work();
  Frames(2);
  EXPECT_TRUE(Visible("CloudFormation/Event/4"));
  EXPECT_FALSE(Visible("CloudFormation/Event/5"));
  // Newest first on screen: row 0 above row 4, and row 0 is the newest event (the fake's last).
  EXPECT_LT(FindWidget("CloudFormation/Event/0").y, FindWidget("CloudFormation/Event/4").y);
  fake_.WorkUntilDone();
  Frames(2);
  const size_t n = fake_.stacks.back().events.size();
  EXPECT_EQ(n, 17u);  // stack start, 3 events for each of 5 resources, stack complete
  EXPECT_TRUE(Visible("CloudFormation/Event/" + std::to_string(n - 1)) ||
              FindWidget("CloudFormation/Event/" + std::to_string(n - 2)).visible);
  // Nothing changes: no refetch; Refresh refetches.
  int calls = fake_.CountCalls("CloudFormation.DescribeStackEvents");
  Frames(5);
  EXPECT_EQ(fake_.CountCalls("CloudFormation.DescribeStackEvents"), calls);
  ASSERT_TRUE(Click("CloudFormation/Events/Refresh"));
  EXPECT_GT(fake_.CountCalls("CloudFormation.DescribeStackEvents"), calls);
}

TEST_F(CloudFormationPanelTest, StackListShowsStatusAndOpensTheDetail) {
  DeployTestStack();
  ASSERT_TRUE(Click("CloudFormation/Back"));
  EXPECT_EQ(panel_.view(), CloudFormationPanel::View::kStacks);
  EXPECT_FALSE(Visible("CloudFormation/Empty"));
  ASSERT_TRUE(Click("CloudFormation/Stack/firehose-lab"));
  EXPECT_EQ(panel_.view(), CloudFormationPanel::View::kDetail);
  EXPECT_EQ(panel_.detail().stack_name(), "firehose-lab");
  EXPECT_TRUE(Visible("CloudFormation/Info"));
  ASSERT_TRUE(Click("CloudFormation/Tab/Outputs"));
  EXPECT_TRUE(Visible("CloudFormation/Output/StreamName"));
  ASSERT_TRUE(Click("CloudFormation/Tab/Parameters"));
  EXPECT_TRUE(Visible("CloudFormation/Parameter value/BufferIntervalSeconds"));
}

TEST_F(CloudFormationPanelTest, DeleteAsksForConfirmation) {
  DeployTestStack();
  ASSERT_TRUE(Click("CloudFormation/Delete"));
  EXPECT_TRUE(panel_.detail().delete_modal_open());
  EXPECT_TRUE(Visible("CloudFormation/Delete/Confirm"));
  EXPECT_EQ(fake_.CountCalls("CloudFormation.DeleteStack"), 0);
  ASSERT_TRUE(Click("CloudFormation/Delete/Cancel"));
  EXPECT_FALSE(panel_.detail().delete_modal_open());
  EXPECT_FALSE(Visible("CloudFormation/Delete/Confirm"));
  EXPECT_EQ(fake_.CountCalls("CloudFormation.DeleteStack"), 0);

  ASSERT_TRUE(Click("CloudFormation/Delete"));
  ASSERT_TRUE(Click("CloudFormation/Delete/Confirm"));
  ASSERT_EQ(fake_.CountCalls("CloudFormation.DeleteStack"), 1);
  EXPECT_EQ(fake_.last_delete["StackName"], "firehose-lab");
  EXPECT_EQ(fake_.stacks.back().status, "DELETE_IN_PROGRESS");
  EXPECT_EQ(panel_.detail().tab(), StackDetail::Tab::kEvents);
  fake_.WorkUntilDone();
  Frames(3);
  // The deleted stack stays describable by its id; the list hides it and shows the empty state again.
  EXPECT_EQ(fake_.stacks.back().status, "DELETE_COMPLETE");
  EXPECT_TRUE(Visible("CloudFormation/Event/0"));
  ASSERT_TRUE(Click("CloudFormation/Back"));
  EXPECT_TRUE(Visible("CloudFormation/Empty"));
  ASSERT_TRUE(Click("CloudFormation/Show deleted"));
  EXPECT_TRUE(Visible("CloudFormation/Stack/firehose-lab"));
}

TEST_F(CloudFormationPanelTest, ARolledBackStackCanBeDeletedButNotUpdated) {
  fake_.fail_resource = "DeliveryStream";
  WizardToReview();
  ASSERT_TRUE(Click("CloudFormation/Capabilities/Acknowledge"));
  ASSERT_TRUE(Click("CloudFormation/Submit"));
  fake_.WorkUntilDone();
  Frames(3);
  ASSERT_EQ(fake_.stacks.back().status, "ROLLBACK_COMPLETE");
  EXPECT_TRUE(Visible("CloudFormation/Status"));
  ASSERT_TRUE(Click("CloudFormation/Update"));  // disabled: nothing happens
  EXPECT_EQ(fake_.CountCalls("CloudFormation.GetTemplate"), 0);
  EXPECT_EQ(panel_.view(), CloudFormationPanel::View::kDetail);
  // The failure's reason is in the events (newest first: the rollback's end is row 0).
  Json events = fake_.Call("CloudFormation", "DescribeStackEvents", {{"StackName", "firehose-lab"}}).body;
  EXPECT_EQ(events["StackEvents"][0]["ResourceStatus"], "ROLLBACK_COMPLETE");
  ASSERT_TRUE(Click("CloudFormation/Delete"));
  ASSERT_TRUE(Click("CloudFormation/Delete/Confirm"));
  EXPECT_EQ(fake_.CountCalls("CloudFormation.DeleteStack"), 1);
  // A new stack with the same name: the list's name now opens the new one, not the deleted one.
  fake_.WorkUntilDone();
  fake_.fail_resource.clear();
  panel_.ShowStacks();
  DeployTestStack();
  ASSERT_TRUE(Click("CloudFormation/Back"));
  ASSERT_TRUE(Click("CloudFormation/Show deleted"));
  ASSERT_TRUE(Click("CloudFormation/Stack/firehose-lab"));
  EXPECT_EQ(panel_.detail().stack_id(), fake_.stacks.back().id);
}

TEST_F(CloudFormationPanelTest, ResourcePhysicalIdsOpenTheirSections) {
  DeployTestStack();
  ASSERT_TRUE(Click("CloudFormation/Tab/Resources"));
  ASSERT_TRUE(Click("CloudFormation/Resource/DeliveryStream"));
  EXPECT_TRUE(ctx_.nav.pending);
  EXPECT_EQ(ctx_.nav.section, Section::kFirehose);
  EXPECT_EQ(ctx_.nav.stream, "ie-tech-mba-stream");
  ctx_.nav = NavRequest();
  ASSERT_TRUE(Click("CloudFormation/Resource/Bucket"));
  EXPECT_EQ(ctx_.nav.section, Section::kS3);
  EXPECT_EQ(ctx_.nav.bucket, fake_.aws.bucket);
  ctx_.nav = NavRequest();
  ASSERT_TRUE(Click("CloudFormation/Resource/Table"));
  EXPECT_EQ(ctx_.nav.section, Section::kAthena);
  EXPECT_EQ(ctx_.nav.database, "stocks");
  ctx_.nav = NavRequest();
  ASSERT_TRUE(Click("CloudFormation/Resource/DeliveryRole"));  // a role is plain text: no navigation
  EXPECT_FALSE(ctx_.nav.pending);
}

TEST_F(CloudFormationPanelTest, TemplateTabHighlightsBufferingHints) {
  DeployTestStack();
  ASSERT_TRUE(Click("CloudFormation/Tab/Template"));
  const TemplateView& view = panel_.detail().template_view();
  EXPECT_EQ(view.text(), kTestTemplate);
  ASSERT_EQ(view.highlights().size(), 1u);
  const int interval_line = LineContaining(kTestTemplate, "\"IntervalInSeconds\"");
  EXPECT_TRUE(view.IsHighlighted(interval_line));
  EXPECT_TRUE(view.IsHighlighted(LineContaining(kTestTemplate, "\"SizeInMBs\"")));
  EXPECT_FALSE(view.IsHighlighted(LineContaining(kTestTemplate, "\"Prefix\"")));
  EXPECT_FALSE(view.IsHighlighted(1));
  EXPECT_TRUE(Visible("CloudFormation/Template/View"));
  EXPECT_TRUE(Visible("CloudFormation/Template/Highlight"));  // scrolled into view
  ASSERT_TRUE(Click("CloudFormation/Template/BufferingHints"));
  EXPECT_TRUE(panel_.detail().template_view().only_highlights);
  EXPECT_TRUE(Visible("CloudFormation/Template/Highlight"));
  ASSERT_TRUE(Click("CloudFormation/Template/Go to BufferingHints"));
  EXPECT_FALSE(panel_.detail().template_view().only_highlights);
}

TEST_F(CloudFormationPanelTest, UpdateRerunsTheWizardWithPreviousValues) {
  DeployTestStack();
  ASSERT_TRUE(Click("CloudFormation/Update"));
  ASSERT_EQ(panel_.view(), CloudFormationPanel::View::kWizard);
  EXPECT_TRUE(panel_.wizard().updating());
  EXPECT_EQ(panel_.wizard().source(), StackCreateWizard::Source::kCurrent);
  EXPECT_TRUE(Visible("CloudFormation/Template/Current"));
  ASSERT_TRUE(Click("CloudFormation/Next"));
  ASSERT_EQ(panel_.wizard().step(), 2);
  ASSERT_EQ(panel_.wizard().parameters().size(), 3u);
  ASSERT_NE(FindParam(panel_.wizard(), "BufferSizeMiB"), nullptr);
  EXPECT_TRUE(FindParam(panel_.wizard(), "BufferSizeMiB")->has_previous);
  EXPECT_EQ(FindParam(panel_.wizard(), "BufferSizeMiB")->previous_value, "1");
  TypeInto("CloudFormation/Parameter/BufferSizeMiB", "5");
  ASSERT_TRUE(Click("CloudFormation/Next"));
  ASSERT_TRUE(Click("CloudFormation/Capabilities/Acknowledge"));
  ASSERT_TRUE(Click("CloudFormation/Submit"));
  ASSERT_EQ(fake_.CountCalls("CloudFormation.UpdateStack"), 1);
  const Json& req = fake_.last_update;
  EXPECT_EQ(req["StackName"], "firehose-lab");
  EXPECT_EQ(req["UsePreviousTemplate"], true);
  EXPECT_FALSE(req.contains("TemplateBody"));
  EXPECT_EQ(ByKey(req["Parameters"]), (std::map<std::string, Json>{{"StreamName", {{"UsePreviousValue", true}}},
                                                                   {"BufferIntervalSeconds", {{"UsePreviousValue", true}}},
                                                                   {"BufferSizeMiB", {{"ParameterValue", "5"}}}}));
  EXPECT_EQ(fake_.stacks.back().status, "UPDATE_IN_PROGRESS");
  EXPECT_EQ(panel_.view(), CloudFormationPanel::View::kDetail);
  fake_.WorkUntilDone();
  Frames(2);
  std::map<std::string, std::string> values(fake_.stacks.back().parameters.begin(), fake_.stacks.back().parameters.end());
  EXPECT_EQ(values["BufferSizeMiB"], "5");
  EXPECT_EQ(values["StreamName"], "ie-tech-mba-stream");
}

TEST_F(CloudFormationPanelTest, UploadUsesThePlatformHookAndTheTextItPasses) {
  Frames();
  ASSERT_TRUE(Click("CloudFormation/Create stack"));
  ASSERT_TRUE(Click("CloudFormation/Template/Upload"));
  EXPECT_FALSE(Visible("CloudFormation/Template/Uploaded"));
  ASSERT_TRUE(Click("CloudFormation/Next"));  // nothing chosen yet
  EXPECT_EQ(fake_.CountCalls("CloudFormation.ValidateTemplate"), 0);
  EXPECT_TRUE(Visible("CloudFormation/Error"));
  ASSERT_TRUE(Click("CloudFormation/Template/Choose file"));
  EXPECT_EQ(picks_, 1);
  panel_.SetUploadedTemplate("firehose-lab.template.json", kTestTemplate);  // what the page does with the file
  Frames();
  EXPECT_TRUE(Visible("CloudFormation/Template/Uploaded"));
  EXPECT_EQ(panel_.wizard().uploaded_file_name(), "firehose-lab.template.json");
  ASSERT_TRUE(Click("CloudFormation/Next"));
  EXPECT_EQ(fake_.last_validate["TemplateBody"], kTestTemplate);
  EXPECT_EQ(panel_.wizard().step(), 2);
}

// [SECTION] dashboard over a real Lab

TEST(CloudFormationDashboardTest, NavigationListsCloudFormationFirst) {
  Lab lab;
  SimControls controls;
  testing::ImGuiHarness harness(1440, 900, /*wrap_widget_frames=*/false);
  Dashboard dashboard(lab, controls);
  auto draw = [&] { dashboard.Draw(); };
  harness.Frame(draw);
  harness.Frame(draw);
  WidgetRect cfn = FindWidget("Nav/CloudFormation"), firehose = FindWidget("Nav/Firehose");
  ASSERT_TRUE(cfn.visible);
  ASSERT_TRUE(firehose.visible);
  EXPECT_LT(cfn.y, firehose.y);
  // A lab with its stream starts in Firehose, as before.
  EXPECT_TRUE(FindWidget("Firehose/Stream/" + lab.lab_stream_name()).visible);
  ASSERT_TRUE(harness.Click("Nav/CloudFormation", draw));
  EXPECT_FALSE(FindWidget("Firehose/Stream/" + lab.lab_stream_name()).visible);
}

TEST(CloudFormationDashboardTest, AnEmptyLabStartsInCloudFormation) {
  LabOptions options;
  options.create_lab_resources = false;
  Lab lab(options);
  SimControls controls;
  testing::ImGuiHarness harness(1440, 900, /*wrap_widget_frames=*/false);
  Dashboard dashboard(lab, controls);
  auto draw = [&] { dashboard.Draw(); };
  for (int i = 0; i < 3; ++i) harness.Frame(draw);
  EXPECT_FALSE(FindWidget("Firehose/Refresh").visible);
  if (!lab.Call("CloudFormation", "ListStacks", Json::object()).ok())
    GTEST_SKIP() << "the core has no CloudFormation service yet";
  EXPECT_TRUE(FindWidget("CloudFormation/Empty").visible);
  EXPECT_TRUE(FindWidget("CloudFormation/Create stack").visible);
}

// The student's first step over the real core, by clicks only: create the stack from the lab template, let simulated
// time deploy it, follow a resource link. Skipped while the core has no CloudFormation service.
TEST(CloudFormationDashboardTest, DeploysTheLabTemplateByClicks) {
  LabOptions options;
  options.create_lab_resources = false;
  Lab lab(options);
  if (!lab.Call("CloudFormation", "ListStacks", Json::object()).ok())
    GTEST_SKIP() << "the core has no CloudFormation service yet";
  SimControls controls;
  testing::ImGuiHarness harness(1440, 900, /*wrap_widget_frames=*/false);
  Dashboard dashboard(lab, controls);
  auto draw = [&] { dashboard.Draw(); };
  for (int i = 0; i < 3; ++i) harness.Frame(draw);
  ASSERT_TRUE(harness.Click("CloudFormation/Create stack", draw));
  ASSERT_TRUE(harness.Click("CloudFormation/Next", draw));
  ASSERT_FALSE(FindWidget("CloudFormation/Error").visible) << "the lab template did not validate";
  ASSERT_TRUE(FindWidget("CloudFormation/Stack name").visible);
  ASSERT_TRUE(harness.Click("CloudFormation/Next", draw));
  if (FindWidget("CloudFormation/Capabilities/Acknowledge").visible)
    ASSERT_TRUE(harness.Click("CloudFormation/Capabilities/Acknowledge", draw));
  ASSERT_TRUE(harness.Click("CloudFormation/Submit", draw));
  ASSERT_FALSE(FindWidget("CloudFormation/Error").visible);
  EXPECT_TRUE(FindWidget("CloudFormation/Event/0").visible);
  Json stacks = lab.Call("CloudFormation", "DescribeStacks", {{"StackName", kLabStackName}}).body;
  ASSERT_TRUE(stacks["Stacks"].is_array() && !stacks["Stacks"].empty());
  for (int s = 0; s < 20 * 60 && stacks["Stacks"][0]["StackStatus"] != "CREATE_COMPLETE"; s += 5) {
    lab.Advance(5 * kUsPerSecond);
    harness.Frame(draw);
    stacks = lab.Call("CloudFormation", "DescribeStacks", {{"StackName", kLabStackName}}).body;
  }
  ASSERT_EQ(stacks["Stacks"][0]["StackStatus"], "CREATE_COMPLETE") << stacks.dump();
  harness.Frame(draw);
  harness.Frame(draw);
  Json events = lab.Call("CloudFormation", "DescribeStackEvents", {{"StackName", kLabStackName}}).body;
  const size_t n = events["StackEvents"].size();
  ASSERT_GE(n, 3u);
  EXPECT_TRUE(FindWidget("CloudFormation/Event/0").visible);  // the list followed the deployment without Refresh
  ASSERT_TRUE(harness.Click("CloudFormation/Tab/Resources", draw));
  Json resources = lab.Call("CloudFormation", "DescribeStackResources", {{"StackName", kLabStackName}}).body;
  for (const Json& r : resources["StackResources"]) {
    if (r["ResourceType"] != "AWS::KinesisFirehose::DeliveryStream") continue;
    ASSERT_TRUE(harness.Click("CloudFormation/Resource/" + r["LogicalResourceId"].get<std::string>(), draw));
    EXPECT_TRUE(FindWidget("Firehose/Tab/Monitoring").visible);
  }
}

// [SECTION] screenshots (FHL_UI_SCREENSHOT_DIR)

TEST(CloudFormationScreenshotTest, SavesCloudFormationScenes) {
  const char* dir = std::getenv("FHL_UI_SCREENSHOT_DIR");
  if (!dir || !*dir) GTEST_SKIP() << "set FHL_UI_SCREENSHOT_DIR to a folder to write PNG screenshots";
  const int width = 1440, height = 900;
  testing::ImGuiHarness harness(width, height);
  testing::LoadPageFonts();
  ApplyTheme();
  testing::SoftwareTexture texture = testing::SoftwareTexture::FromFontAtlas();
  FakeCloudFormation fake;
  ApiCache cache = fake.MakeCache();
  PlatformHooks hooks;
  hooks.pick_template_file = [] {};
  SimControls controls;
  UiContext ctx;
  ctx.api = &cache;
  ctx.hooks = &hooks;
  ctx.controls = &controls;
  CloudFormationPanel panel;
  auto draw = [&] {
    cache.BeginFrame(ImGui::GetTime());
    ctx.fonts = FindFonts();
    SetKitFonts(ctx.fonts);
    testing::DrawInContentArea(width, height, [&] { panel.Draw(ctx); });
  };
  int saved = 0;
  auto shot = [&](const std::string& name) {
    for (int i = 0; i < 3; ++i) harness.Frame(draw);
    saved += testing::SaveLastFrame(texture, width, height, std::string(dir) + "/" + name + ".png") ? 1 : 0;
  };
  shot("cfn-01-empty");
  panel.StartCreate();
  panel.SetUploadedTemplate("firehose-lab.template.json", kTestTemplate);
  shot("cfn-02-template-upload");
  panel.wizard().SelectSource(StackCreateWizard::Source::kPaste);
  std::string broken = kTestTemplate;
  broken.replace(broken.find("\"Default\": \"60\","), 16, "\"Default\": \"60\"");  // a missing comma on line 13
  panel.wizard().editor().SetText(broken);
  fake.validate_error = ApiError{"ValidationError", "Template format error: JSON not well-formed. (line 13,  column 7)", 400};
  harness.Frame(draw);
  panel.wizard().Next(ctx);
  shot("cfn-03-validation-error");
  fake.validate_error.reset();
  panel.wizard().editor().SetText(kTestTemplate);
  panel.wizard().Next(ctx);
  shot("cfn-04-parameters");
  panel.wizard().Next(ctx);
  shot("cfn-05-review-capabilities");
  panel.wizard().set_acknowledged(true);
  ASSERT_TRUE(panel.wizard().Submit(ctx));
  panel.OpenStack(panel.wizard().submitted_stack_name(), panel.wizard().submitted_stack_id(), StackDetail::Tab::kEvents);
  for (int i = 0; i < 9; ++i) fake.Work();
  shot("cfn-06-events-in-progress");
  fake.WorkUntilDone();
  shot("cfn-07-events-complete");
  panel.detail().set_tab(StackDetail::Tab::kResources);
  shot("cfn-08-resources");
  panel.detail().set_tab(StackDetail::Tab::kTemplate);
  shot("cfn-09-template");
  panel.detail().template_view().only_highlights = true;
  shot("cfn-10-template-bufferinghints-only");
  panel.detail().template_view().only_highlights = false;
  panel.detail().RequestDelete();
  shot("cfn-11-delete-confirm");
  panel.ShowStacks();
  shot("cfn-12-stacks");
  EXPECT_EQ(saved, 12);
}

// The real dashboard over an empty Lab: the first screen the student sees, then the deployed stack.
TEST(CloudFormationScreenshotTest, SavesDashboardCloudFormationScenes) {
  const char* dir = std::getenv("FHL_UI_SCREENSHOT_DIR");
  if (!dir || !*dir) GTEST_SKIP() << "set FHL_UI_SCREENSHOT_DIR to a folder to write PNG screenshots";
  const int width = 1440, height = 900;
  testing::ImGuiHarness harness(width, height, /*wrap_widget_frames=*/false);
  testing::LoadPageFonts();
  testing::SoftwareTexture texture = testing::SoftwareTexture::FromFontAtlas();
  LabOptions options;
  options.create_lab_resources = false;
  Lab lab(options);
  SimControls controls;
  Dashboard dashboard(lab, controls);
  auto draw = [&] { dashboard.Draw(); };
  int saved = 0;
  auto shot = [&](const std::string& name) {
    for (int i = 0; i < 3; ++i) harness.Frame(draw);
    saved += testing::SaveLastFrame(texture, width, height, std::string(dir) + "/" + name + ".png") ? 1 : 0;
  };
  shot("cfn-20-dashboard-first-screen");
  ASSERT_TRUE(harness.Click("CloudFormation/Create stack", draw));
  shot("cfn-21-dashboard-lab-template");
  ASSERT_TRUE(harness.Click("CloudFormation/Next", draw));
  ASSERT_TRUE(harness.Click("CloudFormation/Next", draw));
  if (FindWidget("CloudFormation/Capabilities/Acknowledge").visible)
    ASSERT_TRUE(harness.Click("CloudFormation/Capabilities/Acknowledge", draw));
  ASSERT_TRUE(harness.Click("CloudFormation/Submit", draw));
  lab.Advance(3 * kUsPerSecond);
  shot("cfn-22-dashboard-events-in-progress");
  lab.Advance(10 * 60 * kUsPerSecond);
  shot("cfn-23-dashboard-events-complete");
  ASSERT_TRUE(harness.Click("CloudFormation/Tab/Template", draw));
  shot("cfn-24-dashboard-template");
  EXPECT_EQ(saved, 5);
}

}  // namespace
}  // namespace fhl::ui
