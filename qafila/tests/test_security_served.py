"""The attacks of issue 16 (findings 1, 6's search, 7 and 8), replayed against Qafila served as `qafila serve`
serves it: gunicorn with its access log, on a database of its own loaded with the demo, behind one proxy.

Each test is an attack that worked before its fix; each now holds."""

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from unittest import mock

import pytest

from bench.web import REPO, _stop, _wait_until_up, django_shell, free_port, qafila, server_env

PASSWORD = "served-demo-pw"
REGISTER = "/caravans/tanger-2025/register/"
HOLDER = {"cin": "ZT900001", "name": "سلمى المرابط", "born": "1988-04-02"}  # in the registry, in no caravan
# The demo caravan moved into the future and opened, so that its public form takes registrations today; a
# person the registry knows from elsewhere, without a phone.
PREPARE = f"""
import datetime
from caravans.models import Caravan
from people.models import Person
caravan = Caravan.objects.get(slug="tanger-2025")
shift = datetime.date.today() + datetime.timedelta(days=60) - caravan.start_date
caravan.start_date += shift
caravan.end_date += shift
caravan.registration_opens = caravan.registration_closes = None
caravan.status = Caravan.Status.REGISTRATION_OPEN
caravan.save()
for day in caravan.days.all():
    day.date += shift
    day.save()
Person.objects.create(cin="{HOLDER["cin"]}", full_name_ar="{HOLDER["name"]}", birth_date="{HOLDER["born"]}")
"""


@pytest.fixture(scope="module")
def served():
    """(base URL, environment) of the demo served by `qafila serve` (gunicorn, two workers, its access log in
    server.log) behind one proxy (`QAFILA_PROXY_COUNT=1`), on a database of its own. As bench.web's
    demo_server, with the patience a machine busy with other tests needs."""
    extra = {
        "QAFILA_DEMO_PASSWORD": PASSWORD,
        "QAFILA_PROXY_COUNT": "1",
        "QAFILA_REQUIRE_2FA": "0",  # the organiser's pages are reached by password alone here
        "WEB_CONCURRENCY": "2",
    }
    with (
        tempfile.TemporaryDirectory(prefix="qafila-served-") as directory,
        mock.patch.dict(os.environ, extra),
    ):
        os.environ.pop("DATABASE_URL", None)  # never the database the tests run on
        workdir, port = Path(directory), free_port()
        env = server_env(workdir, port)
        qafila(env, "demo", "--no-serve", timeout=900)
        django_shell(env, PREPARE)
        with open(workdir / "server.log", "w") as log:
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
                _wait_until_up(server, base + "/bench/bare", workdir / "server.log", timeout=600)
                yield base, env
            finally:
                _stop(server)


class Browser:
    """A browser without JavaScript: cookies, the CSRF token, redirects not followed; every request comes
    through the proxy, from `address`."""

    def __init__(self, base, address="203.0.113.10"):
        self.base, self.address = base, address
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def get(self, path):
        return self._open(urllib.request.Request(self._url(path)))

    def post(self, path, data):
        """POST `data` with the CSRF token of the form at `path` (read first, as a browser does)."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path).text).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(self._url(path), data=body, method="POST")
        request.add_header("Referer", self._url(path))
        return self._open(request)

    def follow(self, response):
        return self.get(response.headers["Location"])

    def log_in(self, username, password=PASSWORD):
        return self.post("/accounts/login/", {"username": username, "password": password})

    def _url(self, path):
        return path if path.startswith("http") else self.base + path

    def _open(self, request):
        # The first value is the client's own say, never trusted; the proxy appended the address it saw.
        request.add_header("X-Forwarded-For", f"192.0.2.1, {self.address}")
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        response.text = response.read().decode("utf-8", "replace")
        return response


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def shell(env, code):
    return django_shell(env, code).strip()


def answers(**changes):
    """The public form as a visitor fills it, with someone else's CIN when told."""
    data = {
        "full_name_ar": "زينب الفاسي",
        "full_name_latin": "",
        "cin": "KB771234",
        "sex": "female",
        "birth_date": "12/03/1990",
        "phone": "0612003400",
        "community": "أولاد علي",
        "profile": "project_holder",
        "project_idea": "تربية النحل وبيع العسل",
        "consent": "on",
    }
    return {**data, **changes}


def province(env):
    """The public form's value for the province of Tanger-Assilah."""
    return shell(
        env, 'from places.models import Province; print(Province.objects.get(code="MA-TNG").pk)'
    ).split()[-1]


