"""A participant's ranked workshop wishes: among a day's parallel workshops (sessions of kind workshop), those
they would like to attend, best first, at most three per time slot.

A time slot is derived from the programme, not stored: a day's workshops whose times overlap, directly or
through a chain of overlaps, are alternatives held at the same time (a participant attends one of them);
workshops at times that do not overlap are in different slots, and a participant attends one of each. A
model of its own would have to be kept in step with every change of a session's times; reading the times
cannot disagree with them. Slots are numbered 1, 2… in the day's order.

Collected on the registration forms (whatever the decision: a waitlisted person promoted later keeps their
wishes) and at the venue (`onsite.groups.set_preferences`, accepted participants only); the workshop groups
of onsite read them, for accepted people only.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from caravans.models import Day, Session
from core import audit

from .models import MAX_WORKSHOP_PREFERENCES, WorkshopPreference

RECORDED = "groups.preferences_recorded"

MESSAGES = {
    "not_a_workshop": _("This is not one of the day's workshops."),
    "too_many_preferences": _("A participant may name at most three workshops held at the same time."),
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


@dataclass(frozen=True)
class Slot:
    """A day's workshops held at the same time (their times overlap): a participant attends one of them."""

    day: Day
    number: int  # 1, 2… in the day's order
    sessions: tuple  # the workshops, in programme order

    @property
    def session_ids(self):
        return tuple(s.pk for s in self.sessions)

    @property
    def starts_at(self):
        return min(s.starts_at for s in self.sessions)

    @property
    def ends_at(self):
        return max(s.ends_at for s in self.sessions)

    @property
    def label(self):
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def queryset(self):
        """Its workshops as a QuerySet (for form fields)."""
        return workshop_sessions(self.day).filter(pk__in=self.session_ids)


def slots_of(day, sessions):
    """The time slots of `day`'s workshops `sessions` (in programme order): each one starts where no earlier
    workshop is still running."""
    found, current, ends = [], [], None
    for session in sessions:
        if current and session.starts_at >= ends:
            found.append(Slot(day, len(found) + 1, tuple(current)))
            current = []
        ends = session.ends_at if not current else max(ends, session.ends_at)
        current.append(session)
    if current:
        found.append(Slot(day, len(found) + 1, tuple(current)))
    return found


def slots(day):
    """The day's time slots of workshops, in order (one query)."""
    return slots_of(day, workshops(day))


def slot_of(session):
    """The time slot `session`, a workshop, belongs to."""
    return next(slot for slot in slots(session.day) if session.pk in slot.session_ids)


def days_with_workshops(caravan):
    """The caravan's days that have parallel workshops, in order."""
    return list(caravan.days.filter(sessions__kind=Session.Kind.WORKSHOP).distinct().order_by("date"))


def slots_by_day(caravan):
    """[(day, [its time slots])] for the caravan's days with workshops, in one query."""
    sessions = Session.objects.filter(day__caravan=caravan, kind=Session.Kind.WORKSHOP).select_related("day")
    by_day = {}
    for session in sessions.select_related("room").order_by("day__date", "starts_at", "id"):
        by_day.setdefault(session.day, []).append(session)
    return [(day, slots_of(day, shops)) for day, shops in by_day.items()]


# --- Checks and writes --------------------------------------------------------------------------------


def check_preferences(day, sessions, day_slots=None):
    """Refuse (`PreferenceError`) wishes that are not workshops of `day`, distinct, at most three per time slot.

    `day_slots`: the day's time slots when the caller already has them."""
    slot_of_session = {
        pk: slot.number
        for slot in (slots(day) if day_slots is None else day_slots)
        for pk in slot.session_ids
    }
    if any(s.pk not in slot_of_session for s in sessions):
        raise PreferenceError("not_a_workshop")
    if len({s.pk for s in sessions}) < len(sessions):
        raise PreferenceError("repeated_workshop")
    per_slot = Counter(slot_of_session[s.pk] for s in sessions)
    if any(n > MAX_WORKSHOP_PREFERENCES for n in per_slot.values()):
        raise PreferenceError("too_many_preferences")
    return slot_of_session


def set_preferences(registration, day, sessions, actor):
    """Record `registration`'s wishes among `day`'s workshops, whatever its decision: `sessions` best first
    within each time slot (at most three per slot; the order between slots does not matter). Replaces their
    earlier wishes for that day; an empty list clears them."""
    sessions = [s for s in sessions if s is not None]
    if registration.caravan_id != day.caravan_id:
        raise PreferenceError("other_caravan")
    slot_of_session = check_preferences(day, sessions)
    ranks = Counter()
    wishes = []
    for session in sessions:
        ranks[slot_of_session[session.pk]] += 1
        wishes.append(
            WorkshopPreference(
                registration=registration, session=session, rank=ranks[slot_of_session[session.pk]]
            )
        )
    with transaction.atomic():
        WorkshopPreference.objects.filter(registration=registration, session__day=day).delete()
        WorkshopPreference.objects.bulk_create(wishes)
        audit.record(
            actor, RECORDED, registration, day=day.date.isoformat(), sessions=[s.pk for s in sessions]
        )
