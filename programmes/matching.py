"""Which support programmes fit a project: each one `eligible`, `missing` or `not_eligible`, with reasons.

`match` is pure (no database): the projects app gathers the `Facts` of a project and calls it, or `match_all`.
- `not_eligible`: a condition is definitely failed and the holder's next step cannot change it (wrong region,
  cooperative too old, sector not covered, over the age limit, programme ended). A programme open to a sector
  is open to its sub-sectors (`core.sectors.lineage`).
- `missing`: a fact is unknown, or a next step can meet the condition (found the cooperative first, raise the
  own contribution, move the project forward), or a condition no program can check awaits a person's
  confirmation (`Facts.confirmed` holds the `condition` keys of the confirmable reasons), or a rule read from a
  single province's call is "to check" in the project's province (`SupportProgramme.local_rules`).
- `eligible`: every condition is met; the reasons are then empty.
Ages are counted in completed years as for a birthday (29 February: one year older on 1 March in a common year).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Final, Literal

from core.i18n import active_language
from core.sectors import within

from . import describe
from . import reasons as text

if TYPE_CHECKING:
    from .models import SupportProgramme

ELIGIBLE: Final = "eligible"
MISSING: Final = "missing"
NOT_ELIGIBLE: Final = "not_eligible"
Status = Literal["eligible", "missing", "not_eligible"]
ORDER: dict[Status, int] = {ELIGIBLE: 0, MISSING: 1, NOT_ELIGIBLE: 2}

COOPERATIVE_FORMS = {"cooperative", "union_of_cooperatives"}
# Legal persons: the age and sex rules of a programme are about an individual holder, not about them.
COLLECTIVE_FORMS = COOPERATIVE_FORMS | {"gie", "association", "tpe", "startup"}
# Forms a person can create as a next step, best first: a cooperative is what the caravans prepare.
FOUNDABLE_FORMS = ["cooperative", "gie", "auto_entrepreneur", "tpe", "association", "startup"]
PERSON_FORMS = {"individual_project_holder", "soulaliyate_right_holder", "farmer", "auto_entrepreneur"}
STAGE_ORDER = ["idea", "structured", "founding", "seeking_funding", "funded", "operating"]
NOT_YET_SELLING = {"idea", "structured", "founding", "seeking_funding"}
REGULATED_SECTORS = {"cannabis_licit"}
CONFIRMABLE = {
    "condition_unconfirmed",
    "programme_status_unclear",
    "regulated_sector_unconfirmed",
    "local_rule_to_check",
}
# The reasons' `condition` that stands for several fields (a range asked while the fact is unknown).
RANGES = {"age": ("age_min", "age_max"), "project_cost": ("min_project_cost_mad", "max_project_cost_mad")}


@dataclass(frozen=True)
class Facts:
    """What is known of a project and its holder on the day of the check; empty or None means unknown."""

    on: datetime.date
    applicant_form: str = ""
    cooperative_founded_on: datetime.date | None = None
    holder_birth_date: datetime.date | None = None
    holder_sex: str = ""
    soulaliyate_member: bool | None = None
    sector: str = ""
    region_code: str = ""
    zone: str = ""
    project_cost: Decimal | None = None
    own_contribution: Decimal | None = None
    turnover: Decimal | None = None
    stage: str = ""
    confirmed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Reason:
    """Why a programme does not fit yet: a stable `code`, both sentences, and the `condition` concerned
    (a field name, or for confirmable reasons the key to put in `Facts.confirmed`)."""

    code: str
    message_ar: str
    message_fr: str
    condition: str = ""
    effect: Status = MISSING

    @property
    def confirmable(self) -> bool:
        return self.code in CONFIRMABLE

    @property
    def message(self) -> str:
        """The sentence in the active language (pages); the API gives both."""
        return self.message_ar if active_language() == "ar" else self.message_fr


@dataclass(frozen=True)
class Match:
    status: Status
    reasons: tuple[Reason, ...] = ()

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]


def match(programme: "SupportProgramme", facts: Facts) -> Match:
    """How `programme` fits the project described by `facts`."""
    found = []
    for check in CHECKS:
        found.extend(check(programme, facts))
    found = _local(programme, found)
    found = [r for r in found if not (r.confirmable and r.condition in facts.confirmed)]
    found.sort(key=lambda r: -ORDER[r.effect])  # blocking reasons first, stable otherwise
    status: Status = max((r.effect for r in found), key=ORDER.__getitem__, default=ELIGIBLE)
    return Match(status, tuple(found))


def match_all(
    facts: Facts, programmes: Iterable["SupportProgramme"] | None = None
) -> list[tuple["SupportProgramme", Match]]:
    """Every programme of the catalogue still open (by default), best fits first, then by name."""
    if programmes is None:
        from .models import SupportProgramme

        programmes = SupportProgramme.objects.current()
    results = [(p, match(p, facts)) for p in programmes]
    results.sort(key=lambda pair: (ORDER[pair[1].status], str(pair[0].name)))
    return results


def completed_years(start: datetime.date, on: datetime.date) -> int:
    """Whole years from `start` to `on` (an age on a given day)."""
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` earlier; 29 February falls back to 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _local(p: "SupportProgramme", found: list[Reason]) -> list[Reason]:
    """A rule read from one province's call may not hold in the project's province: "to check", never a refusal.

    Each reason about such a rule becomes `local_rule_to_check` (confirmable), with the call named and the
    original sentence kept."""
    calls = {rule["field"]: (rule["ar"], rule["fr"]) for rule in p.local_rules}
    if not calls:
        return found
    kept = []
    for reason in found:
        field = next((f for f in RANGES.get(reason.condition, (reason.condition,)) if f in calls), None)
        if field is None:
            kept.append(reason)
            continue
        text_pair = (reason.message_ar, reason.message_fr)
        kept.append(_reason("local_rule_to_check", f"{p.key}.{field}", call=calls[field], text=text_pair))
    return kept


def _reason(code: str, condition: str, effect: Status = MISSING, /, **figures: object) -> Reason:
    ar, fr = text.sentences(code, **figures)
    return Reason(code, ar, fr, condition, effect)


def _state(p: "SupportProgramme", facts: Facts) -> list[Reason]:
    if p.state == "ended":
        return [_reason("programme_ended", "state", NOT_ELIGIBLE)]
    if p.state == "unclear":
        as_of = (describe.source_date(p, "ar"), describe.source_date(p, "fr"))
        return [_reason("programme_status_unclear", f"{p.key}.status", as_of=as_of)]
    return []


def _applicant_form(p: "SupportProgramme", facts: Facts) -> list[Reason]:
    accepted = list(p.applicant_forms)
    if not accepted or facts.applicant_form in accepted:
        return []
    forms = text.listed(accepted, text.FORMS)
    if not facts.applicant_form:
        return [_reason("applicant_form_unknown", "applicant_forms", forms=forms)]
    if facts.applicant_form in PERSON_FORMS:
        reachable = [f for f in FOUNDABLE_FORMS if f in accepted]
        if "cooperative" in reachable:
            return [_reason("found_cooperative_first", "applicant_forms")]
        if reachable:
            return [
                _reason(
                    "change_legal_form_first", "applicant_forms", forms=text.listed(reachable, text.FORMS)
                )
            ]
    form = text.FORMS.get(facts.applicant_form, (facts.applicant_form,) * 2)
    return [_reason("applicant_form_not_accepted", "applicant_forms", NOT_ELIGIBLE, forms=forms, form=form)]


def _holder_age(p: "SupportProgramme", facts: Facts) -> list[Reason]:
    if (p.age_min is None and p.age_max is None) or facts.applicant_form in COLLECTIVE_FORMS:
        return []
    limits = text.age_range(p.age_min, p.age_max)
    if facts.holder_birth_date is None:
        return [_reason("birth_date_unknown", "age", range=limits)]
    age = completed_years(facts.holder_birth_date, facts.on)
    figures = {"age": text.years(age), "date": text.day(facts.on), "range": limits}
    if p.age_min is not None and age < p.age_min:
        return [_reason("under_age", "age_min", NOT_ELIGIBLE, **figures)]
    if p.age_max is not None and age > p.age_max:
        if "cooperative" in p.applicant_forms and facts.applicant_form in PERSON_FORMS:
            # The age limit is for persons: the same programme still funds a cooperative they would found.
            return [_reason("apply_as_cooperative", "age_max", **figures)]
        return [_reason("over_age", "age_max", NOT_ELIGIBLE, **figures)]
    return []


def _holder_sex(p: "SupportProgramme", facts: Facts) -> list[Reason]:
    if not p.holder_sex or facts.applicant_form in COLLECTIVE_FORMS or facts.holder_sex == p.holder_sex:
        return []
    sex = text.SEXES[p.holder_sex]
    if not facts.holder_sex:
        return [_reason("sex_unknown", "holder_sex", sex=sex)]
    return [_reason("sex_not_accepted", "holder_sex", NOT_ELIGIBLE, sex=sex)]


def _cooperative_age(p: "SupportProgramme", facts: Facts) -> list[Reason]:
    """Strictly younger than N years: too old when founded on or before the day of the check minus N years.

    A holder who has yet to found the cooperative is not concerned: the new one will be young enough."""
    limit_years = p.cooperative_max_age_years
    is_cooperative = facts.applicant_form in COOPERATIVE_FORMS or (
        not facts.applicant_form and facts.cooperative_founded_on is not None
    )
    if limit_years is None or not is_cooperative:
        return []
    limit = text.years(limit_years)
    founded = facts.cooperative_founded_on
    if founded is None:
        return [_reason("cooperative_date_unknown", "cooperative_max_age_years", limit=limit)]
    if founded <= years_before(facts.on, limit_years):
        age = text.years(completed_years(founded, facts.on))
        figures = {"age": age, "date": text.day(founded), "limit": limit}
        return [_reason("cooperative_too_old", "cooperative_max_age_years", NOT_ELIGIBLE, **figures)]
    return []


def _membership(p: "SupportProgramme", facts: Facts) -> list[Reason]:
    if not p.requires_soulaliyate_member or facts.soulaliyate_member:
        return []
    if facts.soulaliyate_member is None:
        return [_reason("membership_unknown", "requires_soulaliyate_member")]
    return [_reason("not_community_member", "requires_soulaliyate_member", NOT_ELIGIBLE)]


def _turnover(p: "SupportProgramme", facts: Facts) -> list[Reason]:
    if p.max_turnover_mad is None:
        return []
    ceiling = text.mad(p.max_turnover_mad)
    if facts.turnover is None and facts.applicant_form in PERSON_FORMS and facts.stage in NOT_YET_SELLING:
        return []  # a person whose project has not started has no turnover yet
    if facts.turnover is None:
        return [_reason("turnover_unknown", "max_turnover_mad", max=ceiling)]
    if facts.turnover > p.max_turnover_mad:
        figures = {"value": text.mad(facts.turnover), "max": ceiling}
        return [_reason("turnover_too_high", "max_turnover_mad", NOT_ELIGIBLE, **figures)]
    return []


def _sector(p: "SupportProgramme", facts: Facts) -> list[Reason]:
    found = []
    if p.sectors and not within(facts.sector, p.sectors):
        listed = text.sectors_listed(p.sectors)
        if not facts.sector:
            found.append(_reason("sector_unknown", "sectors", sectors=listed))
        else:
            found.append(
                _reason(
                    "sector_not_covered",
                    "sectors",
                    NOT_ELIGIBLE,
                    sector=text.sector_named(facts.sector),
                    sectors=listed,
                )
            )
    if facts.sector and within(facts.sector, p.excluded_sectors):
        found.append(
            _reason(
                "sector_excluded", "excluded_sectors", NOT_ELIGIBLE, sector=text.sector_named(facts.sector)
            )
        )
    # Named, not inherited: a programme open to agriculture has not said it funds a regulated crop.
    elif facts.sector in REGULATED_SECTORS and facts.sector not in p.sectors and not found:
        found.append(_reason("regulated_sector_unconfirmed", f"{p.key}.regulated_sector"))
    return found


def _zone(p: "SupportProgramme", facts: Facts) -> list[Reason]:
    if not p.zone or facts.zone == p.zone:
        return []
    required = text.ZONES[p.zone]
    if not facts.zone:
        return [_reason("zone_unknown", "zone", required=required)]
    return [
        _reason(
            "outside_zone",
            "zone",
            NOT_ELIGIBLE,
            zone=text.ZONES.get(facts.zone, (facts.zone,) * 2),
            required=required,
        )
    ]


def _region(p: "SupportProgramme", facts: Facts) -> list[Reason]:
    if not p.regions or facts.region_code in p.regions:
        return []
    listed = text.regions_listed(p.regions)
    if not facts.region_code:
        return [_reason("region_unknown", "regions", regions=listed)]
    return [
        _reason(
            "outside_region",
            "regions",
            NOT_ELIGIBLE,
            region=text.region_named(facts.region_code),
            regions=listed,
        )
    ]


def _project_cost(p: "SupportProgramme", facts: Facts) -> list[Reason]:
    low, high = p.min_project_cost_mad, p.max_project_cost_mad
    if low is None and high is None:
        return []
    limits = text.cost_range(low, high)
    cost = facts.project_cost
    if cost is None:
        return [_reason("project_cost_unknown", "project_cost", range=limits)]
    if low is not None and cost < low:
        return [
            _reason(
                "project_cost_too_low",
                "min_project_cost_mad",
                NOT_ELIGIBLE,
                cost=text.mad(cost),
                range=limits,
            )
        ]
    if high is not None and cost > high:
        return [
            _reason(
                "project_cost_too_high",
                "max_project_cost_mad",
                NOT_ELIGIBLE,
                cost=text.mad(cost),
                range=limits,
            )
        ]
    return []


def _own_contribution(p: "SupportProgramme", facts: Facts) -> list[Reason]:
    share = p.min_own_contribution_share
    if share is None:
        return []
    cost, own = facts.project_cost, facts.own_contribution
    if cost is None or own is None or cost <= 0:
        return [_reason("own_contribution_unknown", "min_own_contribution_share", share=text.percent(share))]
    needed = Decimal(share) * cost
    if own >= needed:
        return []
    figures = {
        "own": text.mad(own),
        "current": text.percent(own / cost),
        "share": text.percent(share),
        # Rounded up: a gap of 0.4 dirham is still a dirham to find.
        "gap": text.mad((needed - own).to_integral_value(rounding="ROUND_CEILING")),
    }
    return [_reason("raise_contribution", "min_own_contribution_share", **figures)]


def _stage(p: "SupportProgramme", facts: Facts) -> list[Reason]:
    if not p.stages or facts.stage in p.stages:
        return []
    listed = text.listed(p.stages, text.STAGES)
    if not facts.stage:
        return [_reason("stage_unknown", "stages", stages=listed)]
    stage = text.STAGES.get(facts.stage, (facts.stage,) * 2)
    position = STAGE_ORDER.index(facts.stage) if facts.stage in STAGE_ORDER else len(STAGE_ORDER)
    if any(s in STAGE_ORDER and STAGE_ORDER.index(s) > position for s in p.stages):
        return [_reason("stage_not_reached", "stages", stage=stage, stages=listed)]
    return [_reason("stage_passed", "stages", NOT_ELIGIBLE, stage=stage, stages=listed)]


def _other(p: "SupportProgramme", facts: Facts) -> list[Reason]:
    return [
        _reason("condition_unconfirmed", p.other_condition_key(c), text=(c["ar"], c["fr"]))
        for c in p.other_conditions
        if not _settled(c, facts)
    ]


def _settled(condition: dict, facts: Facts) -> bool:
    """A condition the facts themselves meet: the catalogue's `met_when` names facts and the values that meet it
    (e.g. "products ready to sell" for a cooperative that already sells), so nobody has to confirm it."""
    met_when = condition.get("met_when") or {}
    return bool(met_when) and all(getattr(facts, name, None) in values for name, values in met_when.items())


CHECKS = [
    _state,
    _applicant_form,
    _holder_age,
    _holder_sex,
    _cooperative_age,
    _membership,
    _turnover,
    _sector,
    _zone,
    _region,
    _project_cost,
    _own_contribution,
    _stage,
    _other,
]
