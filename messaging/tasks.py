"""Handing queued messages to their channels, run by `qafila worker`: a bulk send's messages as `deliver_batch`
jobs of BATCH messages, a single event's message as a `deliver` job.

A job may run twice (a worker killed in the middle is recovered and its job run again): a job claims its queued,
due messages in one transaction (their rows locked), which holds them for CLAIM_FOR, and records each message's
outcome before handing over the next. A worker that dies after the gateway took an SMS but before the answer was
recorded leaves that message claimed; once the claim runs out it is sent again with the same reference, which
lets the gateway drop it. The batch's other claimed messages were never handed over: they are sent once.
"""

import functools
import threading
import time
from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from core.jobs import backoff, enqueue_many_on_commit, enqueue_on_commit

from . import channels, links
from .models import ChannelKind, Message, NotSentReason, OptOut, Status

# Messages per deliver_batch job: few job rows for a bulk send, and a short batch behind a slow provider.
BATCH = 200
# How long a job's claim holds its messages: a batch stops handing over with time left for the last answer
# and puts the rest in a new job, so a claim never runs out under a live worker.
CLAIM_FOR = timedelta(minutes=2)
# A message the provider could not take after this many attempts is failed, with the last error.
MAX_ATTEMPTS = 5
MOROCCO = ZoneInfo("Africa/Casablanca")
PHONE_CHANNELS = {ChannelKind.SMS, ChannelKind.WHATSAPP}


def quiet_hours():
    """(first quiet hour, first hour allowed again) from QAFILA_MESSAGES_QUIET_HOURS, or None when off."""
    value = settings.QAFILA_MESSAGES_QUIET_HOURS.strip().lower()
    if value in ("none", ""):
        return None
    start, _dash, end = value.partition("-")
    try:
        hours = int(start), int(end)
    except ValueError:
        hours = (-1, -1)
    if not all(0 <= hour <= 23 for hour in hours) or hours[0] == hours[1]:
        raise ImproperlyConfigured(
            f'QAFILA_MESSAGES_QUIET_HOURS must be like "21-8" or "none", not {value!r}'
        )
    return hours


def end_of_quiet(moment: datetime) -> datetime | None:
    """When the quiet hours around `moment` end (Morocco's time), or None when `moment` is not in them."""
    hours = quiet_hours()
    if hours is None:
        return None
    start, end = hours
    local = moment.astimezone(MOROCCO)
    if start < end:
        inside, day = start <= local.hour < end, local.date()
    else:  # across midnight, e.g. 21-8
        inside, day = local.hour >= start or local.hour < end, local.date()
        if local.hour >= start:
            day += timedelta(days=1)
    if not inside:
        return None
    return datetime(day.year, day.month, day.day, end, tzinfo=MOROCCO)


class Throttle:
    """At most QAFILA_SMS_PER_SECOND messages handed to the phone gateways per second by this worker."""

    def __init__(self):
        self.lock, self.next_slot = threading.Lock(), 0.0

    def wait(self):
        rate = settings.QAFILA_SMS_PER_SECOND
        if rate <= 0:
            return
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_slot)
            self.next_slot = slot + 1 / rate
        time.sleep(slot - now)


throttle = Throttle()


def enqueue(message_ids, run_after=None):
    """The jobs that will hand over `message_ids` once the transaction commits: `deliver` for one message,
    `deliver_batch` for each BATCH of several (their job rows in one INSERT)."""
    if len(message_ids) == 1:
        enqueue_on_commit(deliver, message_ids[0], run_after=run_after)
    else:
        batches = [message_ids[start : start + BATCH] for start in range(0, len(message_ids), BATCH)]
        enqueue_many_on_commit(deliver_batch, [(ids,) for ids in batches], run_after=run_after)


@task()
def deliver(message_id):
    """Hand message `message_id` to its channel if it is queued and due; safe to run again."""
    hand_over([message_id])


@task()
def deliver_batch(message_ids):
    """Hand the messages `message_ids` that are queued and due to their channels; safe to run again."""
    hand_over(message_ids)


def hand_over(message_ids):
    """Claim the messages `message_ids` that may go now, hand them over one by one, each outcome recorded at
    once; those put off (a busy gateway, a claim about to run out) get a job at their time."""
    claimed = _claim(message_ids)
    stop_at = time.monotonic() + (CLAIM_FOR - timedelta(seconds=2 * channels.TIMEOUT)).total_seconds()
    retry_at, later, fault = {}, defaultdict(list), None
    with channels.Session() as session:
        for n, message in enumerate(claimed):
            if n and time.monotonic() > stop_at:  # the first always goes: each job moves on
                _release(claimed[n:])
                later[None] += [message.pk for message in claimed[n:]]
                break
            try:
                when = _send(session, message, retry_at)
            except Exception as error:  # a fault of ours: recorded on its message, the others still go
                fault = fault or error
                continue
            if when:
                later[when].append(message.pk)
    for when, ids in later.items():
        enqueue(ids, run_after=when)
    if fault:
        raise fault


