"""Exactly once, for real: several phones that scanned the same badges offline send their batches at the same
moment to a served Qafila (core/tests/served.py: gunicorn workers on a database of their own, PostgreSQL when
DATABASE_URL names one). Each person ends checked in once, at the earliest scan, and every phone sees the
conflict. About ten seconds: leave it out with `-k "not same_badges"`."""

import datetime
import json
import tempfile
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from core.tests.served import SECONDS, all_at_once, app_env, own_database, qafila, served

PHONES = 6
BADGES = 5
WORKERS = 4

PREPARE = """
import datetime, json
from django.utils import timezone
from caravans.demo import load_demo_caravan, load_demo_users
from onsite.models import Device
from onsite.offline.services import enrol
from places.services import load_places
from registration.services import register
from registration.tests.factories import person

load_places()
caravan = load_demo_caravan()
agent = load_demo_users(caravan)["agent"]
codes = []
for _ in range({badges}):
    registration = register(caravan, person(), profile="project_holder", channel="staff", project_idea="عسل")
    assert registration.decision == "accepted", registration.reasons
    codes.append(registration.badge_code)
phones = [enrol(caravan, agent, "phone %s" % n) for n in range({phones})]
# The demo caravan is over: these phones' rosters are kept until tomorrow for the test.
Device.objects.update(expires_at=timezone.now() + datetime.timedelta(days=1))
print(json.dumps({{"codes": codes, "day": caravan.start_date.isoformat(),
                  "phones": [secret for _device, secret in phones]}}))
"""

COUNT = """
import json
from onsite.models import CheckIn
print(json.dumps([[c.registration.badge_code, c.at.isoformat(), str(c.device_id)] for c in CheckIn.objects.all()]))
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


def scan_time(day, phone):
    """Phone n scanned every badge at 9:0n: phone 0's scans are the earliest."""
    return datetime.datetime.fromisoformat(f"{day}T09:0{phone}:00+01:00")


def test_phones_sending_the_same_badges_at_once_check_each_in_once_at_the_earliest_scan():
    with tempfile.TemporaryDirectory(prefix="qafila-offline-") as directory:
        workdir = Path(directory)
        with own_database(workdir) as database_url:
            env = app_env(database_url, WORKERS)
            setup = json.loads(qafila(env, "shell", "-c", PREPARE.format(badges=BADGES, phones=PHONES)))
            codes, day = setup["codes"], setup["day"]
            with served(env, workdir / "server.log") as base:
                url = f"{base}/api/v1/caravans/tanger-2025/checkins/batch"
                all_at_once(
                    WORKERS * 2, lambda: urllib.request.urlopen(f"{base}/api/v1/caravans", timeout=SECONDS)
                )
                # Each phone's batch lists the badges in another order: locks are taken in one order anyway.
                batches = [
                    [
                        {
                            "client_id": str(uuid.uuid4()),
                            "code": code,
                            "day": day,
                            "scanned_at": scan_time(day, phone).isoformat(),
                        }
                        for code in (codes[phone % BADGES :] + codes[: phone % BADGES])
                    ]
                    for phone in range(PHONES)
                ]
                calls = iter(range(PHONES))

                def send():
                    phone = next(calls)
                    return phone, post(url, {"items": batches[phone]}, setup["phones"][phone])

                answers = all_at_once(PHONES, send)
                seen = [post(url, {"items": []}, secret)[1]["conflicts"] for secret in setup["phones"]]
            checkins = json.loads(qafila(env, "shell", "-c", COUNT))

    assert all(status == 200 for (_phone, (status, _body)), _start, _end in answers)
    assert sorted(code for code, _at, _device in checkins) == sorted(codes)  # each person once
    assert {datetime.datetime.fromisoformat(at) for _code, at, _device in checkins} == {scan_time(day, 0)}
    # Every phone's every scan is shown as a conflict; only the first phone's count.
    for phone, conflicts in enumerate(seen):
        assert len(conflicts) == BADGES, (phone, conflicts)
        assert {c["status"] for c in conflicts} == ({201} if phone == 0 else {409}), (phone, conflicts)
