// cfn_template_test.cpp: CloudFormation template parsing, static checks, parameters, conditions and intrinsics
// (cfn_template.h) with AWS's error texts. Pure functions: no Lab, no clock.
#include <gtest/gtest.h>

#include "core/cfn_template.h"

namespace fhl {
namespace {

CfnTemplate MustParse(const std::string& body) {
  auto t = ParseTemplate(body);
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
  return t.ok() ? t.value() : CfnTemplate();
}

std::string ParseError(const std::string& body) {
  auto t = ParseTemplate(body);
  EXPECT_FALSE(t.ok());
  if (t.ok()) return "";
  EXPECT_EQ(t.error().code, "ValidationError");
  return t.error().message;
}

// A context with two resources already created (Bucket, Role) and the lab's pseudo parameters.
CfnContext Ctx(std::map<std::string, std::string> params = {}) {
  CfnContext ctx;
  ctx.parameters = std::move(params);
  ctx.pseudo = PseudoParameters("mystack", "arn:aws:cloudformation:us-east-1:123456789012:stack/mystack/id-1",
                                "us-east-1", "123456789012");
  ctx.ref_resource = [](const std::string& id) -> std::optional<std::string> {
    if (id == "Bucket") return std::string("mystack-bucket-abc");
    if (id == "Role") return std::string("mystack-Role-XYZ");
    return std::nullopt;
  };
  ctx.get_att = [](const std::string& id, const std::string& attr) -> Result<Json> {
    if (id == "Bucket" && attr == "Arn") return Json("arn:aws:s3:::mystack-bucket-abc");
    if (id == "Role" && attr == "Arn") return Json("arn:aws:iam::123456789012:role/mystack-Role-XYZ");
    return ApiError{"ValidationError",
                    "Template error: resource " + id + " does not support attribute type " + attr + " in Fn::GetAtt",
                    400};
  };
  return ctx;
}

Json Resolve(const std::string& json, const CfnContext& ctx) {
  auto value = ParseJson(json);
  EXPECT_TRUE(value.has_value()) << json;
  auto r = ResolveValue(value.value_or(Json()), ctx);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : Json("<error>");
}

std::string ResolveError(const std::string& json, const CfnContext& ctx) {
  auto r = ResolveValue(ParseJson(json).value_or(Json()), ctx);
  EXPECT_FALSE(r.ok()) << json;
  return r.ok() ? "" : r.error().message;
}

const char* kMinimal = R"({"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}})";

// [SECTION] syntax and sections

TEST(CfnTemplate, ParsesMinimalTemplate) {
  CfnTemplate t = MustParse(kMinimal);
  ASSERT_EQ(t.resources.size(), 1u);
  EXPECT_EQ(t.resources[0].logical_id, "Bucket");
  EXPECT_EQ(t.resources[0].type, "AWS::S3::Bucket");
  EXPECT_EQ(t.resources[0].deletion_policy, "Delete");
}

TEST(CfnTemplate, YamlBodyNamesTheConversion) {
  const std::string msg = ParseError("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n");
  EXPECT_EQ(msg,
            "Template format error: YAML templates are not supported in this lab; convert the template to JSON (for "
            "example with cfn-flip) and try again.");
  EXPECT_NE(ParseError("  \n---\nResources: {}").find("YAML"), std::string::npos);
}

TEST(CfnTemplate, JsonSyntaxErrorGivesLineAndColumn) {
  EXPECT_EQ(ParseError("{\n  \"Resources\": {\n    \"B\": {\"Type\": \"AWS::S3::Bucket\",}\n  }\n}"),
            "Template format error: JSON not well-formed. (line 3, column 37)");
  EXPECT_EQ(ParseError("{\"Resources\" {}}"), "Template format error: JSON not well-formed. (line 1, column 14)");
}

TEST(CfnTemplate, EmptyBodyIsALengthViolation) {
  EXPECT_NE(ParseError("   ").find("Member must have length greater than or equal to 1"), std::string::npos);
}

