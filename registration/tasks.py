"""The messages sent before a caravan: the convocation two days before its first day (where, when, what to
bring) and a reminder the day before, to every accepted person.

`queue_convocations` runs every hour (`core.jobs.periodic`): each run queues what is due today and finds the
others already queued (the outbox's one row per person, kind and caravan), so a worker stopped for a few
hours, or two runs of the same day, still send each person one convocation and one reminder. They are handed
to the gateway from SEND_AT, Morocco's time: a person accepted later in the day gets theirs at once.
"""

import datetime

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from caravans.models import Caravan, Session, Venue
from core.jobs import periodic
from messaging import outbox
from messaging.models import Kind, Message

from .notify import person_name

# Kind → how many days before the first day it is sent.
BEFORE = {Kind.CONVOCATION: 2, Kind.REMINDER: 1}
SEND_AT = datetime.time(10, 0)


@periodic(datetime.timedelta(hours=1))
@task()
def queue_convocations():
    """Queue the convocations of the caravans starting in two days and the reminders of those starting
    tomorrow; how many messages were queued."""
    today = timezone.localdate()
    queued = 0
    for kind, days in BEFORE.items():
        caravans = Caravan.objects.filter(start_date=today + datetime.timedelta(days=days)).exclude(
            status__in=[Caravan.Status.DRAFT, Caravan.Status.CLOSED]
        )
        for caravan in caravans:
            queued += convoke(caravan, kind, send_after=_at(today, SEND_AT))
    return queued


def _at(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


def convoke(caravan, kind, *, send_after=None):
    """Queue `kind` (convocation or reminder) to every accepted person of `caravan` who has no such message yet;
    how many messages were written (queued, or not sent with their reason)."""
    have = Message.objects.filter(caravan=caravan, kind=kind, key="").values_list("person_id", flat=True)
    registrations = caravan.registrations.accepted().exclude(person__in=have).select_related("person")
    meeting = {language: where_and_when(caravan, language) for language in ("ar", "fr")}
    for registration in registrations:
        person = registration.person
        language = person.language or "ar"
        outbox.queue(
            kind,
            person=person,
            caravan=caravan,
            context={**meeting[language], "name": person_name(person, language)},
            send_after=send_after,
        )
    return len(registrations)


def where_and_when(caravan, language):
    """The placeholders of a convocation in `language`: the caravan, the place, the first day, the time of its
    first session (the place of that session's room, else the caravan's first venue), what to bring."""
    first = (
        Session.objects.filter(day__caravan=caravan, day__date=caravan.start_date)
        .select_related("room__venue")
        .order_by("starts_at", "id")
        .first()
    )
    venue = first.room.venue if first and first.room else Venue.objects.filter(caravan=caravan).first()
    comma = "، " if language == "ar" else ", "
    with translation.override(language):
        parts = [venue.name, venue.address] if venue else []
        if caravan.city not in " ".join(parts):
            parts.append(caravan.city)
        place = comma.join(part for part in parts if part)
        return {
            "caravan": caravan.title,
            "place": place,
            "date": formats.date_format(caravan.start_date, "l j F"),
            "time": formats.time_format(first.starts_at, "H:i") if first else "",
            "bring": _("your national identity card (CIN)"),
        }
