"""Serve the demo with the production server, as `qafila serve` does, for the web benchmarks."""

import contextlib
import gzip
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

REPO = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(workdir, port, settings="bench.settings"):
    """The environment of `qafila serve` on loopback, on a temporary database unless DATABASE_URL is set."""
    return {
        **os.environ,
        "QAFILA_INSECURE_DEV": "1",
        "QAFILA_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
        "BIND": f"127.0.0.1:{port}",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }


def qafila(env, *args, timeout=300):
    """Run the `qafila` command (from this checkout) and return what it printed."""
    command = [sys.executable, "-m", "qafila.cli", *args]
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    if done.returncode:
        raise RuntimeError(f"qafila {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def django_shell(env, code, timeout=120):
    """Run Python code with Django set up on the bench database; returns its standard output."""
    return qafila(env, "shell", "-c", code, timeout=timeout)


@contextlib.contextmanager
def demo_server(workers=None, settings="bench.settings"):
    """Yield (base_url, env) of gunicorn serving the demo; every server process is stopped on the way out.

    The settings module must keep bench.urls' /bench/bare: it tells when the server is up.
    """
    with tempfile.TemporaryDirectory(prefix="qafila-bench-") as directory:
        workdir = Path(directory)
        port = free_port()
        env = server_env(workdir, port, settings)
        if workers:
            env["WEB_CONCURRENCY"] = str(workers)
        qafila(env, "demo", "--no-serve")
        log = open(workdir / "server.log", "w")  # noqa: SIM115 closed below
        # `qafila serve` itself: collectstatic, then gunicorn with its sync workers and access log on stdout.
        server = subprocess.Popen(
            [sys.executable, "-m", "qafila.cli", "serve"],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(server, base + "/bench/bare", workdir / "server.log")
            yield base, env
        finally:
            _stop(server)
            log.close()


def _wait_until_up(server, url, log_path, timeout=300):
    # `qafila serve` collects and compresses the static files first: minutes on a loaded two-core machine.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url} within {timeout} s:\n{log_path.read_text()[-3000:]}")


def _stop(server):
    """Gunicorn's master stops its workers on SIGTERM; whatever is left of its process group is killed."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):  # then killed below, with its group
            server.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)  # the group this benchmark started, by its own id
    server.wait(timeout=10)


def status_of(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.css, self.js = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split() and attrs.get("href"):
            self.css.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.js.append(attrs["src"])


def _fetch(url):
    """Body bytes as sent on the wire (gzip offered, as every browser does), and the decoded text."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        sent = response.read()
        gzipped = response.headers.get("Content-Encoding") == "gzip"
    return len(sent), (gzip.decompress(sent) if gzipped else sent).decode("utf-8", "replace"), gzipped


def page_weight(url):
    """[(kind, url, bytes as sent, gzipped)] for a page and the stylesheets and scripts it references."""
    size, html, gzipped = _fetch(url)
    files = [("html", url, size, gzipped)]
    assets = _Assets()
    assets.feed(html)
    for kind, hrefs in (("css", assets.css), ("js", assets.js)):
        for href in hrefs:
            size, _, gzipped = _fetch(urljoin(url, href))
            files.append((kind, href, size, gzipped))
    return files
