"""What the support-programme matcher needs to know about a project (`facts_for`), and its answer."""

from django.utils import timezone

from programmes.matching import Facts, match_all

from .finance.services import stored_plan
from .followup.state import FOUNDED_STEP
from .models import FoundingStep

# The commune kinds of places' data that mean a rural commune (the others are municipalities).
RURAL_KINDS = {"commune_rurale"}


def _plan_totals(project):
    """(total investment, own contribution) of the project's financial plan, None when there is no plan."""
    if not project.financial_plan:
        return None, None
    plan = stored_plan(project)
    # Programmes call "own contribution" what the holders put in themselves, members' capital included.
    total, own = plan.total_investment, plan.equity
    return (total or None), (own if total else None)


def _zone(person):
    commune = getattr(person, "commune", None)
    if commune is None or not commune.kind:
        return ""
    return "rural" if commune.kind in RURAL_KINDS else "urban"


def _region_code(project):
    for owner in (project.holder, project.cooperative):
        province = getattr(owner, "province", None)
        if province is not None:
            return province.region.code
    caravan = project.caravans.select_related("region").first()
    return caravan.region.code if caravan else ""


def facts_for(project, on=None):
    """The matcher's facts about `project`: its holder or cooperative, sector, stage and plan totals."""
    holder, cooperative = project.holder, project.cooperative
    cost, own = _plan_totals(project)
    # A declared or listed community says "member"; its absence is unknown, not "no" (membership is a list).
    owner = holder or cooperative
    member = True if owner is not None and owner.community_id else None
    if holder is not None and holder.community_declared:
        member = True
    founded_on = _founded_on(project)
    return Facts(
        on=on or timezone.localdate(),
        applicant_form="cooperative" if cooperative or founded_on else "individual_project_holder",
        cooperative_founded_on=founded_on,
        holder_birth_date=holder.birth_date if holder else None,
        holder_sex=holder.sex if holder else "",
        soulaliyate_member=member,
        sector=project.sector,
        region_code=_region_code(project),
        zone=_zone(holder) if holder else "",
        project_cost=cost,
        own_contribution=own,
        turnover=None,  # not recorded yet: a young cooperative's turnover is asked when a programme needs it
        stage=project.stage,
        confirmed=frozenset(project.confirmed_conditions),
    )


def _founded_on(project):
    """The day the project's cooperative was founded: its record's, else the court registration done on its
    founding checklist (what a follow-up call hears of before anyone records the cooperative)."""
    if project.cooperative is not None:
        # A founding year alone is not enough for an age rule (the date decides "less than 3 years"): missing.
        return project.cooperative.founded_on
    return next(
        (
            row.on
            for row in project.founding_steps.all()
            if row.step == FOUNDED_STEP and row.status == FoundingStep.Status.DONE
        ),
        None,
    )


def matches(project):
    """[(programme, Match)] for every support programme."""
    return match_all(facts_for(project))
