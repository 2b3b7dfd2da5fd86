// iam_service_test.cpp: the lab's IAM (roles, trust policies, inline role policies) through Lab::Call("IAM", ...),
// its AWS texts and limits, and IamService::SaveState/LoadState.
#include "core/iam_service.h"

#include <gtest/gtest.h>

#include <string>

#include "core/lab.h"
#include "test_util.h"

namespace fhl {
namespace {

using test::EmptyLab;
using test::Err;
using test::Ok;

const char* const kTrust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"firehose.amazonaws.com"},)"
    R"("Action":"sts:AssumeRole"}]})";
const char* const kS3Policy = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject"],)"
                              R"("Resource":["arn:aws:s3:::b/*"]}]})";

std::string UrlDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

Json CreateRoleRequest(const std::string& name) { return {{"RoleName", name}, {"AssumeRolePolicyDocument", kTrust}}; }

TEST(IamServiceTest, CreateRoleReturnsIdArnDateAndEncodedTrustPolicy) {
  Lab lab(EmptyLab());
  Json role = Ok(lab, "IAM", "CreateRole",
                 {{"RoleName", "firehose-role"},
                  {"Path", "/service-role/"},
                  {"AssumeRolePolicyDocument", kTrust},
                  {"Description", "delivery"}})["Role"];
  EXPECT_EQ(role["RoleName"], "firehose-role");
  EXPECT_EQ(role["Path"], "/service-role/");
  EXPECT_EQ(role["Arn"], "arn:aws:iam::123456789012:role/service-role/firehose-role");
  const std::string id = role["RoleId"].get<std::string>();
  ASSERT_EQ(id.size(), 21u);
  EXPECT_EQ(id.substr(0, 4), "AROA");
  for (char c : id.substr(4)) EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) << id;
  EXPECT_EQ(role["CreateDate"], FormatIso8601(lab.now()));
  EXPECT_EQ(role["MaxSessionDuration"], 3600);
  EXPECT_EQ(role["Description"], "delivery");
  // IAM hands policy documents back URL-encoded.
  const std::string encoded = role["AssumeRolePolicyDocument"].get<std::string>();
  EXPECT_EQ(encoded.find('{'), std::string::npos);
  EXPECT_EQ(UrlDecode(encoded), kTrust);

  Json got = Ok(lab, "IAM", "GetRole", {{"RoleName", "firehose-role"}})["Role"];
  EXPECT_EQ(got["RoleId"], id);
  EXPECT_EQ(got["Arn"], role["Arn"]);
  // A second role gets another id.
  Json other = Ok(lab, "IAM", "CreateRole", CreateRoleRequest("other"))["Role"];
  EXPECT_NE(other["RoleId"], id);
  EXPECT_EQ(other["Arn"], "arn:aws:iam::123456789012:role/other");
}

TEST(IamServiceTest, DuplicateAndMissingRolesUseIamTexts) {
  Lab lab(EmptyLab());
  Ok(lab, "IAM", "CreateRole", CreateRoleRequest("Lab-Role"));
  ApiError dup = Err(lab, "IAM", "CreateRole", CreateRoleRequest("Lab-Role"));
  EXPECT_EQ(dup.code, "EntityAlreadyExists");
  EXPECT_EQ(dup.message, "Role with name Lab-Role already exists.");
  EXPECT_EQ(dup.http_status, 409);
  // Role names are unique regardless of case.
  EXPECT_EQ(Err(lab, "IAM", "CreateRole", CreateRoleRequest("lab-role")).code, "EntityAlreadyExists");

  ApiError missing = Err(lab, "IAM", "GetRole", {{"RoleName", "nope"}});
  EXPECT_EQ(missing.code, "NoSuchEntity");
  EXPECT_EQ(missing.message, "The role with name nope cannot be found.");
  EXPECT_EQ(missing.http_status, 404);
  EXPECT_EQ(Err(lab, "IAM", "DeleteRole", {{"RoleName", "nope"}}).code, "NoSuchEntity");
}

TEST(IamServiceTest, RoleNameLengthAndPatternBoundaries) {
  Lab lab(EmptyLab());
  const std::string max_name(64, 'r');
  Ok(lab, "IAM", "CreateRole", CreateRoleRequest(max_name));
  ApiError too_long = Err(lab, "IAM", "CreateRole", CreateRoleRequest(max_name + "r"));
  EXPECT_EQ(too_long.code, "ValidationError");
  EXPECT_EQ(too_long.message, "1 validation error detected: Value '" + max_name +
                                  "r' at 'roleName' failed to satisfy constraint: Member must have length less than "
                                  "or equal to 64");
  Ok(lab, "IAM", "CreateRole", CreateRoleRequest("a+=,.@_-9"));
  ApiError bad = Err(lab, "IAM", "CreateRole", CreateRoleRequest("bad/name"));
  EXPECT_EQ(bad.message,
            "1 validation error detected: Value 'bad/name' at 'roleName' failed to satisfy constraint: Member must "
            "satisfy regular expression pattern: [\\w+=,.@-]+");
  ApiError no_doc = Err(lab, "IAM", "CreateRole", {{"RoleName", "x"}});
  EXPECT_NE(no_doc.message.find("'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null"),
            std::string::npos)
      << no_doc.message;
  EXPECT_EQ(
      Err(lab, "IAM", "CreateRole", {{"RoleName", "p"}, {"Path", "no-slash"}, {"AssumeRolePolicyDocument", kTrust}})
          .code,
      "ValidationError");
  EXPECT_EQ(Err(lab, "IAM", "CreateRole",
                {{"RoleName", "s"}, {"MaxSessionDuration", 3599}, {"AssumeRolePolicyDocument", kTrust}})
                .code,
            "ValidationError");
  Ok(lab, "IAM", "CreateRole",
     {{"RoleName", "s"}, {"MaxSessionDuration", 43200}, {"AssumeRolePolicyDocument", kTrust}});
}

TEST(IamServiceTest, MalformedPolicyDocumentsAreRejectedAndChangeNothing) {
  Lab lab(EmptyLab());
  const uint64_t before = lab.generation();
  ApiError not_json = Err(lab, "IAM", "CreateRole", {{"RoleName", "r"}, {"AssumeRolePolicyDocument", "{not json"}});
  EXPECT_EQ(not_json.code, "MalformedPolicyDocument");
  EXPECT_EQ(not_json.message, "This policy contains invalid Json");
  // A trust policy names who may assume the role.
  ApiError no_principal =
      Err(lab, "IAM", "CreateRole",
          {{"RoleName", "r"},
           {"AssumeRolePolicyDocument",
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]})"}});
  EXPECT_EQ(no_principal.code, "MalformedPolicyDocument");
  EXPECT_EQ(lab.generation(), before);
  EXPECT_EQ(Err(lab, "IAM", "GetRole", {{"RoleName", "r"}}).code, "NoSuchEntity");

  Ok(lab, "IAM", "CreateRole", CreateRoleRequest("r"));
  ApiError principal =
      Err(lab, "IAM", "PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", "p"}, {"PolicyDocument", kTrust}});
  EXPECT_EQ(principal.code, "MalformedPolicyDocument");
  EXPECT_EQ(principal.message, "Policy document should not specify a principal.");
  ApiError no_resource =
      Err(lab, "IAM", "PutRolePolicy",
          {{"RoleName", "r"},
           {"PolicyName", "p"},
           {"PolicyDocument", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]})"}});
  EXPECT_EQ(no_resource.message, "Policy statement must contain resources.");
  EXPECT_EQ(
      Err(lab, "IAM", "PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", "p"}, {"PolicyDocument", "[]"}}).message,
      "This policy contains invalid Json");
  EXPECT_TRUE(Ok(lab, "IAM", "ListRolePolicies", {{"RoleName", "r"}})["PolicyNames"].empty());
}

TEST(IamServiceTest, InlinePoliciesBlockDeleteUntilRemoved) {
  Lab lab(EmptyLab());
  Ok(lab, "IAM", "CreateRole", CreateRoleRequest("r"));
  Ok(lab, "IAM", "PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", "s3-write"}, {"PolicyDocument", kS3Policy}});
  Ok(lab, "IAM", "PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", "a-logs"}, {"PolicyDocument", kS3Policy}});
  Json got = Ok(lab, "IAM", "GetRolePolicy", {{"RoleName", "r"}, {"PolicyName", "s3-write"}});
  EXPECT_EQ(got["RoleName"], "r");
  EXPECT_EQ(got["PolicyName"], "s3-write");
  EXPECT_EQ(UrlDecode(got["PolicyDocument"].get<std::string>()), kS3Policy);
  EXPECT_EQ(Ok(lab, "IAM", "ListRolePolicies", {{"RoleName", "r"}})["PolicyNames"],
            Json::array({"a-logs", "s3-write"}));

  ApiError conflict = Err(lab, "IAM", "DeleteRole", {{"RoleName", "r"}});
  EXPECT_EQ(conflict.code, "DeleteConflict");
  EXPECT_EQ(conflict.message, "Cannot delete entity, must delete policies first.");
  Ok(lab, "IAM", "DeleteRolePolicy", {{"RoleName", "r"}, {"PolicyName", "s3-write"}});
  ApiError gone = Err(lab, "IAM", "GetRolePolicy", {{"RoleName", "r"}, {"PolicyName", "s3-write"}});
  EXPECT_EQ(gone.code, "NoSuchEntity");
  EXPECT_EQ(gone.message, "The role policy with name s3-write cannot be found.");
  EXPECT_EQ(Err(lab, "IAM", "DeleteRole", {{"RoleName", "r"}}).code, "DeleteConflict");
  Ok(lab, "IAM", "DeleteRolePolicy", {{"RoleName", "r"}, {"PolicyName", "a-logs"}});
  Ok(lab, "IAM", "DeleteRole", {{"RoleName", "r"}});
  EXPECT_EQ(Err(lab, "IAM", "GetRole", {{"RoleName", "r"}}).code, "NoSuchEntity");
}

TEST(IamServiceTest, InlinePolicySizeLimitIsAggregatePerRole) {
  Lab lab(EmptyLab());
  Ok(lab, "IAM", "CreateRole", CreateRoleRequest("r"));
  // A policy of exactly n non-blank characters: pad the action list.
  auto policy_of = [](size_t chars) {
    const std::string head = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":")";
    const std::string tail = R"(","Resource":"*"}]})";
    return head + "s3:" + std::string(chars - head.size() - tail.size() - 3, 'X') + tail;
  };
  Ok(lab, "IAM", "PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", "a"}, {"PolicyDocument", policy_of(5000)}});
  Ok(lab, "IAM", "PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", "b"}, {"PolicyDocument", policy_of(5240)}});
  ApiError over =
      Err(lab, "IAM", "PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", "c"}, {"PolicyDocument", policy_of(100)}});
  EXPECT_EQ(over.code, "LimitExceeded");
  EXPECT_EQ(over.message, "Maximum policy size of 10240 bytes exceeded for role r");
  // Replacing a policy counts its new size only.
  Ok(lab, "IAM", "PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", "b"}, {"PolicyDocument", policy_of(5240)}});
  EXPECT_EQ(
      Err(lab, "IAM", "PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", "b"}, {"PolicyDocument", policy_of(5241)}})
          .code,
      "LimitExceeded");
}

TEST(IamServiceTest, ListRolesPagesAndFiltersByPath) {
  Lab lab(EmptyLab());
  for (const char* name : {"c", "a", "b"}) Ok(lab, "IAM", "CreateRole", CreateRoleRequest(name));
  Ok(lab, "IAM", "CreateRole", {{"RoleName", "d"}, {"Path", "/service-role/"}, {"AssumeRolePolicyDocument", kTrust}});
  Json page = Ok(lab, "IAM", "ListRoles", {{"MaxItems", 2}});
  ASSERT_EQ(page["Roles"].size(), 2u);
  EXPECT_EQ(page["Roles"][0]["RoleName"], "a");
  EXPECT_EQ(page["Roles"][1]["RoleName"], "b");
  EXPECT_EQ(page["IsTruncated"], true);
  Json rest = Ok(lab, "IAM", "ListRoles", {{"MaxItems", 2}, {"Marker", page["Marker"]}});
  ASSERT_EQ(rest["Roles"].size(), 2u);
  EXPECT_EQ(rest["Roles"][0]["RoleName"], "c");
  EXPECT_EQ(rest["IsTruncated"], false);
  EXPECT_FALSE(rest.contains("Marker"));
  Json service = Ok(lab, "IAM", "ListRoles", {{"PathPrefix", "/service-role/"}});
  ASSERT_EQ(service["Roles"].size(), 1u);
  EXPECT_EQ(service["Roles"][0]["RoleName"], "d");
  EXPECT_EQ(Err(lab, "IAM", "ListRoles", {{"MaxItems", 0}}).code, "ValidationError");
  EXPECT_EQ(Err(lab, "IAM", "ListRoles", {{"MaxItems", 1001}}).code, "ValidationError");
}

TEST(IamServiceTest, UpdateRoleAndTrustPolicy) {
  Lab lab(EmptyLab());
  Ok(lab, "IAM", "CreateRole", CreateRoleRequest("r"));
  Ok(lab, "IAM", "UpdateRole", {{"RoleName", "r"}, {"Description", "new"}, {"MaxSessionDuration", 7200}});
  const std::string trust2 =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},)"
      R"("Action":"sts:AssumeRole"}]})";
  Ok(lab, "IAM", "UpdateAssumeRolePolicy", {{"RoleName", "r"}, {"PolicyDocument", trust2}});
  Json role = Ok(lab, "IAM", "GetRole", {{"RoleName", "r"}})["Role"];
  EXPECT_EQ(role["Description"], "new");
  EXPECT_EQ(role["MaxSessionDuration"], 7200);
  EXPECT_EQ(UrlDecode(role["AssumeRolePolicyDocument"].get<std::string>()), trust2);
  EXPECT_EQ(Err(lab, "IAM", "UpdateAssumeRolePolicy", {{"RoleName", "r"}, {"PolicyDocument", "nope"}}).code,
            "MalformedPolicyDocument");
  EXPECT_EQ(Err(lab, "IAM", "UpdateRole", {{"RoleName", "zz"}}).code, "NoSuchEntity");
}

TEST(IamServiceTest, LabDispatchesIamAndCountsGenerations) {
  Lab lab(EmptyLab());
  const uint64_t before = lab.generation();
  Ok(lab, "IAM", "CreateRole", CreateRoleRequest("r"));
  EXPECT_GT(lab.generation(), before);
  EXPECT_NE(lab.iam().FindRole("r"), nullptr);
  EXPECT_EQ(Err(lab, "IAM", "CreateUser", {{"UserName", "u"}}).code, "UnknownOperationException");
  ApiError unknown = Err(lab, "Iam2", "GetRole", {{"RoleName", "r"}});
  EXPECT_EQ(unknown.code, "UnknownServiceException");
  EXPECT_NE(unknown.message.find("Services in this lab: "), std::string::npos) << unknown.message;
  EXPECT_NE(unknown.message.find(", IAM,"), std::string::npos) << unknown.message;
}

TEST(IamServiceTest, SaveAndLoadStateRoundTripsAllOrNothing) {
  Lab lab(EmptyLab());
  Ok(lab, "IAM", "CreateRole",
     {{"RoleName", "r"},
      {"Path", "/x/"},
      {"AssumeRolePolicyDocument", kTrust},
      {"Description", "d"},
      {"Tags", {{{"Key", "lab"}, {"Value", "firehose"}}}}});
  Ok(lab, "IAM", "PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", "p"}, {"PolicyDocument", kS3Policy}});
  const Json state = lab.iam().SaveState();
  const Json original = Ok(lab, "IAM", "GetRole", {{"RoleName", "r"}});

  Lab other(EmptyLab(test::kStart + kUsPerDay));
  Ok(other, "IAM", "CreateRole", CreateRoleRequest("will-be-replaced"));
  ASSERT_TRUE(other.iam().LoadState(state).ok());
  EXPECT_EQ(Ok(other, "IAM", "GetRole", {{"RoleName", "r"}}), original);
  EXPECT_EQ(Err(other, "IAM", "GetRole", {{"RoleName", "will-be-replaced"}}).code, "NoSuchEntity");
  EXPECT_EQ(UrlDecode(Ok(other, "IAM", "GetRolePolicy", {{"RoleName", "r"}, {"PolicyName", "p"}})["PolicyDocument"]
                          .get<std::string>()),
            kS3Policy);
  EXPECT_EQ(other.iam().SaveState(), state);

  // A corrupted state is refused and changes nothing.
  Json broken = state;
  broken["Roles"][0]["Path"] = "no-slash";
  const uint64_t generation = other.iam().generation();
  EXPECT_FALSE(other.iam().LoadState(broken).ok());
  Json duplicate = state;
  duplicate["Roles"].push_back(state["Roles"][0]);
  EXPECT_FALSE(other.iam().LoadState(duplicate).ok());
  EXPECT_FALSE(other.iam().LoadState(Json::array()).ok());
  EXPECT_EQ(other.iam().generation(), generation);
  EXPECT_EQ(other.iam().SaveState(), state);
}

}  // namespace
}  // namespace fhl
