"""Load generators for loopback servers: wrk when installed, else a small Python one (less precise).

Every run is bounded in time and in request count, and refuses any address outside the loopback range.
"""

import http.client
import ipaddress
import json
import multiprocessing
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

WRK_INSTALL_HINT = "wrk is not installed: apt-get install wrk (Debian/Ubuntu) for precise figures"

# wrk has no request-count limit of its own: each thread stops itself after its share. Counting in response()
# makes wrk parse every response into Lua; measured here, that costs about 1 % of the server's rate.
WRK_SCRIPT = """
local limit = tonumber(os.getenv("BENCH_WRK_LIMIT"))
local counted = 0
response = function(status, headers, body)
  counted = counted + 1
  if counted >= limit then wrk.thread:stop() end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write("BENCH-JSON ", string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "bad_status": %d, "p50_us": %d, "p99_us": %d}',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)), "\\n")
end
"""


# POST bodies, one per line of a file, each sent once in turn (then from the start again): distinct badges.
WRK_POST_SCRIPT = """
local bodies = {}
for line in io.lines(os.getenv("BENCH_WRK_BODIES")) do bodies[#bodies + 1] = line end
local sent = 0
request = function()
  sent = sent + 1
  return wrk.format("POST", nil, nil, bodies[(sent - 1) % #bodies + 1])
end
"""


@dataclass
class Result:
    requests: int
    seconds: float
    errors: int  # connection errors and timeouts
    bad_status: int  # answers outside 2xx/3xx
    p50_ms: float
    p99_ms: float
    tool: str

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0


def check_loopback(url):
    host = urlsplit(url).hostname
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"load runs only against loopback addresses, not {host}")


def fallback_reason():
    """Why the Python generator is used instead of wrk, or None when wrk is used."""
    if shutil.which("wrk") is None:
        return WRK_INSTALL_HINT + "; falling back to the Python load generator"
    if os.environ.get("BENCH_LOADGEN", "wrk") == "python":
        return "BENCH_LOADGEN=python: the Python load generator instead of wrk"
    return None


def have_wrk():
    """wrk is used when installed, unless BENCH_LOADGEN=python asks for the Python generator."""
    return os.environ.get("BENCH_LOADGEN", "wrk") != "python" and shutil.which("wrk") is not None


def run(url, *, seconds=10, connections=8, max_requests=200_000, headers=None, bodies=None):
    """Load url for at most `seconds` and at most `max_requests`, with wrk if present.

    With `bodies` (a list of str), every request is a POST of the next body in turn instead of a GET."""
    check_loopback(url)
    seconds = min(seconds, 60)
    if have_wrk():
        return _run_wrk(url, seconds, connections, max_requests, headers or {}, bodies)
    return _run_python(url, seconds, connections, max_requests, headers or {}, bodies)


def _run_wrk(url, seconds, connections, max_requests, headers, bodies):
    # One wrk thread: on two cores every cycle wrk spends is taken from the server it measures.
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT + (WRK_POST_SCRIPT if bodies else ""))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as lines:
        lines.write("\n".join(bodies or []) + "\n")
    try:
        command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", script.name]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        env = {**os.environ, "BENCH_WRK_LIMIT": str(max_requests), "BENCH_WRK_BODIES": lines.name}
        out = subprocess.run(
            [*command, url], env=env, capture_output=True, text=True, timeout=seconds + 30, check=True
        ).stdout
    finally:
        os.unlink(script.name)
        os.unlink(lines.name)
    line = next(line for line in out.splitlines() if line.startswith("BENCH-JSON "))
    data = json.loads(line.removeprefix("BENCH-JSON "))
    return Result(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors=data["errors"],
        bad_status=data["bad_status"],
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        tool="wrk",
    )


def _run_python(url, seconds, connections, max_requests, headers, bodies):
    # Processes, not threads: threads share one GIL and balance badly (measured). A new connection per request,
    # as gunicorn's sync workers close every connection anyway.
    parts = urlsplit(url)
    target = (parts.hostname, parts.port or 80, parts.path + (f"?{parts.query}" if parts.query else ""))
    deadline = time.time() + seconds
    share = max(1, max_requests // connections)
    with multiprocessing.get_context("spawn").Pool(connections) as pool:
        # A bounded wait: a pool whose workers die at start-up would otherwise wait for ever.
        # Each worker posts its own slice of the bodies, so no body is sent twice while there are enough.
        slices = [bodies[index::connections] if bodies else None for index in range(connections)]
        jobs = pool.starmap_async(
            _python_worker, [(target, headers, deadline, share, part) for part in slices]
        )
        parts = jobs.get(timeout=seconds + 60)
    # From the first request sent to the last answer received: the pool's start-up is not the server's time.
    elapsed = max(part[4] for part in parts) - min(part[3] for part in parts)
    latencies = sorted(latency for part in parts for latency in part[0])
    if not latencies:
        return Result(0, elapsed, sum(p[1] for p in parts), 0, 0.0, 0.0, "python")
    return Result(
        requests=len(latencies),
        seconds=elapsed,
        errors=sum(part[1] for part in parts),
        bad_status=sum(part[2] for part in parts),
        p50_ms=latencies[len(latencies) // 2] * 1000,
        p99_ms=latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        tool="python",
    )


def _python_worker(target, headers, deadline, share, bodies):
    host, port, path = target
    latencies, errors, bad = [], 0, 0
    first = time.time()
    while time.time() < deadline and len(latencies) + errors < share:
        started = time.perf_counter()
        body = bodies[(len(latencies) + errors) % len(bodies)] if bodies else None
        try:
            connection = http.client.HTTPConnection(host, port, timeout=5)
            connection.request(
                "POST" if body else "GET", path, body=body, headers={**headers, "Connection": "close"}
            )
            response = connection.getresponse()
            response.read()
            connection.close()
        except OSError:
            errors += 1
            continue
        latencies.append(time.perf_counter() - started)
        bad += response.status >= 400
    return latencies, errors, bad, first, time.time()
