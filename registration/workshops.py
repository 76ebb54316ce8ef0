"""A participant's ranked workshop wishes: the day's parallel workshops (sessions of kind workshop) they would
like to attend, best first, at most three a day.

Collected on the registration forms (whatever the decision: a waitlisted person promoted later keeps their
wishes) and at the venue (`onsite.groups.set_preferences`, accepted participants only); the workshop groups
of onsite read them, for accepted people only.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from caravans.models import Session
from core import audit

from .models import MAX_WORKSHOP_PREFERENCES, WorkshopPreference

RECORDED = "groups.preferences_recorded"

MESSAGES = {
    "not_a_workshop": _("This is not one of the day's workshops."),
    "too_many_preferences": _("A participant may name at most three workshops."),
    "repeated_workshop": _("The same workshop is named twice."),
    "other_caravan": _("This day belongs to another caravan."),
}


class PreferenceError(ValidationError):
    """A refused set of workshop wishes; `code` is stable for tests and API clients."""

    MESSAGES = MESSAGES

    def __init__(self, code):
        super().__init__(self.MESSAGES[code], code=code)


# --- Queries ------------------------------------------------------------------------------------------


def workshop_sessions(day):
    """The day's parallel workshops, in programme order, as a QuerySet (for form fields)."""
    sessions = Session.objects.filter(day=day, kind=Session.Kind.WORKSHOP)
    return sessions.select_related("room").order_by("starts_at", "id")


def workshops(day):
    return list(workshop_sessions(day))


def days_with_workshops(caravan):
    """The caravan's days that have parallel workshops, in order."""
    return list(caravan.days.filter(sessions__kind=Session.Kind.WORKSHOP).distinct().order_by("date"))


def workshops_by_day(caravan):
    """[(day, [its workshops in programme order])] for the caravan's days with workshops, in one query."""
    sessions = Session.objects.filter(day__caravan=caravan, kind=Session.Kind.WORKSHOP).select_related("day")
    by_day = {}
    for session in sessions.order_by("day__date", "starts_at", "id"):
        by_day.setdefault(session.day, []).append(session)
    return list(by_day.items())


# --- Checks and writes --------------------------------------------------------------------------------


def check_preferences(day, sessions, shops=None):
    """Refuse (`PreferenceError`) a list of wishes that is not up to three distinct workshops of `day`.

    `shops`: the day's workshops when the caller already has them."""
    if len(sessions) > MAX_WORKSHOP_PREFERENCES:
        raise PreferenceError("too_many_preferences")
    if len({s.pk for s in sessions}) < len(sessions):
        raise PreferenceError("repeated_workshop")
    shop_ids = {s.pk for s in (workshops(day) if shops is None else shops)}
    if any(s.pk not in shop_ids for s in sessions):
        raise PreferenceError("not_a_workshop")


def set_preferences(registration, day, sessions, actor):
    """Record `registration`'s ranked wishes (best first, at most three) among `day`'s workshops, whatever
    its decision. Replaces their earlier wishes for that day; an empty list clears them."""
    sessions = [s for s in sessions if s is not None]
    if registration.caravan_id != day.caravan_id:
        raise PreferenceError("other_caravan")
    check_preferences(day, sessions)
    with transaction.atomic():
        WorkshopPreference.objects.filter(registration=registration, session__day=day).delete()
        WorkshopPreference.objects.bulk_create(
            WorkshopPreference(registration=registration, session=s, rank=rank)
            for rank, s in enumerate(sessions, start=1)
        )
        audit.record(
            actor, RECORDED, registration, day=day.date.isoformat(), sessions=[s.pk for s in sessions]
        )
