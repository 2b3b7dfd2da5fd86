# test_s3_transfer.py: object uploads and downloads through the native endpoint with the clients' own transfer
# paths: boto3 put_object from a file (botocore sends "Expect: 100-continue"), `aws s3 cp` up and down, HEAD, DELETE.
# Bodies must come back byte-exact, with S3's quoted-MD5 ETag (aws-facts 8).
import hashlib
import os
import random
import tempfile
import unittest

from fhl_server import LabServer


class S3TransferTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LabServer("--deployed")
        cls.s3 = cls.server.client("s3")
        cls.bucket = cls.s3.list_buckets()["Buckets"][0]["Name"]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_boto3_put_from_a_file_and_get_back(self):
        data = random.Random(3).randbytes(3 * 1024 * 1024 + 17)
        with tempfile.TemporaryFile() as f:
            f.write(data)
            f.seek(0)
            put = self.s3.put_object(Bucket=self.bucket, Key="uploads/blob.bin", Body=f)
        self.assertEqual(put["ETag"], '"%s"' % hashlib.md5(data).hexdigest())
        got = self.s3.get_object(Bucket=self.bucket, Key="uploads/blob.bin")
        self.assertEqual(got["ContentLength"], len(data))
        self.assertEqual(got["Body"].read(), data)
        self.s3.delete_object(Bucket=self.bucket, Key="uploads/blob.bin")
        listing = self.s3.list_objects_v2(Bucket=self.bucket, Prefix="uploads/")
        self.assertEqual(listing["KeyCount"], 0)

    def test_cli_cp_up_and_down(self):
        data = b"".join(b'{"ticker_symbol":"TGT","change":%d}\n' % i for i in range(20000))  # ~0.7 MB
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "ticks.json")
            with open(src, "wb") as f:
                f.write(data)
            self.server.aws("s3", "cp", src, f"s3://{self.bucket}/uploads/a b+c.json", parse_json=False)
            dst = os.path.join(d, "back.json")
            self.server.aws("s3", "cp", f"s3://{self.bucket}/uploads/a b+c.json", dst, parse_json=False)
            with open(dst, "rb") as f:
                self.assertEqual(f.read(), data)
        head = self.s3.head_object(Bucket=self.bucket, Key="uploads/a b+c.json")
        self.assertEqual(head["ContentLength"], len(data))
        self.assertEqual(head["ETag"], '"%s"' % hashlib.md5(data).hexdigest())
        self.server.aws("s3", "rm", f"s3://{self.bucket}/uploads/a b+c.json", parse_json=False)
        self.assertEqual(self.s3.list_objects_v2(Bucket=self.bucket, Prefix="uploads/")["KeyCount"], 0)


if __name__ == "__main__":
    unittest.main()
