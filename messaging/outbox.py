"""Putting messages in the outbox: one row per message, one message of a kind per person and caravan.

`queue` decides the channel and whether the message may go at all (consent, opt-out, a gateway to hand it to);
a queued message is handed to its channel by a job enqueued once the row is committed (`tasks.enqueue`: one
`deliver` job for a single event's message, `deliver_batch` jobs for a bulk send's).
"""

import functools
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import audit, rows
from core.text import fold_compact
from people.identifiers import normalise_phone
from people.models import mask_phone

from . import tasks, texts
from .models import NOT_TRANSACTIONAL, ChannelKind, Message, NotSentReason, OptOut, Status

# queue_bulk writes this many rows per INSERT.
BATCH = 500


# A bulk send looks at each address several times (already sent? opted out? its channel), once per message
# (a list import tells each person twice): parsing a phone number is most of queueing's time, so the
# addresses of a list are parsed once (20,000 addresses: about 2 MB).
@functools.lru_cache(maxsize=20_000)
def address(raw):
    """The form an address is compared in: a phone in E.164, an email in lower case."""
    raw = (raw or "").strip()
    if "@" in raw:
        return raw.lower()
    return normalise_phone(raw).value or raw


def masked(to):
    """`+212612345678` → `06 •• •• •• 78`; `fatima@example.ma` → `f•••@example.ma`: for those who may not see it."""
    if "@" in to:
        name, _at, domain = to.partition("@")
        return f"{name[:1]}•••@{domain}"
    return mask_phone(to)


def whatsapp_configured():
    return bool(settings.QAFILA_WHATSAPP_TOKEN and settings.QAFILA_WHATSAPP_PHONE_NUMBER_ID)


def channel_and_address(person=None, to=""):
    """(channel, address) for a person or a bare address: a phone first, else an email, else (None, "")."""
    if person is not None:
        phone, email = person.phone, person.email
    else:
        to = address(to)
        phone, email = ("", to) if "@" in to else (to, "")
    if phone:
        # WhatsApp is the phone channel once an organisation configures it (its approved templates).
        return (ChannelKind.WHATSAPP if whatsapp_configured() else ChannelKind.SMS), address(phone)
    if email:
        return ChannelKind.EMAIL, address(email)
    return None, ""


def why_not_sent(channel, to, *, consent, transactional, opted_out):
    """The NotSentReason keeping a message from going, or "" when it may go."""
    if consent is False or (consent is None and not transactional):
        return NotSentReason.NO_CONSENT
    if channel is None:
        return NotSentReason.NO_ADDRESS
    if opted_out:
        return NotSentReason.OPTED_OUT
    if channel == ChannelKind.SMS and not settings.QAFILA_SMS_GATEWAY_URL:
        return NotSentReason.NO_GATEWAY
    return ""


def queue(
    kind,
    *,
    person=None,
    caravan=None,
    context=None,
    key="",
    to="",
    language=None,
    send_after=None,
    by=None,
    transactional=None,
):
    """The message of `kind` to `person` (or to the address `to`) about `caravan`, queued once however often
    its event fires: a repeat returns the existing row and queues nothing."""
    existing = _existing(caravan, person, kind, key, to)
    if existing is not None:
        return existing
    message = _build(
        kind,
        person=person,
        caravan=caravan,
        context=context or {},
        key=key,
        to=to,
        language=language,
        send_after=send_after,
        by=by,
        transactional=transactional,
        opted_out=None,
    )
    try:
        # A savepoint: a request racing this one may insert the same event first; ours then gives way quietly.
        with transaction.atomic():
            message.save()
    except IntegrityError:
        return _existing(caravan, person, kind, key, to)
    if message.status == Status.QUEUED:
        tasks.enqueue([message.pk], run_after=send_after)
    return message


class Address(NamedTuple):
    """A recipient who is no person of the registry (an invitation): a phone or an email, and a language."""

    to: str
    language: str


def queue_bulk(kind, recipients, *, caravan, key, context_for, by=None):
    """Queue `kind` to every person (or `Address`) of `recipients` (a bulk message, invitations, the benchmark):
    a few queries per BATCH, and their delivery jobs in one INSERT; a recipient who already has this message is
    skipped. How many rows were created."""
    created, queued = 0, []
    people = list(recipients)
    language_texts = {}
    for start in range(0, len(people), BATCH):
        batch = _not_queued(people[start : start + BATCH], caravan, kind, key)
        addresses = {_address_of(person) for person in batch} - {""}
        opted_out = set(OptOut.objects.filter(address__in=addresses).values_list("address", flat=True))
        messages = []
        for person in batch:
            context = context_for(person)
            language = person.language or settings.LANGUAGE_CODE
            wording = (language, context.get("decision", ""))
            if wording not in language_texts:
                language_texts[wording] = texts.template_for(kind, *wording)
            messages.append(
                _build(
                    kind,
                    person=None if isinstance(person, Address) else person,
                    to=person.to if isinstance(person, Address) else "",
                    caravan=caravan,
                    context=context,
                    key=key,
                    language=language,
                    by=by,
                    text=texts.fill(language_texts[wording], context),
                    opted_out=opted_out,
                )
            )
        _insert(messages)
        queued += [m.pk for m in messages if m.pk is not None and m.status == Status.QUEUED]
        created += sum(message.pk is not None for message in messages)
    tasks.enqueue(queued)
    return created


