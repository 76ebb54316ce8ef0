"""Write actions of the staff pages: a caravan's settings and its programme (days, sessions, speakers,
partners, venues, rooms). Each one validates with the model's `full_clean`, owns its transaction and leaves an
audit entry named `programme.<thing>_<added|changed|removed>` (`caravan.created`, `caravan.changed`).
A caravan's days follow its dates: creating it or changing its dates adds the missing ones (their dates in the
caravan's audit entry), and a date left out takes its day along only when that day has no sessions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import audit

from .models import Caravan, Day, Organisation, Partnership, Room, Session


def caravan_of(obj):
    """The caravan a programme part belongs to (a session through its day, a room through its venue)."""
    if isinstance(obj, Session):
        return obj.day.caravan
    if isinstance(obj, Room):
        return obj.venue.caravan
    return obj.caravan


def _touch(caravan):
    """A programme change is a change of its caravan: readers that cache by `Caravan.updated` see it at once."""
    Caravan.objects.filter(pk=caravan.pk).update(updated=timezone.now())


def _save(actor, obj, action):
    obj.full_clean()
    obj.save()
    caravan = caravan_of(obj)
    _touch(caravan)
    audit.record(actor, action, obj, caravan=caravan.slug)
    return obj


def _remove(actor, obj, action):
    caravan = caravan_of(obj)
    audit.record(actor, action, obj, caravan=caravan.slug, label=str(obj))
    obj.delete()
    _touch(caravan)


def _check_session(session, speakers):
    """Rooms and speakers of another caravan never end up in this one's programme (the API calls this too)."""
    caravan_id = session.day.caravan_id
    if session.room_id and session.room.venue.caravan_id != caravan_id:
        raise ValidationError({"room": _("This room belongs to another caravan.")})
    if any(speaker.caravan_id != caravan_id for speaker in speakers):
        raise ValidationError({"speakers": _("This speaker belongs to another caravan.")})


# Caravan


@transaction.atomic
def create_caravan(actor, caravan):
    """A new draft caravan with one programme day per date, ready for its sessions."""
    caravan.status = Caravan.Status.DRAFT
    caravan.full_clean()
    caravan.save()
    added = _add_missing_days(caravan)
    audit.record(actor, "caravan.created", caravan, days_added=added)
    return caravan


@transaction.atomic
def change_caravan(actor, caravan):
    """Save the caravan; new dates get their days, dates left out lose theirs unless they have sessions."""
    caravan.full_clean()
    outside = caravan.days.exclude(date__range=(caravan.start_date, caravan.end_date))
    busy = sorted({day.date for day in outside.filter(sessions__isnull=False)})
    if busy:
        field = "start_date" if busy[0] < caravan.start_date else "end_date"
        raise ValidationError({field: _days_with_sessions(busy)})
    removed = sorted(day.isoformat() for day in outside.values_list("date", flat=True))
    outside.delete()
    caravan.save()
    added = _add_missing_days(caravan)
    audit.record(actor, "caravan.changed", caravan, days_added=added, days_removed=removed)
    return caravan


def _add_missing_days(caravan):
    """A day for each date of the caravan that has none (again and again: nothing twice); their dates.

    As in the Tangier caravan, the first date is a study day (the partners' talks) and the others are
    training days; a caravan that already has a study day keeps it as its only one."""
    taken = set(caravan.days.values_list("date", flat=True))
    has_study_day = caravan.days.filter(kind=Day.Kind.STUDY).exists()
    new = [
        Day(
            caravan=caravan,
            date=date,
            kind=Day.Kind.STUDY if date == caravan.start_date and not has_study_day else Day.Kind.TRAINING,
        )
        for date in caravan.dates()
        if date not in taken
    ]
    Day.objects.bulk_create(new)
    return [day.date.isoformat() for day in new]


def _days_with_sessions(dates):
    listed = ", ".join(formats.date_format(date, "j F Y") for date in dates)
    return ngettext(
        "The programme day of %(dates)s has sessions: move or delete them before leaving that date out.",
        "The programme days of %(dates)s have sessions: move or delete them before leaving these dates out.",
        len(dates),
    ) % {"dates": listed}


