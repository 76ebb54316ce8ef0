"""Several app servers, one database: two `qafila serve` (gunicorn) and a `qafila worker` on one PostgreSQL
database, as a deployment behind a load balancer runs them. A check-in storm spread over both servers, an
import and two certificate batches run at once, and one server is killed (SIGKILL, master and workers) in the
middle: its requests are sent again to the other, as a load balancer does. Nothing is lost, nothing doubled.

PostgreSQL only (SQLite is one file on one machine: several servers cannot share it). About a minute."""

import contextlib
import http.client
import http.cookiejar
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from core.tests.served import REPO, SECONDS, app_env, own_database, qafila, served
from registration.tests.fixtures_files import csv_bytes, fake_rows

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres:", "postgresql:")),
    reason="several servers share a PostgreSQL database; SQLite is one file for one server",
)

SLUG = "tanger-2025"
WORKERS = 2  # gunicorn workers per server
AGENTS = 12  # phones sending at once
SENDS = 2  # each badge is scanned twice on each day it is checked in (a second agent, a double tap)
EARNERS = 25  # the participants who come on every day (the certificate rule asks for two days of three)
IMPORTED = 150

PREPARE = """
import json
from caravans.demo import load_demo_caravan, load_demo_users
from core.models import ApiToken
from places.services import load_places
from registration.demo import load_demo_registrations

load_places()
caravan = load_demo_caravan()
users = load_demo_users(caravan)
users["coordinator"].set_password("pw")
users["coordinator"].save()
load_demo_registrations(caravan)
accepted = caravan.registrations.filter(decision="accepted").order_by("pk")
print(json.dumps({
    "badges": list(accepted.values_list("badge_code", flat=True)),
    "days": [day.isoformat() for day in caravan.dates()],
    "token": ApiToken.issue(users["agent"]),
    "staff_token": ApiToken.issue(users["coordinator"]),
}))
"""

OUTCOME = """
import json
from collections import Counter
from caravans.models import Caravan
from certificates.models import BatchJob, Certificate
from certificates.services import rule_for
from certificates.standings import earners
from onsite.models import CheckIn
from people.models import Person
from registration.models import Registration

caravan = Caravan.objects.get(slug="tanger-2025")
cins = json.loads(open(CINS).read())
checkins = CheckIn.objects.filter(registration__caravan=caravan)
certificates = Certificate.objects.filter(caravan=caravan)
print(json.dumps({
    "checkins": sorted([badge, day.isoformat()] for badge, day in
                       checkins.values_list("registration__badge_code", "day")),
    "people_per_cin": Counter(Person.objects.filter(cin__in=cins).values_list("cin", flat=True)),
    "registrations_per_cin": Counter(Registration.objects.filter(caravan=caravan, person__cin__in=cins)
                                     .values_list("person__cin", flat=True)),
    "earners": sorted(earners(caravan, rule_for(caravan))),
    "certified": sorted(certificates.values_list("registration_id", flat=True)),
    "serials": sorted(certificates.values_list("serial", flat=True)),
    "jobs": list(BatchJob.objects.filter(caravan=caravan).order_by("pk").values("status", "total", "done")),
}))
"""


class Server:
    """One `qafila serve` as served() runs it, with its gunicorn master's pid written where we can read it."""

    def __init__(self, env, workdir, name):
        self.pidfile = workdir / f"{name}.pid"
        self.env = {**env, "GUNICORN_CMD_ARGS": f"--pid {self.pidfile}"}
        self.log = workdir / f"{name}.log"
        self.base = None
        self.killed = threading.Event()

    def kill(self):
        """SIGKILL the master and its workers at once: a machine lost, no goodbye to any request."""
        os.killpg(os.getpgid(int(self.pidfile.read_text())), signal.SIGKILL)
        self.killed.set()


