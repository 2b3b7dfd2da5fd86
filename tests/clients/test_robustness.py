# test_robustness.py: the native server against bad clients over raw sockets: malformed JSON, an unknown
# target, a truncated body, oversized heads and bodies, garbage bytes, pipelining, 100-continue, chunked bodies,
# idle and slow connections. Each gets an HTTP error answer (or a close for pure garbage) and the server keeps
# serving: after every case a real boto3 call (ListDeliveryStreams) must still work.
import json
import random
import socket
import time
import unittest

from fhl_server import LabServer

STREAM = "ie-tech-mba-stream"
LEFTOVER = {}  # socket -> bytes read past the last response read_response returned


def read_response(sock, timeout=10.0):
    """Reads one HTTP response (head + Content-Length body); returns (status, headers, body) or None on EOF."""
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    LEFTOVER[sock] = rest[length:]
    return status, headers, rest[:length]


def json_request(target, body, extra=b""):
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()
    return (b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: " + target.encode() +
            b"\r\nContent-Type: application/x-amz-json-1.1\r\n" + extra +
            b"Content-Length: " + str(len(payload)).encode() + b"\r\n\r\n" + payload)


class RobustnessTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LabServer("--deployed")
        cls.firehose = cls.server.client("firehose")

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        assert rc == 0, f"firehose-lab serve exited {rc}"

    def connect(self):
        sock = socket.create_connection((self.server.host, self.server.port), timeout=10)
        self.addCleanup(sock.close)
        return sock

    def tearDown(self):
        # The server is still up and a real SDK call still works.
        self.assertTrue(self.server.alive(), "the server process died")
        names = self.firehose.list_delivery_streams()["DeliveryStreamNames"]
        self.assertIn(STREAM, names)

    def assert_closed(self, sock):
        sock.settimeout(10)
        try:
            while sock.recv(65536):
                pass
        except ConnectionResetError:
            pass

    def test_bad_json_is_a_serialization_error(self):
        sock = self.connect()
        sock.sendall(json_request("Firehose_20150804.ListDeliveryStreams", b'{"Limit": 5,'))
        status, headers, body = read_response(sock)
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["__type"], "SerializationException")
        # The connection stays usable after an AWS-level error.
        sock.sendall(json_request("Firehose_20150804.ListDeliveryStreams", {}))
        status, _, body = read_response(sock)
        self.assertEqual(status, 200)
        self.assertIn(STREAM, json.loads(body)["DeliveryStreamNames"])

    def test_unknown_target_is_an_unknown_operation(self):
        sock = self.connect()
        sock.sendall(json_request("Firehose_20150804.StealEverything", {}))
        status, _, body = read_response(sock)
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["__type"], "UnknownOperationException")

    def test_truncated_body_then_close(self):
        sock = self.connect()
        sock.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: Firehose_20150804.PutRecord\r\n"
                     b"Content-Type: application/x-amz-json-1.1\r\nContent-Length: 1000\r\n\r\n{\"Delivery")
        sock.shutdown(socket.SHUT_WR)
        self.assertIsNone(read_response(sock))  # nothing to answer: the request never completed

    def test_truncated_head_then_close(self):
        sock = self.connect()
        sock.sendall(b"POST / HTTP/1.1\r\nHost: loc")
        sock.close()

    def test_huge_headers_get_431(self):
        sock = self.connect()
        sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * (70 * 1024) + b"\r\n\r\n")
        status, headers, body = read_response(sock)
        self.assertEqual(status, 431)
        self.assertEqual(headers.get("connection"), "close")
        self.assert_closed(sock)

    def test_twenty_mib_body_gets_413(self):
        sock = self.connect()
        body = b"x" * (20 * 1024 * 1024)
        sock.sendall(b"PUT /somebucket/big HTTP/1.1\r\nHost: localhost\r\nContent-Length: " +
                     str(len(body)).encode() + b"\r\n\r\n")
        try:
            sock.sendall(body)  # the server drains it after answering, so this does not fail
        except (BrokenPipeError, ConnectionResetError):
            pass
        status, headers, _ = read_response(sock)
        self.assertEqual(status, 413)
        self.assertEqual(headers.get("connection"), "close")

    def test_twenty_mib_chunked_body_gets_413(self):
        sock = self.connect()
        sock.sendall(b"PUT /somebucket/big HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n" % (1 << 20) + b"y" * (1 << 20) + b"\r\n"
        try:
            for _ in range(20):
                sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        status, _, _ = read_response(sock)
        self.assertEqual(status, 413)

    def test_random_garbage_gets_400_or_a_close(self):
        rng = random.Random(6)
        for size in (1, 17, 4096, 100000):
            sock = self.connect()
            try:
                sock.sendall(bytes(rng.getrandbits(8) for _ in range(size)) + b"\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                continue
            try:
                answer = read_response(sock)
            except ConnectionResetError:
                answer = None
            if answer is not None:
                self.assertEqual(answer[0], 400, f"{size} garbage bytes")

    def test_tls_client_hello_gets_400(self):
        sock = self.connect()
        sock.sendall(bytes.fromhex("16030100a5010000a10303") + b"\x00" * 64 + b"\r\n\r\n")
        answer = read_response(sock)
        self.assertTrue(answer is None or answer[0] == 400)

    def test_http2_preface_gets_505(self):
        sock = self.connect()
        sock.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        status, _, _ = read_response(sock)
        self.assertEqual(status, 505)

    def test_pipelined_requests_are_answered_in_order(self):
        sock = self.connect()
        sock.sendall(json_request("Firehose_20150804.DescribeDeliveryStream", {"DeliveryStreamName": "nope"}) +
                     json_request("Firehose_20150804.DescribeDeliveryStream", {"DeliveryStreamName": STREAM}) +
                     json_request("Firehose_20150804.ListDeliveryStreams", {}))
        first = read_response(sock)
        self.assertEqual(first[0], 400)
        self.assertEqual(json.loads(first[2])["__type"], "ResourceNotFoundException")
        # read_response may have read past the first answer; parse what is left.
        rest = LEFTOVER.get(sock, b"")
        sock.settimeout(10)
        while rest.count(b"HTTP/1.1 ") < 2 or not rest.endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
        self.assertTrue(rest.startswith(b"HTTP/1.1 200 "), rest[:100])
        self.assertIn(b'"DeliveryStreamName":"ie-tech-mba-stream"', rest.split(b"HTTP/1.1 200 ")[1])
        self.assertIn(b"DeliveryStreamNames", rest.split(b"HTTP/1.1 200 ")[2])

    def test_expect_100_continue(self):
        sock = self.connect()
        payload = json.dumps({"DeliveryStreamName": STREAM}).encode()
        sock.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: Firehose_20150804.DescribeDeliveryStream\r\n"
                     b"Content-Type: application/x-amz-json-1.1\r\nExpect: 100-continue\r\nContent-Length: " +
                     str(len(payload)).encode() + b"\r\n\r\n")
        sock.settimeout(5)
        interim = b""
        while b"\r\n\r\n" not in interim:
            interim += sock.recv(4096)
        self.assertTrue(interim.startswith(b"HTTP/1.1 100 Continue\r\n\r\n"), interim)
        sock.sendall(payload)
        status, _, body = read_response(sock)
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["DeliveryStreamDescription"]["DeliveryStreamName"], STREAM)

    def test_chunked_request_body(self):
        sock = self.connect()
        payload = json.dumps({"DeliveryStreamName": STREAM}).encode()
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(payload[i:i + 7]), payload[i:i + 7]) for i in range(0, len(payload), 7))
        sock.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: Firehose_20150804.DescribeDeliveryStream\r\n"
                     b"Content-Type: application/x-amz-json-1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks +
                     b"0\r\n\r\n")
        status, _, body = read_response(sock)
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["DeliveryStreamDescription"]["DeliveryStreamStatus"], "ACTIVE")

    def test_http10_closes_after_the_answer(self):
        sock = self.connect()
        payload = b"{}"
        sock.sendall(b"POST / HTTP/1.0\r\nX-Amz-Target: Firehose_20150804.ListDeliveryStreams\r\n"
                     b"Content-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\n\r\n" + payload)
        status, headers, body = read_response(sock)
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("connection"), "close")
        self.assertIn("date", headers)
        self.assertEqual(headers.get("server"), "firehose-lab")
        self.assert_closed(sock)

    def test_slow_and_idle_clients_do_not_block_others(self):
        idle = [self.connect() for _ in range(50)]
        slow = self.connect()
        slow.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Le")  # never finished
        started = time.time()
        for _ in range(5):
            self.assertIn(STREAM, self.firehose.list_delivery_streams()["DeliveryStreamNames"])
        self.assertLess(time.time() - started, 5)
        del idle

    def test_client_vanishing_mid_answer(self):
        # Many large answers requested, then the socket is reset: the server must not die of SIGPIPE.
        for _ in range(3):
            sock = socket.create_connection((self.server.host, self.server.port))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            sock.sendall(json_request("Firehose_20150804.DescribeDeliveryStream", {"DeliveryStreamName": STREAM}) * 200)
            sock.close()  # RST
        time.sleep(0.2)


if __name__ == "__main__":
    unittest.main()
