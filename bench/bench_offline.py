"""Offline check-in: one phone syncing 500 scans it queued without network, and the roster it downloads first.

The sync is one `POST …/checkins/batch` of 500 distinct badges (the same 500 on each day of the caravan, a
round per day: 1,000 participants in all, as the roster's); its cost per scan is set against one online
check-in (`POST …/checkins`, one badge per request, on a kept-alive connection, the same server and run).
Sending the same batch again (the phone never got the answer) must record nothing and is timed too.
The roster is that of 1,000 accepted participants: its size as sent with gzip and without, and its time.
Knobs: DATABASE_URL (default: a fresh temporary SQLite file), WEB_CONCURRENCY.
"""

import gzip
import http.client
import json
import os
import time
import uuid
from urllib.parse import urlsplit

from bench.web import demo_server, django_shell

SLUG = "tanger-2025"
API = f"/api/v1/caravans/{SLUG}/"
SCANS = 500
ONLINE = 200  # online check-ins timed for the baseline
PARTICIPANTS = 1000
SYNC_LIMIT_S = 5.0
ROUNDS = 3  # at most the caravan's days

# Accepted registrations up to 1,000 plus the badges scanned, a phone enrolled by the demo agent (its expiry
# moved past today: the demo caravan is over) and a staff token of the same agent for the online baseline.
SEED = """
import datetime, json
from django.contrib.auth import get_user_model
from django.utils import timezone
from caravans.models import Caravan
from core.models import ApiToken
from onsite.models import Device
from onsite.offline.services import enrol
from people.models import Person
from registration.models import Decision, Registration, new_badge_code

caravan = Caravan.objects.get(slug="{slug}")
missing = {participants} - Registration.objects.accepted().filter(caravan=caravan).count()
extra = {extra}

def accepted(count, start):
    people = Person.objects.bulk_create(
        [Person(full_name_ar="مشاركة رقم {{}}".format(n), full_name_latin="Participante {{}}".format(n))
         for n in range(start, start + count)],
        batch_size=2000,
    )
    return Registration.objects.bulk_create(
        [Registration(person=p, caravan=caravan, profile="project_holder", channel="import",
                      decision=Decision.ACCEPTED, badge_code=new_badge_code()) for p in people],
        batch_size=2000,
    )

accepted(max(missing, 0), 0)
scanned = accepted(extra, 100000)
agent = get_user_model().objects.get(username="agent")
device, secret = enrol(caravan, agent, "bench")
Device.objects.filter(pk=device.pk).update(expires_at=timezone.now() + datetime.timedelta(days=1))
print(json.dumps({{
    "codes": [r.badge_code for r in scanned],
    "days": [str(day) for day in caravan.dates()],
    "device": str(device.pk),
    "secret": secret,
    "token": ApiToken.issue(agent),
}}))
"""

COUNT = """
from onsite.models import CheckIn, SyncedItem
print(CheckIn.objects.active().filter(registration__person__full_name_latin__startswith="Participante ").count(),
      SyncedItem.objects.count())
"""


class Connection:
    """One kept-alive HTTP connection to the server, as a phone's browser keeps one."""

    def __init__(self, base, token):
        self.http = http.client.HTTPConnection(urlsplit(base).netloc, timeout=120)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def call(self, method, path, body=None, headers=None):
        data = None if body is None else json.dumps(body).encode()
        self.http.request(method, path, body=data, headers={**self.headers, **(headers or {})})
        response = self.http.getresponse()
        return response.status, response.read(), response

    def close(self):
        self.http.close()


def run(report):
    with demo_server(workers=os.environ.get("WEB_CONCURRENCY")) as (base, env):
        extra = SCANS + ONLINE
        seed = django_shell(env, SEED.format(slug=SLUG, participants=PARTICIPANTS - extra, extra=extra), 600)
        seeded = json.loads(seed.splitlines()[-1])
        codes, days = seeded["codes"], seeded["days"]
        day = days[0]
        report.note(f"{env['DATABASE_URL'].split(':', 1)[0]}; one phone, one kept-alive connection")
        report.note("load average before the runs: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))

        staff = Connection(base, seeded["token"])
        online = []
        for code in codes[:ONLINE]:
            started = time.perf_counter()
            status, _body, _response = staff.call("POST", API + "checkins", {"code": code, "day": day})
            online.append(time.perf_counter() - started)
            assert status == 201, status
        staff.close()
        online_ms = sorted(online)[len(online) // 2] * 1000  # the median: a slow outlier is not the cost

        phone = Connection(base, seeded["secret"])
        syncs, replays = [], []
        for today in days[:ROUNDS]:
            scanned_at = f"{today}T09:00:00+01:00"
            items = [
                {"client_id": str(uuid.uuid4()), "code": code, "day": today, "scanned_at": scanned_at}
                for code in codes[ONLINE:]
            ]
            batch = {"device": seeded["device"], "items": items}
            started = time.perf_counter()
            status, body, _response = phone.call("POST", API + "checkins/batch", batch)
            syncs.append(time.perf_counter() - started)
            results = json.loads(body)["results"]
            assert status == 200 and {r["status"] for r in results} == {201}, (status, body[:300])
            started = time.perf_counter()
            status, again, _response = phone.call("POST", API + "checkins/batch", batch)
            replays.append(time.perf_counter() - started)
            assert json.loads(again)["results"] == results

        timings = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            status, sent, response = phone.call(
                "GET", f"{API}roster?day={day}", headers={"Accept-Encoding": "gzip"}
            )
            timings.append(time.perf_counter() - started)
            assert status == 200 and response.getheader("Content-Encoding") == "gzip", status
        raw = gzip.decompress(sent)
        roster = json.loads(raw)
        phone.close()

        sync = min(syncs)
        report.note(f"best of {len(syncs)} batches; online check-in: median of {ONLINE} sequential requests")
        report.measure(f"sync of {SCANS} queued scans", sync, "s", limit=SYNC_LIMIT_S)
        report("sync: cost per scan", sync / SCANS * 1000, online_ms, "ms", higher_is_better=False)
        report.measure("the same batch sent again (records nothing)", min(replays), "s", limit=SYNC_LIMIT_S)
        report.note(f"roster of {len(roster['items'])} participants")
        report.measure("roster as sent (gzip)", len(sent) / 1024, "KB")
        report.measure("roster uncompressed", len(raw) / 1024, "KB")
        report.measure("roster download", min(timings) * 1000, "ms")
        checkins, items = django_shell(env, COUNT).split()[-2:]
        report.note(
            f"check-ins recorded: {checkins} (online {ONLINE} + {SCANS} × {len(syncs)}); synced items {items}"
        )