def scan(base, token, code, day):
    """POST one badge code; (status, answer), or None when the server is gone (connection refused or cut)."""
    request = urllib.request.Request(
        f"{base}/api/v1/caravans/{SLUG}/checkins",
        data=json.dumps({"code": code, "day": day}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=SECONDS) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except (urllib.error.URLError, ConnectionError, http.client.HTTPException):
        return None


class Staff:
    """A coordinator in a browser: one session (in the shared database), on whichever server it asks."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url):
        with self.opener.open(url, timeout=SECONDS) as response:
            return response.read().decode()

    def post(self, url, form_page, fields):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(form_page)).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(url, data=data, headers={"Referer": form_page})
        with self.opener.open(request, timeout=SECONDS) as response:
            return response.status

    def log_in(self, base):
        login = f"{base}/accounts/login/"
        self.post(login, login, {"username": "coordinator", "password": "pw"})

    def start_batch(self, base):
        page = f"{base}/staff/caravans/{SLUG}/certificates/"
        return self.post(f"{page}batch", page, {"language": "ar"})


def jobs_done(env, count):
    """Wait until `count` certificate batches are done (or failed) in the database."""
    import psycopg

    deadline = time.monotonic() + SECONDS * 2
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
        while time.monotonic() < deadline:
            finished = db.execute(
                "SELECT count(*) FROM certificates_batchjob WHERE status IN ('done', 'failed')"
            ).fetchone()[0]
            if finished >= count:
                return
            time.sleep(0.5)
    pytest.fail(f"{count} certificate batches were not done within {SECONDS * 2} s")


@contextlib.contextmanager
def worker(env, log_path):
    """`qafila worker` until the block ends (SIGTERM: it ends after the job in hand)."""
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "qafila.cli", "worker"],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the group started above, by its own id
                process.wait(timeout=10)


def test_two_servers_and_a_worker_lose_nothing_and_double_nothing_when_one_server_is_killed():
    with tempfile.TemporaryDirectory(prefix="qafila-servers-") as directory:
        workdir = Path(directory)
        with own_database(workdir) as database_url:
            common = {
                "DJANGO_SETTINGS_MODULE": "qafila.tests.served_settings",
                "QAFILA_REQUIRE_2FA": "0",
                "MEDIA_ROOT": str(workdir / "media"),
            }
            env = app_env(database_url, WORKERS, **common)
            setup = json.loads(qafila(env, "shell", "-c", PREPARE))
            # People with a CIN as written on the card (the fakes' other spellings are the import's own tests).
            rows = fake_rows(IMPORTED, seed=1609)
            rows = [row for row in rows if re.fullmatch(r"[A-Z]{1,2}[0-9]{4,6}", row["cin"])]
            listing = workdir / "list.csv"
            listing.write_bytes(csv_bytes(rows))
            cins = sorted({row["cin"] for row in rows})
            (workdir / "cins.json").write_text(json.dumps(cins))

            one, other = Server(env, workdir, "one"), Server(app_env(database_url, WORKERS, **common), workdir, "two")
            with (
                worker(env, workdir / "worker.log"),
                served(one.env, one.log) as one.base,
                served(other.env, other.log) as other.base,
            ):
                outcome = run_everything(setup, env, listing, one, other)
                hostile = probe(other.base, setup["staff_token"])
            after = json.loads(
                qafila(env, "shell", "-c", f"CINS = {str(workdir / 'cins.json')!r}\n" + OUTCOME)
            )

    # The storm: every scan answered (by the survivor when its server died), one check-in per badge and day.
    answers = Counter(answer for _pair, answer in outcome["replies"])
    assert set(answers) <= {(201, "checked_in"), (409, "already")}, answers
    assert len(outcome["replies"]) == len(outcome["pairs"]) * SENDS
    assert sorted(after["checkins"]) == sorted(outcome["pairs"]), "a check-in lost or doubled"
    created = Counter(pair for pair, (status, _code) in outcome["replies"] if status == 201)
    assert max(created.values()) == 1, "two agents were told «checked in» for the same badge and day"
    assert outcome["rescued"] > 0, "the server was killed while scans were still coming to it"
    # The import, run beside the storm: each person of the list once, registered once.
    assert set(after["people_per_cin"]) == set(cins) and set(after["people_per_cin"].values()) == {1}
    assert set(after["registrations_per_cin"]) == set(cins)
    assert set(after["registrations_per_cin"].values()) == {1}
    # The certificates: the first batch started during the storm on the killed server, the second after it on
    # the survivor; everyone who earned one has exactly one, numbered without gaps, every batch done.
    assert after["certified"] == after["earners"] and len(after["earners"]) == EARNERS
    assert after["serials"] == list(range(1, len(after["earners"]) + 1))
    assert [job["status"] for job in after["jobs"]] == ["done", "done"], after["jobs"]
    assert after["jobs"][-1]["total"] == len(after["earners"])
    # What the API once answered with an HTML 500 page, on a served app.
    assert hostile == {"huge_page": (200, "application/json", 0), "nul": (422, "application/json", "invalid")}
    print(
        f"\n{len(outcome['replies'])} scans of {len(outcome['pairs'])} badge-days over two servers, "
        f"{outcome['rescued']} sent again after the kill; {len(cins)} people imported; "
        f"{len(after['earners'])} certificates in {len(after['jobs'])} batches"
    )


def run_everything(setup, env, listing, one, other):
    """The storm over both servers with the import and the first batch beside it, `one` killed in the middle;
    then the second batch on `other`."""
    days = setup["days"]
    pairs = [(badge, days[0]) for badge in setup["badges"]]
    pairs += [(badge, day) for badge in setup["badges"][:EARNERS] for day in days[1:]]
    scans = [pair for pair in pairs for _ in range(SENDS)]
    random.Random(16).shuffle(scans)
    kill_after = len(scans) // 2
    sent, lock, rescued = [0], threading.Lock(), [0]
    replies = []

    def send(index_pair):
        index, (code, day) = index_pair
        server = (one, other)[index % 2]
        answer = None if server.killed.is_set() else scan(server.base, setup["token"], code, day)
        if answer is None:  # as a load balancer does: the dead server's request goes to the other one
            with lock:
                rescued[0] += server is one
            answer = scan(other.base, setup["token"], code, day)
        with lock:
            replies.append(((code, day), (answer[0], answer[1].get("code"))))
            sent[0] += 1
            if sent[0] == kill_after:
                one.kill()
        return answer

    staff = Staff()
    staff.log_in(one.base)
    assert staff.start_batch(one.base) == 200  # redirected to the staff page; the worker runs it
    importing = subprocess.Popen(
        [sys.executable, "-m", "qafila.cli", "import-registrations", "--caravan", SLUG, str(listing),
         "--no-messages"],  # fmt: skip
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with ThreadPoolExecutor(AGENTS) as agents:
        list(agents.map(send, enumerate(scans)))
    out, err = importing.communicate(timeout=SECONDS * 2)
    assert importing.returncode == 0, f"{out}\n{err}"
    jobs_done(env, 1)
    assert staff.start_batch(other.base) == 200  # the same session, on the survivor
    jobs_done(env, 2)
    return {"pairs": [list(pair) for pair in pairs], "replies": replies, "rescued": rescued[0]}


def probe(base, token):
    """The API's answers to a huge page number and a NUL character in a slug, as (status, type, what)."""

    def get(path):
        request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=SECONDS) as response:
                return response.status, response.headers.get_content_type(), json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get_content_type(), json.loads(error.read())

    status, kind, body = get(f"/api/v1/caravans/{SLUG}/registrations?page={10**20}")
    huge = (status, kind, len(body.get("items", [1])))
    status, kind, body = get("/api/v1/caravans/tanger%002025/report")
    return {"huge_page": huge, "nul": (status, kind, body.get("code"))}