TEST(CfnTemplate, SectionChecks) {
  EXPECT_EQ(ParseError(R"({"Resource": {}})"), "Template format error: Invalid template property or properties [Resource]");
  EXPECT_EQ(ParseError(R"({"Resources": {}})"), "Template format error: At least one Resources member must be defined.");
  EXPECT_EQ(ParseError(R"({"Resources": {"B": {"Properties": {}}}})"),
            "Template format error: [/Resources/B] Every Resources object must contain a Type member.");
  EXPECT_EQ(ParseError(R"({"Resources": {"my-bucket": {"Type": "AWS::S3::Bucket"}}})"),
            "Template format error: Resource name my-bucket is non alphanumeric.");
  EXPECT_EQ(ParseError(R"({"AWSTemplateFormatVersion": "2010-09-10", "Resources": {"B": {"Type": "X::Y::Z"}}})"),
            "Template format error: Unsupported template version 2010-09-10");
  MustParse(R"({"AWSTemplateFormatVersion": "2010-09-09", "Description": "d", "Resources": {"B": {"Type": "X::Y::Z"}}})");
}

TEST(CfnTemplate, UnknownResourceTypesAreListed) {
  CfnTemplate t = MustParse(R"({"Resources": {"A": {"Type": "AWS::Foo::Bar"}, "B": {"Type": "AWS::S3::Bucket"},
                                "C": {"Type": "AWS::Foo::Bar"}, "D": {"Type": "AWS::Baz::Qux"}}})");
  auto status = CheckResourceTypes(t, [](std::string_view type) { return type == "AWS::S3::Bucket"; });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "Template format error: Unrecognized resource types: [AWS::Foo::Bar, AWS::Baz::Qux]");
  EXPECT_TRUE(CheckResourceTypes(t, [](std::string_view) { return true; }).ok());
}

// [SECTION] references, dependencies, cycles

TEST(CfnTemplate, UnresolvedRefIsAFormatError) {
  EXPECT_EQ(ParseError(R"({"Resources": {"S": {"Type": "X::Y::Z", "Properties": {"B": {"Ref": "Missing"}}}}})"),
            "Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template");
  EXPECT_EQ(ParseError(R"({"Resources": {"S": {"Type": "X::Y::Z", "DependsOn": ["Nope"]}}})"),
            "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template");
  EXPECT_EQ(ParseError(R"({"Resources": {"S": {"Type": "X::Y::Z", "Properties": {"B": {"Fn::Sub": "${Gone}-x"}}}}})"),
            "Template format error: Unresolved resource dependencies [Gone] in the Resources block of the template");
  EXPECT_EQ(ParseError(R"({"Resources": {"S": {"Type": "X::Y::Z"}}, "Outputs": {"O": {"Value": {"Ref": "Nope"}}}})"),
            "Template format error: Unresolved resource dependencies [Nope] in the Outputs block of the template");
}

TEST(CfnTemplate, MalformedIntrinsics) {
  EXPECT_EQ(ParseError(R"({"Resources": {"S": {"Type": "X::Y::Z", "Properties": {"B": {"Ref": ["A"]}}}}})"),
            "Template format error: Every Ref object must have a single String value.");
  EXPECT_EQ(ParseError(R"({"Resources": {"S": {"Type": "X::Y::Z", "Properties": {"B": {"Fn::GetAtt": ["Nope", "Arn"]}}}}})"),
            "Template error: instance of Fn::GetAtt references undefined resource Nope");
  EXPECT_EQ(ParseError(R"({"Resources": {"S": {"Type": "X::Y::Z", "Properties": {"B": {"Fn::GetAtt": "S"}}}}})"),
            "Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the "
            "resource attribute");
  EXPECT_NE(ParseError(R"({"Resources": {"S": {"Type": "X::Y::Z", "Properties": {"B": {"Fn::Join": "x"}}}}})")
                .find("every Fn::Join object requires two parameters"),
            std::string::npos);
}

TEST(CfnTemplate, DependenciesComeFromRefGetAttSubAndDependsOn) {
  CfnTemplate t = MustParse(R"({"Parameters": {"P": {"Type": "String"}},
    "Resources": {
      "Stream": {"Type": "X::S::S", "DependsOn": "Extra", "Properties": {
        "Bucket": {"Fn::GetAtt": "Bucket.Arn"}, "Role": {"Fn::Sub": "${Role.Arn}/${P}/${AWS::Region}/${!Literal}"},
        "Db": {"Ref": "Db"}}},
      "Bucket": {"Type": "X::B::B"}, "Role": {"Type": "X::R::R"}, "Db": {"Type": "X::D::D"},
      "Extra": {"Type": "X::E::E", "Properties": {"P": {"Ref": "P"}}}}})");
  const CfnResource* stream = t.FindResource("Stream");
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(stream->depends_on, (std::vector<std::string>{"Bucket", "Db", "Extra", "Role"}));
  EXPECT_TRUE(t.FindResource("Extra")->depends_on.empty());
  const auto order = CreationOrder(t, {});
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(order.back(), "Stream");
}

