// aws_cli_test.cpp: the terminal's AWS CLI look-alike (core/aws_cli.h, aws_cli_output.h) over a real Lab. Expected
// texts come from awscli 2.9.19 (Debian's /usr/bin/aws): its usage/error texts observed on the command line, and
// its formatter.py/table.py/text.py run by hand on the same JSON for the output formats.
#include <gtest/gtest.h>

#include "core/aws_cli.h"
#include "core/aws_cli_output.h"
#include "core/lab_template.h"
#include "test_util.h"

namespace fhl {
namespace {

using test::EmptyLab;
using test::MakeStream;
using test::Ok;

const char* const kUsageBlock =
    "\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n"
    "To see help text, you can run:\n"
    "\n"
    "  aws help\n"
    "  aws <command> help\n"
    "  aws <command> <subcommand> help\n"
    "\n";

// [SECTION] shell words

TEST(AwsCliWords, QuotesAndEscapes) {
  ShellWords w = SplitShellWords(R"(aws  firehose put-record --record '{"Data":"a b"}' "x \"y\" \$z" a\ b '' c)");
  ASSERT_TRUE(w.error.empty());
  EXPECT_EQ(w.words, (std::vector<std::string>{"aws", "firehose", "put-record", "--record", R"({"Data":"a b"})",
                                               "x \"y\" $z", "a b", "", "c"}));
  // Backslashes stay literal inside single quotes and before ordinary characters in double quotes.
  w = SplitShellWords(R"('a\b' "c\d" e"f"'g')");
  EXPECT_EQ(w.words, (std::vector<std::string>{"a\\b", "c\\d", "efg"}));
  EXPECT_TRUE(SplitShellWords("   ").words.empty());
}

TEST(AwsCliWords, UnclosedQuotesReadLikeBash) {
  EXPECT_EQ(SplitShellWords("aws s3 ls 's3://b").error, "bash: unexpected EOF while looking for matching `''");
  EXPECT_EQ(SplitShellWords("aws --query \"a.b").error, "bash: unexpected EOF while looking for matching `\"'");
  Lab lab(EmptyLab());
  AwsCliResult r = RunAwsCli("aws firehose put-record --record '{\"Data\"", lab);
  EXPECT_EQ(r.err, "bash: unexpected EOF while looking for matching `''\n");
  EXPECT_EQ(r.exit_code, 2);
  r = RunAwsCli("ls -l", lab);
  EXPECT_EQ(r.err, "bash: ls: command not found\n");
  EXPECT_EQ(r.exit_code, 127);
}

// [SECTION] output formats (expected texts: awscli 2.9.19 formatter on the same JSON)

const char* const kStacksJson =
    R"({"Stacks": [{"StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/firehose-lab/1b2c", "StackName": "firehose-lab", )"
    R"("CreationTime": "2026-01-01T00:00:00+00:00", "StackStatus": "CREATE_COMPLETE", "DisableRollback": false, "Outputs": )"
    R"([{"OutputKey": "BucketName", "OutputValue": "lab-bucket"}, {"OutputKey": "DeliveryStreamName", "OutputValue": )"
    R"("ie-tech-mba-stream", "Description": "The stream"}], "Capabilities": ["CAPABILITY_NAMED_IAM"], "Tags": []}]})";

TEST(AwsCliOutput, TableTurnsVerticalPastTheTerminalWidth) {
  Json stacks = *ParseJson(kStacksJson);
  EXPECT_EQ(FormatCliTable("DescribeStacks", stacks, 80),
            "------------------------------------------------------------------------------------------------\n"
            "|                                        DescribeStacks                                        |\n"
            "+----------------------------------------------------------------------------------------------+\n"
            "||                                           Stacks                                           ||\n"
            "|+-----------------+--------------------------------------------------------------------------+|\n"
            "||  CreationTime   |  2026-01-01T00:00:00+00:00                                               ||\n"
            "||  DisableRollback|  False                                                                   ||\n"
            "||  StackId        |  arn:aws:cloudformation:us-east-1:123456789012:stack/firehose-lab/1b2c   ||\n"
            "||  StackName      |  firehose-lab                                                            ||\n"
            "||  StackStatus    |  CREATE_COMPLETE                                                         ||\n"
            "|+-----------------+--------------------------------------------------------------------------+|\n"
            "|||                                       Capabilities                                       |||\n"
            "||+------------------------------------------------------------------------------------------+||\n"
            "|||  CAPABILITY_NAMED_IAM                                                                    |||\n"
            "||+------------------------------------------------------------------------------------------+||\n"
            "|||                                          Outputs                                         |||\n"
            "||+---------------------+---------------------------------+----------------------------------+||\n"
            "|||     Description     |            OutputKey            |           OutputValue            |||\n"
            "||+---------------------+---------------------------------+----------------------------------+||\n"
            "|||                     |  BucketName                     |  lab-bucket                      |||\n"
            "|||  The stream         |  DeliveryStreamName             |  ie-tech-mba-stream              |||\n"
            "||+---------------------+---------------------------------+----------------------------------+||\n");
  // Wide enough: the one-row Stacks section keeps its header row.
  std::string wide = FormatCliTable("DescribeStacks", stacks, 200);
  EXPECT_NE(wide.find("||       CreationTime        | DisableRollback  |                                 StackId        "
                      "                         |   StackName   |    StackStatus    ||\n"),
            std::string::npos)
      << wide;
  EXPECT_NE(wide.find("||  2026-01-01T00:00:00+00:00|  False           |  arn:aws:cloudformation:us-east-1:123456789012:"
                      "stack/firehose-lab/1b2c  |  firehose-lab |  CREATE_COMPLETE  ||\n"),
            std::string::npos);
  EXPECT_EQ(FormatCliTable("X", Json::array(), 80), "");  // falsy values print nothing
  EXPECT_EQ(FormatCliTable("X", Json::object(), 80), "");
}

TEST(AwsCliOutput, TextRowsAndJsonIndent) {
  Json stacks = *ParseJson(kStacksJson);
  EXPECT_EQ(FormatCliText(stacks),
            "STACKS\t2026-01-01T00:00:00+00:00\tFalse\tarn:aws:cloudformation:us-east-1:123456789012:stack/firehose-lab/1b2c"
            "\tfirehose-lab\tCREATE_COMPLETE\n"
            "CAPABILITIES\tCAPABILITY_NAMED_IAM\n"
            "OUTPUTS\t\tBucketName\tlab-bucket\n"
            "OUTPUTS\tThe stream\tDeliveryStreamName\tie-tech-mba-stream\n");
  Json values = *ParseJson(R"({"a": 1.5, "b": 1e-07, "c": 12345678901234567.0, "d": [], "e": {}, "f": "\u00e9\n", "g": null, "h": true})");
  EXPECT_EQ(FormatCliJson(values),
            "{\n    \"a\": 1.5,\n    \"b\": 1e-07,\n    \"c\": 1.2345678901234568e+16,\n    \"d\": [],\n    \"e\": {},\n"
            "    \"f\": \"\xC3\xA9\\n\",\n    \"g\": null,\n    \"h\": true\n}\n");
  EXPECT_EQ(FormatCliText(values), "1.5\t1e-07\t1.2345678901234568e+16\t\xC3\xA9\n\tNone\tTrue\n");
  EXPECT_EQ(FormatCliJson(Json::object()), "");  // an empty response prints nothing
  EXPECT_EQ(FormatCliJson(Json()), "null\n");
  EXPECT_EQ(FormatCliText(Json("ACTIVE")), "ACTIVE\n");
  EXPECT_EQ(FormatCliText(Json::array({"a", "b"})), "a\tb\n");
}

TEST(AwsCliOutput, PythonFloatRepr) {
  EXPECT_EQ(PyFloatRepr(1.0), "1.0");
  EXPECT_EQ(PyFloatRepr(0.1), "0.1");
  EXPECT_EQ(PyFloatRepr(100.0), "100.0");
  EXPECT_EQ(PyFloatRepr(1e16), "1e+16");
  EXPECT_EQ(PyFloatRepr(1e15), "1000000000000000.0");
  EXPECT_EQ(PyFloatRepr(0.0001), "0.0001");
  EXPECT_EQ(PyFloatRepr(0.00001), "1e-05");
  EXPECT_EQ(PyFloatRepr(-2.5), "-2.5");
  EXPECT_EQ(PyFloatRepr(1767225600.123), "1767225600.123");
}

// [SECTION] usage errors

TEST(AwsCliUsage, MissingAndInvalidArguments) {
  Lab lab(EmptyLab());
  AwsCliResult r = RunAwsCli("aws firehose describe-delivery-stream", lab);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, std::string(kUsageBlock) + "aws: error: the following arguments are required: --delivery-stream-name\n\n");
  EXPECT_EQ(r.exit_code, 252);

