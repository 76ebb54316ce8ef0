"""Check-in at the venue: exactly once per person and day, however many agents scan the same badge at once.

`check_in` answers every scan with an outcome for the agent's screen (a repeat or an unknown badge is an
answer to show, not a failure); `undo_check_in` takes a mistaken scan back and raises when it may not."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from registration.models import Decision, Registration

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


def clean_code(raw):
    """A badge code as typed or scanned: case, spaces and dashes do not matter."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def _one(queryset):
    """The row of a unique lookup, or None: without first()'s ORDER BY, which costs more to build than to run."""
    found = list(queryset.order_by()[:1])
    return found[0] if found else None


def _earlier(registration, day):
    return CheckIn.objects.active().select_related("agent").filter(registration=registration, day=day).first()


def check_in(caravan, code, day, agent):
    """Check the badge `code` in on `day` (a date of the caravan) by `agent`; see Outcome for the answer."""
    if not caravan.start_date <= day <= caravan.end_date:
        return Outcome(NOT_A_CARAVAN_DAY)
    code = clean_code(code)
    registration = code and _one(
        Registration.objects.select_related("person__province").filter(caravan=caravan, badge_code=code)
    )
    if not registration:
        return Outcome(UNKNOWN_CODE)
    if registration.decision != Decision.ACCEPTED:
        return Outcome(NOT_ACCEPTED, registration)
    # Insert first: in the first hour nearly every scan is a first one, and the unique constraint answers a
    # repeat (or a race between agents) at no cost to them; the earlier check-in is read only then.
    for _attempt in range(2):
        try:
            with transaction.atomic():
                checkin = CheckIn.objects.create(
                    registration=registration, day=day, at=timezone.now(), agent=agent
                )
                audit.record(agent, "checkin.recorded", checkin, day=day.isoformat())
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
