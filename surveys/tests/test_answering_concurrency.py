"""Once per survey, for real: the same phone form sent ten times at the same moment (a double tap on a slow
connection, resent pages) to a served Qafila with several worker processes records one response.

The app runs under gunicorn (as `qafila serve` runs it) with its own SQLite file (pytest-django's in-memory test database is invisible to
other processes); each request first fetches the page, as a phone does, for its CSRF cookie and token.
About ten seconds: leave it out with `-k "not at_once"`."""

import contextlib
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SENDS, WORKERS, SECONDS = 10, 4, 60

PREPARE = """
import json
from caravans.demo import load_demo_caravan
from places.services import load_places
from surveys.tests.factories import participant, question, survey

load_places()
caravan = load_demo_caravan()
made = survey(caravan)
rating = question(made)
person = participant(caravan)
print(json.dumps({"token": made.token, "code": person.badge_code, "field": f"q{rating.pk}"}))
"""
COUNT = """
import json
from core.models import AuditEntry
from surveys.models import Answer, Response
print(json.dumps({"responses": Response.objects.count(), "answers": Answer.objects.count(),
                  "audited": AuditEntry.objects.filter(action="survey.answered").count()}))
"""


def qafila(env, *args):
    done = subprocess.run(
        [sys.executable, "-m", "qafila.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=SECONDS * 3,
    )
    assert done.returncode == 0, f"qafila {args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served(env, log_path):
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "qafila.wsgi:application",
                "--bind",
                env["BIND"],
                "--workers",
                str(WORKERS),
            ],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://{env['BIND']}"
            deadline = time.monotonic() + SECONDS
            while True:
                assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()[-3000:]
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(base + "/", timeout=2)
                    break
                time.sleep(0.2)
            yield base
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)  # the group started above, by its own id
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=15)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


class Phone:
    """One browser: its own cookies; opens the page, then sends the form without following the redirect."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, url):
        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect
        )

    def open(self):
        page = self.opener.open(self.url, timeout=SECONDS).read().decode()
        self.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def send(self, data):
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}).encode()
        try:
            with self.opener.open(urllib.request.Request(self.url, data=body), timeout=SECONDS) as reply:
                return reply.status, reply.read().decode()
        except urllib.error.HTTPError as reply:
            return reply.code, reply.read().decode()


def test_the_same_form_sent_ten_times_at_once_is_recorded_once():
    with tempfile.TemporaryDirectory(prefix="qafila-survey-") as directory:
        workdir = Path(directory)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "qafila.settings",
            "DATABASE_URL": f"sqlite:///{workdir / 'surveys.sqlite3'}",
            "QAFILA_INSECURE_DEV": "1",
            "DEBUG": "1",  # plain static files: no collectstatic (a minute) for pages that only need to render
            "QAFILA_HTTPS": "0",
            "QAFILA_DEMO_PASSWORD": "",
            "BIND": f"127.0.0.1:{free_port()}",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        }
        qafila(env, "migrate", "--noinput", "-v0")
        setup = json.loads(qafila(env, "shell", "-c", PREPARE))
        with served(env, workdir / "server.log") as base:
            phones = [Phone(f"{base}/s/{setup['token']}/") for _ in range(SENDS)]
            for phone in phones:
                phone.open()
            barrier, replies = threading.Barrier(SENDS, timeout=SECONDS), []
            data = {"code": setup["code"], setup["field"]: "5"}

            def send(phone):
                barrier.wait()
                replies.append(phone.send(data))

            threads = [threading.Thread(target=send, args=(phone,), daemon=True) for phone in phones]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=SECONDS)
        counted = json.loads(qafila(env, "shell", "-c", COUNT))

    assert len(replies) == SENDS
    assert Counter(status for status, _body in replies) == {302: 1, 200: SENDS - 1}
    assert all('role="status"' in body for status, body in replies if status == 200)  # "already answered"
    assert counted == {"responses": 1, "answers": 1, "audited": 1}
