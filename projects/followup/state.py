"""Where each project stands after a caravan, read from its outcomes: the one definition the follow-up pages,
the report's funnel, the national dashboard and the API count with.

- **followed up**: at least one follow-up contact of that caravan reached the project;
- **cooperative founded**: the court registration step (`local_register`) is done (the cooperative exists in
  law from then on, Law 112-12); projects of a cooperative that already existed do not count as founded;
- **financing applied / obtained**: the latest outcome for each programme (a refusal after an application
  counts as applied, not obtained); the amount is the sum over the programmes obtained;
- **jobs**: the latest jobs outcome (a head count at that date, not an increment);
- **active after 12 months**: the latest activity outcome dated 12 months or more after the caravan's last day
  says active.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from caravans.models import Caravan, months_after
from projects.followup.models import FollowUp, Outcome

FOUNDED_STEP = "local_register"


@dataclass
class Standing:
    followed_up: bool = False
    founded_on: datetime.date | None = None
    # {programme id: (financing status, amount or None, date)}, the latest per programme.
    financing: dict = field(default_factory=dict)
    jobs_women: int = 0
    jobs_men: int = 0
    jobs_under_35: int = 0
    first_sale_on: datetime.date | None = None
    active: bool | None = None  # the latest activity outcome, whenever
    active_after_12_months: bool = False
    blocker: str = ""  # the latest blocker's code, when no later outcome says the project moved on

    @property
    def cooperative_founded(self):
        return self.founded_on is not None

    @property
    def financing_applied(self):
        return bool(self.financing)

    @property
    def financing_obtained(self):
        return any(status == Outcome.Financing.OBTAINED for status, _amount, _on in self.financing.values())

    @property
    def financing_amount_mad(self):
        return sum(
            (
                amount or Decimal(0)
                for status, amount, _on in self.financing.values()
                if status == Outcome.Financing.OBTAINED
            ),
            Decimal(0),
        )

    @property
    def jobs(self):
        return self.jobs_women + self.jobs_men


def standings(caravan, project_ids):
    """{project id: Standing} for these projects after `caravan`, in two queries."""
    result = {pk: Standing() for pk in project_ids}
    reached = FollowUp.objects.filter(
        caravan=caravan, project_id__in=project_ids, status=FollowUp.Status.REACHED
    ).values_list("project_id", flat=True)
    for pk in reached:
        result[pk].followed_up = True
    twelve_months = months_after(caravan.end_date, 12)
    outcomes = Outcome.objects.filter(project_id__in=project_ids).order_by("on", "id")
    for outcome in outcomes.iterator():
        _apply(result[outcome.project_id], outcome, twelve_months)
    return result


def standings_of(links):
    """{caravan id: {project id: Standing}} for project–caravan links (a queryset of `Project.caravans.through`),
    by the same rules as standings(), in four queries however many caravans: the national dashboard's."""
    result, caravans_of = {}, {}
    for caravan_id, project_id in links.values_list("caravan_id", "project_id"):
        result.setdefault(caravan_id, {})[project_id] = Standing()
        caravans_of.setdefault(project_id, []).append(caravan_id)
    reached = FollowUp.objects.filter(
        caravan_id__in=links.values("caravan_id"), status=FollowUp.Status.REACHED
    ).values_list("caravan_id", "project_id")
    for caravan_id, project_id in reached:
        if project_id in result.get(caravan_id, ()):
            result[caravan_id][project_id].followed_up = True
    ends = Caravan.objects.filter(pk__in=links.values("caravan_id")).values_list("pk", "end_date")
    twelve_months = {pk: months_after(end, 12) for pk, end in ends}
    outcomes = Outcome.objects.filter(project_id__in=links.values("project_id")).order_by("on", "id")
    for outcome in outcomes.iterator():
        for caravan_id in caravans_of.get(outcome.project_id, ()):
            _apply(result[caravan_id][outcome.project_id], outcome, twelve_months[caravan_id])
    return result


def standing(caravan, project):
    return standings(caravan, [project.pk])[project.pk]


def _apply(state, outcome, twelve_months):
    """Fold one outcome, in date order, into the project's standing."""
    kind = outcome.kind
    if kind == Outcome.Kind.FOUNDING_STEP:
        if outcome.step == FOUNDED_STEP:
            state.founded_on = outcome.on if outcome.step_status == "done" else None
    elif kind == Outcome.Kind.FINANCING:
        state.financing[outcome.programme_id] = (outcome.financing, outcome.amount_mad, outcome.on)
    elif kind == Outcome.Kind.JOBS:
        state.jobs_women = outcome.jobs_women or 0
        state.jobs_men = outcome.jobs_men or 0
        state.jobs_under_35 = outcome.jobs_under_35 or 0
    elif kind == Outcome.Kind.FIRST_SALE:
        state.first_sale_on = state.first_sale_on or outcome.on
    elif kind == Outcome.Kind.ACTIVITY:
        state.active = outcome.active
        if outcome.on >= twelve_months:
            state.active_after_12_months = bool(outcome.active)
    if kind == Outcome.Kind.BLOCKER:
        state.blocker = outcome.blocker
    elif kind != Outcome.Kind.ACTIVITY or outcome.active:
        state.blocker = ""
