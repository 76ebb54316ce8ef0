"""Two days before a caravan's first day every accepted person is sent the convocation (where, when, what to
bring), the day before a reminder: once each, however often the hourly job runs, from 10:00 Morocco's time."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django_tasks_db.models import DBTaskResult

from core import jobs
from core.tests.i18n import ar
from core.tests.jobs import run_due_jobs
from messaging.models import Message
from registration.models import Decision
from registration.services import register
from registration.tasks import queue_convocations

from .factories import person

MOROCCO = ZoneInfo("Africa/Casablanca")
# The demo caravan's first day is Tuesday 4 February 2025; its first session starts at 09:00 at its venue.
TWO_DAYS_BEFORE = datetime.datetime(2025, 2, 2, 7, 30, tzinfo=MOROCCO)
THE_DAY_BEFORE = datetime.datetime(2025, 2, 3, 16, 0, tzinfo=MOROCCO)


@pytest.fixture(autouse=True)
def gateway(settings):
    settings.QAFILA_SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"


@pytest.fixture
def people(demo):
    """An Arabic reader and a French reader accepted, someone not eligible."""
    registered = [
        register(
            demo, person(**fields), profile="project_holder", channel="staff", project_idea="تربية النحل"
        )
        for fields in ({}, {"language": "fr"}, {"birth_date": datetime.date(2012, 1, 1)})
    ]
    assert [r.decision for r in registered] == [Decision.ACCEPTED, Decision.ACCEPTED, Decision.INELIGIBLE]
    return registered


def sent(kind):
    return list(Message.objects.filter(kind=kind).order_by("person_id"))


def test_the_convocation_is_queued_once_to_each_accepted_person_two_days_before(demo, people, time_machine):
    time_machine.move_to(TWO_DAYS_BEFORE)
    assert queue_convocations.call() == 2
    assert queue_convocations.call() == 0  # the next hour's run: nobody twice
    arabic, french = sent("convocation")
    assert [arabic.person_id, french.person_id] == [people[0].person_id, people[1].person_id]
    venue = demo.venues.get()
    assert venue.name_ar in arabic.text and "09:00" in arabic.text and "الثلاثاء 4 فبراير" in arabic.text
    assert ar("your national identity card (CIN)") in arabic.text
    assert venue.name_fr in french.text and "mardi 4 février" in french.text and "09:00" in french.text
    assert {m.send_after for m in (arabic, french)} == {datetime.datetime(2025, 2, 2, 10, 0, tzinfo=MOROCCO)}
    assert sent("reminder") == []


def test_the_reminder_is_queued_the_day_before_and_a_late_run_sends_at_once(people, time_machine):
    time_machine.move_to(THE_DAY_BEFORE)
    queue_convocations.call()
    queue_convocations.call()
    reminders = sent("reminder")
    assert len(reminders) == 2 and sent("convocation") == []
    assert all(m.send_after <= THE_DAY_BEFORE for m in reminders)  # 10:00 has passed: due now


def test_each_queued_convocation_is_a_delivery_job_due_at_ten(
    people, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(TWO_DAYS_BEFORE)
    with django_capture_on_commit_callbacks(execute=True):
        queue_convocations.call()
    due = DBTaskResult.objects.filter(task_path="messaging.tasks.deliver").values_list("run_after", flat=True)
    assert list(due) == [datetime.datetime(2025, 2, 2, 10, 0, tzinfo=MOROCCO)] * 2


def test_a_person_who_refused_messages_is_not_convoked(people, time_machine):
    refusing = people[1].person
    refusing.messages_consent = False
    refusing.save()
    time_machine.move_to(TWO_DAYS_BEFORE)
    queue_convocations.call()
    statuses = {m.person_id: (m.status, m.reason) for m in sent("convocation")}
    assert statuses[refusing.pk] == ("not_sent", "no_consent")
    assert statuses[people[0].person_id] == ("queued", "")


def test_the_worker_runs_it_every_hour_and_each_person_is_convoked_once(people, time_machine, settings):
    settings.QAFILA_SMS_GATEWAY_URL = ""  # not sent (no gateway): no delivery job beside the periodic one
    assert jobs.PERIODIC[queue_convocations.module_path] == (queue_convocations, datetime.timedelta(hours=1))
    time_machine.move_to(TWO_DAYS_BEFORE)
    jobs.ensure_periodic()
    assert queue_convocations.module_path in {job.task_path for job in run_due_jobs()}
    time_machine.move_to(TWO_DAYS_BEFORE + datetime.timedelta(hours=1, minutes=1))
    assert queue_convocations.module_path in {job.task_path for job in run_due_jobs()}
    assert len(sent("convocation")) == 2
