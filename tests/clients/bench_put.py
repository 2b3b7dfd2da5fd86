# bench_put.py: PutRecordBatch throughput through the native endpoint with the real SDK (boto3, keep-alive):
# batches of 500 records of ~100 bytes, for a fixed real time. Not a test; prints one summary line per run.
# Also reports the server's own CPU time per request (from /proc), and a "raw" run that replays one pre-signed
# request body over keep-alive with http.client: the server's capacity without the SDK's client-side cost.
# Usage: /usr/bin/python3 tests/clients/bench_put.py [--seconds 10] [--runs 3] [--records 500]
import argparse
import base64
import http.client
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fhl_server import LabServer  # noqa: E402

STREAM = "ie-tech-mba-stream"


def make_batch(n, offset):
    records = []
    for i in range(n):
        data = ('{"ticker_symbol":"T%03d","sector":"TECHNOLOGY","change":%.2f,"price":%.2f,"seq":%08d}'
                % ((offset + i) % 1000, ((offset + i) % 200 - 100) / 10.0, 10 + (offset + i) % 190, offset + i))
        records.append({"Data": (data + " " * max(0, 99 - len(data)) + "\n").encode()})
    return records


def server_cpu_seconds(server):
    with open(f"/proc/{server.proc.pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def raw_run(server, batch, seconds):
    body = json.dumps({"DeliveryStreamName": STREAM,
                       "Records": [{"Data": base64.b64encode(r["Data"]).decode()} for r in batch]}).encode()
    headers = {"X-Amz-Target": "Firehose_20150804.PutRecordBatch", "Content-Type": "application/x-amz-json-1.1"}
    conn = http.client.HTTPConnection(server.host, server.port)
    requests = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        conn.request("POST", "/", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        assert response.status == 200, response.status
        requests += 1
    conn.close()
    return requests, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--records", type=int, default=500)
    args = parser.parse_args()
    # --speed 0: the clock stands still, so only the 1 MB size threshold makes S3 objects (as under real load).
    # A fresh server per run: delivered objects count against the lab's 512 MiB store quota.
    for run in range(args.runs):
        server = LabServer("--deployed", speed="0")
        try:
            fh = server.client("firehose")
            batch = make_batch(args.records, run)
            record_bytes = sum(len(r["Data"]) for r in batch) / len(batch)
            for _ in range(20):  # warm-up: the connection, botocore's model loading
                fh.put_record_batch(DeliveryStreamName=STREAM, Records=batch)
            requests = records = failed = 0
            cpu0 = server_cpu_seconds(server)
            start = time.perf_counter()
            while time.perf_counter() - start < args.seconds:
                out = fh.put_record_batch(DeliveryStreamName=STREAM, Records=batch)
                requests += 1
                records += len(batch)
                failed += out["FailedPutCount"]
            elapsed = time.perf_counter() - start
            cpu = server_cpu_seconds(server) - cpu0
            print(f"run {run + 1} boto3: {requests / elapsed:.1f} PutRecordBatch requests/s, {records / elapsed:.0f} "
                  f"records/s ({args.records} records x {record_bytes:.0f} B, {requests} requests in {elapsed:.1f} s, "
                  f"{failed} failed records); server CPU {1000 * cpu / max(requests, 1):.2f} ms/request", flush=True)
            cpu0 = server_cpu_seconds(server)
            requests, elapsed = raw_run(server, batch, args.seconds)
            cpu = server_cpu_seconds(server) - cpu0
            print(f"run {run + 1} raw:   {requests / elapsed:.1f} PutRecordBatch requests/s, "
                  f"{requests * len(batch) / elapsed:.0f} records/s; server CPU "
                  f"{1000 * cpu / max(requests, 1):.2f} ms/request", flush=True)
        finally:
            server.stop()

if __name__ == "__main__":
    main()