  r = RunAwsCli("aws firehose describe-delivery-stream --delivery-stream-name", lab);
  EXPECT_EQ(r.err, std::string(kUsageBlock) + "aws: error: argument --delivery-stream-name: expected one argument\n\n");

  r = RunAwsCli("aws", lab);
  EXPECT_EQ(r.err, std::string(kUsageBlock) + "aws: error: the following arguments are required: command\n\n");
  r = RunAwsCli("aws firehose", lab);
  EXPECT_EQ(r.err, std::string(kUsageBlock) + "aws: error: the following arguments are required: operation\n\n");
  r = RunAwsCli("aws s3", lab);
  EXPECT_EQ(r.err, "\nusage: aws [options] s3 <subcommand> [parameters]\naws: error: too few arguments\n");

  r = RunAwsCli("aws firehose describe-delivery-streams", lab);
  EXPECT_EQ(r.err, std::string(kUsageBlock) +
                       "aws: error: argument operation: Invalid choice, valid choices are:\n\n"
                       "describe-delivery-stream                 | list-delivery-streams                   \n"
                       "put-record                               | put-record-batch                        \n"
                       "help                                    \n\n\n"
                       "Invalid choice: 'describe-delivery-streams', maybe you meant:\n\n"
                       "  * describe-delivery-stream\n\n");
  EXPECT_EQ(r.exit_code, 252);
  r = RunAwsCli("aws s3 lss", lab);
  EXPECT_NE(r.err.find("aws: error: argument subcommand: Invalid choice, valid choices are:\n\n"), std::string::npos);
  EXPECT_NE(r.err.find("Invalid choice: 'lss', maybe you meant:\n\n  * ls\n\n"), std::string::npos);
  r = RunAwsCli("aws kinesis list-streams", lab);
  EXPECT_NE(r.err.find("aws: error: argument command: Invalid choice, valid choices are:\n\n"), std::string::npos);
  EXPECT_EQ(r.err.find("maybe you meant"), std::string::npos);

