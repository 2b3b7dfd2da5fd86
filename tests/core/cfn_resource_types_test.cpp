// cfn_resource_types_test.cpp: each CloudFormation resource handler creates, updates and deletes the real lab
// resource through Lab::Call, with CloudFormation's validation and handler texts; and the lab template is valid JSON
// whose resources the handlers accept.
#include "core/cfn_resource_types.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "core/iam_service.h"
#include "core/lab.h"
#include "core/lab_template.h"
#include "core/rng.h"
#include "test_util.h"

namespace fhl {
namespace {

using test::EmptyLab;
using test::Err;
using test::Ok;

bool AllOf(const std::string& s, bool (*ok)(char)) { return !s.empty() && std::all_of(s.begin(), s.end(), ok); }
bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsUpperAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool StartsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

const Json kTrust = {
    {"Version", "2012-10-17"},
    {"Statement",
     {{{"Effect", "Allow"}, {"Principal", {{"Service", "firehose.amazonaws.com"}}}, {"Action", "sts:AssumeRole"}}}}};

Json S3Policy(const std::string& bucket) {
  return {{"Version", "2012-10-17"},
          {"Statement",
           {{{"Effect", "Allow"},
             {"Action", {"s3:PutObject", "s3:GetObject"}},
             {"Resource", {"arn:aws:s3:::" + bucket, "arn:aws:s3:::" + bucket + "/*"}}}}}};
}

class CfnResourceTypesTest : public ::testing::Test {
 protected:
  CfnResourceTypesTest() : lab_(EmptyLab()), rng_(7) {
    ctx_.call = [this](std::string_view service, std::string_view action, const Json& request) {
      return lab_.Call(service, action, request);
    };
    ctx_.stack_name = "firehose-lab";
    ctx_.account_id = Lab::kAccountId;
    ctx_.region = Lab::kRegion;
    ctx_.rng = &rng_;
  }

  static const CfnResourceType& Type(const char* name) {
    const CfnResourceType* t = FindCfnResourceType(name);
    EXPECT_NE(t, nullptr) << name;
    return *t;
  }

  CfnProvisioned Create(const char* type, const std::string& logical_id, const Json& props) {
    EXPECT_TRUE(Type(type).validate(logical_id, props).ok());
    Result<CfnProvisioned> r = Type(type).create(ctx_, logical_id, props);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : CfnProvisioned();
  }

  ApiError CreateError(const char* type, const std::string& logical_id, const Json& props) {
    Result<CfnProvisioned> r = Type(type).create(ctx_, logical_id, props);
    EXPECT_FALSE(r.ok());
    return r.ok() ? ApiError{} : r.error();
  }

  std::string ValidateError(const char* type, const std::string& logical_id, const Json& props) {
    Status s = Type(type).validate(logical_id, props);
    EXPECT_FALSE(s.ok());
    return s.ok() ? "" : s.error().message;
  }

  CfnProvisioned Update(const char* type, const std::string& logical_id, const CfnProvisioned& current,
                        const Json& old_props, const Json& new_props) {
    EXPECT_EQ(Type(type).update_kind(old_props, new_props), CfnUpdateKind::kNoInterruption);
    Result<CfnProvisioned> r = Type(type).update(ctx_, logical_id, current, old_props, new_props);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : CfnProvisioned();
  }

