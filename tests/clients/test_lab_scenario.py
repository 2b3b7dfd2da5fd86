# test_lab_scenario.py: the lab end to end through the native endpoint with the real clients: CloudFormation
# deploys the lab template (AWS CLI), boto3 puts records, Firehose delivers to S3 (AWS CLI s3 ls / cp, boto3 list
# and ranged get), Athena answers "which ticker improved the most", CloudWatch counts the records, and the stack's
# events read back. Expected values come from ../../../shared/reference/aws-facts.md (section numbers below).
# Steps run in order (test_01..., test_02...) against one server; a failed step skips the ones that need it.
import hashlib
import re
import time
import unittest

from fhl_server import ACCOUNT, REGION, TEMPLATE, LabServer

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
STACK = "firehose-lab"
STREAM = "ie-tech-mba-stream"

# Per-tick changes sum to AMZN +12.5, TGT +4.0, QXZ -3.0: AMZN "improved the most" (aws-facts 7.3 query A).
TICKS = [("AMZN", "TECHNOLOGY", 2.5, 101.25), ("QXZ", "HEALTHCARE", -1.0, 84.51), ("TGT", "RETAIL", 1.5, 150.0)] * 5
TICKS += [("TGT", "RETAIL", -3.5, 146.5), ("QXZ", "HEALTHCARE", 2.0, 86.51)]


def record(ticker, sector, change, price):
    return ('{"ticker_symbol":"%s","sector":"%s","change":%s,"price":%s}' % (ticker, sector, change, price)).encode()