def _claim(message_ids):
    """The messages of `message_ids` to hand over now, claimed; the others are not sent with their reason, put
    off to the end of quiet hours, or (claimed by another job) looked at again once that claim runs out."""
    now = timezone.now()
    with transaction.atomic():
        # Locked in one order, so two jobs sharing messages wait for each other instead of deadlocking.
        queued = Message.objects.select_for_update().filter(pk__in=message_ids, status=Status.QUEUED)
        held, due = defaultdict(list), []
        for message in queued.order_by("pk"):
            if message.send_after and message.send_after > now:
                held[message.send_after].append(message.pk)
            else:
                due.append(message)
        for when, ids in held.items():
            enqueue(ids, run_after=when)
        due = _not_sent(due)
        quiet_until = end_of_quiet(now)
        if quiet_until:
            _later([m.pk for m in due if m.channel in PHONE_CHANNELS], quiet_until)
            due = [m for m in due if m.channel not in PHONE_CHANNELS]
        Message.objects.filter(pk__in=[m.pk for m in due]).update(send_after=now + CLAIM_FOR)
    return due


def _not_sent(messages):
    """`messages` but those that may no longer go (an opt-out since they were queued, the gateway removed),
    which are marked not sent with the reason."""
    opted_out = set(
        OptOut.objects.filter(address__in={m.to for m in messages}).values_list("address", flat=True)
    )
    no_gateway = not settings.QAFILA_SMS_GATEWAY_URL
    reasons = defaultdict(list)
    for message in messages:
        if message.to in opted_out:
            reasons[NotSentReason.OPTED_OUT].append(message.pk)
        elif message.channel == ChannelKind.SMS and no_gateway:
            reasons[NotSentReason.NO_GATEWAY].append(message.pk)
    for reason, ids in reasons.items():
        Message.objects.filter(pk__in=ids).update(status=Status.NOT_SENT, reason=reason)
    stopped = {pk for ids in reasons.values() for pk in ids}
    return [message for message in messages if message.pk not in stopped]


def _send(session, message, retry_at):
    """Hand `message` over and record the outcome; when it is to be tried again (None: sent or failed).
    `retry_at` keeps one time per attempt number, so that a batch's messages put off together share one job."""
    if message.channel in PHONE_CHANNELS:
        throttle.wait()
    attempt = message.attempts + 1
    try:
        gateway_id = session.send(message, links.body(message))
    except channels.RetryLater as error:
        if attempt < MAX_ATTEMPTS:
            when = retry_at.setdefault(attempt, backoff(attempt))
            _record(message, attempts=attempt, send_after=when, error=str(error)[:300])
            return when
        _record(message, attempts=attempt, status=Status.FAILED, error=str(error)[:300])
    except channels.Failed as error:
        _record(message, attempts=attempt, status=Status.FAILED, error=str(error)[:300])
    except Exception as error:
        # A fault of ours (not the provider's): the message shows it, and staff may retry it once mended.
        _record(message, attempts=attempt, status=Status.FAILED, error=f"{type(error).__name__}: {error}"[:300])
        raise
    else:
        _record(
            message,
            attempts=attempt,
            status=Status.SENT,
            sent=timezone.now(),
            gateway_id=gateway_id[:100],
            error="",
            send_after=message.send_after,  # as it was before the claim
        )
    return None


def _record(message, **fields):
    """Set `fields` on `message` if it is still queued: a delivery report may have come before the gateway's
    answer is recorded, and moved it on for good.

    One statement per message handed over, written by hand: the ORM's building of a one-row UPDATE costs 5 times
    its execution on SQLite (1.5 ms against 0.3), as much as the gateway's answer."""
    adapt = connection.ops.adapt_datetimefield_value
    values = [adapt(value) if isinstance(value, datetime) else value for value in fields.values()]
    with connection.cursor() as cursor:
        cursor.execute(_update_sql(tuple(fields)), [*values, message.pk, Status.QUEUED])


@functools.cache
def _update_sql(names):
    """UPDATE of the fields `names` of one queued message, by its id."""
    meta, quote = Message._meta, connection.ops.quote_name
    sets = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in names)
    return f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} = %s AND status = %s"


def _release(messages):
    """Give up the claim on `messages`, not handed over: as they were before it."""
    for message in messages:
        Message.objects.filter(pk=message.pk, status=Status.QUEUED).update(send_after=message.send_after)


def _later(message_ids, when):
    """Put the messages `message_ids` off until `when` and enqueue the job that will send them then."""
    if message_ids:
        Message.objects.filter(pk__in=message_ids, status=Status.QUEUED).update(send_after=when)
        enqueue(message_ids, run_after=when)
