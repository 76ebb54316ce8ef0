"""Once per survey, for real: the same phone form sent ten times at the same moment (a double tap on a slow
connection, resent pages) to a served Qafila with several worker processes records one response.

The app is served as in production on a database of its own (core/tests/served.py); each request first fetches
the page, as a phone does, for its CSRF cookie and token.
About ten seconds: leave it out with `-k "not at_once"`."""

import http.cookiejar
import json
import re
import tempfile
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

from core.tests.served import SECONDS, all_at_once, app_env, own_database, qafila, served

SENDS, WORKERS = 10, 4

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


def answer_at_once(env, workdir, setup):
    """Ten phones open the form, then all send the same answers at the same moment; their replies."""
    with served(env, workdir / "server.log", ready_path="/") as base:
        phones = [Phone(f"{base}/s/{setup['token']}/") for _ in range(SENDS)]
        for phone in phones:
            phone.open()
        data = {"code": setup["code"], setup["field"]: "5"}
        return [reply for reply, _start, _end in all_at_once(SENDS, lambda: phones.pop().send(data))]


def test_the_same_form_sent_ten_times_at_once_is_recorded_once():
    with tempfile.TemporaryDirectory(prefix="qafila-survey-") as directory:
        workdir = Path(directory)
        with own_database(workdir) as database_url:
            # DEBUG: plain static files, no collectstatic (a minute) for pages that only need to render.
            env = app_env(database_url, WORKERS, DEBUG="1")
            setup = json.loads(qafila(env, "shell", "-c", PREPARE))
            replies = answer_at_once(env, workdir, setup)
            counted = json.loads(qafila(env, "shell", "-c", COUNT))

    assert len(replies) == SENDS
    assert Counter(status for status, _body in replies) == {302: 1, 200: SENDS - 1}
    assert all('role="status"' in body for status, body in replies if status == 200)  # "already answered"
    assert counted == {"responses": 1, "answers": 1, "audited": 1}