  r = RunAwsCli("aws firehose list-delivery-streams --foo bar", lab);
  EXPECT_EQ(r.err, std::string(kUsageBlock) + "Unknown options: --foo, bar\n\n");
  EXPECT_EQ(r.exit_code, 252);
  r = RunAwsCli("aws s3 ls s3://a b", lab);
  EXPECT_EQ(r.err, "\nUnknown options: b\n");
  r = RunAwsCli("aws s3 cp s3://a/k", lab);
  EXPECT_EQ(r.err, std::string(kUsageBlock) + "aws: error: the following arguments are required: paths\n\n");

  r = RunAwsCli("aws firehose list-delivery-streams --output xml", lab);
  EXPECT_EQ(r.err, std::string(kUsageBlock) +
                       "aws: error: argument --output: Invalid choice, valid choices are:\n\n"
                       "json                                     | text                                    \n"
                       "table                                    | yaml                                    \n"
                       "yaml-stream                             \n\n");
  r = RunAwsCli("aws firehose list-delivery-streams --limit abc", lab);
  EXPECT_EQ(r.err, "\ninvalid literal for int() with base 10: 'abc'\n");
  EXPECT_EQ(r.exit_code, 255);
}

TEST(AwsCliUsage, BadQueryReadsLikeTheCli) {
  Lab lab(EmptyLab());
  AwsCliResult r = RunAwsCli("aws firehose list-delivery-streams --query 'a['", lab);
  EXPECT_EQ(r.err, "\nBad value for --query a[: Invalid jmespath expression: Incomplete expression:\n\"a[\"\n   ^\n");
  EXPECT_EQ(r.exit_code, 252);
  r = RunAwsCli("aws firehose list-delivery-streams --query '[?a==`1`]x'", lab);
  EXPECT_EQ(r.err,
            "\nBad value for --query [?a==`1`]x: Unexpected token: x: Parse error at column 9, token \"x\" "
            "(UNQUOTED_IDENTIFIER), for expression:\n\"[?a==`1`]x\"\n          ^\n");
}

// [SECTION] commands over the lab

class AwsCliLab : public ::testing::Test {
 protected:
  AwsCliLab() : lab_(EmptyLab()) { MakeStream(lab_, "s1", "bucket1", 1, 60); }
  AwsCliResult Run(const std::string& line) { return RunAwsCli(line, lab_); }
  Lab lab_;
};

TEST_F(AwsCliLab, FirehoseListDescribeAndErrors) {
  AwsCliResult r = Run("aws firehose list-delivery-streams");
  EXPECT_EQ(r.out, "{\n    \"DeliveryStreamNames\": [\n        \"s1\"\n    ],\n    \"HasMoreDeliveryStreams\": false\n}\n");
  EXPECT_EQ(r.exit_code, 0);
  r = Run("aws firehose describe-delivery-stream --delivery-stream-name s1 --query "
          "'DeliveryStreamDescription.DeliveryStreamStatus' --output text");
  EXPECT_EQ(r.out, "ACTIVE\n");
  r = Run("aws firehose describe-delivery-stream --delivery-stream-name s1 --query "
          "'DeliveryStreamDescription.[DeliveryStreamName, CreateTimestamp]' --output json --region eu-west-1 --no-cli-pager");
  EXPECT_EQ(r.out, "[\n    \"s1\",\n    \"2026-03-14T09:26:00+00:00\"\n]\n");
  r = Run("aws firehose describe-delivery-stream --delivery-stream-name x");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "\nAn error occurred (ResourceNotFoundException) when calling the DescribeDeliveryStream operation: Firehose x "
            "under account 123456789012 not found.\n");
  EXPECT_EQ(r.exit_code, 254);
}

