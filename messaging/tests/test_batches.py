"""A bulk send's messages handed over in batches: one job per BATCH messages, one kept-alive connection to the
gateway per batch, what is put off grouped in one job, each message sent once."""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from messaging import channels, outbox, tasks
from messaging.models import Kind, Message, Status
from people.models import Person

MOROCCO = ZoneInfo("Africa/Casablanca")
pytestmark = pytest.mark.django_db


def people(count, **fields):
    return [
        Person.objects.create(
            full_name_ar=f"فاطمة {n}", phone=f"+2126123400{n:02d}", messages_consent=True, **fields
        )
        for n in range(count)
    ]


def send_to(recipients, demo, capture):
    with capture(execute=True):
        outbox.queue_bulk(
            Kind.BULK, recipients, caravan=demo, key="b1", context_for=lambda p: {"text": "Réunion demain"}
        )
    return Message.objects.filter(key="b1")


def jobs(task):
    return DBTaskResult.objects.filter(task_path=task.module_path)


def test_a_bulk_send_is_one_job_per_batch_and_each_batch_one_connection(
    demo, gateway, run_jobs, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(tasks, "BATCH", 3)
    messages = send_to(people(7), demo, django_capture_on_commit_callbacks)
    assert sorted(len(job.args_kwargs["args"][0]) for job in jobs(tasks.deliver_batch)) == [1, 3, 3]
    assert not jobs(tasks.deliver).exists()
    run_jobs()
    assert set(messages.values_list("status", flat=True)) == {Status.SENT}
    assert sorted(gateway.references()) == sorted(str(m.pk) for m in messages)
    assert sorted(Counter(gateway.peers).values()) == [1, 3, 3]  # a connection per batch, kept alive


def test_the_messages_a_busy_gateway_puts_off_share_one_later_job(
    demo, gateway, run_jobs, django_capture_on_commit_callbacks
):
    messages = send_to(people(4), demo, django_capture_on_commit_callbacks)
    gateway.answer(200, 429, 503, 200)
    with django_capture_on_commit_callbacks(execute=True):
        run_jobs()
    put_off = messages.filter(status=Status.QUEUED)
    assert put_off.count() == 2 and messages.filter(status=Status.SENT).count() == 2
    [later] = jobs(tasks.deliver_batch).filter(status="READY")
    assert sorted(later.args_kwargs["args"][0]) == sorted(put_off.values_list("pk", flat=True))
    assert {m.send_after for m in put_off} == {later.run_after}
    with time_machine.travel(later.run_after + datetime.timedelta(seconds=1)):
        run_jobs()
    assert set(messages.values_list("status", flat=True)) == {Status.SENT}
    sent = Counter(gateway.references())
    assert sorted(sent.values()) == [1, 1, 2, 2] and set(messages.values_list("attempts", flat=True)) == {1, 2}


def test_quiet_hours_put_the_batch_s_sms_off_in_one_job_at_8(
    demo, gateway, settings, run_jobs, django_capture_on_commit_callbacks
):
    settings.QAFILA_MESSAGES_QUIET_HOURS = "21-8"
    with time_machine.travel(datetime.datetime(2025, 3, 3, 23, 0, tzinfo=MOROCCO), tick=False):
        messages = send_to(people(3), demo, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            run_jobs()
    assert gateway.received == [] and set(messages.values_list("attempts", flat=True)) == {0}
    [later] = jobs(tasks.deliver_batch).filter(status="READY")
    assert later.run_after == datetime.datetime(2025, 3, 4, 8, 0, tzinfo=MOROCCO)
    with time_machine.travel(later.run_after, tick=False):
        run_jobs()
    assert set(messages.values_list("status", flat=True)) == {Status.SENT} and len(gateway.received) == 3


def test_a_batch_near_the_end_of_its_claim_leaves_the_rest_to_a_new_job_and_sends_each_once(
    demo, settings, run_jobs, monkeypatch, django_capture_on_commit_callbacks
):
    from .gateway import TOKEN, Gateway

    # A slow gateway (0.2 s an answer) and a claim that leaves 0.3 s of handing over: a batch sends one or two.
    monkeypatch.setattr(channels, "TIMEOUT", 1)
    monkeypatch.setattr(tasks, "CLAIM_FOR", datetime.timedelta(seconds=2.3))
    with Gateway(delay=0.2) as slow:
        settings.QAFILA_SMS_GATEWAY_URL, settings.QAFILA_SMS_GATEWAY_TOKEN = slow.url, TOKEN
        settings.QAFILA_MESSAGES_QUIET_HOURS, settings.QAFILA_SMS_PER_SECOND = "none", 1000
        messages = send_to(people(5), demo, django_capture_on_commit_callbacks)
        ran = []
        while messages.filter(status=Status.QUEUED).exists() and len(ran) < 10:
            with django_capture_on_commit_callbacks(execute=True):  # the job of the rest, once committed
                ran += run_jobs()
    assert set(messages.values_list("status", flat=True)) == {Status.SENT}
    assert sorted(slow.references()) == sorted(str(m.pk) for m in messages)  # each once
    assert len(ran) > 1 and {job.task_path for job in ran} <= {
        tasks.deliver.module_path,
        tasks.deliver_batch.module_path,
    }
    assert set(messages.values_list("attempts", flat=True)) == {1}
