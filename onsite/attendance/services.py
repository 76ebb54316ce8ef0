"""Session attendance: who was present at which session, marked by its trainer in bulk from a list, or by the
participant typing their badge code on the page the session's QR code opens.

`mark_present` and `mark_absent` are the trainer's (a list saved, a mistake taken back); `present_by_scan`
answers a participant's phone with an Outcome (a repeat or an unknown code is an answer to show, not a
failure); `attendance_of` is what the certificate rule reads. Breaks and ceremonies have no attendance.
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caravans.models import Session
from core import audit
from core.permissions import Role
from registration.models import Decision, Registration

from ..models import CheckIn, SessionAttendance

PRESENT = "present"
ALREADY = "already"
BAD_TOKEN = "bad_token"
UNKNOWN_CODE = "unknown_code"
NOT_ACCEPTED = "not_accepted"
OTHER_CARAVAN = "other_caravan"
NOT_TODAY = "not_today"
NOT_OPEN = "not_open"

MESSAGES = {
    PRESENT: _("You are marked present. Thank you!"),
    ALREADY: _("You were already marked present at this session."),
    BAD_TOKEN: _("This session code is not valid: scan the QR code on the screen again."),
    UNKNOWN_CODE: _("No badge has this code. Check the code printed on your badge."),
    NOT_ACCEPTED: _("This registration is not accepted: please see the registration desk."),
    OTHER_CARAVAN: _("This badge is for another caravan: please see the registration desk."),
    NOT_TODAY: _("This session does not take place today."),
    NOT_OPEN: _(
        "Attendance for this session is not open now: it opens half an hour before the session and closes an "
        "hour after it."
    ),
}

# The QR code can be scanned from a little before the session until a while after it (late arrivals, a
# session running over, a queue of phones at the door).
OPENS_BEFORE = datetime.timedelta(minutes=30)
CLOSES_AFTER = datetime.timedelta(minutes=60)
NO_ATTENDANCE = Session.NO_ATTENDANCE
TOKEN_SALT = "onsite.session-attendance"


class AttendanceError(ValidationError):
    """A refused attendance action; `code` is stable for tests and API clients."""


@dataclass(frozen=True)
class Outcome:
    """What a participant's badge code did at a session: `code` (stable) and what it concerns."""

    code: str
    session: Session | None = None
    registration: Registration | None = None
    attendance: SessionAttendance | None = None

    @property
    def message(self):
        return MESSAGES[self.code]

    @property
    def ok(self):
        return self.code in (PRESENT, ALREADY)


# --- Which sessions, who may mark them ------------------------------------------------------------------


def sessions_of(caravan):
    """The caravan's sessions that take attendance, in programme order, with their day."""
    return Session.objects.filter(day__caravan=caravan).exclude(kind__in=NO_ATTENDANCE).select_related("day")


def marks_every_session(roles):
    """Organisers and coordinators mark any session of their caravan; a trainer only their own."""
    return bool(set(roles) & {Role.COORDINATOR, Role.ORGANISER})


def markable_sessions(caravan, user, roles):
    sessions = sessions_of(caravan)
    if marks_every_session(roles):
        return sessions
    return sessions.filter(speakers__user=user).distinct()


def expected(session):
    """Who is expected at `session`, by name: the workshop's group when the group is set (and whoever scanned
    into it from another group: they are in the room), else every accepted participant of the caravan. Each
    registration has `checked_in` (that day), `present` (this session) and `outside_group`."""
    registrations = Registration.objects.accepted().filter(caravan_id=session.day.caravan_id)
    present = present_ids(session)
    group = set()
    if session.kind == Session.Kind.WORKSHOP:
        group = set(registrations.filter(group_assignments__session=session).values_list("pk", flat=True))
    if group:
        registrations = registrations.filter(pk__in=group | present)
    registrations = registrations.select_related("person").order_by("person__full_name_ar", "id")
    listed = list(registrations)
    ids = [r.pk for r in listed]
    checked_in = set(
        CheckIn.objects.active()
        .filter(day=session.day.date, registration__in=ids)
        .values_list("registration_id", flat=True)
    )
    for registration in listed:
        registration.checked_in = registration.pk in checked_in
        registration.present = registration.pk in present
        registration.outside_group = bool(group) and registration.pk not in group
    return listed


def present_ids(session):
    return set(SessionAttendance.objects.filter(session=session).values_list("registration_id", flat=True))


# --- The trainer's list ---------------------------------------------------------------------------------


def _checked(session, registrations):
    """The registrations as a list, refused whole if one is not an accepted participant of this caravan."""
    registrations = list(registrations)
    for registration in registrations:
        if registration.caravan_id != session.day.caravan_id:
            raise AttendanceError(_("This person is not registered to this caravan."), code=OTHER_CARAVAN)
        if registration.decision != Decision.ACCEPTED:
            raise AttendanceError(_("This registration is not accepted."), code=NOT_ACCEPTED)
    if session.kind in NO_ATTENDANCE:
        raise AttendanceError(_("Breaks and ceremonies take no attendance."), code="no_attendance")
    return registrations


