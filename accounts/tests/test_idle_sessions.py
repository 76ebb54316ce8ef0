"""A logged-in session ends after QAFILA_SESSION_IDLE_MINUTES without a request, and keeps going while used,
without a session write on each check-in scan."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@pytest.fixture(autouse=True)
def idle_half_an_hour(settings):
    settings.QAFILA_SESSION_IDLE_MINUTES = 30


def logged_in(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_a_session_left_idle_ends(demo):
    start = datetime.datetime.now().astimezone()
    client = logged_in("trainer")
    with time_machine.travel(start + datetime.timedelta(minutes=29)):
        assert client.get("/accounts/me/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=58)):  # 29 minutes after the last request
        assert client.get("/accounts/me/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=89)):
        answer = client.get("/accounts/me/")
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")


def test_anonymous_visitors_get_no_session(demo):
    client = Client()
    client.get("/caravans/")
    assert "sessionid" not in client.cookies


def test_check_in_scans_do_not_write_the_session_each_time(demo):
    client = logged_in("agent")
    scan = {"q": "NOPE-0000", "day": demo.start_date.isoformat()}
    url = f"/staff/caravans/{demo.slug}/check-in/"
    client.post(url, scan)  # the day picked is remembered once (onsite.views._remember)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert client.post(url, scan).status_code == 200
    assert not [query for query in queries if 'UPDATE "django_session"' in query["sql"]]

    with time_machine.travel(datetime.datetime.now().astimezone() + datetime.timedelta(seconds=61)):
        with CaptureQueriesContext(connection) as queries:
            client.post(url, scan)
            client.post(url, scan)
    assert len([query for query in queries if 'UPDATE "django_session"' in query["sql"]]) == 1