def test_a_cin_typed_on_the_public_form_shows_and_changes_nobody_else(served):
    base, env = served
    visitor = Browser(base)
    answer = visitor.post(REGISTER, answers(cin=HOLDER["cin"].lower(), province=province(env)))
    assert answer.status == 302
    done = visitor.follow(answer).text
    assert HOLDER["name"] not in done and "زينب الفاسي" in done
    reference = re.search(r'<p class="code">([^<]+)</p>', done).group(1)
    status = visitor.post("/caravans/tanger-2025/status/", {"code": reference, "birth_date": "12/03/1990"})
    assert HOLDER["name"] not in visitor.follow(status).text
    held = json.loads(
        shell(
            env,
            f"""
import json
from people.models import Person, PossibleDuplicate
holder = Person.objects.get(cin="{HOLDER["cin"]}")
typed = Person.objects.get(full_name_ar="زينب الفاسي")
registration = typed.registrations.get()
print(json.dumps({{
    "holder_phone": holder.phone, "holder_registrations": holder.registrations.count(),
    "typed_cin": typed.cin, "decision": registration.decision, "reasons": registration.reasons,
    "pair": list(PossibleDuplicate.objects.filter(person=typed, other=holder).values_list("reasons", flat=True)),
}}))""",
        ).splitlines()[-1]
    )
    assert held == {
        "holder_phone": "",  # the visitor's phone was not written into the holder's record
        "holder_registrations": 0,  # nor was the holder registered without knowing
        "typed_cin": "",
        "decision": "needs_review",
        "reasons": ["identity_to_check"],
        "pair": [["same_cin"]],  # for staff to merge or keep apart
    }


def test_an_agents_walk_in_finds_nobody_outside_their_caravan(served):
    base, env = served
    agent = Browser(base, "203.0.113.20")
    assert agent.log_in("agent").status == 302
    walk_in = "/staff/caravans/tanger-2025/check-in/walk-in/"
    row = answers(full_name_ar="رحمة العمراني", cin=HOLDER["cin"], phone="0662345678", province="طنجة أصيلة")
    answer = agent.post(walk_in, row)
    assert answer.status == 302
    shown = agent.follow(answer).text
    assert HOLDER["name"] not in shown and "رحمة العمراني" in shown
    registered = shell(
        env,
        f"""
from registration.models import Registration
r = Registration.objects.get(person__full_name_ar="رحمة العمراني")
print(r.person.full_name_ar, r.person.cin or "-", r.decision, Registration.objects.filter(person__cin="{HOLDER["cin"]}").count())""",
    )
    assert registered.splitlines()[-1] == "رحمة العمراني - needs_review 0"


def test_a_name_keeps_no_direction_controls(served):
    base, env = served
    visitor = Browser(base, "203.0.113.30")
    reversed_name = "\u202eنادية\u200f البكاري\u2066"
    answer = visitor.post(
        REGISTER, answers(full_name_ar=reversed_name, cin="KB552211", province=province(env))
    )
    assert answer.status == 302
    assert "\u202e" not in visitor.follow(answer).text
    stored = shell(
        env, 'from people.models import Person; print(ascii(Person.objects.get(cin="KB552211").full_name_ar))'
    )
    assert stored.splitlines()[-1] == ascii("نادية البكاري")


def test_a_staff_search_leaves_no_cin_in_the_access_log(served):
    base, env = served
    cin = shell(
        env,
        'from registration.models import Registration; print(Registration.objects.filter(person__cin__gt="").first().person.cin)',
    ).splitlines()[-1]
    organiser = Browser(base, "203.0.113.40")
    assert organiser.log_in("organiser").status == 302
    listing = "/staff/caravans/tanger-2025/registrations/"
    answer = organiser.post(listing, {"q": cin})
    assert answer.status == 302 and cin not in answer.headers["Location"]
    page = organiser.follow(answer)
    assert page.status == 200 and cin in page.text  # found, and shown to whom may see it
    assert "no-store" in page.headers["Cache-Control"]
    export = re.search(r'href="([^"]*csv[^"]*)"', page.text).group(1).replace("&amp;", "&")
    exported = organiser.get(export)
    assert exported.status == 200 and "no-store" in exported.headers["Cache-Control"]
    log = (Path(env["STATIC_ROOT"]).parent / "server.log").read_text()
    assert "/registrations/" in log and cin not in log


def test_every_page_carries_a_content_security_policy(served):
    base, _env = served
    page = Browser(base, "203.0.113.50").get("/caravans/tanger-2025/")
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert (
        "<script>" not in page.text and " onclick=" not in page.text
    )  # nothing inline the policy would stop


def test_failed_logins_are_counted_per_client_behind_the_proxy(served):
    base, _env = served
    attacker, trainer = Browser(base, "198.51.100.7"), Browser(base, "198.51.100.8")
    for _ in range(6):
        attacker.log_in("trainer", "wrong password")
    assert attacker.log_in("trainer").status == 429  # locked out, even with the right password
    assert trainer.log_in("trainer").status == 302  # the real trainer, elsewhere, is not


def test_check_deploy_fails_on_the_public_development_key(served):
    _base, env = served
    command = [sys.executable, "manage.py", "check", "--deploy"]
    with_dev_key = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert with_dev_key.returncode != 0 and "qafila.E001" in with_dev_key.stderr
    secret = {**env, "SECRET_KEY": "x" * 60, "QAFILA_HTTPS": "1"}
    with_secret = subprocess.run(command, env=secret, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "qafila.E001" not in with_secret.stderr + with_secret.stdout