def next_free_date(caravan):
    """The first caravan date without its programme day, or None when every date has one."""
    taken = set(caravan.days.values_list("date", flat=True))
    return next((date for date in caravan.dates() if date not in taken), None)


def next_session_times(day):
    """Where a new session of `day` most likely goes: after the last one, lasting as long (default 09:00, 90 min)."""
    last = day.sessions.order_by("-ends_at").first() if day else None
    if last is None:
        return datetime.time(9, 0), datetime.time(10, 30)
    today = datetime.date.today()
    length = datetime.datetime.combine(today, last.ends_at) - datetime.datetime.combine(today, last.starts_at)
    end = datetime.datetime.combine(today, last.ends_at) + length
    return last.ends_at, (end.time() if end.date() == today else datetime.time(23, 59))


# Days


def _check_day(day):
    if Day.objects.filter(caravan=day.caravan, date=day.date).exclude(pk=day.pk).exists():
        raise ValidationError({"date": _("This date already has its programme day.")})


@transaction.atomic
def add_day(actor, day):
    _check_day(day)
    return _save(actor, day, "programme.day_added")


@transaction.atomic
def change_day(actor, day):
    _check_day(day)
    return _save(actor, day, "programme.day_changed")


@transaction.atomic
def remove_day(actor, day):
    _remove(actor, day, "programme.day_removed")


# Sessions


@transaction.atomic
def add_session(actor, session, speakers=()):
    _check_session(session, speakers)
    _save(actor, session, "programme.session_added")
    session.speakers.set(speakers)
    return session


@transaction.atomic
def change_session(actor, session, speakers=()):
    _check_session(session, speakers)
    _save(actor, session, "programme.session_changed")
    session.speakers.set(speakers)
    return session


@transaction.atomic
def remove_session(actor, session):
    _remove(actor, session, "programme.session_removed")


# Speakers and trainers


@transaction.atomic
def add_speaker(actor, speaker):
    return _save(actor, speaker, "programme.speaker_added")


@transaction.atomic
def change_speaker(actor, speaker):
    return _save(actor, speaker, "programme.speaker_changed")


@transaction.atomic
def remove_speaker(actor, speaker):
    _remove(actor, speaker, "programme.speaker_removed")


# Partners (with a new organisation when the institution is not known yet)


def _save_organisation(actor, partnership, organisation):
    if organisation is None:
        return
    if Organisation.objects.filter(name_fr__iexact=organisation.name_fr.strip()).exists():
        raise ValidationError(
            {"new_name_fr": _("An organisation with this name exists already: choose it in the list.")}
        )
    organisation.full_clean()
    organisation.save()
    audit.record(actor, "programme.organisation_added", organisation, caravan=partnership.caravan.slug)
    partnership.organisation = organisation


def _check_partner(partnership):
    others = Partnership.objects.filter(
        caravan_id=partnership.caravan_id, organisation_id=partnership.organisation_id
    )
    if others.exclude(pk=partnership.pk).exists():
        raise ValidationError({"organisation": _("This organisation is already a partner of this caravan.")})


@transaction.atomic
def add_partner(actor, partnership, new_organisation=None):
    _save_organisation(actor, partnership, new_organisation)
    _check_partner(partnership)
    return _save(actor, partnership, "programme.partner_added")


@transaction.atomic
def change_partner(actor, partnership, new_organisation=None):
    _save_organisation(actor, partnership, new_organisation)
    _check_partner(partnership)
    return _save(actor, partnership, "programme.partner_changed")


@transaction.atomic
def remove_partner(actor, partnership):
    _remove(actor, partnership, "programme.partner_removed")


# Venues and rooms


@transaction.atomic
def add_venue(actor, venue):
    return _save(actor, venue, "programme.venue_added")


@transaction.atomic
def change_venue(actor, venue):
    return _save(actor, venue, "programme.venue_changed")


@transaction.atomic
def remove_venue(actor, venue):
    _remove(actor, venue, "programme.venue_removed")


@transaction.atomic
def add_room(actor, room):
    return _save(actor, room, "programme.room_added")


@transaction.atomic
def change_room(actor, room):
    return _save(actor, room, "programme.room_changed")


@transaction.atomic
def remove_room(actor, room):
    _remove(actor, room, "programme.room_removed")
