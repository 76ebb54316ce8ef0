"""Certificates issued before the caravan's last day: only once the organiser has confirmed it."""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from certificates.models import Certificate
from certificates.tests.factories import participant
from core.tests.i18n import ar


def moment(day):
    """10:00 on `day` February 2025, in Tangier (the demo caravan runs 4–6 February)."""
    return datetime.datetime(2025, 2, day, 10, tzinfo=ZoneInfo("Africa/Casablanca"))


def issue_url(demo):
    return reverse("certificates:issue", args=[demo.slug])


def test_it_asks_first_on_day_one_of_three_and_issues_nothing(personas, demo, time_machine):
    participant(demo, days=3)
    time_machine.move_to(moment(4))
    response = personas["organiser"].post(issue_url(demo))
    assert response.status_code == 200
    page = response.content.decode()
    assert ar("Today is day %(day)s of %(days)s: the caravan is not over.", day=1, days=3) in page
    assert 'name="confirmed"' in page
    assert not Certificate.objects.exists()


def test_it_issues_once_confirmed(personas, demo, time_machine):
    participant(demo, days=3)
    time_machine.move_to(moment(5))
    response = personas["organiser"].post(issue_url(demo), {"confirmed": "1"})
    assert response.status_code == 302
    assert Certificate.objects.filter(caravan=demo).count() == 1


def test_it_issues_at_once_on_the_last_day_and_after(personas, demo, time_machine):
    participant(demo, days=3)
    time_machine.move_to(moment(6))
    assert personas["organiser"].post(issue_url(demo)).status_code == 302
    assert Certificate.objects.filter(caravan=demo).count() == 1


def test_the_confirmation_is_refused_to_trainers_and_agents(personas, demo, time_machine):
    time_machine.move_to(moment(4))
    for persona in ("trainer", "agent"):
        assert personas[persona].post(issue_url(demo)).status_code == 403
