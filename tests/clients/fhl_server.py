# fhl_server.py: shared helpers of the real-client tests: starts `firehose-lab serve --port 0` as a subprocess,
# makes boto3 clients and runs the Debian AWS CLI (/usr/bin/aws) against it, and calls the lab's sandbox controls
# (X-Amz-Target: FirehoseLab.<Action>). Run the suite with /usr/bin/python3 (Debian's boto3), never a pyenv one.
import http.client
import json
import os
import re
import select
import subprocess
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("FHL_BIN", os.path.join("build", "native", "src", "tools", "firehose-lab"))
if not os.path.isabs(BINARY):  # relative to the current directory if it is there, else to the repository
    BINARY = os.path.abspath(BINARY) if os.path.exists(BINARY) else os.path.join(ROOT, BINARY)
AWS_CLI = "/usr/bin/aws"
TEMPLATE = os.path.join(ROOT, "src", "core", "firehose-lab.template.json")
ACCOUNT = "123456789012"
REGION = "us-east-1"

_URL_LINE = re.compile(r"serving AWS APIs on (http://[^ ]+) \(")


class LabServer:
    """One `firehose-lab serve` process on a free port; stop() ends it (SIGTERM) and returns its exit code."""

    def __init__(self, *args, speed="1"):
        if not os.access(BINARY, os.X_OK):
            raise RuntimeError(f"{BINARY} is missing: build it first (cmake --build --preset native)")
        self.home = tempfile.TemporaryDirectory(prefix="fhl-clients-")
        self.stderr_path = os.path.join(self.home.name, "server.stderr")
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen([BINARY, "serve", "--port", "0", "--speed", speed, *args],
                                     stdout=subprocess.PIPE, stderr=self._stderr)
        self.url = self._read_url()
        self.host, port = self.url[len("http://"):].rsplit(":", 1)
        self.port = int(port)

    def _read_url(self):
        deadline = time.time() + 20
        line = b""
        while time.time() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if ready:
                line = self.proc.stdout.readline()
                match = _URL_LINE.search(line.decode("utf-8", "replace"))
                if match:
                    return match.group(1)
                if not line:
                    break
        self.proc.kill()
        raise RuntimeError(f"firehose-lab serve did not print its URL (last line {line!r}); "
                           f"stderr: {open(self.stderr_path, 'rb').read()[-2000:]!r}")

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stdout_rest = self.proc.stdout.read().decode("utf-8", "replace")
        self.proc.stdout.close()
        self._stderr.close()
        self.home.cleanup()
        return self.proc.returncode

    # [SECTION] clients

    def client(self, service, **config):
        import boto3
        from botocore.config import Config
        options = {"retries": {"total_max_attempts": 1}, "connect_timeout": 5, "read_timeout": 30}
        if service == "s3":
            options["s3"] = {"addressing_style": "path"}
        options.update(config)
        return boto3.session.Session().client(
            service, endpoint_url=self.url, region_name=REGION, aws_access_key_id="AKIDLABTEST",
            aws_secret_access_key="lab-secret", config=Config(**options))

    def aws(self, *args, check=True, parse_json=True):
        """Runs /usr/bin/aws with this endpoint and a throwaway configuration; returns (rc, stdout, stderr) or
        the parsed JSON stdout when check and parse_json."""
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": self.home.name,
            "AWS_ACCESS_KEY_ID": "AKIDLABTEST",
            "AWS_SECRET_ACCESS_KEY": "lab-secret",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_CONFIG_FILE": os.path.join(self.home.name, "aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(self.home.name, "aws-credentials"),
            "AWS_PAGER": "",
            "AWS_EC2_METADATA_DISABLED": "true",
            "TZ": "UTC",
            "LC_ALL": "C.UTF-8",
        }
        argv = [AWS_CLI, "--endpoint-url", self.url, "--cli-read-timeout", "30", *args]
        if parse_json and "--output" not in args:
            argv += ["--output", "json"]
        proc = subprocess.run(argv, env=env, capture_output=True, timeout=120)
        if not check:
            return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")
        if proc.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} exited {proc.returncode}: "
                                 f"{proc.stderr.decode('utf-8', 'replace')}")
        if parse_json:
            return json.loads(proc.stdout) if proc.stdout.strip() else {}
        return proc.stdout

    def lab(self, action, body=None):
        """A sandbox control (FirehoseLab.<Action>, AWS JSON 1.1): returns (status, parsed body)."""
        return self.post_json("FirehoseLab." + action, body or {})

    def post_json(self, target, body, content_type="application/x-amz-json-1.1"):
        payload = body if isinstance(body, (bytes, str)) else json.dumps(body)
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request("POST", "/", body=payload, headers={"X-Amz-Target": target, "Content-Type": content_type})
            response = conn.getresponse()
            data = response.read()
            try:
                parsed = json.loads(data) if data else {}
            except ValueError:
                parsed = {"_raw": data}
            return response.status, parsed
        finally:
            conn.close()

    def advance(self, seconds):
        status, body = self.lab("AdvanceClock", {"Seconds": seconds})
        if status != 200:
            raise AssertionError(f"FirehoseLab.AdvanceClock answered {status}: {body}")
        return body


def stock_record(ticker, sector, change, price):
    """One newline-delimited tick as the lab's producer and the KDG write it."""
    return (json.dumps({"ticker_symbol": ticker, "sector": sector, "change": change, "price": price},
                       separators=(",", ":")) + "\n").encode()