TEST(CfnTemplate, CreationOrderHonoursChainsAndConditions) {
  CfnTemplate t = MustParse(R"({"Conditions": {"Never": {"Fn::Equals": ["a", "b"]}},
    "Resources": {"A": {"Type": "X::A::A", "Properties": {"X": {"Ref": "B"}}},
                  "B": {"Type": "X::A::A", "Properties": {"X": {"Ref": "C"}}},
                  "C": {"Type": "X::A::A"},
                  "D": {"Type": "X::A::A", "Condition": "Never"}}})");
  EXPECT_EQ(CreationOrder(t, {{"Never", false}}), (std::vector<std::string>{"C", "B", "A"}));
  CfnTemplate text_order = MustParse(R"({"Resources": {"Zed": {"Type": "X"}, "Alpha": {"Type": "X"}, "Mid": {"Type": "X"}}})");
  EXPECT_EQ(CreationOrder(text_order, {}), (std::vector<std::string>{"Zed", "Alpha", "Mid"}));
  EXPECT_EQ(CreationOrder(t, {{"Never", true}}), (std::vector<std::string>{"C", "B", "A", "D"}));
}

TEST(CfnTemplate, CyclesAreRejected) {
  EXPECT_EQ(ParseError(R"({"Resources": {"A": {"Type": "X::A::A", "Properties": {"X": {"Ref": "B"}}},
                                         "B": {"Type": "X::A::A", "DependsOn": "A"},
                                         "C": {"Type": "X::A::A", "DependsOn": "A"}}})"),
            "Circular dependency between resources: [A, B]");
  EXPECT_EQ(ParseError(R"({"Resources": {"A": {"Type": "X::A::A", "DependsOn": "A"}}})"),
            "Circular dependency between resources: [A]");
}

// [SECTION] capabilities

TEST(CfnTemplate, Capabilities) {
  EXPECT_TRUE(RequiredCapabilities(MustParse(kMinimal)).capabilities.empty());
  auto iam = RequiredCapabilities(MustParse(R"({"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {}}}})"));
  EXPECT_EQ(iam.capabilities, (std::vector<std::string>{"CAPABILITY_IAM"}));
  EXPECT_EQ(iam.reason, "The following resource(s) require capabilities: [AWS::IAM::Role]");
  auto named = RequiredCapabilities(MustParse(R"({"Resources": {
      "R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "x"}},
      "U": {"Type": "AWS::IAM::User"}, "M": {"Type": "AWS::IAM::ManagedPolicy"}}})"));
  EXPECT_EQ(named.capabilities, (std::vector<std::string>{"CAPABILITY_NAMED_IAM"}));
  EXPECT_EQ(named.reason,
            "The following resource(s) require capabilities: [AWS::IAM::ManagedPolicy, AWS::IAM::Role, AWS::IAM::User]");
}

TEST(CfnTemplate, ValidateTemplateResponseShape) {
  CfnTemplate t = MustParse(R"({"Description": "Lab stack", "Parameters": {
      "Prefix": {"Type": "String", "Default": "stocks/", "Description": "S3 prefix"},
      "Secret": {"Type": "String", "NoEcho": true}},
    "Resources": {"R": {"Type": "AWS::IAM::Role"}}})");
  Json r = ValidateTemplateResponse(t);
  EXPECT_EQ(r["Description"], "Lab stack");
  ASSERT_EQ(r["Parameters"].size(), 2u);
  EXPECT_EQ(r["Parameters"][0], (Json{{"ParameterKey", "Prefix"}, {"DefaultValue", "stocks/"}, {"NoEcho", false},
                                      {"Description", "S3 prefix"}}));
  EXPECT_EQ(r["Parameters"][1]["NoEcho"], true);
  EXPECT_FALSE(r["Parameters"][1].contains("DefaultValue"));
  EXPECT_EQ(r["Capabilities"], Json::array({"CAPABILITY_IAM"}));
  EXPECT_EQ(r["CapabilitiesReason"], "The following resource(s) require capabilities: [AWS::IAM::Role]");
  EXPECT_EQ(r["DeclaredTransforms"], Json::array());
}

