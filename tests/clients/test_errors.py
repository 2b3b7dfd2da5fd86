# test_errors.py: AWS error shapes as the real clients see them through the native endpoint: boto3's ClientError
# codes, messages and HTTP statuses, and the AWS CLI's exit code and message (aws-facts 1.6, 6.3, 7.2, 8).
import unittest

from botocore.exceptions import ClientError

from fhl_server import ACCOUNT, LabServer

STREAM = "ie-tech-mba-stream"


class ErrorsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LabServer("--deployed")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def assert_error(self, call, code, status, message=None, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        response = ctx.exception.response
        self.assertEqual(response["Error"]["Code"], code)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], status)
        if message is not None:
            self.assertEqual(response["Error"]["Message"], message)
        return response

    def test_firehose_missing_stream(self):
        fh = self.server.client("firehose")
        message = f"Firehose nope under account {ACCOUNT} not found."
        self.assert_error(fh.describe_delivery_stream, "ResourceNotFoundException", 400, message,
                          DeliveryStreamName="nope")
        self.assert_error(fh.put_record, "ResourceNotFoundException", 400, message,
                          DeliveryStreamName="nope", Record={"Data": b"x"})
        self.assert_error(fh.put_record_batch, "ResourceNotFoundException", 400, message,
                          DeliveryStreamName="nope", Records=[{"Data": b"x"}])

    def test_firehose_validation(self):
        fh = self.server.client("firehose", parameter_validation=False)
        response = self.assert_error(fh.describe_delivery_stream, "ValidationException", 400,
                                     DeliveryStreamName="bad name!")
        self.assertIn("Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", response["Error"]["Message"])
        self.assert_error(fh.put_record, "ValidationException", 400,
                          DeliveryStreamName=STREAM, Record={"Data": b"x" * 1024001})
        self.assert_error(fh.put_record_batch, "InvalidArgumentException", 400, "Records size exceeds 4 MB limit",
                          DeliveryStreamName=STREAM, Records=[{"Data": b"x" * 1000000}] * 5)

    def test_s3_missing_key_and_bucket(self):
        s3 = self.server.client("s3")
        bucket = [b["Name"] for b in s3.list_buckets()["Buckets"]][0]
        self.assert_error(s3.get_object, "NoSuchKey", 404, "The specified key does not exist.",
                          Bucket=bucket, Key="stocks/missing")
        self.assert_error(s3.head_object, "404", 404, Bucket=bucket, Key="stocks/missing")  # HEAD has no body
        self.assert_error(s3.list_objects_v2, "NoSuchBucket", 404, "The specified bucket does not exist.",
                          Bucket="no-such-bucket-here")

    def test_cloudformation_validation_errors(self):
        cfn = self.server.client("cloudformation")
        response = self.assert_error(cfn.create_stack, "ValidationError", 400,
                                     StackName="my_stack", TemplateBody='{"Resources": {}}')
        self.assertIn("Value 'my_stack' at 'stackName' failed to satisfy constraint: Member must satisfy regular "
                      "expression pattern: [a-zA-Z][-a-zA-Z0-9]*", response["Error"]["Message"])
        response = self.assert_error(cfn.create_stack, "ValidationError", 400,
                                     StackName="broken", TemplateBody="{ not json")
        self.assertTrue(response["Error"]["Message"].startswith("Template format error"), response["Error"])
        self.assert_error(cfn.describe_stacks, "ValidationError", 400, "Stack with id missing does not exist",
                          StackName="missing")

    def test_athena_unknown_query(self):
        athena = self.server.client("athena")
        self.assert_error(athena.get_query_execution, "InvalidRequestException", 400,
                          QueryExecutionId="00000000-0000-0000-0000-000000000000")

    def test_cli_reports_the_aws_error(self):
        rc, _, err = self.server.aws("firehose", "describe-delivery-stream", "--delivery-stream-name", "nope",
                                     check=False)
        self.assertEqual(rc, 254)  # AWS CLI v2: the service answered an error
        self.assertIn("An error occurred (ResourceNotFoundException) when calling the DescribeDeliveryStream "
                      f"operation: Firehose nope under account {ACCOUNT} not found.", err)
        rc, _, err = self.server.aws("s3", "cp", "s3://no-such-bucket-here/x", "-", check=False, parse_json=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("404", err)

    def test_save_lab_without_a_file_is_refused(self):
        status, body = self.server.lab("SaveLab")
        self.assertEqual(status, 400)
        self.assertEqual(body["__type"], "InvalidArgumentException")


if __name__ == "__main__":
    unittest.main()