TEST_F(AwsCliLab, PutRecordBlobsFollowCliBinaryFormat) {
  // v2 default: blobs are base64 on the command line.
  AwsCliResult r = Run("aws firehose put-record --delivery-stream-name s1 --record Data=hello");
  EXPECT_EQ(r.err, "\nInvalid base64: \"hello\"\n");
  EXPECT_EQ(r.exit_code, 255);
  r = Run(R"(aws firehose put-record --delivery-stream-name s1 --record '{"Data":"abc"}')");
  EXPECT_EQ(r.err, "\nInvalid base64: \"abc\"\n");
  r = Run("aws firehose put-record --delivery-stream-name s1 --record Foo=1");
  EXPECT_EQ(r.err, "\nParameter validation failed:\nMissing required parameter in Record: \"Data\"\n"
                   "Unknown parameter in Record: \"Foo\", must be one of: Data\n");
  EXPECT_EQ(r.exit_code, 252);
  r = Run("aws firehose put-record --delivery-stream-name s1 --record Data=aGVsbG8K --query Encrypted");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "false\n");
  r = Run(R"(aws firehose put-record --delivery-stream-name s1 --record '{"Data":"raw text\n"}' --cli-binary-format raw-in-base64-out --output text --query 'length(RecordId) > `10`')");
  EXPECT_EQ(r.out, "True\n");

  // Delivered after the 60 s interval: the object holds both records, byte for byte.
  lab_.Advance(61 * kUsPerSecond);
  Json listing = Ok(lab_, "S3", "ListObjectsV2", {{"Bucket", "bucket1"}});
  ASSERT_EQ(listing["Contents"].size(), 1u);
  std::string key = listing["Contents"][0]["Key"].get<std::string>();
  ASSERT_EQ(key.rfind("stocks/2026/03/14/09/s1-1-2026-03-14-09-26-05-", 0), 0u) << key;
  r = Run("aws s3 ls s3://bucket1 --recursive");
  EXPECT_EQ(r.out, "2026-03-14 09:27:05         15 " + key + "\n");
  EXPECT_EQ(r.exit_code, 0);
  // CloudWatch counted both records (IncomingRecords, Sum over the hour).
  r = Run("aws cloudwatch get-metric-statistics --namespace AWS/Firehose --metric-name IncomingRecords --dimensions "
          "Name=DeliveryStreamName,Value=s1 --start-time 2026-03-14T09:00:00Z --end-time 2026-03-14T10:00:00Z "
          "--period 3600 --statistics Sum --query 'Datapoints[0].[Timestamp, Sum, Unit]' --output text");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "2026-03-14T09:00:00+00:00\t2.0\tCount\n");
  r = Run("aws s3 cp s3://bucket1/" + key + " -");
  EXPECT_EQ(r.out, "hello\nraw text\n");  // the shell kept \n inside single quotes; JSON made it a newline
}

