"""Writes of the follow-up: planning the contacts of a caravan's projects, and recording a contact with the
outcomes it brought back (staff on the phone, or the holder through the questionnaire), each in its
transaction with its audit entry."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import record
from programmes.matching import STAGE_ORDER
from programmes.models import Stage
from projects import founding
from projects.models import FoundingStep, Project
from projects.services import set_founding_step

from .models import FollowUp, Outcome

# A contact tried this many times without reaching anyone leaves the worklist as "not reached".
MAX_ATTEMPTS = 3


class FollowUpError(ValidationError):
    """A refused follow-up action; `code` is stable for tests and API clients, `field` names the form field."""

    def __init__(self, message, code, field=None):
        super().__init__(message, code=code)
        self.field = field


def followed_projects(caravan):
    """The caravan's projects that are followed up: those of a participant (a holder) or of a cooperative."""
    return Project.objects.of_caravan(caravan)


@transaction.atomic
def plan_follow_ups(caravan):
    """One contact per project and milestone of `caravan.follow_up_months`; contacts of milestones taken out
    of the plan go while nobody has worked on them. Safe to run again: returns how many were added."""
    milestones = dict(caravan.follow_up_dates())
    FollowUp.objects.filter(caravan=caravan, status=FollowUp.Status.DUE, attempts=0).exclude(
        months__in=milestones
    ).delete()
    for months, due in milestones.items():
        FollowUp.objects.filter(caravan=caravan, months=months, status=FollowUp.Status.DUE).exclude(
            due=due
        ).update(due=due)
    existing = set(FollowUp.objects.filter(caravan=caravan).values_list("project_id", "months"))
    new = [
        FollowUp(project_id=pk, caravan=caravan, months=months, due=due)
        for pk in followed_projects(caravan).values_list("pk", flat=True)
        for months, due in milestones.items()
        if (pk, months) not in existing
    ]
    FollowUp.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def change_follow_up_months(actor, caravan, months):
    """The caravan's follow-up milestones (months after its last day), and its contacts planned again for them."""
    previous = caravan.follow_up_months
    caravan.follow_up_months = sorted(set(months))
    caravan.save(update_fields=["follow_up_months", "updated"])
    record(actor, "followup.months_changed", caravan, previous=previous, months=caravan.follow_up_months)
    return plan_follow_ups(caravan)


def _date(value, *, field="on"):
    if isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value))
        except ValueError:
            raise FollowUpError(_("Enter a valid date."), code="invalid_date", field=field) from None
    if day > timezone.localdate():
        raise FollowUpError(_("The date cannot be in the future."), code="future_date", field=field)
    return day


def _count(value, field):
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise FollowUpError(_("Enter a whole number."), code="invalid_number", field=field) from None
    if not 0 <= number <= 10000:
        raise FollowUpError(_("Enter a number between 0 and 10,000."), code="invalid_number", field=field)
    return number


def _amount(value):
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise FollowUpError(
            _("Enter an amount in dirhams."), code="invalid_amount", field="amount_mad"
        ) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        raise FollowUpError(_("Enter an amount in dirhams."), code="invalid_amount", field="amount_mad")
    return amount.quantize(Decimal("0.01"))


def build_outcome(project, kind, on, **fields):
    """An unsaved outcome of `kind`, checked: what each kind needs is there, nothing else is kept."""
    outcome = Outcome(project=project, kind=kind, on=_date(on))
    text = {
        key: str(fields.get(key) or "").strip() for key in ("evidence", "note", "reference", "support_asked")
    }
    outcome.evidence, outcome.note = text["evidence"][:300], text["note"][:500]
    if kind == Outcome.Kind.FOUNDING_STEP:
        if fields.get("step") not in founding.STEP_IDS:
            raise FollowUpError(_("This founding step does not exist."), code="unknown_step", field="step")
        if fields.get("step_status") not in FoundingStep.Status.values:
            raise FollowUpError(_("Unknown status."), code="unknown_status", field="step_status")
        outcome.step, outcome.step_status = fields["step"], fields["step_status"]
        outcome.reference = text["reference"][:60]
    elif kind == Outcome.Kind.FINANCING:
        if not fields.get("programme"):
            raise FollowUpError(_("Say which programme."), code="missing_programme", field="programme")
        if fields.get("financing") not in Outcome.Financing.values:
            raise FollowUpError(
                _("Say where the application stands."), code="missing_financing", field="financing"
            )
        outcome.programme, outcome.financing = fields["programme"], fields["financing"]
        outcome.amount_mad = _amount(fields.get("amount_mad"))
    elif kind == Outcome.Kind.JOBS:
        for name in ("jobs_women", "jobs_men", "jobs_under_35"):
            setattr(outcome, name, _count(fields.get(name), name) or 0)
        if outcome.jobs_under_35 > outcome.jobs_women + outcome.jobs_men:
            raise FollowUpError(
                _("There cannot be more jobs under 35 than jobs."),
                code="too_many_young",
                field="jobs_under_35",
            )
    elif kind == Outcome.Kind.FIRST_SALE:
        outcome.amount_mad = _amount(fields.get("amount_mad"))
    elif kind == Outcome.Kind.ACTIVITY:
        if fields.get("active") not in (True, False):
            raise FollowUpError(
                _("Say whether the project is still active."), code="missing_active", field="active"
            )
        outcome.active = fields["active"]
    elif kind == Outcome.Kind.BLOCKER:
        if fields.get("blocker") not in Outcome.Blocker.values:
            raise FollowUpError(_("Say what blocks the project."), code="missing_blocker", field="blocker")
        outcome.blocker, outcome.support_asked = fields["blocker"], text["support_asked"][:300]
    else:
        raise FollowUpError(_("Unknown kind of outcome."), code="unknown_kind")
    return outcome