class LabScenarioTest(unittest.TestCase):
    server = None
    state = {}
    failed = False

    @classmethod
    def setUpClass(cls):
        cls.server = LabServer("--empty", "--seed", "7")
        cls.state = {}

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        assert rc == 0, f"firehose-lab serve exited {rc} on SIGTERM"

    def setUp(self):
        if LabScenarioTest.failed:
            self.skipTest("an earlier step failed")

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result else 0
        out = super().run(result)
        if result and len(result.failures) + len(result.errors) > before:
            LabScenarioTest.failed = True
        return out

    # [SECTION] CloudFormation (aws-facts 6)

    def test_01_create_stack_needs_named_iam(self):
        cfn = self.server.client("cloudformation")
        from botocore.exceptions import ClientError
        with open(TEMPLATE) as f:
            body = f.read()
        with self.assertRaises(ClientError) as ctx:
            cfn.create_stack(StackName=STACK, TemplateBody=body)
        error = ctx.exception.response["Error"]
        self.assertEqual(error["Code"], "InsufficientCapabilitiesException")
        self.assertEqual(error["Message"], "Requires capabilities : [CAPABILITY_NAMED_IAM]")
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        # A failed call changes nothing: no stack of that name.
        self.assertEqual([s for s in cfn.list_stacks()["StackSummaries"] if s["StackName"] == STACK], [])

    def test_02_create_stack_with_the_cli(self):
        out = self.server.aws("cloudformation", "create-stack", "--stack-name", STACK,
                              "--template-body", "file://" + TEMPLATE, "--capabilities", "CAPABILITY_NAMED_IAM")
        self.assertRegex(out["StackId"], rf"^arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/{STACK}/{UUID}$")
        self.state["stack_id"] = out["StackId"]

    def test_03_stack_reaches_create_complete(self):
        statuses = []
        for _ in range(120):
            stack = self.server.aws("cloudformation", "describe-stacks", "--stack-name", STACK)["Stacks"][0]
            statuses.append(stack["StackStatus"])
            if stack["StackStatus"] != "CREATE_IN_PROGRESS":
                break
            self.server.advance(5)
        # At --speed 1 the stack may finish while the CLI starts up; the events (test_14) show the whole lifecycle.
        self.assertIn(statuses[0], ("CREATE_IN_PROGRESS", "CREATE_COMPLETE"))
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE", stack.get("StackStatusReason"))
        self.assertEqual(stack["StackId"], self.state["stack_id"])
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        suffix = self.state["stack_id"].rsplit("/", 1)[1].split("-")[0]
        self.assertEqual(outputs["BucketName"], f"ie-tech-mba-message-queue-sink-{suffix}-bucket")
        self.assertEqual(outputs["BucketArn"], f"arn:aws:s3:::{outputs['BucketName']}")
        self.assertEqual(outputs["DeliveryStreamName"], STREAM)
        self.assertEqual(outputs["DeliveryStreamArn"], f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/{STREAM}")
        self.assertEqual(outputs["FirehoseRoleArn"], f"arn:aws:iam::{ACCOUNT}:role/ie-tech-mba-firehose-role")
        self.assertEqual(outputs["DataLocation"], f"s3://{outputs['BucketName']}/stocks/")
        self.assertEqual(outputs["GlueDatabase"], "stocks_db")
        self.assertEqual(outputs["AthenaWorkGroup"], "firehose-lab")
        self.assertIn("CAPABILITY_NAMED_IAM", stack.get("Capabilities", []))
        self.state["bucket"] = outputs["BucketName"]

    def test_04_stream_is_active_with_the_lab_buffering(self):
        d = self.server.client("firehose").describe_delivery_stream(DeliveryStreamName=STREAM)
        desc = d["DeliveryStreamDescription"]
        self.assertEqual(desc["DeliveryStreamStatus"], "ACTIVE")
        self.assertEqual(desc["DeliveryStreamARN"], f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/{STREAM}")
        self.assertEqual(desc["DeliveryStreamType"], "DirectPut")
        self.assertEqual(desc["VersionId"], "1")
        self.assertFalse(desc["HasMoreDestinations"])
        dest = desc["Destinations"][0]
        self.assertEqual(dest["DestinationId"], "destinationId-000000000001")
        ext = dest["ExtendedS3DestinationDescription"]
        self.assertEqual(ext["BucketARN"], f"arn:aws:s3:::{self.state['bucket']}")
        self.assertEqual(ext["RoleARN"], f"arn:aws:iam::{ACCOUNT}:role/ie-tech-mba-firehose-role")
        self.assertEqual(ext["BufferingHints"], {"IntervalInSeconds": 60, "SizeInMBs": 1})
        self.assertEqual(ext["Prefix"], "stocks/")
        self.assertEqual(ext["CompressionFormat"], "UNCOMPRESSED")
        self.assertIn("S3DestinationDescription", dest)  # AWS answers both for S3 streams (aws-facts 1.4)

    # [SECTION] Firehose ingest (aws-facts 1.2, 1.4)

    def test_05_put_record_and_batch(self):
        fh = self.server.client("firehose")
        first = record(*TICKS[0])
        single = fh.put_record(DeliveryStreamName=STREAM, Record={"Data": first})
        self.assertRegex(single["RecordId"], r"^\S{16,}$")
        self.assertFalse(single["Encrypted"])
        batch = [{"Data": record(*t)} for t in TICKS[1:]]
        out = fh.put_record_batch(DeliveryStreamName=STREAM, Records=batch)
        self.assertEqual(out["FailedPutCount"], 0)
        self.assertFalse(out["Encrypted"])
        self.assertEqual(len(out["RequestResponses"]), len(batch))
        ids = [r["RecordId"] for r in out["RequestResponses"]]
        self.assertEqual(len(set(ids + [single["RecordId"]])), len(TICKS))  # every record has its own id
        # The stream appends "\n" to every record (AppendDelimiterToRecord in the lab template).
        self.state["expected_object"] = b"".join(record(*t) + b"\n" for t in TICKS)

    def test_06_nothing_lands_before_the_interval(self):
        self.server.advance(30)
        listing = self.server.client("s3").list_objects_v2(Bucket=self.state["bucket"], Prefix="stocks/")
        self.assertEqual(listing["KeyCount"], 0)
        self.assertNotIn("Contents", listing)

    def test_07_one_object_after_sixty_seconds(self):
        self.server.advance(31)  # 61 s after the first record
        s3 = self.server.client("s3")
        listing = s3.list_objects_v2(Bucket=self.state["bucket"], Prefix="stocks/")
        self.assertEqual(listing["KeyCount"], 1)
        obj = listing["Contents"][0]
        # aws-facts 3: <prefix>yyyy/MM/dd/HH/<stream>-<version>-yyyy-MM-dd-HH-mm-ss-<uuid>, no extension.
        m = re.match(rf"^stocks/(\d{{4}})/(\d{{2}})/(\d{{2}})/(\d{{2}})/{STREAM}-1-(\d{{4}})-(\d{{2}})-(\d{{2}})-(\d{{2}})"
                     rf"-\d{{2}}-\d{{2}}-{UUID}$", obj["Key"])
        self.assertIsNotNone(m, obj["Key"])
        self.assertEqual(m.group(1, 2, 3, 4), m.group(5, 6, 7, 8))  # the folders are the name's hour
        expected = self.state["expected_object"]
        self.assertEqual(obj["Size"], len(expected))
        self.assertEqual(obj["ETag"], '"%s"' % hashlib.md5(expected).hexdigest())
        self.assertEqual(obj["StorageClass"], "STANDARD")
        self.assertIsNotNone(obj["LastModified"].tzinfo)
        self.state["key"] = obj["Key"]
        # The console's folder view: delimiter "/" gives the year as a common prefix.
        folders = s3.list_objects_v2(Bucket=self.state["bucket"], Prefix="stocks/", Delimiter="/")
        self.assertEqual(folders.get("CommonPrefixes"), [{"Prefix": f"stocks/{m.group(1)}/"}])
        self.assertNotIn("Contents", folders)

    # [SECTION] S3 through the AWS CLI and boto3 (aws-facts 3, 8)

    def test_08_cli_s3_ls_recursive(self):
        text = self.server.aws("s3", "ls", f"s3://{self.state['bucket']}", "--recursive", parse_json=False).decode()
        lines = [l for l in text.splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, text)
        date, clock, size, key = lines[0].split(None, 3)
        self.assertRegex(date, r"^\d{4}-\d{2}-\d{2}$")
        self.assertRegex(clock, r"^\d{2}:\d{2}:\d{2}$")
        self.assertEqual(int(size), len(self.state["expected_object"]))
        self.assertEqual(key, self.state["key"])

    def test_09_cli_s3_cp_to_stdout_is_byte_exact(self):
        body = self.server.aws("s3", "cp", f"s3://{self.state['bucket']}/{self.state['key']}", "-", parse_json=False)
        self.assertEqual(body, self.state["expected_object"])

    def test_10_boto3_ranged_get_and_head(self):
        s3 = self.server.client("s3")
        expected = self.state["expected_object"]
        part = s3.get_object(Bucket=self.state["bucket"], Key=self.state["key"], Range="bytes=0-9")
        self.assertEqual(part["ResponseMetadata"]["HTTPStatusCode"], 206)
        self.assertEqual(part["ContentRange"], f"bytes 0-9/{len(expected)}")
        self.assertEqual(part["ContentLength"], 10)
        self.assertEqual(part["Body"].read(), expected[:10])
        tail = s3.get_object(Bucket=self.state["bucket"], Key=self.state["key"], Range="bytes=-7")
        self.assertEqual(tail["Body"].read(), expected[-7:])
        whole = s3.get_object(Bucket=self.state["bucket"], Key=self.state["key"])
        self.assertEqual(whole["Body"].read(), expected)
        self.assertEqual(whole["ETag"], '"%s"' % hashlib.md5(expected).hexdigest())
        head = s3.head_object(Bucket=self.state["bucket"], Key=self.state["key"])
        self.assertEqual(head["ContentLength"], len(expected))
        self.assertEqual(head["ETag"], whole["ETag"])
        self.assertEqual(head["ContentType"], "application/octet-stream")

    # [SECTION] Athena (aws-facts 7.2, 7.3)

    def test_11_athena_which_ticker_improved_the_most(self):
        athena = self.server.client("athena")
        query = ("SELECT ticker_symbol, round(sum(change), 2) AS total_change FROM stock_ticks "
                 "GROUP BY ticker_symbol ORDER BY total_change DESC LIMIT 1")
        qid = athena.start_query_execution(QueryString=query, QueryExecutionContext={"Database": "stocks_db"},
                                           WorkGroup="firehose-lab")["QueryExecutionId"]
        self.assertRegex(qid, f"^{UUID}$")
        states = []
        deadline = time.time() + 60
        while time.time() < deadline:
            execution = athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]
            state = execution["Status"]["State"]
            if not states or states[-1] != state:
                states.append(state)
            if state in ("SUCCEEDED", "FAILED", "CANCELLED"):
                break
            time.sleep(0.05)
        self.assertEqual(states[-1], "SUCCEEDED", execution["Status"].get("StateChangeReason"))
        self.assertTrue(set(states) <= {"QUEUED", "RUNNING", "SUCCEEDED"}, states)
        self.assertEqual(execution["WorkGroup"], "firehose-lab")
        self.assertEqual(execution["StatementType"], "DML")
        self.assertEqual(execution["QueryExecutionContext"]["Database"], "stocks_db")
        self.assertEqual(execution["ResultConfiguration"]["OutputLocation"],
                         f"s3://{self.state['bucket']}/athena-results/{qid}.csv")
        self.assertGreaterEqual(execution["Statistics"]["DataScannedInBytes"], len(self.state["expected_object"]))
        results = athena.get_query_results(QueryExecutionId=qid)["ResultSet"]
        rows = [[c.get("VarCharValue") for c in r["Data"]] for r in results["Rows"]]
        self.assertEqual(rows[0], ["ticker_symbol", "total_change"])  # the header row (aws-facts 7.2)
        self.assertEqual(rows[1][0], "AMZN")
        self.assertAlmostEqual(float(rows[1][1]), 12.5)
        self.assertEqual(len(rows), 2)
        columns = results["ResultSetMetadata"]["ColumnInfo"]
        self.assertEqual([(c["Name"], c["Type"]) for c in columns], [("ticker_symbol", "varchar"),
                                                                     ("total_change", "double")])
        self.state["query_id"] = qid

    def test_12_athena_results_through_the_cli(self):
        out = self.server.aws("athena", "get-query-results", "--query-execution-id", self.state["query_id"])
        rows = [[c.get("VarCharValue") for c in r["Data"]] for r in out["ResultSet"]["Rows"]]
        self.assertEqual(rows[1][0], "AMZN")
        # The result file lands in the work group's output location.
        csv = self.server.aws("s3", "cp", f"s3://{self.state['bucket']}/athena-results/{self.state['query_id']}.csv",
                              "-", parse_json=False)
        self.assertEqual(csv.decode().splitlines()[0], '"ticker_symbol","total_change"')

    # [SECTION] CloudWatch (aws-facts 4)

    def test_13_cloudwatch_incoming_records(self):
        _, clock = self.server.lab("GetClock")
        now = clock["NowEpochSeconds"]
        cw = self.server.client("cloudwatch")
        stats = cw.get_metric_statistics(Namespace="AWS/Firehose", MetricName="IncomingRecords",
                                         Dimensions=[{"Name": "DeliveryStreamName", "Value": STREAM}],
                                         StartTime=now - 3600, EndTime=now + 60, Period=60, Statistics=["Sum"])
        self.assertEqual(stats["Label"], "IncomingRecords")
        points = stats["Datapoints"]
        self.assertEqual(sum(p["Sum"] for p in points), len(TICKS))
        self.assertTrue(all(p["Unit"] == "Count" for p in points), points)
        self.assertTrue(all(p["Timestamp"].second == 0 for p in points), points)  # one-minute buckets
        out = self.server.aws("cloudwatch", "get-metric-statistics", "--namespace", "AWS/Firehose",
                              "--metric-name", "IncomingBytes", "--dimensions", f"Name=DeliveryStreamName,Value={STREAM}",
                              "--start-time", str(int(now - 3600)), "--end-time", str(int(now + 60)),
                              "--period", "3600", "--statistics", "Sum")
        self.assertEqual(sum(p["Sum"] for p in out["Datapoints"]), sum(len(record(*t)) for t in TICKS))

    # [SECTION] stack events (aws-facts 6.3)

    def test_14_describe_stack_events(self):
        events = self.server.aws("cloudformation", "describe-stack-events", "--stack-name", STACK)["StackEvents"]
        newest, oldest = events[0], events[-1]
        self.assertEqual((newest["LogicalResourceId"], newest["ResourceStatus"]), (STACK, "CREATE_COMPLETE"))
        self.assertEqual((oldest["LogicalResourceId"], oldest["ResourceStatus"]), (STACK, "CREATE_IN_PROGRESS"))
        self.assertEqual(oldest["ResourceStatusReason"], "User Initiated")
        self.assertEqual(newest["ResourceType"], "AWS::CloudFormation::Stack")
        stamps = [e["Timestamp"] for e in events]
        self.assertEqual(stamps, sorted(stamps, reverse=True))
        complete = {e["LogicalResourceId"]: e for e in events if e["ResourceStatus"] == "CREATE_COMPLETE"}
        self.assertEqual(complete["DeliveryStream"]["ResourceType"], "AWS::KinesisFirehose::DeliveryStream")
        self.assertEqual(complete["DeliveryStream"]["PhysicalResourceId"], STREAM)
        self.assertEqual(complete["Bucket"]["PhysicalResourceId"], self.state["bucket"])
        for logical in ("FirehoseRole", "GlueDatabase", "StockTicksTable", "AthenaWorkGroup"):
            self.assertIn(logical, complete)
        # Dependencies: the role and the bucket are complete before the stream starts.
        order = [(e["LogicalResourceId"], e["ResourceStatus"]) for e in reversed(events)]
        stream_start = order.index(("DeliveryStream", "CREATE_IN_PROGRESS"))
        self.assertLess(order.index(("Bucket", "CREATE_COMPLETE")), stream_start)
        self.assertLess(order.index(("FirehoseRole", "CREATE_COMPLETE")), stream_start)
        for e in events:
            self.assertEqual(e["StackId"], self.state["stack_id"])
            self.assertEqual(e["StackName"], STACK)


if __name__ == "__main__":
    unittest.main()