// [SECTION] parameters

std::string ParamError(const std::string& params_section, const Json& request) {
  CfnTemplate t = MustParse(R"({"Parameters": )" + params_section + R"(, "Resources": {"B": {"Type": "X::Y::Z"}}})");
  auto r = ResolveParameters(t, request);
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.error().message;
}

Json Param(const std::string& key, const std::string& value) {
  return Json::array({{{"ParameterKey", key}, {"ParameterValue", value}}});
}

TEST(CfnParameters, DefaultsAndGivenValues) {
  CfnTemplate t = MustParse(R"({"Parameters": {"A": {"Type": "String", "Default": "x"}, "N": {"Type": "Number", "Default": 60},
    "L": {"Type": "CommaDelimitedList", "Default": "a,b"}}, "Resources": {"B": {"Type": "X::Y::Z"}}})");
  auto r = ResolveParameters(t, Param("A", "given"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), (std::map<std::string, std::string>{{"A", "given"}, {"N", "60"}, {"L", "a,b"}}));
}

TEST(CfnParameters, MissingAndUnknown) {
  EXPECT_EQ(ParamError(R"({"X": {"Type": "String"}, "Y": {"Type": "String"}})", Json::array()),
            "Parameters: [X, Y] must have values");
  EXPECT_EQ(ParamError(R"({"X": {"Type": "String", "Default": ""}})", Param("Z", "1")),
            "Parameters: [Z] do not exist in the template");
}

TEST(CfnParameters, AllowedValues) {
  const char* section = R"({"Env": {"Type": "String", "AllowedValues": ["dev", "prod"]}})";
  EXPECT_EQ(ParamError(section, Param("Env", "test")), "Parameter 'Env' must be one of AllowedValues");
  CfnTemplate t = MustParse(std::string(R"({"Parameters": )") + section + R"(, "Resources": {"B": {"Type": "X"}}})");
  EXPECT_TRUE(ResolveParameters(t, Param("Env", "prod")).ok());
}

TEST(CfnParameters, AllowedPatternIsAFullMatch) {
  const char* section = R"({"Name": {"Type": "String", "AllowedPattern": "[a-z][a-z0-9-]{2,5}"}})";
  EXPECT_EQ(ParamError(section, Param("Name", "ab")), "Parameter 'Name' must match pattern [a-z][a-z0-9-]{2,5}");
  EXPECT_EQ(ParamError(section, Param("Name", "abc-def1")), "Parameter 'Name' must match pattern [a-z][a-z0-9-]{2,5}");
  EXPECT_EQ(ParamError(section, Param("Name", "Xabc")), "Parameter 'Name' must match pattern [a-z][a-z0-9-]{2,5}");
  CfnTemplate t = MustParse(std::string(R"({"Parameters": )") + section + R"(, "Resources": {"B": {"Type": "X"}}})");
  EXPECT_TRUE(ResolveParameters(t, Param("Name", "abc")).ok());
  EXPECT_TRUE(ResolveParameters(t, Param("Name", "abc-de")).ok());
  CfnTemplate alt = MustParse(R"({"Parameters": {"P": {"Type": "String", "AllowedPattern": "(foo|ba+r)?"}},
                                   "Resources": {"B": {"Type": "X"}}})");
  EXPECT_TRUE(ResolveParameters(alt, Param("P", "")).ok());
  EXPECT_TRUE(ResolveParameters(alt, Param("P", "baaar")).ok());
  EXPECT_FALSE(ResolveParameters(alt, Param("P", "foobar")).ok());
}

TEST(CfnParameters, NumberBounds) {
  const char* section = R"({"BufferInterval": {"Type": "Number", "MinValue": 60, "MaxValue": 900}})";
  EXPECT_EQ(ParamError(section, Param("BufferInterval", "901")),
            "Parameter 'BufferInterval' must be a number not greater than 900");
  EXPECT_EQ(ParamError(section, Param("BufferInterval", "59")),
            "Parameter 'BufferInterval' must be a number not less than 60");
  EXPECT_EQ(ParamError(section, Param("BufferInterval", "sixty")), "Parameter 'BufferInterval' must be a number.");
  CfnTemplate t = MustParse(std::string(R"({"Parameters": )") + section + R"(, "Resources": {"B": {"Type": "X"}}})");
  EXPECT_TRUE(ResolveParameters(t, Param("BufferInterval", "60")).ok());
  EXPECT_TRUE(ResolveParameters(t, Param("BufferInterval", "900")).ok());
  EXPECT_TRUE(ResolveParameters(t, Param("BufferInterval", "120.5")).ok());
}