@transaction.atomic
def record_contact(actor, follow_up, *, reached, on=None, channel="", note="", outcomes=(), source=None):
    """A contact tried on `follow_up`: reached (with the outcomes it brought back, from `build_outcome`) or not.

    The outcomes are saved as new rows (history is never edited); a founding step also moves the project's
    checklist. `actor` is None when the holder answered the questionnaire."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    on = _date(on or timezone.localdate(), field="contacted_on")
    source = source or (Outcome.Source.STAFF if actor is not None else Outcome.Source.QUESTIONNAIRE)
    follow_up.attempts += 1
    follow_up.note = (note or "").strip()[:500] or follow_up.note
    follow_up.channel = channel or follow_up.channel
    if reached:
        follow_up.status, follow_up.contacted_on, follow_up.contacted_by = FollowUp.Status.REACHED, on, actor
    elif outcomes:
        raise FollowUpError(_("Outcomes come from a contact that reached someone."), code="not_reached")
    elif follow_up.status != FollowUp.Status.REACHED:
        # The timeline dates a try without an answer by the day it was made, not by the day it was due.
        follow_up.contacted_on, follow_up.contacted_by = on, actor
        if follow_up.attempts >= MAX_ATTEMPTS:
            follow_up.status = FollowUp.Status.NOT_REACHED
    follow_up.save()
    for outcome in outcomes:
        outcome.follow_up, outcome.source, outcome.recorded_by = follow_up, source, actor
        outcome.save()
        if outcome.kind == Outcome.Kind.FOUNDING_STEP:
            # The checklist moves; what was already gathered for that step (documents, note) stays.
            known = FoundingStep.objects.filter(project=outcome.project, step=outcome.step).first()
            set_founding_step(
                actor,
                outcome.project,
                outcome.step,
                status=outcome.step_status,
                on=outcome.on,
                documents=known.documents if known else (),
                note=known.note if known else "",
            )
    _advance_stage(follow_up.project, outcomes)
    record(
        actor,
        "followup.recorded",
        follow_up.project,
        follow_up=follow_up.pk,
        months=follow_up.months,
        reached=bool(reached),
        outcomes=[outcome.kind for outcome in outcomes],
        **({} if actor is not None else {"via": "questionnaire"}),
    )
    return follow_up


def _stage_reached(outcome):
    """The stage a project has at least reached when `outcome` is heard of (None: it says nothing of it)."""
    Kind = Outcome.Kind
    if outcome.kind == Kind.FOUNDING_STEP and outcome.step_status == FoundingStep.Status.DONE:
        return Stage.FOUNDING
    if outcome.kind == Kind.FINANCING:
        return Stage.FUNDED if outcome.financing == Outcome.Financing.OBTAINED else Stage.SEEKING_FUNDING
    if outcome.kind == Kind.FIRST_SALE or (outcome.kind == Kind.ACTIVITY and outcome.active):
        return Stage.OPERATING
    return None


def _advance_stage(project, outcomes):
    """Move the project's stage forward to what the outcomes tell (never back: a trainer may know better; a
    stopped project is the trainer's word), so the finder no longer advises an idea what a founded
    cooperative already did."""
    reached = [_stage_reached(outcome) for outcome in outcomes]
    later = [STAGE_ORDER.index(stage) for stage in reached if stage is not None]
    if not later or project.stage not in STAGE_ORDER or max(later) <= STAGE_ORDER.index(project.stage):
        return
    project.stage = STAGE_ORDER[max(later)]
    project.save(update_fields=["stage", "updated"])


@transaction.atomic
def assign(actor, follow_ups, user):
    """Put these contacts in `user`'s charge (None: nobody's)."""
    pks = [follow_up.pk for follow_up in follow_ups]
    FollowUp.objects.filter(pk__in=pks).update(assigned_to=user)
    if pks:
        record(
            actor,
            "followup.assigned",
            follow_ups[0].caravan,
            follow_ups=pks,
            to=getattr(user, "username", None),
        )
    return len(pks)