  Lab lab_;
  Rng rng_;
  CfnResourceContext ctx_;
};

// [SECTION] registry

TEST_F(CfnResourceTypesTest, EveryLabTypeHasAFullHandler) {
  for (const char* name :
       {"AWS::S3::Bucket", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::KinesisFirehose::DeliveryStream",
        "AWS::Glue::Database", "AWS::Glue::Table", "AWS::Athena::WorkGroup", "AWS::Athena::NamedQuery"}) {
    const CfnResourceType* t = FindCfnResourceType(name);
    ASSERT_NE(t, nullptr) << name;
    EXPECT_EQ(t->type, name);
    EXPECT_TRUE(t->validate && t->create && t->update_kind && t->update && t->remove) << name;
    EXPECT_GE(t->create_seconds, 1);
  }
  EXPECT_EQ(FindCfnResourceType("AWS::Foo::Bar"), nullptr);
  EXPECT_EQ(FindCfnResourceType("AWS::S3::BucketPolicy"), nullptr);
}

// [SECTION] AWS::S3::Bucket

TEST_F(CfnResourceTypesTest, BucketCreateAttributesAndNonEmptyDelete) {
  CfnProvisioned b = Create("AWS::S3::Bucket", "Bucket", {{"BucketName", "lab-sink"}});
  EXPECT_EQ(b.physical_id, "lab-sink");
  Ok(lab_, "S3", "HeadBucket", {{"Bucket", "lab-sink"}});
  EXPECT_EQ(b.attributes["Arn"], "arn:aws:s3:::lab-sink");
  EXPECT_EQ(b.attributes["DomainName"], "lab-sink.s3.amazonaws.com");
  EXPECT_EQ(b.attributes["RegionalDomainName"], "lab-sink.s3.us-east-1.amazonaws.com");
  EXPECT_EQ(b.attributes["DualStackDomainName"], "lab-sink.s3.dualstack.us-east-1.amazonaws.com");
  EXPECT_EQ(b.attributes["WebsiteURL"], "http://lab-sink.s3-website-us-east-1.amazonaws.com");

  // An existing bucket is not adopted.
  ApiError exists = CreateError("AWS::S3::Bucket", "Bucket", {{"BucketName", "lab-sink"}});
  EXPECT_NE(exists.message.find("Resource of type 'AWS::S3::Bucket' with identifier 'lab-sink' already exists."),
            std::string::npos)
      << exists.message;

  Ok(lab_, "S3", "PutObject", {{"Bucket", "lab-sink"}, {"Key", "stocks/a"}, {"Body", Base64Encode("x")}});
  Status full = Type("AWS::S3::Bucket").remove(ctx_, b, {{"BucketName", "lab-sink"}});
  ASSERT_FALSE(full.ok());
  EXPECT_TRUE(StartsWith(full.error().message,
                         "Resource handler returned message: \"The bucket you tried to delete is not empty (Service: "
                         "S3, Status Code: 409, Request ID: "))
      << full.error().message;
  EXPECT_NE(full.error().message.find("HandlerErrorCode: ResourceConflict)"), std::string::npos);
  Ok(lab_, "S3", "HeadBucket", {{"Bucket", "lab-sink"}});  // still there

  Ok(lab_, "S3", "DeleteObject", {{"Bucket", "lab-sink"}, {"Key", "stocks/a"}});
  ASSERT_TRUE(Type("AWS::S3::Bucket").remove(ctx_, b, {{"BucketName", "lab-sink"}}).ok());
  EXPECT_EQ(Err(lab_, "S3", "HeadBucket", {{"Bucket", "lab-sink"}}).code, "NotFound");
  // Deleting what is already gone succeeds, as CloudFormation's delete does.
  EXPECT_TRUE(Type("AWS::S3::Bucket").remove(ctx_, b, {{"BucketName", "lab-sink"}}).ok());
}

TEST_F(CfnResourceTypesTest, BucketGeneratedNamesAndReplacement) {
  CfnProvisioned b = Create("AWS::S3::Bucket", "DataBucket", Json::object());
  ASSERT_EQ(b.physical_id.size(), std::string("firehose-lab-databucket-").size() + 12);
  EXPECT_TRUE(StartsWith(b.physical_id, "firehose-lab-databucket-")) << b.physical_id;
  EXPECT_TRUE(AllOf(b.physical_id.substr(24), IsLowerAlnum)) << b.physical_id;
  Ok(lab_, "S3", "HeadBucket", {{"Bucket", b.physical_id}});
  // A long stack name is cut so the name stays within S3's 63 characters.
  ctx_.stack_name = "a-very-long-stack-name-for-the-firehose-lab-of-the-course-2026";
  CfnProvisioned long_name = Create("AWS::S3::Bucket", "DeliveryBucketWithALongLogicalId", Json::object());
  EXPECT_EQ(long_name.physical_id.size(), 63u) << long_name.physical_id;
  EXPECT_TRUE(AllOf(long_name.physical_id.substr(51), IsLowerAlnum)) << long_name.physical_id;
  Ok(lab_, "S3", "HeadBucket", {{"Bucket", long_name.physical_id}});

  const CfnResourceType& t = Type("AWS::S3::Bucket");
  EXPECT_EQ(t.update_kind({{"BucketName", "a"}}, {{"BucketName", "b"}}), CfnUpdateKind::kReplacement);
  EXPECT_EQ(t.update_kind(Json::object(), {{"BucketName", "b"}}), CfnUpdateKind::kReplacement);
  EXPECT_EQ(
      t.update_kind({{"BucketName", "a"}}, {{"BucketName", "a"}, {"VersioningConfiguration", {{"Status", "Enabled"}}}}),
      CfnUpdateKind::kNoInterruption);
  EXPECT_EQ(ValidateError("AWS::S3::Bucket", "Bucket", {{"BucketName", {{"x", 1}}}}),
            "Properties validation failed for resource Bucket with message: #/BucketName: expected type: String, "
            "found: JSONObject");
  EXPECT_EQ(ValidateError("AWS::S3::Bucket", "Bucket", {{"Bucketname", "x"}}),
            "Properties validation failed for resource Bucket with message: #: extraneous key [Bucketname] is not "
            "permitted");
  // S3's own name rules come back as the handler's message.
  ApiError bad = CreateError("AWS::S3::Bucket", "Bucket", {{"BucketName", "Upper_Case"}});
  EXPECT_TRUE(StartsWith(bad.message, "Resource handler returned message: \"")) << bad.message;
  EXPECT_NE(bad.message.find("HandlerErrorCode: InvalidRequest)"), std::string::npos) << bad.message;
}

// [SECTION] AWS::IAM::Role and AWS::IAM::Policy

TEST_F(CfnResourceTypesTest, RoleWithInlinePoliciesCreateUpdateDelete) {
  const Json props = {{"RoleName", "ie-tech-mba-firehose-role"},
                      {"AssumeRolePolicyDocument", kTrust},
                      {"Policies", {{{"PolicyName", "s3-delivery"}, {"PolicyDocument", S3Policy("sink")}}}}};
  CfnProvisioned role = Create("AWS::IAM::Role", "FirehoseRole", props);
  EXPECT_EQ(role.physical_id, "ie-tech-mba-firehose-role");
  Json got = Ok(lab_, "IAM", "GetRole", {{"RoleName", "ie-tech-mba-firehose-role"}})["Role"];
  EXPECT_EQ(role.attributes["Arn"], "arn:aws:iam::123456789012:role/ie-tech-mba-firehose-role");
  EXPECT_EQ(role.attributes["RoleId"], got["RoleId"]);
  const IamRole* live = lab_.iam().FindRole("ie-tech-mba-firehose-role");
  ASSERT_NE(live, nullptr);
  EXPECT_EQ(ParseJson(live->assume_role_policy_document), kTrust);
  ASSERT_EQ(live->inline_policies.count("s3-delivery"), 1u);
  EXPECT_EQ(ParseJson(live->inline_policies.at("s3-delivery")), S3Policy("sink"));

  // Description and policies change in place; the role (and its id) stays.
  Json changed = props;
  changed["Description"] = "delivery role";
  changed["Policies"] = {{{"PolicyName", "s3-delivery-v2"}, {"PolicyDocument", S3Policy("other")}}};
  CfnProvisioned updated = Update("AWS::IAM::Role", "FirehoseRole", role, props, changed);
  EXPECT_EQ(updated.attributes["RoleId"], role.attributes["RoleId"]);
  live = lab_.iam().FindRole("ie-tech-mba-firehose-role");
  EXPECT_EQ(live->description, "delivery role");
  EXPECT_EQ(live->inline_policies.count("s3-delivery"), 0u);
  ASSERT_EQ(live->inline_policies.count("s3-delivery-v2"), 1u);
  EXPECT_EQ(ParseJson(live->inline_policies.at("s3-delivery-v2")), S3Policy("other"));

  const CfnResourceType& t = Type("AWS::IAM::Role");
  Json renamed = props;
  renamed["RoleName"] = "other-role";
  EXPECT_EQ(t.update_kind(props, renamed), CfnUpdateKind::kReplacement);
  Json moved = props;
  moved["Path"] = "/service-role/";
  EXPECT_EQ(t.update_kind(props, moved), CfnUpdateKind::kReplacement);

  // Delete removes the inline policies first, then the role.
  ASSERT_TRUE(t.remove(ctx_, updated, changed).ok());
  EXPECT_EQ(Err(lab_, "IAM", "GetRole", {{"RoleName", "ie-tech-mba-firehose-role"}}).code, "NoSuchEntity");
  EXPECT_TRUE(t.remove(ctx_, updated, changed).ok());
}

TEST_F(CfnResourceTypesTest, RoleGeneratedNameAndFailedPolicyLeavesNothing) {
  CfnProvisioned role = Create("AWS::IAM::Role", "DeliveryRole", {{"AssumeRolePolicyDocument", kTrust}});
  ASSERT_TRUE(StartsWith(role.physical_id, "firehose-lab-DeliveryRole-")) << role.physical_id;
  EXPECT_EQ(role.physical_id.size(), std::string("firehose-lab-DeliveryRole-").size() + 12);
  EXPECT_TRUE(AllOf(role.physical_id.substr(26), IsUpperAlnum)) << role.physical_id;
  Ok(lab_, "IAM", "GetRole", {{"RoleName", role.physical_id}});

  // A permissions policy with a Principal is refused by IAM; the half-made role is removed again.
  const uint64_t roles_before = lab_.iam().ListRoles().size();
  ApiError e = CreateError("AWS::IAM::Role", "BadRole",
                           {{"RoleName", "bad-role"},
                            {"AssumeRolePolicyDocument", kTrust},
                            {"Policies", {{{"PolicyName", "p"}, {"PolicyDocument", kTrust}}}}});
  EXPECT_TRUE(StartsWith(e.message,
                         "Resource handler returned message: \"Policy document should not specify a principal. "
                         "(Service: Iam, Status Code: 400"))
      << e.message;
  EXPECT_EQ(lab_.iam().ListRoles().size(), roles_before);
  EXPECT_EQ(lab_.iam().FindRole("bad-role"), nullptr);

  ApiError exists =
      CreateError("AWS::IAM::Role", "Again", {{"RoleName", role.physical_id}, {"AssumeRolePolicyDocument", kTrust}});
  EXPECT_NE(exists.message.find("Resource of type 'AWS::IAM::Role' with identifier '" + role.physical_id +
                                "' already exists."),
            std::string::npos)
      << exists.message;
  EXPECT_EQ(ValidateError("AWS::IAM::Role", "Role", {{"RoleName", "r"}}),
            "Properties validation failed for resource Role with message: #: required key [AssumeRolePolicyDocument] "
            "not found");
  EXPECT_EQ(ValidateError("AWS::IAM::Role", "Role",
                          {{"AssumeRolePolicyDocument", kTrust}, {"Policies", {{{"PolicyDocument", kTrust}}}}}),
            "Properties validation failed for resource Role with message: #/Policies/0: required key [PolicyName] "
            "not found");
}

TEST_F(CfnResourceTypesTest, PolicyAttachesToRolesAndFollowsRenames) {
  Create("AWS::IAM::Role", "RoleA", {{"RoleName", "role-a"}, {"AssumeRolePolicyDocument", kTrust}});
  Create("AWS::IAM::Role", "RoleB", {{"RoleName", "role-b"}, {"AssumeRolePolicyDocument", kTrust}});
  const Json props = {{"PolicyName", "deliver"}, {"PolicyDocument", S3Policy("sink")}, {"Roles", {"role-a", "role-b"}}};
  CfnProvisioned p = Create("AWS::IAM::Policy", "DeliveryPolicy", props);
  // Physical id: first 5 characters of the stack and logical id, then 12 random ones.
  ASSERT_EQ(p.physical_id.size(), 24u) << p.physical_id;
  EXPECT_EQ(p.physical_id.substr(0, 12), "fireh-Deliv-");
  EXPECT_TRUE(AllOf(p.physical_id.substr(12), IsUpperAlnum)) << p.physical_id;
  EXPECT_EQ(lab_.iam().FindRole("role-a")->inline_policies.count("deliver"), 1u);
  EXPECT_EQ(lab_.iam().FindRole("role-b")->inline_policies.count("deliver"), 1u);

  // Rename and drop role-b: the old name goes from both roles, the new one is on role-a only.
  const Json renamed = {{"PolicyName", "deliver-v2"}, {"PolicyDocument", S3Policy("sink")}, {"Roles", {"role-a"}}};
  CfnProvisioned after = Update("AWS::IAM::Policy", "DeliveryPolicy", p, props, renamed);
  EXPECT_EQ(after.physical_id, p.physical_id);
  EXPECT_EQ(lab_.iam().FindRole("role-a")->inline_policies.count("deliver"), 0u);
  EXPECT_EQ(lab_.iam().FindRole("role-a")->inline_policies.count("deliver-v2"), 1u);
  EXPECT_TRUE(lab_.iam().FindRole("role-b")->inline_policies.empty());

  ASSERT_TRUE(Type("AWS::IAM::Policy").remove(ctx_, after, renamed).ok());
  EXPECT_TRUE(lab_.iam().FindRole("role-a")->inline_policies.empty());

  ApiError none = CreateError("AWS::IAM::Policy", "P", {{"PolicyName", "x"}, {"PolicyDocument", S3Policy("s")}});
  EXPECT_NE(none.message.find("At least one of [Groups,Roles,Users] must be non-empty."), std::string::npos);
  ApiError missing_role =
      CreateError("AWS::IAM::Policy", "P",
                  {{"PolicyName", "x"}, {"PolicyDocument", S3Policy("s")}, {"Roles", {"role-a", "ghost"}}});
  EXPECT_NE(missing_role.message.find("The role with name ghost cannot be found."), std::string::npos)
      << missing_role.message;
  EXPECT_TRUE(lab_.iam().FindRole("role-a")->inline_policies.empty());  // undone on role-a
}

// [SECTION] AWS::KinesisFirehose::DeliveryStream

Json StreamProps(const std::string& name, const Json& interval, const Json& size) {
  return {
      {"DeliveryStreamName", name},
      {"DeliveryStreamType", "DirectPut"},
      {"ExtendedS3DestinationConfiguration",
       {{"BucketARN", "arn:aws:s3:::sink"},
        {"RoleARN", "arn:aws:iam::123456789012:role/ie-tech-mba-firehose-role"},
        {"Prefix", "stocks/"},
        {"ErrorOutputPrefix", "errors/"},
        {"BufferingHints", {{"IntervalInSeconds", interval}, {"SizeInMBs", size}}},
        {"CompressionFormat", "UNCOMPRESSED"},
        {"ProcessingConfiguration", {{"Enabled", "true"}, {"Processors", {{{"Type", "AppendDelimiterToRecord"}}}}}}}}};
}

Json DescribeStream(Lab& lab, const std::string& name) {
  return Ok(lab, "Firehose", "DescribeDeliveryStream", {{"DeliveryStreamName", name}})["DeliveryStreamDescription"];
}

TEST_F(CfnResourceTypesTest, DeliveryStreamIsActiveBeforeCreateComplete) {
  Ok(lab_, "S3", "CreateBucket", {{"Bucket", "sink"}});
  // Ref of a Number parameter resolves to text ("60"); the handler converts it as CloudFormation does.
  CfnProvisioned s =
      Create("AWS::KinesisFirehose::DeliveryStream", "DeliveryStream", StreamProps("ie-tech-mba-stream", "60", "1"));
  EXPECT_EQ(s.physical_id, "ie-tech-mba-stream");
  EXPECT_EQ(s.attributes["Arn"], "arn:aws:firehose:us-east-1:123456789012:deliverystream/ie-tech-mba-stream");
  EXPECT_EQ(DescribeStream(lab_, "ie-tech-mba-stream")["DeliveryStreamStatus"], "CREATING");
  const int create_seconds = Type("AWS::KinesisFirehose::DeliveryStream").create_seconds;
  EXPECT_GT(create_seconds, 5);
  lab_.Advance(create_seconds * kUsPerSecond);
  Json d = DescribeStream(lab_, "ie-tech-mba-stream");
  EXPECT_EQ(d["DeliveryStreamStatus"], "ACTIVE");
  const Json& dest = d["Destinations"][0]["ExtendedS3DestinationDescription"];
  EXPECT_EQ(dest["BufferingHints"], (Json{{"SizeInMBs", 1}, {"IntervalInSeconds", 60}}));
  EXPECT_EQ(dest["Prefix"], "stocks/");
  EXPECT_EQ(dest["ErrorOutputPrefix"], "errors/");
  EXPECT_EQ(dest["ProcessingConfiguration"]["Enabled"], true);
  EXPECT_EQ(dest["ProcessingConfiguration"]["Processors"][0]["Type"], "AppendDelimiterToRecord");

  ApiError exists =
      CreateError("AWS::KinesisFirehose::DeliveryStream", "Again", StreamProps("ie-tech-mba-stream", 60, 1));
  EXPECT_NE(exists.message.find("Resource of type 'AWS::KinesisFirehose::DeliveryStream' with identifier "
                                "'ie-tech-mba-stream' already exists."),
            std::string::npos)
      << exists.message;

  ASSERT_TRUE(
      Type("AWS::KinesisFirehose::DeliveryStream").remove(ctx_, s, StreamProps("ie-tech-mba-stream", 60, 1)).ok());
  EXPECT_EQ(DescribeStream(lab_, "ie-tech-mba-stream")["DeliveryStreamStatus"], "DELETING");
  lab_.Advance(Type("AWS::KinesisFirehose::DeliveryStream").delete_seconds * kUsPerSecond);
  EXPECT_EQ(Err(lab_, "Firehose", "DescribeDeliveryStream", {{"DeliveryStreamName", "ie-tech-mba-stream"}}).code,
            "ResourceNotFoundException");
}

TEST_F(CfnResourceTypesTest, BufferingHintsUpdateKeepsBufferedRecords) {
  Ok(lab_, "S3", "CreateBucket", {{"Bucket", "sink"}});
  const Json before = StreamProps("s", 900, 128);
  CfnProvisioned s = Create("AWS::KinesisFirehose::DeliveryStream", "DeliveryStream", before);
  lab_.Advance(6 * kUsPerSecond);
  for (const char* data : {"{\"a\":1}", "{\"a\":2}", "{\"a\":3}"}) {
    Ok(lab_, "Firehose", "PutRecord", {{"DeliveryStreamName", "s"}, {"Record", test::Record(data)}});
  }
  lab_.Advance(10 * kUsPerSecond);
  EXPECT_TRUE(test::ListAll(lab_, "sink").empty());  // still buffered (900 s / 128 MB)

  const Json after = StreamProps("s", 60, 1);
  Update("AWS::KinesisFirehose::DeliveryStream", "DeliveryStream", s, before, after);
  Json d = DescribeStream(lab_, "s");
  EXPECT_EQ(d["VersionId"], "2");
  EXPECT_EQ(d["DeliveryStreamStatus"], "ACTIVE");
  EXPECT_EQ(d["Destinations"][0]["ExtendedS3DestinationDescription"]["BufferingHints"],
            (Json{{"SizeInMBs", 1}, {"IntervalInSeconds", 60}}));
  lab_.Advance(60 * kUsPerSecond);
  Json objects = test::ListAll(lab_, "sink", "stocks/");
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(test::GetBody(lab_, "sink", objects[0]["Key"].get<std::string>()), "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n");

  // An unchanged destination is not touched (no version bump).
  Update("AWS::KinesisFirehose::DeliveryStream", "DeliveryStream", s, after, after);
  EXPECT_EQ(DescribeStream(lab_, "s")["VersionId"], "2");
  const CfnResourceType& t = Type("AWS::KinesisFirehose::DeliveryStream");
  EXPECT_EQ(t.update_kind(after, StreamProps("s2", 60, 1)), CfnUpdateKind::kReplacement);
}

TEST_F(CfnResourceTypesTest, DeliveryStreamValidationAndHandlerErrors) {
  Json no_bucket = StreamProps("s", 60, 1);
  no_bucket["ExtendedS3DestinationConfiguration"].erase("BucketARN");
  EXPECT_EQ(ValidateError("AWS::KinesisFirehose::DeliveryStream", "DeliveryStream", no_bucket),
            "Properties validation failed for resource DeliveryStream with message: "
            "#/ExtendedS3DestinationConfiguration: required key [BucketARN] not found");
  EXPECT_EQ(ValidateError("AWS::KinesisFirehose::DeliveryStream", "DeliveryStream", StreamProps("s", "sixty", 1)),
            "Properties validation failed for resource DeliveryStream with message: "
            "#/ExtendedS3DestinationConfiguration/BufferingHints/IntervalInSeconds: expected type: Integer, found: "
            "String");
  EXPECT_EQ(ValidateError("AWS::KinesisFirehose::DeliveryStream", "DeliveryStream", StreamProps("bad name", 60, 1)),
            "Properties validation failed for resource DeliveryStream with message: #/DeliveryStreamName: string "
            "[bad name] does not match pattern ^[a-zA-Z0-9._-]+$");
  // Two problems at once are listed together.
  Json two = StreamProps(std::string(65, 's'), 60, 1);
  two["ExtendedS3DestinationConfiguration"].erase("RoleARN");
  const std::string both = ValidateError("AWS::KinesisFirehose::DeliveryStream", "DS", two);
  EXPECT_EQ(both,
            "Properties validation failed for resource DS with message: [#/ExtendedS3DestinationConfiguration: "
            "required key [RoleARN] not found, #/DeliveryStreamName: expected maxLength: 64, actual: 65]");

  // Ranges are the Firehose API's: the handler returns its message, nothing is created.
  EXPECT_TRUE(Type("AWS::KinesisFirehose::DeliveryStream").validate("DeliveryStream", StreamProps("s", 901, 1)).ok());
  ApiError range = CreateError("AWS::KinesisFirehose::DeliveryStream", "DeliveryStream", StreamProps("s", 901, 1));
  EXPECT_TRUE(StartsWith(range.message,
                         "Resource handler returned message: \"1 validation error detected: Value '901' at "
                         "'extendedS3DestinationConfiguration.bufferingHints.intervalInSeconds' failed to satisfy "
                         "constraint: Member must have value less than or equal to 900 (Service: Firehose, Status "
                         "Code: 400, Request ID: "))
      << range.message;
  EXPECT_NE(range.message.find("HandlerErrorCode: InvalidRequest)"), std::string::npos);
  EXPECT_EQ(Err(lab_, "Firehose", "DescribeDeliveryStream", {{"DeliveryStreamName", "s"}}).code,
            "ResourceNotFoundException");
  ApiError size = CreateError("AWS::KinesisFirehose::DeliveryStream", "DeliveryStream", StreamProps("s", 60, 0));
  EXPECT_NE(size.message.find("Member must have value greater than or equal to 1"), std::string::npos) << size.message;
  Create("AWS::KinesisFirehose::DeliveryStream", "DeliveryStream", StreamProps("s", 0, 128));  // both bounds accepted
}

TEST_F(CfnResourceTypesTest, DeliveryStreamGeneratedName) {
  Json props = StreamProps("x", 60, 1);
  props.erase("DeliveryStreamName");
  CfnProvisioned s = Create("AWS::KinesisFirehose::DeliveryStream", "DeliveryStream", props);
  ASSERT_TRUE(StartsWith(s.physical_id, "firehose-lab-DeliveryStream-")) << s.physical_id;
  EXPECT_EQ(s.physical_id.size(), std::string("firehose-lab-DeliveryStream-").size() + 13);
  EXPECT_TRUE(AllOf(s.physical_id.substr(28), IsUpperAlnum)) << s.physical_id;
  EXPECT_EQ(DescribeStream(lab_, s.physical_id)["DeliveryStreamName"], s.physical_id);
  ctx_.stack_name = std::string(80, 'S');
  CfnProvisioned long_name = Create("AWS::KinesisFirehose::DeliveryStream", "DeliveryStream", props);
  EXPECT_EQ(long_name.physical_id.size(), 64u);
}

// [SECTION] AWS::Glue::Database and AWS::Glue::Table

Json TableProps(const Json& columns) {
  return {
      {"CatalogId", "123456789012"},
      {"DatabaseName", "stocks_db"},
      {"TableInput",
       {{"Name", "stock_ticks"},
        {"TableType", "EXTERNAL_TABLE"},
        {"Parameters", {{"classification", "json"}, {"projection.enabled", true}, {"projection.datehour.interval", 1}}},
        {"PartitionKeys", {{{"Name", "datehour"}, {"Type", "string"}}}},
        {"StorageDescriptor",
         {{"Columns", columns},
          {"Location", "s3://sink/stocks/"},
          {"InputFormat", "org.apache.hadoop.mapred.TextInputFormat"},
          {"OutputFormat", "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"},
          {"SerdeInfo",
           {{"SerializationLibrary", "org.openx.data.jsonserde.JsonSerDe"},
            {"Parameters", {{"ignore.malformed.json", "true"}}}}}}}}}};
}

const Json kColumns = {{{"Name", "ticker_symbol"}, {"Type", "string"}},
                       {{"Name", "sector"}, {"Type", "string"}},
                       {{"Name", "change"}, {"Type", "double"}},
                       {{"Name", "price"}, {"Type", "double"}}};

TEST_F(CfnResourceTypesTest, GlueDatabaseAndTableLifecycle) {
  const Json db_props = {{"CatalogId", "123456789012"},
                         {"DatabaseInput", {{"Name", "stocks_db"}, {"Description", "d"}}}};
  CfnProvisioned db = Create("AWS::Glue::Database", "GlueDatabase", db_props);
  EXPECT_EQ(db.physical_id, "stocks_db");
  EXPECT_EQ(Ok(lab_, "Glue", "GetDatabase", {{"Name", "stocks_db"}})["Database"]["Description"], "d");

  CfnProvisioned table = Create("AWS::Glue::Table", "StockTicksTable", TableProps(kColumns));
  EXPECT_EQ(table.physical_id, "stock_ticks");
  Json t = Ok(lab_, "Glue", "GetTable", {{"DatabaseName", "stocks_db"}, {"Name", "stock_ticks"}})["Table"];
  EXPECT_EQ(t["StorageDescriptor"]["Columns"], kColumns);
  EXPECT_EQ(t["StorageDescriptor"]["Location"], "s3://sink/stocks/");
  EXPECT_EQ(t["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"], "org.openx.data.jsonserde.JsonSerDe");
  EXPECT_EQ(t["StorageDescriptor"]["SerdeInfo"]["Parameters"]["ignore.malformed.json"], "true");
  EXPECT_EQ(t["PartitionKeys"][0]["Name"], "datehour");
  // Glue parameters are strings: booleans and numbers from the template become text.
  EXPECT_EQ(t["Parameters"]["projection.enabled"], "true");
  EXPECT_EQ(t["Parameters"]["projection.datehour.interval"], "1");

  // A new column is an in-place UpdateTable.
  Json more = kColumns;
  more.push_back({{"Name", "volume"}, {"Type", "bigint"}});
  Update("AWS::Glue::Table", "StockTicksTable", table, TableProps(kColumns), TableProps(more));
  t = Ok(lab_, "Glue", "GetTable", {{"DatabaseName", "stocks_db"}, {"Name", "stock_ticks"}})["Table"];
  ASSERT_EQ(t["StorageDescriptor"]["Columns"].size(), 5u);
  EXPECT_EQ(t["StorageDescriptor"]["Columns"][4], (Json{{"Name", "volume"}, {"Type", "bigint"}}));
  Json renamed = TableProps(kColumns);
  renamed["TableInput"]["Name"] = "ticks";
  EXPECT_EQ(Type("AWS::Glue::Table").update_kind(TableProps(kColumns), renamed), CfnUpdateKind::kReplacement);
  Json other_db = TableProps(kColumns);
  other_db["DatabaseName"] = "x";
  EXPECT_EQ(Type("AWS::Glue::Table").update_kind(TableProps(kColumns), other_db), CfnUpdateKind::kReplacement);

  ApiError exists = CreateError("AWS::Glue::Table", "Again", TableProps(kColumns));
  EXPECT_NE(exists.message.find("with identifier 'stock_ticks' already exists."), std::string::npos) << exists.message;

  ASSERT_TRUE(Type("AWS::Glue::Table").remove(ctx_, table, TableProps(more)).ok());
  EXPECT_EQ(Err(lab_, "Glue", "GetTable", {{"DatabaseName", "stocks_db"}, {"Name", "stock_ticks"}}).code,
            "EntityNotFoundException");
  ASSERT_TRUE(Type("AWS::Glue::Database").remove(ctx_, db, db_props).ok());
  EXPECT_EQ(Err(lab_, "Glue", "GetDatabase", {{"Name", "stocks_db"}}).code, "EntityNotFoundException");
  EXPECT_TRUE(Type("AWS::Glue::Database").remove(ctx_, db, db_props).ok());
}

TEST_F(CfnResourceTypesTest, GlueValidationAndCatalogErrors) {
  EXPECT_EQ(ValidateError("AWS::Glue::Database", "GlueDatabase", {{"CatalogId", "123456789012"}}),
            "Properties validation failed for resource GlueDatabase with message: #: required key [DatabaseInput] "
            "not found");
  EXPECT_EQ(ValidateError("AWS::Glue::Database", "GlueDatabase", Json()),
            "Properties validation failed for resource GlueDatabase with message: [#: required key [CatalogId] not "
            "found, #: required key [DatabaseInput] not found]");
  Json no_name = TableProps(kColumns);
  no_name["TableInput"]["StorageDescriptor"]["Columns"][1].erase("Name");
  EXPECT_EQ(ValidateError("AWS::Glue::Table", "T", no_name),
            "Properties validation failed for resource T with message: "
            "#/TableInput/StorageDescriptor/Columns/1: required key [Name] not found");
  ApiError other_account =
      CreateError("AWS::Glue::Database", "Db", {{"CatalogId", "999999999999"}, {"DatabaseInput", {{"Name", "x"}}}});
  EXPECT_NE(other_account.message.find("HandlerErrorCode: AccessDenied"), std::string::npos) << other_account.message;
  EXPECT_EQ(Err(lab_, "Glue", "GetDatabase", {{"Name", "x"}}).code, "EntityNotFoundException");
  // A table in a database that does not exist: Glue's text comes back.
  ApiError no_db = CreateError("AWS::Glue::Table", "T", TableProps(kColumns));
  EXPECT_NE(no_db.message.find("Database stocks_db not found. (Service: Glue, Status Code: 400"), std::string::npos)
      << no_db.message;
  EXPECT_NE(no_db.message.find("HandlerErrorCode: NotFound)"), std::string::npos);
}

// [SECTION] AWS::Athena::WorkGroup and AWS::Athena::NamedQuery

Json WorkGroupProps(const Json& output_location) {
  Json config = {{"EnforceWorkGroupConfiguration", "false"},
                 {"EngineVersion", {{"SelectedEngineVersion", "Athena engine version 3"}}}};
  if (!output_location.is_null()) config["ResultConfiguration"] = {{"OutputLocation", output_location}};
  return {{"Name", "firehose-lab"}, {"Description", "lab"}, {"State", "ENABLED"}, {"WorkGroupConfiguration", config}};
}

TEST_F(CfnResourceTypesTest, WorkGroupCreateUpdateAttributesDelete) {
  CfnProvisioned wg = Create("AWS::Athena::WorkGroup", "AthenaWorkGroup", WorkGroupProps("s3://sink/athena-results/"));
  EXPECT_EQ(wg.physical_id, "firehose-lab");
  EXPECT_EQ(wg.attributes["CreationTime"], std::to_string(lab_.now() / kUsPerSecond));
  EXPECT_EQ(wg.attributes["WorkGroupConfiguration.EngineVersion.EffectiveEngineVersion"], "Athena engine version 3");
  Json got = Ok(lab_, "Athena", "GetWorkGroup", {{"WorkGroup", "firehose-lab"}})["WorkGroup"];
  EXPECT_EQ(got["Configuration"]["ResultConfiguration"]["OutputLocation"], "s3://sink/athena-results/");
  EXPECT_EQ(got["Description"], "lab");
  EXPECT_EQ(got["State"], "ENABLED");

  Json disabled = WorkGroupProps("s3://sink/results-v2/");
  disabled["State"] = "DISABLED";
  Update("AWS::Athena::WorkGroup", "AthenaWorkGroup", wg, WorkGroupProps("s3://sink/athena-results/"), disabled);
  got = Ok(lab_, "Athena", "GetWorkGroup", {{"WorkGroup", "firehose-lab"}})["WorkGroup"];
  EXPECT_EQ(got["Configuration"]["ResultConfiguration"]["OutputLocation"], "s3://sink/results-v2/");
  EXPECT_EQ(got["State"], "DISABLED");
  // Removing OutputLocation from the template removes it from the work group.
  Update("AWS::Athena::WorkGroup", "AthenaWorkGroup", wg, disabled, WorkGroupProps(Json()));
  got = Ok(lab_, "Athena", "GetWorkGroup", {{"WorkGroup", "firehose-lab"}})["WorkGroup"];
  EXPECT_FALSE(got["Configuration"]["ResultConfiguration"].contains("OutputLocation"));
  Json renamed = WorkGroupProps(Json());
  renamed["Name"] = "other";
  EXPECT_EQ(Type("AWS::Athena::WorkGroup").update_kind(WorkGroupProps(Json()), renamed), CfnUpdateKind::kReplacement);

  // A named query in it blocks the delete unless RecursiveDeleteOption is true.
  CfnProvisioned q = Create("AWS::Athena::NamedQuery", "Preview",
                            {{"Database", "default"}, {"QueryString", "SELECT 1"}, {"WorkGroup", "firehose-lab"}});
  Status blocked = Type("AWS::Athena::WorkGroup").remove(ctx_, wg, WorkGroupProps(Json()));
  ASSERT_FALSE(blocked.ok());
  EXPECT_TRUE(
      StartsWith(blocked.error().message, "Resource handler returned message: \"WorkGroup firehose-lab is not empty"))
      << blocked.error().message;
  Json recursive = WorkGroupProps(Json());
  recursive["RecursiveDeleteOption"] = true;
  ASSERT_TRUE(Type("AWS::Athena::WorkGroup").remove(ctx_, wg, recursive).ok());
  EXPECT_EQ(Err(lab_, "Athena", "GetWorkGroup", {{"WorkGroup", "firehose-lab"}}).code, "InvalidRequestException");
  EXPECT_TRUE(Type("AWS::Athena::WorkGroup").remove(ctx_, wg, recursive).ok());
  EXPECT_TRUE(Type("AWS::Athena::NamedQuery").remove(ctx_, q, Json::object()).ok());  // went with the work group
}

TEST_F(CfnResourceTypesTest, WorkGroupCreatedDisabledAndValidation) {
  Json props = WorkGroupProps(Json());
  props["State"] = "DISABLED";
  Create("AWS::Athena::WorkGroup", "Wg", props);
  EXPECT_EQ(Ok(lab_, "Athena", "GetWorkGroup", {{"WorkGroup", "firehose-lab"}})["WorkGroup"]["State"], "DISABLED");
  ApiError exists = CreateError("AWS::Athena::WorkGroup", "Wg", props);
  EXPECT_NE(exists.message.find("with identifier 'firehose-lab' already exists."), std::string::npos) << exists.message;

  Json paused = WorkGroupProps(Json());
  paused["State"] = "PAUSED";
  EXPECT_EQ(ValidateError("AWS::Athena::WorkGroup", "Wg", paused),
            "Properties validation failed for resource Wg with message: #/State: PAUSED is not a valid enum value");
  Json bad_name = WorkGroupProps(Json());
  bad_name["Name"] = "fire hose";
  EXPECT_EQ(ValidateError("AWS::Athena::WorkGroup", "Wg", bad_name),
            "Properties validation failed for resource Wg with message: #/Name: string [fire hose] does not match "
            "pattern [a-zA-Z0-9._-]{1,128}");
  Json v2 = WorkGroupProps(Json());
  v2["Name"] = "v2";
  v2["WorkGroupConfiguration"]["EngineVersion"]["SelectedEngineVersion"] = "Athena engine version 9";
  ApiError engine = CreateError("AWS::Athena::WorkGroup", "Wg", v2);
  EXPECT_NE(engine.message.find("Invalid engine version: Athena engine version 9"), std::string::npos);
  EXPECT_EQ(Err(lab_, "Athena", "GetWorkGroup", {{"WorkGroup", "v2"}}).code, "InvalidRequestException");
  Json bad_location = WorkGroupProps("not-s3");
  bad_location["Name"] = "loc";
  ApiError location = CreateError("AWS::Athena::WorkGroup", "Wg", bad_location);
  EXPECT_NE(location.message.find("not-s3 is not a valid S3 path. (Service: Athena"), std::string::npos)
      << location.message;
}

TEST_F(CfnResourceTypesTest, NamedQueryIdIsThePhysicalId) {
  const Json props = {{"Name", "preview"},
                      {"Description", "first rows"},
                      {"Database", "stocks_db"},
                      {"QueryString", "SELECT * FROM stock_ticks LIMIT 10"}};
  CfnProvisioned q = Create("AWS::Athena::NamedQuery", "Preview", props);
  ASSERT_EQ(q.physical_id.size(), 36u) << q.physical_id;
  EXPECT_EQ(q.physical_id[8], '-');
  EXPECT_EQ(q.attributes["NamedQueryId"], q.physical_id);
  Json got = Ok(lab_, "Athena", "GetNamedQuery", {{"NamedQueryId", q.physical_id}})["NamedQuery"];
  EXPECT_EQ(got["Name"], "preview");
  EXPECT_EQ(got["Database"], "stocks_db");
  EXPECT_EQ(got["WorkGroup"], "primary");
  EXPECT_EQ(got["QueryString"], "SELECT * FROM stock_ticks LIMIT 10");
  Json changed = props;
  changed["QueryString"] = "SELECT 1";
  EXPECT_EQ(Type("AWS::Athena::NamedQuery").update_kind(props, changed), CfnUpdateKind::kReplacement);
  ASSERT_TRUE(Type("AWS::Athena::NamedQuery").remove(ctx_, q, props).ok());
  EXPECT_EQ(Err(lab_, "Athena", "GetNamedQuery", {{"NamedQueryId", q.physical_id}}).code, "InvalidRequestException");

  EXPECT_EQ(ValidateError("AWS::Athena::NamedQuery", "Q", {{"Database", "d"}}),
            "Properties validation failed for resource Q with message: #: required key [QueryString] not found");
  ApiError no_group = CreateError("AWS::Athena::NamedQuery", "Q",
                                  {{"Database", "d"}, {"QueryString", "SELECT 1"}, {"WorkGroup", "ghost"}});
  EXPECT_NE(no_group.message.find("WorkGroup ghost is not found."), std::string::npos) << no_group.message;
}

// [SECTION] the lab's template

// Enough of the intrinsics to resolve the lab template here (the full engine is cfn_template.h).
Json Resolve(const Json& v, const std::map<std::string, std::string>& refs,
             const std::map<std::string, Json>& attributes) {
  if (v.is_array()) {
    Json out = Json::array();
    for (const Json& item : v) out.push_back(Resolve(item, refs, attributes));
    return out;
  }
  if (!v.is_object()) return v;
  if (v.size() == 1 && v.contains("Ref")) {
    auto it = refs.find(v["Ref"].get<std::string>());
    EXPECT_NE(it, refs.end()) << v.dump();
    return it == refs.end() ? Json() : Json(it->second);
  }
  if (v.size() == 1 && v.contains("Fn::GetAtt")) {
    auto it = attributes.find(v["Fn::GetAtt"][0].get<std::string>());
    EXPECT_NE(it, attributes.end()) << v.dump();
    return it == attributes.end() ? Json() : it->second[v["Fn::GetAtt"][1].get<std::string>()];
  }
  if (v.size() == 1 && v.contains("Fn::Join")) {
    std::string out;
    const Json parts = Resolve(v["Fn::Join"][1], refs, attributes);
    for (size_t i = 0; i < parts.size(); ++i)
      out += (i ? v["Fn::Join"][0].get<std::string>() : "") + parts[i].get<std::string>();
    return out;
  }
  if (v.size() == 1 && v.contains("Fn::Split")) {
    const std::string sep = v["Fn::Split"][0].get<std::string>();
    const std::string text = Resolve(v["Fn::Split"][1], refs, attributes).get<std::string>();
    Json out = Json::array();
    size_t start = 0;
    for (size_t pos; (pos = text.find(sep, start)) != std::string::npos; start = pos + sep.size()) {
      out.push_back(text.substr(start, pos - start));
    }
    out.push_back(text.substr(start));
    return out;
  }
  if (v.size() == 1 && v.contains("Fn::Select")) {
    return Resolve(v["Fn::Select"][1], refs, attributes)[v["Fn::Select"][0].get<size_t>()];
  }
  Json out = Json::object();
  for (auto it = v.begin(); it != v.end(); ++it) out[it.key()] = Resolve(it.value(), refs, attributes);
  return out;
}

TEST_F(CfnResourceTypesTest, LabTemplateIsJsonWithTheLabsBufferingHints) {
  auto doc = ParseJson(LabTemplateBody());
  ASSERT_TRUE(doc.has_value());
  const Json& t = *doc;
  EXPECT_EQ(t["AWSTemplateFormatVersion"], "2010-09-09");
  EXPECT_FALSE(t["Description"].get<std::string>().empty());
  EXPECT_EQ(t["Parameters"]["BufferIntervalSeconds"]["Default"], "60");
  EXPECT_EQ(t["Parameters"]["BufferIntervalSeconds"]["MinValue"], 0);
  EXPECT_EQ(t["Parameters"]["BufferIntervalSeconds"]["MaxValue"], 900);
  EXPECT_EQ(t["Parameters"]["BufferSizeMBs"]["Default"], "1");
  EXPECT_EQ(t["Parameters"]["BufferSizeMBs"]["MinValue"], 1);
  EXPECT_EQ(t["Parameters"]["BufferSizeMBs"]["MaxValue"], 128);
  EXPECT_EQ(t["Parameters"]["StreamName"]["Default"], "ie-tech-mba-stream");
  EXPECT_EQ(t["Parameters"]["Prefix"]["Default"], "stocks/");
  const Json& stream = t["Resources"]["DeliveryStream"];
  EXPECT_EQ(stream["Type"], "AWS::KinesisFirehose::DeliveryStream");
  const Json& hints = stream["Properties"]["ExtendedS3DestinationConfiguration"]["BufferingHints"];
  EXPECT_EQ(hints["IntervalInSeconds"], (Json{{"Ref", "BufferIntervalSeconds"}}));
  EXPECT_EQ(hints["SizeInMBs"], (Json{{"Ref", "BufferSizeMBs"}}));
  EXPECT_EQ(t["Resources"]["FirehoseRole"]["Properties"]["RoleName"], "ie-tech-mba-firehose-role");
  for (auto it = t["Resources"].begin(); it != t["Resources"].end(); ++it) {
    EXPECT_NE(FindCfnResourceType(it.value()["Type"].get<std::string>()), nullptr) << it.key();
  }
}

TEST_F(CfnResourceTypesTest, LabTemplateResourcesDeployThroughTheHandlers) {
  auto doc = ParseJson(LabTemplateBody());
  ASSERT_TRUE(doc.has_value());
  std::map<std::string, std::string> refs = {
      {"AWS::StackId",
       "arn:aws:cloudformation:us-east-1:123456789012:stack/firehose-lab/8edfc8ab-6a05-4329-a45b-2644b6e468f9"},
      {"AWS::AccountId", "123456789012"},
      {"AWS::Region", "us-east-1"},
      {"AWS::StackName", "firehose-lab"}};
  for (auto it = (*doc)["Parameters"].begin(); it != (*doc)["Parameters"].end(); ++it) {
    refs[it.key()] = it.value()["Default"].get<std::string>();
  }
  std::map<std::string, Json> attributes;
  std::vector<std::pair<std::string, CfnProvisioned>> created;
  std::map<std::string, Json> resolved;
  int longest_create_s = 0;
  // A dependency order of the template's resources (the stack service derives it from Ref/GetAtt).
  const std::vector<std::string> order = {"Bucket",          "FirehoseRole",    "DeliveryStream", "GlueDatabase",
                                          "StockTicksTable", "AthenaWorkGroup", "PreviewQuery"};
  ASSERT_EQ((*doc)["Resources"].size(), order.size());
  for (const std::string& id : order) {
    ASSERT_TRUE((*doc)["Resources"].contains(id)) << id;
    const Json& resource = (*doc)["Resources"][id];
    const std::string type = resource["Type"].get<std::string>();
    resolved[id] = Resolve(resource["Properties"], refs, attributes);
    CfnProvisioned p = Create(type.c_str(), id, resolved[id]);
    refs[id] = p.physical_id;
    attributes[id] = p.attributes;
    created.emplace_back(id, p);
    longest_create_s = std::max(longest_create_s, Type(type.c_str()).create_seconds);
  }
  lab_.Advance(longest_create_s * kUsPerSecond);

  const std::string bucket = refs["Bucket"];
  EXPECT_EQ(bucket, "ie-tech-mba-message-queue-sink-8edfc8ab-bucket");
  Ok(lab_, "S3", "HeadBucket", {{"Bucket", bucket}});
  Json d = DescribeStream(lab_, "ie-tech-mba-stream");
  EXPECT_EQ(d["DeliveryStreamStatus"], "ACTIVE");
  const Json& dest = d["Destinations"][0]["ExtendedS3DestinationDescription"];
  EXPECT_EQ(dest["BufferingHints"], (Json{{"SizeInMBs", 1}, {"IntervalInSeconds", 60}}));
  EXPECT_EQ(dest["BucketARN"], "arn:aws:s3:::" + bucket);
  EXPECT_EQ(dest["RoleARN"], "arn:aws:iam::123456789012:role/ie-tech-mba-firehose-role");
  EXPECT_EQ(dest["Prefix"], "stocks/");
  const IamRole* role = lab_.iam().FindRole("ie-tech-mba-firehose-role");
  ASSERT_NE(role, nullptr);
  EXPECT_NE(role->assume_role_policy_document.find("\"sts:ExternalId\":\"123456789012\""), std::string::npos)
      << role->assume_role_policy_document;
  ASSERT_EQ(role->inline_policies.size(), 1u);
  EXPECT_NE(role->inline_policies.begin()->second.find("arn:aws:s3:::" + bucket + "/*"), std::string::npos);
  Json table = Ok(lab_, "Glue", "GetTable", {{"DatabaseName", "stocks_db"}, {"Name", "stock_ticks"}})["Table"];
  EXPECT_EQ(table["StorageDescriptor"]["Location"], "s3://" + bucket + "/stocks/");
  EXPECT_EQ(table["StorageDescriptor"]["Columns"], kColumns);
  Json wg = Ok(lab_, "Athena", "GetWorkGroup", {{"WorkGroup", "firehose-lab"}})["WorkGroup"];
  EXPECT_EQ(wg["Configuration"]["ResultConfiguration"]["OutputLocation"], "s3://" + bucket + "/athena-results/");

  // Records sent now land under the prefix after the 60 s interval, one JSON object per line.
  Ok(lab_, "Firehose", "PutRecord",
     {{"DeliveryStreamName", "ie-tech-mba-stream"}, {"Record", test::Record("{\"ticker_symbol\":\"AMZN\"}")}});
  lab_.Advance(60 * kUsPerSecond);
  Json objects = test::ListAll(lab_, bucket, "stocks/");
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(test::GetBody(lab_, bucket, objects[0]["Key"].get<std::string>()), "{\"ticker_symbol\":\"AMZN\"}\n");

  // Deleting in reverse order stops at the bucket, which now holds data (as on AWS).
  Status bucket_delete;
  for (auto it = created.rbegin(); it != created.rend(); ++it) {
    const std::string type = (*doc)["Resources"][it->first]["Type"].get<std::string>();
    Status s = Type(type.c_str()).remove(ctx_, it->second, resolved[it->first]);
    if (it->first == "Bucket") {
      bucket_delete = s;
    } else {
      EXPECT_TRUE(s.ok()) << it->first << ": " << (s.ok() ? "" : s.error().message);
    }
  }
  ASSERT_FALSE(bucket_delete.ok());
  EXPECT_NE(bucket_delete.error().message.find("The bucket you tried to delete is not empty"), std::string::npos);
  EXPECT_EQ(lab_.iam().FindRole("ie-tech-mba-firehose-role"), nullptr);
  EXPECT_EQ(Err(lab_, "Glue", "GetDatabase", {{"Name", "stocks_db"}}).code, "EntityNotFoundException");
}

}  // namespace
}  // namespace fhl
