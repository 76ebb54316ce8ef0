"""Write actions on caravans: each one owns its transaction and leaves an audit entry."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.permissions import Role

from .letterhead import copy_logo
from .models import Caravan, Letterhead, StaffAssignment

# Forward one step, or back one step to correct a mistake; never a jump.
STATUS_ORDER = [
    Caravan.Status.DRAFT,
    Caravan.Status.REGISTRATION_OPEN,
    Caravan.Status.RUNNING,
    Caravan.Status.CLOSED,
]


class CaravanError(ValidationError):
    """A refused caravan action; `code` is stable for tests and API clients."""


def allowed_statuses(caravan):
    index = STATUS_ORDER.index(caravan.status)
    return [STATUS_ORDER[i] for i in (index - 1, index + 1) if 0 <= i < len(STATUS_ORDER)]


def status_refusal(caravan, status):
    """Why `caravan` cannot move to `status` now (a CaravanError), or None when it can."""
    if status not in allowed_statuses(caravan):
        return CaravanError(
            _("A caravan moves one step at a time: draft, registration open, running, closed."),
            code="status_jump",
        )
    if status != Caravan.Status.DRAFT and not caravan.days.exists():
        return CaravanError(
            _("Add the caravan's days to its programme before opening it."), code="no_programme"
        )
    return None


@transaction.atomic
def change_status(caravan, status, actor):
    caravan = Caravan.objects.select_for_update().get(pk=caravan.pk)
    if status == caravan.status:
        return caravan
    if refusal := status_refusal(caravan, status):
        raise refusal
    previous, caravan.status = caravan.status, status
    caravan.save(update_fields=["status", "updated"])
    audit.record(actor, "caravan.status_changed", caravan, previous=previous, status=status)
    return caravan


def _shifted(moment, shift):
    """`moment` moved by whole days on the local clock (the same hour after a change of daylight saving)."""
    if moment is None:
        return None
    return timezone.make_aware(timezone.make_naive(moment) + shift)


@transaction.atomic
def copy_caravan(source, new_slug, actor=None, start=None, capacity=None):
    """The next stop of a travelling caravan: same programme, partners with their logos, rules, letterhead and
    signatories, dates shifted; no people but the organiser who copies it, who organises the copy (a coordinator
    sees every caravan anyway)."""
    if Caravan.objects.filter(slug=new_slug).exists():
        raise CaravanError(_("A caravan with this short name already exists."), code="slug_taken")
    shift = (start - source.start_date) if start else datetime.timedelta(0)
    copy = Caravan.objects.get(pk=source.pk)
    copy.pk = None
    copy.slug = new_slug
    copy.status = Caravan.Status.DRAFT
    copy.start_date += shift
    copy.end_date += shift
    copy.registration_opens = _shifted(copy.registration_opens, shift)
    copy.registration_closes = _shifted(copy.registration_closes, shift)
    if capacity is not None:
        copy.capacity = capacity
    copy.full_clean()
    copy.save()

    for partnership in source.partnerships.all():
        logo = partnership.logo
        partnership.pk, partnership.caravan, partnership.logo = None, copy, ""
        partnership.save()
        copy_logo(logo, partnership)
    if letterhead := Letterhead.objects.filter(caravan=source).first():
        letterhead.pk, letterhead.caravan = None, copy
        letterhead.save()
    for signatory in source.signatories.all():
        signatory.pk, signatory.caravan = None, copy
        signatory.save()
    rooms = {}
    for venue in source.venues.prefetch_related("rooms"):
        old_rooms = list(venue.rooms.all())
        venue.pk, venue.caravan = None, copy
        venue.save()
        for room in old_rooms:
            old_pk = room.pk
            room.pk, room.venue = None, venue
            room.save()
            rooms[old_pk] = room
    speakers = {}
    for speaker in source.speakers.all():
        old_pk = speaker.pk
        speaker.pk, speaker.caravan, speaker.user = None, copy, None  # trainers are people: not copied
        speaker.save()
        speakers[old_pk] = speaker
    for day in source.days.prefetch_related("sessions__speakers"):
        sessions = list(day.sessions.all())
        day.pk, day.caravan, day.date = None, copy, day.date + shift
        day.save()
        for session in sessions:
            speaker_ids = [s.pk for s in session.speakers.all()]
            session.pk, session.day = None, day
            session.room = rooms.get(session.room_id)
            session.save()
            session.speakers.set([speakers[pk] for pk in speaker_ids])
    audit.record(actor, "caravan.copied", copy, source=source.slug)
    if actor is not None and source.staff.filter(user=actor, role=Role.ORGANISER).exists():
        StaffAssignment.objects.create(user=actor, caravan=copy, role=Role.ORGANISER)
        audit.record(actor, "team.added", copy, user=actor.username, role=Role.ORGANISER.value)
    return copy
