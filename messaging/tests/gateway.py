"""A real SMS gateway for the tests: a local HTTP server speaking the contract of the README, in a thread.

It records every request it is sent and answers as a test tells it: 200 with an id by default, or the statuses
queued with `answer(429, 200)`, each after `delay` seconds. Other apps' tests may use it too."""

import itertools
import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "gateway-test-token"


class Gateway:
    def __init__(self, delay=0.0):
        self.received = []  # each request's JSON body, with "authorization" added
        self.peers = []  # each request's client (address, port): one per connection the sender opened
        self.answers = deque()
        self.delay = delay
        self.lock = threading.Lock()
        self.ids = itertools.count(1)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, *statuses):
        """The statuses the next requests get, in order (then 200 again)."""
        self.answers.extend(statuses)

    def references(self):
        return [body["reference"] for body in self.received]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # connections kept alive, as a real gateway's
            # The headers and the body are two writes: without TCP_NODELAY the body waits for the sender's
            # delayed ACK (40 ms) on a kept-alive connection.
            disable_nagle_algorithm = True

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                body["authorization"] = self.headers.get("Authorization", "")
                with gateway.lock:
                    gateway.received.append(body)
                    gateway.peers.append(self.client_address)
                    status = gateway.answers.popleft() if gateway.answers else 200
                    number = next(gateway.ids)
                time.sleep(gateway.delay)
                answer = {"id": f"gw-{number}"} if status < 300 else {"error": "refused"}
                data = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender was killed while waiting: what it sent is recorded all the same

            def log_message(self, *args):
                pass  # quiet test output

        return Handler