TEST(CfnParameters, LengthBounds) {
  const char* section = R"({"P": {"Type": "String", "MinLength": "3", "MaxLength": 5}})";
  EXPECT_EQ(ParamError(section, Param("P", "ab")), "Parameter 'P' must contain at least 3 characters");
  EXPECT_EQ(ParamError(section, Param("P", "abcdef")), "Parameter 'P' must contain at most 5 characters");
  CfnTemplate t = MustParse(std::string(R"({"Parameters": )") + section + R"(, "Resources": {"B": {"Type": "X"}}})");
  EXPECT_TRUE(ResolveParameters(t, Param("P", "abc")).ok());
  EXPECT_TRUE(ResolveParameters(t, Param("P", "abcde")).ok());
}

TEST(CfnParameters, ConstraintDescriptionReplacesTheReason) {
  EXPECT_EQ(ParamError(R"({"P": {"Type": "String", "AllowedPattern": "[0-9]+", "ConstraintDescription": "digits only"}})",
                       Param("P", "x")),
            "Parameter 'P' failed to satisfy constraint: digits only");
}

TEST(CfnParameters, ListTypesCheckEachMember) {
  EXPECT_EQ(ParamError(R"({"Sizes": {"Type": "List<Number>"}})", Param("Sizes", "1,x,3")),
            "Parameter 'Sizes' must be a number.");
  EXPECT_EQ(ParamError(R"({"Envs": {"Type": "CommaDelimitedList", "AllowedValues": ["a", "b"]}})", Param("Envs", "a,c")),
            "Parameter 'Envs' must be one of AllowedValues");
}