def _not_queued(batch, caravan, kind, key):
    """The recipients of `batch` who do not have this message yet: a person by their row, an `Address` by the
    rows sent to it without a person."""
    found = Message.objects.filter(caravan=caravan, kind=kind, key=key)
    named = [person for person in batch if not isinstance(person, Address)]
    have = set(found.filter(person__in=named).values_list("person_id", flat=True)) if named else set()
    bare = {address(person.to) for person in batch if isinstance(person, Address)}
    sent = set(found.filter(person=None, to__in=bare).values_list("to", flat=True)) if bare else set()
    return [
        person
        for person in batch
        if (address(person.to) not in sent if isinstance(person, Address) else person.pk not in have)
    ]


def _address_of(recipient):
    if isinstance(recipient, Address):
        return channel_and_address(None, recipient.to)[1]
    return channel_and_address(recipient)[1]


def _insert(messages):
    """Save `messages` in a few INSERTs (core.rows: bulk_create's preparing of each value was half of a list
    import's messages); when a racing request inserted some first, each alone, giving way."""
    try:
        with transaction.atomic():
            rows.insert_many(messages)
    except IntegrityError:
        for message in messages:
            message.pk, message._state.adding = None, True
            try:
                with transaction.atomic():
                    message.save()
            except IntegrityError:
                message.pk = None


def retry(message, *, by):
    """Queue a failed message again, at once: its attempts start over (audited)."""
    with transaction.atomic():
        updated = Message.objects.filter(pk=message.pk, status=Status.FAILED).update(
            status=Status.QUEUED, attempts=0, error="", send_after=None
        )
        if updated:
            audit.record(by, "message.retried", message, kind=message.kind)
            tasks.enqueue([message.pk])
    message.refresh_from_db()
    return message


def opt_out(raw_address, *, source, by=None):
    """Nothing more goes to this phone or email: recorded once, audited, its queued messages not sent."""
    to = address(raw_address)
    with transaction.atomic():
        record, created = OptOut.objects.get_or_create(address=to, defaults={"source": source, "by": by})
        stopped = Message.objects.filter(to=to, status=Status.QUEUED).update(
            status=Status.NOT_SENT, reason=NotSentReason.OPTED_OUT
        )
        if created:
            audit.record(by, "message.opted_out", record, source=source, stopped=stopped)
    return record


# A reply that ends every message: STOP, or «توقف» (folded: any case, spaces, diacritics and tatweel).
STOP_WORDS = frozenset({"stop", "توقف"})


def is_stop(text):
    return fold_compact(text) in STOP_WORDS


def record_reply(sender, text):
    """An SMS a person sent back: STOP opts their number out (audited). Whether it did."""
    if not is_stop(text):
        return False
    opt_out(sender, source=OptOut.Source.REPLY)
    return True


def record_report(reference, status):
    """The gateway's delivery report on message `reference`; the message, or None when there is no such one.

    A report may come before the worker recorded the gateway's answer (a quick gateway): it counts all the same."""
    message = Message.objects.filter(pk=int(reference)).first() if str(reference).isdigit() else None
    if message is None:
        return None
    now = timezone.now()
    pending = Message.objects.filter(pk=message.pk, status__in=[Status.QUEUED, Status.SENT])
    if status == Status.DELIVERED:
        pending.update(status=Status.DELIVERED, delivered=now, sent=Coalesce("sent", Value(now)))
    else:
        pending.update(status=Status.FAILED, error="delivery report: failed")
    message.refresh_from_db()
    return message


def is_opted_out(to):
    return OptOut.objects.filter(address=to).exists()


def _existing(caravan, person, kind, key, to):
    found = Message.objects.filter(caravan=caravan, person=person, kind=kind, key=key)
    if person is None:
        found = found.filter(to=address(to))
    return found.first()


def _build(
    kind,
    *,
    person,
    caravan,
    context,
    key,
    language,
    by,
    opted_out,
    to="",
    send_after=None,
    transactional=None,
    text=None,
):
    """An unsaved Message: its channel, address, text and whether it may go."""
    channel, to = channel_and_address(person, to)
    language = language or (person.language if person is not None else "") or settings.LANGUAGE_CODE
    if transactional is None:
        transactional = kind not in NOT_TRANSACTIONAL
    reason = why_not_sent(
        channel,
        to,
        consent=person.messages_consent if person is not None else True,
        transactional=transactional,
        opted_out=(to in opted_out) if opted_out is not None else bool(to) and is_opted_out(to),
    )
    return Message(
        caravan=caravan,
        person=person,
        channel=channel or ChannelKind.SMS,
        kind=kind,
        key=key,
        language=language,
        to=to,
        text=text if text is not None else texts.render(kind, language, context),
        status=Status.NOT_SENT if reason else Status.QUEUED,
        reason=reason,
        send_after=send_after,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
