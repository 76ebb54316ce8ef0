"""Exactly once, for real: twenty agents' phones send the same badge at the same moment to a served Qafila
(core/tests/served.py: gunicorn workers on a database of their own). About ten seconds: run it alone with
`pytest onsite/tests/test_checkin_concurrency.py`, leave it out with `-k "not exactly_once"`."""

import json
import tempfile
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from core.tests.served import SECONDS, all_at_once, app_env, own_database, qafila, served

AGENTS = 20
WORKERS = 4

PREPARE = """
import json
from caravans.demo import load_demo_caravan, load_demo_users
from core.models import ApiToken
from places.services import load_places
from registration.services import register
from registration.tests.factories import person

load_places()
caravan = load_demo_caravan()
agent = load_demo_users(caravan)["agent"]
registration = register(caravan, person(), profile="project_holder", channel="staff", project_idea="عسل")
assert registration.decision == "accepted", registration.reasons
print(json.dumps({"code": registration.badge_code, "day": caravan.start_date.isoformat(),
                  "token": ApiToken.issue(agent)}))
"""

COUNT = """
from onsite.models import CheckIn
print(CheckIn.objects.count())
"""


def post(url, body, token):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=SECONDS) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_twenty_agents_scanning_the_same_badge_at_once_check_it_in_exactly_once():
    with tempfile.TemporaryDirectory(prefix="qafila-checkin-") as directory:
        workdir = Path(directory)
        with own_database(workdir) as database_url:
            env = app_env(database_url, WORKERS)
            setup = json.loads(qafila(env, "shell", "-c", PREPARE))
            with served(env, workdir / "server.log") as base:
                url = f"{base}/api/v1/caravans/tanger-2025/checkins"
                # Every worker up and connected first, so that the twenty requests race on the database.
                all_at_once(
                    WORKERS * 2, lambda: urllib.request.urlopen(f"{base}/api/v1/caravans", timeout=SECONDS)
                )
                scan = {"code": setup["code"], "day": setup["day"]}
                answers = all_at_once(AGENTS, lambda: post(url, scan, setup["token"]))
            counted = int(qafila(env, "shell", "-c", COUNT))

    statuses = Counter(status for (status, _body), _start, _end in answers)
    assert statuses == {201: 1, 409: AGENTS - 1}, statuses
    assert counted == 1
    (first,) = [body for (status, body), _start, _end in answers if status == 201]
    assert {body["checkin"]["id"] for (_status, body), _start, _end in answers} == {first["checkin"]["id"]}
    assert {body["code"] for (status, body), _start, _end in answers if status == 409} == {"already"}
    seconds = max(end for *_, end in answers) - min(start for _, start, _end in answers)
    print(f"\n{AGENTS} simultaneous check-ins of one badge, {WORKERS} workers: {seconds * 1000:.0f} ms")
