# test_serve_cli.py: `firehose-lab serve` as a program: the URL line, --speed, --save (SIGTERM and the
# FirehoseLab.SaveLab call) and --lab (a saved lab comes back; a bad file is a clear error, exit 2), port clashes.
import os
import signal
import subprocess
import tempfile
import time
import unittest

from fhl_server import BINARY, LabServer

STREAM = "ie-tech-mba-stream"


class ServeCliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="fhl-serve-")
        self.addCleanup(self.dir.cleanup)

    def start(self, *args, **kwargs):
        server = LabServer(*args, **kwargs)
        self.addCleanup(lambda: server.alive() and server.stop())
        return server

    def test_url_is_loopback_and_port_zero_picks_a_free_port(self):
        server = self.start()
        self.assertRegex(server.url, r"^http://127\.0\.0\.1:\d+$")
        self.assertNotEqual(server.port, 0)
        # --empty is the default: a fresh account without the lab's stream.
        self.assertEqual(server.client("firehose").list_delivery_streams()["DeliveryStreamNames"], [])

    def test_speed_scales_the_simulated_clock(self):
        server = self.start("--deployed", speed="60")
        _, before = server.lab("GetClock")
        time.sleep(1.0)
        _, after = server.lab("GetClock")
        elapsed = after["NowEpochSeconds"] - before["NowEpochSeconds"]
        self.assertGreater(elapsed, 45)   # 1 s real x 60, with slack for a loaded machine
        self.assertLess(elapsed, 60 * 5)
        paused = self.start("--deployed", speed="0")
        _, a = paused.lab("GetClock")
        time.sleep(0.3)
        _, b = paused.lab("GetClock")
        self.assertEqual(a["NowEpochSeconds"], b["NowEpochSeconds"])

    def test_save_on_sigterm_and_load_it_back(self):
        path = os.path.join(self.dir.name, "lab.fhlab")
        server = self.start("--deployed", "--save", path, speed="0")
        fh = server.client("firehose")
        fh.put_record(DeliveryStreamName=STREAM, Record={"Data": b'{"ticker_symbol":"QXZ"}'})
        server.advance(90)
        _, clock = server.lab("GetClock")
        self.assertEqual(server.stop(), 0)
        self.assertIn("saved the lab to " + path, server.stdout_rest)
        self.assertGreater(os.path.getsize(path), 0)
        again = self.start("--lab", path, speed="0")
        _, restored = again.lab("GetClock")
        self.assertEqual(restored["Now"], clock["Now"])
        s3 = again.client("s3")
        bucket = s3.list_buckets()["Buckets"][0]["Name"]
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
        self.assertEqual(len(keys), 1)
        # The lab's stream appends the new-line delimiter (AppendDelimiterToRecord), as the template's does.
        self.assertEqual(s3.get_object(Bucket=bucket, Key=keys[0])["Body"].read(), b'{"ticker_symbol":"QXZ"}\n')

    def test_save_lab_call_writes_the_file(self):
        path = os.path.join(self.dir.name, "call.fhlab")
        server = self.start("--deployed", "--save", path)
        status, body = server.lab("SaveLab")
        self.assertEqual(status, 200)
        self.assertEqual(body["Path"], path)
        self.assertTrue(os.path.getsize(path) > 0)

    def test_bad_lab_file_is_a_clear_error(self):
        bad = os.path.join(self.dir.name, "bad.fhlab")
        with open(bad, "wb") as f:
            f.write(b"this is not a lab snapshot")
        proc = subprocess.run([BINARY, "serve", "--port", "0", "--lab", bad], capture_output=True, timeout=30)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(b"bad.fhlab is not a lab this version can load", proc.stderr)
        proc = subprocess.run([BINARY, "serve", "--port", "0", "--lab", bad + ".missing"], capture_output=True,
                              timeout=30)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(b"cannot read the lab file", proc.stderr)

    def test_port_in_use_and_bad_options_exit_2(self):
        server = self.start()
        proc = subprocess.run([BINARY, "serve", "--port", str(server.port)], capture_output=True, timeout=30)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(b"cannot listen on 127.0.0.1:%d" % server.port, proc.stderr)
        for args in (["--port", "70000"], ["--speed", "-1"], ["--bogus"], ["--port"]):
            proc = subprocess.run([BINARY, "serve", *args], capture_output=True, timeout=30)
            self.assertEqual(proc.returncode, 2, args)

    def test_sigint_stops_cleanly(self):
        server = self.start()
        server.proc.send_signal(signal.SIGINT)
        self.assertEqual(server.proc.wait(timeout=10), 0)
        server.stop()


if __name__ == "__main__":
    unittest.main()
