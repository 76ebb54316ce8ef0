"""Check-in at the venue: exactly once per person and day, however many agents scan the same badge at once.

`check_in` answers every scan with an outcome for the agent's screen (a repeat or an unknown badge is an
answer to show, not a failure); `undo_check_in` takes a mistaken scan back and raises when it may not."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit, rows
from people.models import Person
from places.models import Province
from registration.models import Decision, Registration, clean_code, read_digits

from .models import CheckIn

CHECKED_IN = "checked_in"
ALREADY = "already"
UNKNOWN_CODE = "unknown_code"
NOT_ACCEPTED = "not_accepted"
NOT_A_CARAVAN_DAY = "not_a_caravan_day"

MESSAGES = {
    CHECKED_IN: _("Checked in. Welcome!"),
    ALREADY: _("Already checked in today."),
    UNKNOWN_CODE: _("No registration of this caravan has this badge code."),
    NOT_ACCEPTED: _("This registration is not accepted: send the person to the registration desk."),
    NOT_A_CARAVAN_DAY: _("This date is not a day of the caravan."),
}


class CheckInError(ValidationError):
    """A refused check-in action; `code` is stable for tests and API clients."""


@dataclass(frozen=True)
class Outcome:
    """What a scan did: `code` (stable), and the registration and check-in it concerns when there are some.

    For `already`, `checkin` is the earlier check-in (its time and agent)."""

    code: str
    registration: Registration | None = None
    checkin: CheckIn | None = None

    @property
    def message(self):
        return MESSAGES[self.code]


def _registration_by_badge(caravan, code):
    """The registration with this badge code, its person and their province (None if none): hand-written, as
    core.rows explains, since every scan asks."""
    found = rows.one_row(
        f"SELECT {rows.columns(Registration, 'r')}, {rows.columns(Person, 'p')}, {rows.columns(Province, 'v')}"
        f" FROM {rows.table(Registration)} r JOIN {rows.table(Person)} p ON p.id = r.person_id"
        f" LEFT JOIN {rows.table(Province)} v ON v.id = p.province_id"
        " WHERE r.caravan_id = %s AND r.badge_code = %s",
        [caravan.pk, code],
        Registration,
        Person,
        Province,
    )
    if found is None:
        return None
    registration, person, province = found
    registration.person, person.province = person, province
    return registration


def _earlier(registration, day):
    return CheckIn.objects.active().select_related("agent").filter(registration=registration, day=day).first()


def _insert(checkin):
    """One INSERT. The check-in row is its own record of who checked whom in and when (never deleted; an undo
    is audited), so no audit entry is written with it: on SQLite a second insert in the same transaction held
    the only write lock long enough to make agents wait (measured: 0.25 of the bare view's rate and p99 55 ms
    with it, 0.32 and 28 ms without)."""
    if transaction.get_connection().in_atomic_block:
        # A savepoint: inside the caller's transaction (a walk-in's registration) a refused insert would
        # otherwise break it on PostgreSQL.
        with transaction.atomic():
            return rows.insert(checkin)
    # Alone, the statement is its own transaction: the shortest hold of the write lock there is.
    return rows.insert(checkin)


def check_in(caravan, code, day, agent):
    """Check the badge `code` in on `day` (a date of the caravan) by `agent`; see Outcome for the answer."""
    if not caravan.start_date <= day <= caravan.end_date:
        return Outcome(NOT_A_CARAVAN_DAY)
    code = clean_code(code)
    registration = code and _registration_by_badge(caravan, code)
    if not registration and code and read_digits(code) != code:  # 8 typed as B, from a read-aloud code
        registration = _registration_by_badge(caravan, read_digits(code))
    return check_in_found(caravan, registration, day, agent)


def check_in_found(caravan, registration, day, agent):
    """check_in for a badge already looked up (None: nobody's), with its person and their province: the API
    reads it with the caller's token and roles in one statement (api/checkins.py)."""
    if not caravan.start_date <= day <= caravan.end_date:
        return Outcome(NOT_A_CARAVAN_DAY)
    if not registration:
        return Outcome(UNKNOWN_CODE)
    if registration.decision != Decision.ACCEPTED:
        return Outcome(NOT_ACCEPTED, registration)
    # Insert first: in the first hour nearly every scan is a first one, and the unique constraint answers a
    # repeat (or a race between agents) at no cost to them; the earlier check-in is read only then.
    for _attempt in range(2):
        try:
            checkin = _insert(CheckIn(registration=registration, day=day, at=timezone.now(), agent=agent))
            return Outcome(CHECKED_IN, registration, checkin)
        except IntegrityError:
            # Checked in already, by an earlier scan or by another agent's at this very moment.
            earlier = _earlier(registration, day)
            if earlier is not None:
                return Outcome(ALREADY, registration, earlier)
            # …and was undone in between: try once more.
    raise CheckInError(_("This badge is being checked in and undone at once: scan it again."), code="busy")


@transaction.atomic
def undo_check_in(checkin, agent):
    """Take back a mistaken check-in: only its own agent, within two minutes (onsite.models.UNDO_WINDOW)."""
    checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if not checkin.is_active:
        raise CheckInError(_("This check-in was already undone."), code="already_undone")
    if checkin.agent_id != agent.pk:
        raise CheckInError(
            _("Only the agent who checked this person in may undo it."), code="not_your_checkin"
        )
    now = timezone.now()
    if not checkin.can_be_undone(agent, now):
        raise CheckInError(_("A check-in can only be undone in the two minutes after it."), code="too_late")
    checkin.undone_at, checkin.undone_by = now, agent
    checkin.save(update_fields=["undone_at", "undone_by"])
    audit.record(agent, "checkin.undone", checkin)
    return checkin