TEST_F(AwsCliLab, PutRecordBatchAt500And501) {
  std::string records;
  for (int i = 0; i < 500; ++i) records += " Data=eA==";
  AwsCliResult r = Run("aws firehose put-record-batch --delivery-stream-name s1 --query FailedPutCount --records" + records);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "0\n");
  r = Run("aws firehose put-record-batch --delivery-stream-name s1 --records" + records + " Data=eA==");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "\nAn error occurred (ValidationException) when calling the PutRecordBatch operation: 1 validation error "
            "detected: Value '[...]' at 'records' failed to satisfy constraint: Member must have length less than or "
            "equal to 500\n");
  EXPECT_EQ(r.exit_code, 254);
  r = Run(R"(aws firehose put-record-batch --delivery-stream-name s1 --records '[{"Data":"eQ=="},{"Data":"eg=="}]' --output table)");
  EXPECT_EQ(r.err, "");
  // Expected: awscli's TableFormatter on the same response (record ids from the lab's seeded random source).
  EXPECT_EQ(r.out,
            "----------------------------------------\n"
            "|            PutRecordBatch            |\n"
            "+---------------+----------------------+\n"
            "|   Encrypted   |   FailedPutCount     |\n"
            "+---------------+----------------------+\n"
            "|  False        |  0                   |\n"
            "+---------------+----------------------+\n"
            "||          RequestResponses          ||\n"
            "|+------------------------------------+|\n"
            "||              RecordId              ||\n"
            "|+------------------------------------+|\n"
            "||  g180lItkymawd89lfHW53drzuvmlT7dZ  ||\n"
            "||  As9O2D3iG/x/2/IBQD8vWKaTKseGvgHi  ||\n"
            "|+------------------------------------+|\n");
}

TEST_F(AwsCliLab, S3LsFoldersBucketsAndSummary) {
  Ok(lab_, "S3", "PutObject", {{"Bucket", "bucket1"}, {"Key", "stocks/2026/a.json"}, {"Body", Base64Encode(std::string(1234, 'x'))}});
  lab_.Advance(65 * kUsPerSecond);
  Ok(lab_, "S3", "PutObject", {{"Bucket", "bucket1"}, {"Key", "top.txt"}, {"Body", Base64Encode("1")}});
  AwsCliResult r = Run("aws s3 ls s3://bucket1");
  EXPECT_EQ(r.out, "                           PRE stocks/\n2026-03-14 09:27:10          1 top.txt\n");
  r = Run("aws s3 ls s3://bucket1/stocks/");
  EXPECT_EQ(r.out, "                           PRE 2026/\n");
  r = Run("aws s3 ls s3://bucket1/stocks/2026/ --human-readable --summarize");
  EXPECT_EQ(r.out, "2026-03-14 09:26:05    1.2 KiB a.json\n\nTotal Objects: 1\n   Total Size: 1.2 KiB\n");
  r = Run("aws s3 ls s3://bucket1/nothing/");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.exit_code, 1);
  r = Run("aws s3 ls");
  EXPECT_EQ(r.out, "2026-03-14 09:26:00 bucket1\n");
  r = Run("aws s3 ls s3://nope");
  EXPECT_EQ(r.err, "\nAn error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: The specified bucket does not exist.\n");
  EXPECT_EQ(r.exit_code, 254);
  r = Run("aws s3 cp s3://bucket1/top.txt -");
  EXPECT_EQ(r.out, "1");
  r = Run("aws s3 cp s3://bucket1/missing -");
  EXPECT_EQ(r.err, "\nfatal error: An error occurred (404) when calling the HeadObject operation: Key \"missing\" does not exist\n");
  EXPECT_EQ(r.exit_code, 1);

  r = Run("aws s3api list-objects-v2 --bucket bucket1 --prefix stocks/ --query 'Contents[].[Key, Size, LastModified]' --output text");
  EXPECT_EQ(r.out, "stocks/2026/a.json\t1234\t2026-03-14T09:26:05+00:00\n");
  r = Run("aws s3api list-objects-v2 --bucket bucket1 --prefix zzz");
  EXPECT_EQ(r.out, "");  // nothing aggregated: the CLI prints nothing
}

