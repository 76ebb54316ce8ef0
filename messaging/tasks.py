"""Handing queued messages to their channels: one `deliver` job per message, run by `qafila worker`.

A job may run twice (a worker killed in the middle is recovered and its job run again): `deliver` claims its
message with one UPDATE that only a queued, due message passes, and the claim holds the message for CLAIM_FOR.
A worker that dies after the gateway took the SMS but before the answer was recorded leaves the message
claimed; once the claim runs out it is sent again with the same reference, which lets the gateway drop it.
"""

import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from core.jobs import backoff, enqueue_on_commit

from . import channels, links
from .models import ChannelKind, Message, NotSentReason, OptOut, Status

# How long a claimed message is held: longer than a provider may take to answer (and the throttle's wait).
CLAIM_FOR = timedelta(seconds=3 * channels.TIMEOUT)
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


@task()
def deliver(message_id):
    """Hand message `message_id` to its channel if it is queued and due; safe to run again."""
    now = timezone.now()
    message = Message.objects.filter(pk=message_id, status=Status.QUEUED).first()
    if message is None:
        return
    if message.send_after and message.send_after > now:
        # Claimed by a worker now sending it, or by one that died: look again once the claim has run out.
        enqueue_on_commit(deliver, message_id, run_after=message.send_after)
        return
    not_sent = _why_not_now(message)
    if not_sent:
        Message.objects.filter(pk=message_id, status=Status.QUEUED).update(
            status=Status.NOT_SENT, reason=not_sent
        )
        return
    if message.channel in PHONE_CHANNELS and (later := end_of_quiet(now)):
        _later(message, later)
        return
    claimed = (
        Message.objects.filter(pk=message_id, status=Status.QUEUED)
        .filter(Q(send_after=None) | Q(send_after__lte=now))
        .update(attempts=F("attempts") + 1, send_after=now + CLAIM_FOR)
    )
    if not claimed:
        return  # another worker claimed it first
    _send(message, attempt=message.attempts + 1)


def _why_not_now(message):
    """A NotSentReason that came up since the message was queued (an opt-out, the gateway removed), or ""."""
    if OptOut.objects.filter(address=message.to).exists():
        return NotSentReason.OPTED_OUT
    if message.channel == ChannelKind.SMS and channels.sms_gateway() is None:
        return NotSentReason.NO_GATEWAY
    return ""


def _send(message, *, attempt):
    if message.channel in PHONE_CHANNELS:
        throttle.wait()
    mine = Message.objects.filter(pk=message.pk, status=Status.QUEUED)
    try:
        gateway_id = channels.send(message, links.body(message))
    except channels.RetryLater as error:
        if attempt >= MAX_ATTEMPTS:
            mine.update(status=Status.FAILED, error=str(error)[:300])
        else:
            _later(message, backoff(attempt), error=str(error)[:300])
    except channels.Failed as error:
        mine.update(status=Status.FAILED, error=str(error)[:300])
    except Exception as error:
        # A fault of ours (not the provider's): the message shows it, and staff may retry it once mended.
        mine.update(status=Status.FAILED, error=f"{type(error).__name__}: {error}"[:300])
        raise
    else:
        # A delivery report may have come before this answer: it moved the message on, and stays.
        mine.update(
            status=Status.SENT,
            sent=timezone.now(),
            gateway_id=gateway_id[:100],
            error="",
            send_after=message.send_after,
        )


def _later(message, when, **fields):
    """Put `message` off until `when` and enqueue the job that will send it then."""
    Message.objects.filter(pk=message.pk, status=Status.QUEUED).update(send_after=when, **fields)
    enqueue_on_commit(deliver, message.pk, run_after=when)