@transaction.atomic
def mark_present(session, registrations, actor):
    """Mark `registrations` present at `session` by `actor` (its trainer); those already present stay as they
    were. Returns how many were newly marked. All or nothing, one audit entry."""
    registrations = _checked(session, registrations)
    already = present_ids(session)
    new = [r for r in {r.pk: r for r in registrations}.values() if r.pk not in already]
    if not new:
        return 0
    now = timezone.now()
    # ignore_conflicts: a participant's scan landing between the read above and this insert is no error.
    SessionAttendance.objects.bulk_create(
        [
            SessionAttendance(
                registration=r, session=session, channel=SessionAttendance.Channel.TRAINER, at=now, by=actor
            )
            for r in new
        ],
        ignore_conflicts=True,
    )
    audit.record(actor, "attendance.marked", session, registrations=sorted(r.pk for r in new))
    return len(new)


@transaction.atomic
def mark_absent(session, registrations, actor):
    """Take back `registrations`' presence at `session` (a trainer's mistake), however it was marked.
    Returns how many were removed; one audit entry."""
    registrations = _checked(session, registrations)
    ids = sorted({r.pk for r in registrations})
    removed, _detail = SessionAttendance.objects.filter(session=session, registration__in=ids).delete()
    if removed:
        audit.record(actor, "attendance.unmarked", session, registrations=ids)
    return removed


# --- The participant's phone ----------------------------------------------------------------------------


def session_token(session):
    """The unguessable part of the session's QR address: the session id, signed (no personal data)."""
    return signing.Signer(salt=TOKEN_SALT).sign(str(session.pk))


def session_from_token(token):
    """The session a token was made for, or None for a forged, damaged or stale one."""
    try:
        pk = int(signing.Signer(salt=TOKEN_SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return None
    session = Session.objects.select_related("day__caravan").filter(pk=pk).first()
    if session is None or session.kind in NO_ATTENDANCE:
        return None
    return session


def is_open(session, now):
    """(whether the QR code may be used at `now`, the refusal code when not)."""
    local = timezone.localtime(now)
    if local.date() != session.day.date:
        return False, NOT_TODAY
    opens = datetime.datetime.combine(session.day.date, session.starts_at) - OPENS_BEFORE
    closes = datetime.datetime.combine(session.day.date, session.ends_at) + CLOSES_AFTER
    if not opens <= local.replace(tzinfo=None) <= closes:
        return False, NOT_OPEN
    return True, None


def present_by_scan(token, badge_code, now=None):
    """The participant whose badge shows `badge_code` is present at the session of `token`; see Outcome."""
    session = session_from_token(token)
    if session is None:
        return Outcome(BAD_TOKEN)
    now = now or timezone.now()
    is_open_now, refusal = is_open(session, now)
    if not is_open_now:
        return Outcome(refusal, session)
    return _mark_badge(session, badge_code, SessionAttendance.Channel.SCAN, now, None)


# --- The badge scanned at the door ----------------------------------------------------------------------


def present_by_badge(session, badge_code, at, actor):
    """The participant whose badge shows `badge_code`, scanned at `session`'s door at `at` by `actor` (a
    trainer or an agent, online or from a phone's queue), is present; see Outcome. Exactly once: a repeat, or
    the same person marked by the trainer's list, is `already` with the first mark."""
    if timezone.localtime(at).date() != session.day.date:
        return Outcome(NOT_TODAY, session)
    return _mark_badge(session, badge_code, SessionAttendance.Channel.BADGE, at, actor)


ACTIONS = {
    SessionAttendance.Channel.SCAN: "attendance.scanned",
    SessionAttendance.Channel.BADGE: "attendance.badge_scanned",
}


def _mark_badge(session, badge_code, channel, at, actor):
    """The accepted participant of `session`'s caravan with that badge is present (`channel` says how), once."""
    registration = Registration.objects.by_badge_code(badge_code).first()
    if not registration:
        return Outcome(UNKNOWN_CODE, session)
    if registration.caravan_id != session.day.caravan_id:
        return Outcome(OTHER_CARAVAN, session)
    if registration.decision != Decision.ACCEPTED:
        return Outcome(NOT_ACCEPTED, session, registration)
    with transaction.atomic():
        attendance, created = SessionAttendance.objects.get_or_create(
            registration=registration,
            session=session,
            defaults={"channel": channel, "at": at, "by": actor},
        )
        if created:
            audit.record(actor, ACTIONS[channel], attendance, session=session.pk)
    return Outcome(PRESENT if created else ALREADY, session, registration, attendance)


# --- What the certificate rule reads --------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One registration's attendance: the dates it was checked in at the venue, the sessions it attended."""

    days: frozenset
    sessions: frozenset


NOBODY = Record(frozenset(), frozenset())


def attendance_of(caravan):
    """{registration id: Record} for every accepted registration of `caravan` (empty Records included), and
    for any other registration that has a check-in or an attendance (e.g. cancelled after the caravan).

    Only active check-ins count (an undone one does not). Three queries whatever the size of the caravan;
    compare `Record.sessions` with `sessions_of(caravan)` for a rule such as "at least 80% of the sessions".
    """
    days, sessions = {}, {}
    checkins = CheckIn.objects.active().filter(registration__caravan=caravan)
    for registration_id, date in checkins.values_list("registration_id", "day"):
        days.setdefault(registration_id, set()).add(date)
    attended = SessionAttendance.objects.filter(registration__caravan=caravan)
    for registration_id, session_id in attended.values_list("registration_id", "session_id"):
        sessions.setdefault(registration_id, set()).add(session_id)
    accepted = Registration.objects.accepted().filter(caravan=caravan).values_list("id", flat=True)
    return {
        pk: Record(frozenset(days.get(pk, ())), frozenset(sessions.get(pk, ())))
        for pk in sorted({*accepted, *days, *sessions})
    }