// The lab's stack deployed through CloudFormation: its stack, Glue table and Athena work group through the CLI.
class AwsCliStack : public ::testing::Test {
 protected:
  AwsCliStack() : lab_(EmptyLab()) {
    Ok(lab_, "CloudFormation", "CreateStack",
       {{"StackName", kLabStackName}, {"TemplateBody", std::string(LabTemplateBody())}, {"Capabilities", {"CAPABILITY_NAMED_IAM"}}});
    for (int i = 0; i < 60; ++i) {
      lab_.Advance(5 * kUsPerSecond);
      Json d = Ok(lab_, "CloudFormation", "DescribeStacks", {{"StackName", kLabStackName}});
      if (d["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE") break;
    }
  }
  AwsCliResult Run(const std::string& line) { return RunAwsCli(line, lab_); }
  Lab lab_;
};

TEST_F(AwsCliStack, CloudFormationGlueAndAthena) {
  AwsCliResult r = Run("aws cloudformation describe-stacks --query 'Stacks[].{Name:StackName,Status:StackStatus}' --output table");
  EXPECT_EQ(r.out,  // awscli 2.9.19 TableFormatter on [{"Name": "firehose-lab", "Status": "CREATE_COMPLETE"}]
            "-------------------------------------\n"
            "|          DescribeStacks           |\n"
            "+---------------+-------------------+\n"
            "|     Name      |      Status       |\n"
            "+---------------+-------------------+\n"
            "|  firehose-lab |  CREATE_COMPLETE  |\n"
            "+---------------+-------------------+\n");
  r = Run("aws cloudformation list-stacks --query 'StackSummaries[0].[StackName, StackStatus]' --output text");
  EXPECT_EQ(r.out, "firehose-lab\tCREATE_COMPLETE\n");
  r = Run("aws cloudformation describe-stack-events --stack-name firehose-lab --query 'StackEvents[0].ResourceStatus' --output text");
  EXPECT_EQ(r.out, "CREATE_COMPLETE\n");
  r = Run("aws cloudformation describe-stack-resources --stack-name firehose-lab --query "
          "'StackResources[?ResourceType==`AWS::Glue::Table`].PhysicalResourceId' --output text");
  EXPECT_EQ(r.out, "stock_ticks\n");
  r = Run("aws cloudformation describe-stacks --stack-name nope");
  EXPECT_EQ(r.err, "\nAn error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id nope does not exist\n");

  r = Run("aws glue get-tables --database-name stocks_db --query 'TableList[].[Name, StorageDescriptor.Columns[0].Name]' --output text");
  EXPECT_EQ(r.out, "stock_ticks\tticker_symbol\n");

  r = Run("aws athena start-query-execution --query-string \"SELECT 1 + 1 AS two\" --work-group firehose-lab "
          "--query-execution-context Database=stocks_db --query QueryExecutionId --output text");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string id = r.out.substr(0, r.out.size() - 1);
  ASSERT_EQ(id.size(), 36u) << r.out;
  while (lab_.Work(1 << 20) > 0) {
  }
  r = Run("aws athena get-query-execution --query-execution-id " + id +
          " --query 'QueryExecution.[Status.State, QueryExecutionContext.Database, WorkGroup]' --output text");
  EXPECT_EQ(r.out, "SUCCEEDED\tstocks_db\tfirehose-lab\n");
  r = Run("aws athena get-query-results --query-execution-id " + id + " --query 'ResultSet.Rows[].Data[].VarCharValue' --output text");
  EXPECT_EQ(r.out, "two\t2\n");
  r = Run("aws athena get-query-execution --query-execution-id 00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(r.exit_code, 254);
  EXPECT_EQ(r.err.rfind("\nAn error occurred (InvalidRequestException) when calling the GetQueryExecution operation: ", 0), 0u)
      << r.err;
  // Tab completion answers from the lab.
  AwsCallFn call = [this](std::string_view s, std::string_view a, const Json& q) { return lab_.Call(s, a, q); };
  EXPECT_EQ(CompleteAwsCli("aws athena get-query-execution --query-execution-id ", call).candidates, std::vector<std::string>{id});
  EXPECT_EQ(CompleteAwsCli("aws cloudformation describe-stacks --stack-name f", call).replacement, "firehose-lab ");
  EXPECT_EQ(CompleteAwsCli("aws athena start-query-execution --query-execution-context ", call).candidates,
            (std::vector<std::string>{"Database=default", "Database=stocks_db"}));
  EXPECT_EQ(CompleteAwsCli("aws athena st", call).replacement, "start-query-execution ");
  EXPECT_EQ(CompleteAwsCli("aws s3api list-objects-v2 --bu", call).replacement, "--bucket ");
  AwsCliCompletion c = CompleteAwsCli("aws c", call);
  EXPECT_EQ(c.candidates, (std::vector<std::string>{"cloudformation", "cloudwatch"}));
  EXPECT_EQ(c.replacement, "cloud");
  EXPECT_EQ(c.word_start, 4u);
}

}  // namespace
}  // namespace fhl
