"""The organisers' live board, as figures: expected against checked in per day, attended against expected per
session and per workshop group, and who is missing today. Counted in the database (a handful of grouped
queries whatever the number of participants); the view only shows them."""

from dataclasses import dataclass

from django.db.models import Count, Max

from caravans.models import Day, Session
from registration.models import Registration

from ..models import CheckIn, GroupAssignment, SessionAttendance
from .services import NO_ATTENDANCE


@dataclass(frozen=True)
class DayFigures:
    date: object
    expected: int
    checked_in: int

    @property
    def missing(self):
        return max(self.expected - self.checked_in, 0)


@dataclass(frozen=True)
class SessionFigures:
    """`expected` is the workshop group when the session has one (`grouped`), else every accepted participant;
    `checked_in` those of them checked in that day; `attended` those marked present at the session."""

    session: Session
    grouped: bool
    expected: int
    checked_in: int
    attended: int

    @property
    def percent(self):
        return round(100 * self.attended / self.expected) if self.expected else 0


def _accepted(caravan):
    return Registration.objects.accepted().filter(caravan=caravan)


def days(caravan):
    """One DayFigures per date of the caravan (two queries)."""
    expected = _accepted(caravan).count()
    checkins = CheckIn.objects.active().filter(registration__in=_accepted(caravan))
    counted = dict(checkins.values_list("day").annotate(n=Count("id")).order_by())
    return [DayFigures(date, expected, counted.get(date, 0)) for date in caravan.dates()]


def sessions(caravan, date):
    """One SessionFigures per session of the day `date` that takes attendance (five queries)."""
    day = Day.objects.filter(caravan=caravan, date=date).first()
    if day is None:
        return []
    listed = list(Session.objects.filter(day=day).exclude(kind__in=NO_ATTENDANCE).select_related("room"))
    accepted = _accepted(caravan)
    everyone = accepted.count()
    came = CheckIn.objects.active().filter(day=date, registration__in=accepted)
    everyone_came = came.count()
    groups = GroupAssignment.objects.filter(day=day, registration__in=accepted).values("session")
    group_size = _by_session(groups.annotate(n=Count("id")))
    group_came = _by_session(
        groups.filter(registration__in=came.values("registration")).annotate(n=Count("id"))
    )
    attended = SessionAttendance.objects.filter(session__day=day, registration__in=accepted)
    attended = _by_session(attended.values("session").annotate(n=Count("id")))
    figures = []
    for session in listed:
        grouped = session.kind == Session.Kind.WORKSHOP and session.pk in group_size
        figures.append(
            SessionFigures(
                session,
                grouped,
                group_size[session.pk] if grouped else everyone,
                group_came.get(session.pk, 0) if grouped else everyone_came,
                attended.get(session.pk, 0),
            )
        )
    return figures


def _by_session(rows):
    return {row["session"]: row["n"] for row in rows.order_by()}


def missing(caravan, date):
    """The accepted participants not checked in on `date`, by name, each with `groups` (their workshops that
    day, one per time slot, by time): whom to call. Two queries."""
    came = CheckIn.objects.active().filter(day=date).values("registration")
    absent = _accepted(caravan).exclude(pk__in=came)
    groups = GroupAssignment.objects.filter(day__caravan=caravan, day__date=date, registration__in=absent)
    groups = groups.select_related("session").order_by("session__starts_at", "session_id")
    absent = list(absent.select_related("person").order_by("person__full_name_ar", "id"))
    groups_of = {}
    for group in groups:
        groups_of.setdefault(group.registration_id, []).append(group.session)
    for registration in absent:
        registration.groups = groups_of.get(registration.pk, [])
    return absent


def version(caravan):
    """A fingerprint of what the board may show: it changes with any check-in (or undo), attendance mark,
    workshop group, decision or edit of a participant. Four aggregate queries, far cheaper than the board."""
    return repr(
        (
            CheckIn.objects.filter(registration__caravan=caravan).aggregate(
                n=Count("id"), last=Max("id"), undone=Count("undone_at")
            ),
            SessionAttendance.objects.filter(registration__caravan=caravan).aggregate(
                n=Count("id"), last=Max("id")
            ),
            GroupAssignment.objects.filter(day__caravan=caravan).aggregate(
                n=Count("id"), last=Max("assigned_at")
            ),
            Registration.objects.filter(caravan=caravan).aggregate(
                n=Count("id"), last=Max("updated"), person=Max("person__updated")
            ),
        )
    )


def national_phone(phone):
    """`+212612345678` → `06 12 34 56 78`, as people in Morocco read and dial it; other numbers as they are."""
    if not phone.startswith("+212") or len(phone) != 13:
        return phone
    national = "0" + phone[4:]
    return " ".join(national[i : i + 2] for i in range(0, 10, 2))