TEST(CfnParameters, UsePreviousValue) {
  CfnTemplate t = MustParse(R"({"Parameters": {"P": {"Type": "String"}}, "Resources": {"B": {"Type": "X"}}})");
  auto r = ResolveParameters(t, Json::array({{{"ParameterKey", "P"}, {"UsePreviousValue", true}}}), {{"P", "old"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().at("P"), "old");
  auto bad = ResolveParameters(t, Json::array({{{"ParameterKey", "P"}, {"UsePreviousValue", true}}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("Cannot specify usePreviousValue as true"), std::string::npos);
}

TEST(CfnParameters, TemplateLevelParameterErrors) {
  EXPECT_EQ(ParseError(R"({"Parameters": {"P": {"Type": "Strin"}}, "Resources": {"B": {"Type": "X"}}})"),
            "Template format error: Unrecognized parameter type: Strin");
  EXPECT_EQ(ParseError(R"({"Parameters": {"P": {"Type": "String", "Allowed": []}}, "Resources": {"B": {"Type": "X"}}})"),
            "Template format error: Invalid template parameter property 'Allowed'");
  EXPECT_EQ(ParseError(R"({"Parameters": {"P": {"Default": "x"}}, "Resources": {"B": {"Type": "X"}}})"),
            "Template format error: Every Parameters object must contain a Type member.");
  EXPECT_EQ(ParseError(R"({"Parameters": {"P": {"Type": "String", "AllowedValues": "a"}}, "Resources": {"B": {"Type": "X"}}})"),
            "Template format error: Every AllowedValues member must be a list.");
}

// [SECTION] intrinsics and pseudo parameters

TEST(CfnIntrinsics, RefOfParametersPseudoAndResources) {
  CfnContext ctx = Ctx({{"Prefix", "stocks/"}, {"Subnets", "a,b,c"}});
  ctx.list_parameters.insert("Subnets");
  EXPECT_EQ(Resolve(R"({"Ref": "Prefix"})", ctx), "stocks/");
  EXPECT_EQ(Resolve(R"({"Ref": "Subnets"})", ctx), Json::array({"a", "b", "c"}));
  EXPECT_EQ(Resolve(R"({"Ref": "Bucket"})", ctx), "mystack-bucket-abc");
  EXPECT_EQ(Resolve(R"({"Ref": "AWS::StackName"})", ctx), "mystack");
  EXPECT_EQ(Resolve(R"({"Ref": "AWS::StackId"})", ctx), "arn:aws:cloudformation:us-east-1:123456789012:stack/mystack/id-1");
  EXPECT_EQ(Resolve(R"({"Ref": "AWS::Region"})", ctx), "us-east-1");
  EXPECT_EQ(Resolve(R"({"Ref": "AWS::AccountId"})", ctx), "123456789012");
  EXPECT_EQ(Resolve(R"({"Ref": "AWS::Partition"})", ctx), "aws");
  EXPECT_EQ(Resolve(R"({"Ref": "AWS::URLSuffix"})", ctx), "amazonaws.com");
  EXPECT_EQ(Resolve(R"({"Ref": "AWS::NotificationARNs"})", ctx), Json::array());
  EXPECT_EQ(ResolveError(R"({"Ref": "NotYet"})", ctx),
            "Template format error: Unresolved resource dependencies [NotYet] in the Resources block of the template");
}

TEST(CfnIntrinsics, NoValueRemovesPropertiesAndItems) {
  CfnContext ctx = Ctx();
  ctx.conditions = {{"IsProd", false}};
  EXPECT_EQ(Resolve(R"({"A": 1, "B": {"Ref": "AWS::NoValue"}, "C": [1, {"Ref": "AWS::NoValue"}, 3],
                        "D": {"Fn::If": ["IsProd", "x", {"Ref": "AWS::NoValue"}]}})", ctx),
            (Json{{"A", 1}, {"C", {1, 3}}}));
}

TEST(CfnIntrinsics, GetAttBothForms) {
  CfnContext ctx = Ctx();
  EXPECT_EQ(Resolve(R"({"Fn::GetAtt": ["Bucket", "Arn"]})", ctx), "arn:aws:s3:::mystack-bucket-abc");
  EXPECT_EQ(Resolve(R"({"Fn::GetAtt": "Role.Arn"})", ctx), "arn:aws:iam::123456789012:role/mystack-Role-XYZ");
  EXPECT_EQ(ResolveError(R"({"Fn::GetAtt": ["Bucket", "Color"]})", ctx),
            "Template error: resource Bucket does not support attribute type Color in Fn::GetAtt");
}

TEST(CfnIntrinsics, SubBothFormsAndLiterals) {
  CfnContext ctx = Ctx({{"Prefix", "stocks/"}});
  EXPECT_EQ(Resolve(R"({"Fn::Sub": "arn:aws:s3:::${Bucket}/${Prefix}*"})", ctx), "arn:aws:s3:::mystack-bucket-abc/stocks/*");
  EXPECT_EQ(Resolve(R"({"Fn::Sub": "${Role.Arn}|${AWS::AccountId}|${AWS::Region}"})", ctx),
            "arn:aws:iam::123456789012:role/mystack-Role-XYZ|123456789012|us-east-1");
  EXPECT_EQ(Resolve(R"({"Fn::Sub": "${!Literal}-${Prefix}"})", ctx), "${Literal}-stocks/");
  EXPECT_EQ(Resolve(R"({"Fn::Sub": ["${Name}-${Prefix}", {"Name": {"Ref": "Bucket"}}]})", ctx), "mystack-bucket-abc-stocks/");
  EXPECT_EQ(Resolve(R"({"Fn::Sub": "no variables"})", ctx), "no variables");
}

TEST(CfnIntrinsics, JoinSelectSplit) {
  CfnContext ctx = Ctx({{"Csv", "x,y,z"}});
  ctx.list_parameters.insert("Csv");
  EXPECT_EQ(Resolve(R"({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::", {"Ref": "Bucket"}]]})", ctx),
            "arn:aws:s3:::mystack-bucket-abc");
  EXPECT_EQ(Resolve(R"({"Fn::Join": ["-", {"Ref": "Csv"}]})", ctx), "x-y-z");
  EXPECT_EQ(Resolve(R"({"Fn::Join": [",", []]})", ctx), "");
  EXPECT_EQ(Resolve(R"({"Fn::Select": ["1", ["a", "b", "c"]]})", ctx), "b");
  EXPECT_EQ(Resolve(R"({"Fn::Select": [2, {"Ref": "Csv"}]})", ctx), "z");
  EXPECT_EQ(ResolveError(R"({"Fn::Select": [3, ["a", "b", "c"]]})", ctx),
            "Template error: Fn::Select cannot select nonexistent value at index 3");
  EXPECT_EQ(Resolve(R"({"Fn::Split": ["/", "a/b//c"]})", ctx), Json::array({"a", "b", "", "c"}));
  EXPECT_EQ(Resolve(R"({"Fn::Select": [0, {"Fn::Split": [".", {"Fn::GetAtt": "Bucket.Arn"}]}]})", ctx), "arn:aws:s3:::mystack-bucket-abc");
}

TEST(CfnIntrinsics, IfBase64GetAZsFindInMap) {
  CfnContext ctx = Ctx();
  ctx.conditions = {{"Yes", true}, {"No", false}};
  ctx.mappings = Json{{"Sizes", {{"dev", {{"MB", 1}}}, {"prod", {{"MB", 128}}}}}};
  EXPECT_EQ(Resolve(R"({"Fn::If": ["Yes", "a", "b"]})", ctx), "a");
  EXPECT_EQ(Resolve(R"({"Fn::If": ["No", "a", {"Ref": "AWS::Region"}]})", ctx), "us-east-1");
  EXPECT_EQ(ResolveError(R"({"Fn::If": ["Maybe", "a", "b"]})", ctx), "Template error: unresolved condition dependency Maybe in Fn::If");
  EXPECT_EQ(Resolve(R"({"Fn::Base64": "hello"})", ctx), "aGVsbG8=");
  EXPECT_EQ(Resolve(R"({"Fn::Base64": {"Fn::Sub": "${AWS::StackName}"}})", ctx), "bXlzdGFjaw==");
  EXPECT_EQ(Resolve(R"({"Fn::GetAZs": ""})", ctx),
            Json::array({"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"}));
  EXPECT_EQ(Resolve(R"({"Fn::GetAZs": {"Ref": "AWS::Region"}})", ctx).size(), 6u);
  EXPECT_EQ(Resolve(R"({"Fn::FindInMap": ["Sizes", "prod", "MB"]})", ctx), 128);
  EXPECT_EQ(ResolveError(R"({"Fn::FindInMap": ["Sizes", "test", "MB"]})", ctx),
            "Template error: Unable to get mapping for Sizes::test::MB");
}

TEST(CfnConditions, EqualsAndOrNotAndConditionReferences) {
  CfnTemplate t = MustParse(R"({"Parameters": {"Env": {"Type": "String"}, "Size": {"Type": "Number"}},
    "Conditions": {
      "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
      "IsBig": {"Fn::Equals": ["128", {"Ref": "Size"}]},
      "ProdAndBig": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "IsBig"}]},
      "ProdOrBig": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "IsBig"}]},
      "NotProd": {"Fn::Not": [{"Condition": "IsProd"}]},
      "InUsEast": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}},
    "Resources": {"B": {"Type": "X", "Condition": "IsProd"}}})");
  CfnContext ctx = Ctx({{"Env", "prod"}, {"Size", "64"}});
  auto c = EvaluateConditions(t, ctx);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c.value(), (std::map<std::string, bool>{{"IsProd", true}, {"IsBig", false}, {"ProdAndBig", false},
                                                    {"ProdOrBig", true}, {"NotProd", false}, {"InUsEast", true}}));
  CfnContext dev = Ctx({{"Env", "dev"}, {"Size", "128"}});
  auto d = EvaluateConditions(t, dev);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.value().at("ProdAndBig"), false);
  EXPECT_EQ(d.value().at("ProdOrBig"), true);
  EXPECT_EQ(d.value().at("NotProd"), true);
}

TEST(CfnConditions, ResourcesCannotBeReferencedAndCyclesFail) {
  EXPECT_EQ(ParseError(R"({"Conditions": {"C": {"Fn::Equals": [{"Ref": "B"}, "x"]}}, "Resources": {"B": {"Type": "X"}}})"),
            "Template format error: Unresolved dependencies [B]. Cannot reference resources in the Conditions block of "
            "the template");
  CfnTemplate t = MustParse(R"({"Conditions": {"A": {"Fn::Not": [{"Condition": "B"}]}, "B": {"Fn::Not": [{"Condition": "A"}]}},
                                "Resources": {"R": {"Type": "X"}}})");
  EXPECT_FALSE(EvaluateConditions(t, Ctx()).ok());
}

}  // namespace
}  // namespace fhl
