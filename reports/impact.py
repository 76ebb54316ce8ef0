"""What became of a caravan's projects, and what it cost: the funnel projects → reached by the follow-up →
cooperative founded → financing applied for → obtained → active 12 months after the caravan, the jobs, and the
caravan's cost per participant, per cooperative founded and per project financed.

Every count comes from `projects.followup.state` (the one definition of where a project stands); this module
only adds them up, by the project holder's sex, age band on the caravan's first day and province (the report's
own buckets, `breakdowns.py`). The holder is the project's holder, read from their registration to the caravan;
a project with no holder (a cooperative's) takes the first registration to the caravan of a member of that
cooperative. A project with neither registration counts in every "not known" bucket.

The cost is `caravans.account.totals(caravan).cost_basis`: what was spent when any budget line has a spent amount,
else what was planned (`cost_basis` says which); null when the caravan has no budget line or the divisor is 0.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from caravans import account
from caravans.models import BudgetLine
from core.i18n import amount
from projects.followup.state import standings
from projects.models import Project
from registration.models import Decision, Registration

from . import breakdowns as b
from . import charts

CENT = Decimal("0.01")
# The funnel's steps: (key, the Standing's attribute, label). "projects" counts every project of the caravan.
STEPS = [
    ("projects", None, _("Projects of the caravan")),
    ("followed_up", "followed_up", _("Reached by the follow-up")),
    ("cooperatives_founded", "cooperative_founded", _("Cooperative founded")),
    ("financing_applied", "financing_applied", _("Financing applied for")),
    ("financing_obtained", "financing_obtained", _("Financing obtained")),
    ("active_after_12_months", "active_after_12_months", _("Active 12 months after the caravan")),
]
SHORT = {
    "projects": pgettext_lazy("outcomes funnel", "Projects"),
    "followed_up": pgettext_lazy("outcomes funnel", "Reached"),
    "cooperatives_founded": pgettext_lazy("outcomes funnel", "Founded"),
    "financing_applied": pgettext_lazy("outcomes funnel", "Applied"),
    "financing_obtained": pgettext_lazy("outcomes funnel", "Financed"),
    "active_after_12_months": pgettext_lazy("outcomes funnel", "Active at 12 months"),
}
# The people page's dimension for the projects behind a figure (`?by=outcome&key=STEP[:DIMENSION:BUCKET]`).
DIMENSION = "outcome"
# (dimension, title, the header of its buckets' column)
BREAKDOWNS = [
    ("sex", _("Outcomes by sex of the project holder"), _("Sex")),
    ("age_band", _("Outcomes by age of the project holder on the first day"), _("Age on the first day")),
    ("province", _("Outcomes by prefecture or province of the project holder"), _("Prefecture or province")),
]
# The keys of GET /api/v1/caravans/{slug}/outcomes, in the contract's order, then those added since.
CONTRACT_KEYS = (
    "projects",
    "followed_up",
    "cooperatives_founded",
    "financing_applied",
    "financing_obtained",
    "financing_amount_mad",
    "jobs",
    "active_after_12_months",
    "cost_per_participant_mad",
    "cost_per_cooperative_founded_mad",
)
EXTRA_KEYS = (
    "jobs_women",
    "jobs_men",
    "jobs_under_35",
    "cost_basis",
    "cost_mad",
    "cost_per_project_financed_mad",
)


@dataclass(frozen=True)
class Holder:
    """Who holds a project, as the report buckets people; `registration` is None when nobody registered."""

    registration: int | None = None
    sex: str = b.UNKNOWN
    age_band: str = b.UNKNOWN
    province: str = b.UNKNOWN
    province_ar: str = ""
    province_fr: str = ""


def links_of(caravan):
    """The caravan's project links, as `holders` (and the dashboard's `standings_of`) read them."""
    return Project.caravans.through.objects.filter(caravan=caravan)


def holders(links):
    """{(caravan id, project id): Holder} for project–caravan links, in two queries."""
    projects = list(
        links.values_list("caravan_id", "project_id", "project__holder_id", "project__cooperative_id")
    )
    cooperatives = links.filter(project__holder__isnull=True).values("project__cooperative_id")
    registrations = (
        Registration.objects.filter(caravan_id__in=links.values("caravan_id"))
        .filter(Q(person_id__in=links.values("project__holder_id")) | Q(cooperative_id__in=cooperatives))
        .annotate(_age=b.age_years())
        .values_list(
            "pk",
            "caravan_id",
            "person_id",
            "cooperative_id",
            "person__sex",
            "_age",
            "person__province__code",
            "person__province__name_ar",
            "person__province__name_fr",
        )
        .order_by("created", "id")
    )
    of_person, of_cooperative = {}, {}
    for pk, caravan_id, person_id, cooperative_id, sex, age, code, name_ar, name_fr in registrations:
        holder = Holder(pk, sex or b.UNKNOWN, b.band_of(age), code or b.UNKNOWN, name_ar or "", name_fr or "")
        of_person.setdefault((caravan_id, person_id), holder)
        if cooperative_id:
            of_cooperative.setdefault((caravan_id, cooperative_id), holder)
    found = {}
    for caravan_id, project_id, holder_id, cooperative_id in projects:
        if holder_id:
            holder = of_person.get((caravan_id, holder_id))
        else:
            holder = of_cooperative.get((caravan_id, cooperative_id))
        found[caravan_id, project_id] = holder or Holder()
    return found


def costs(caravans):
    """{caravan id: (basis, total)} of the caravans (a queryset) that have budget lines, in one query: the spent
    amounts when any line has one ("spent"), else the planned ones ("planned"). The rule of
    `caravans.account.Totals.cost_basis`, grouped for the dashboard's hundreds of caravans."""
    rows = (
        BudgetLine.objects.filter(caravan__in=caravans)
        .values_list("caravan_id")
        .annotate(planned=Sum("planned_mad"), spent=Sum("spent_mad"), spent_lines=Count("spent_mad"))
        .order_by()
    )
    return {
        pk: ("spent", spent) if spent_lines else ("planned", planned)
        for pk, planned, spent, spent_lines in rows
    }


def mad(value):
    """A JSON amount: a decimal string with two places ("45000.00")."""
    return str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def per(total, count):
    """The cost per unit as a JSON amount, or None when there is no cost or nothing to divide it by."""
    if total is None or not count:
        return None
    return mad(Decimal(total) / count)


def summary(known, participants, cost):
    """The caravan's outcome figures (the API's keys) from its {project id: Standing}, its participants' count
    and its (basis, total) cost or None."""
    found = {key: 0 for key, _attribute, _label in STEPS}
    found.update(jobs=0, jobs_women=0, jobs_men=0, jobs_under_35=0)
    obtained = Decimal(0)
    for state in known.values():
        found["projects"] += 1
        for key, attribute, _label in STEPS[1:]:
            found[key] += bool(getattr(state, attribute))
        for key in ("jobs", "jobs_women", "jobs_men", "jobs_under_35"):
            found[key] += getattr(state, key)
        obtained += state.financing_amount_mad
    basis, total = cost or (None, None)
    found.update(
        financing_amount_mad=mad(obtained),
        cost_basis=basis,
        cost_mad=None if total is None else mad(total),
        cost_per_participant_mad=per(total, participants),
        cost_per_cooperative_founded_mad=per(total, found["cooperatives_founded"]),
        cost_per_project_financed_mad=per(total, found["financing_obtained"]),
    )
    return {key: found[key] for key in (*CONTRACT_KEYS, *EXTRA_KEYS)}


ATTRIBUTES = {key: attribute for key, attribute, _label in STEPS}


def _reaches(state, step):
    """Whether a project counts in a step of the funnel (or, for "jobs", gives any job)."""
    if step == "jobs":
        return state.jobs > 0
    attribute = ATTRIBUTES[step]
    return attribute is None or bool(getattr(state, attribute))


def _known(caravan):
    """({project id: Standing}, {project id: Holder}) of the caravan's projects (four queries)."""
    found = {pk: holder for (_caravan, pk), holder in holders(links_of(caravan)).items()}
    return standings(caravan, list(found)), found


def caravan_impact(caravan, participants=None):
    """The outcome figures of one caravan, with the funnel and its breakdowns by the holder's sex, age band and
    province; `participants` is the report's count of participants (counted here when not given)."""
    if participants is None:
        participants = Registration.objects.filter(caravan=caravan, decision=Decision.ACCEPTED).count()
    known, found = _known(caravan)
    totals = account.totals(caravan)
    cost = (totals.basis, totals.cost_basis) if totals.basis else None
    figures = summary(known, participants, cost)
    funnel = [b.item(key, figures[key], **b.both(label)) for key, _attribute, label in STEPS]
    return {
        **figures,
        "participants": participants,
        "funnel": funnel,
        "by_sex": _breakdown(known, found, "sex"),
        "by_age_band": _breakdown(known, found, "age_band"),
        "by_province": _breakdown(known, found, "province"),
    }


def _breakdown(known, found, dimension):
    """Items of the report's buckets (projects counted), each with `steps`: {step: projects that reached it}."""
    tally, names = {}, {}
    for pk, state in known.items():
        holder = found.get(pk, Holder())
        bucket = getattr(holder, dimension)
        steps = tally.setdefault(bucket, {key: 0 for key, _attribute, _label in STEPS})
        for key, _attribute, _label in STEPS:
            steps[key] += _reaches(state, key)
        names[bucket] = (holder.province_ar, holder.province_fr)
    counts = {bucket: steps["projects"] for bucket, steps in tally.items()}
    if dimension == "sex":
        items = b.sex_items(counts)
    elif dimension == "age_band":
        items = b.band_items(counts)
    else:
        rows = [(None if key == b.UNKNOWN else key, *names[key], n) for key, n in counts.items()]
        items = b.province_items(rows)
    empty = {key: 0 for key, _attribute, _label in STEPS}
    return [{**entry, "steps": tally.get(entry["key"], empty)} for entry in items if entry["count"]]


def behind(caravan, key):
    """[(project id, holder's registration id or None)] behind a figure of the funnel: `STEP` or
    `STEP:DIMENSION:BUCKET` (e.g. `cooperatives_founded:sex:female`); ValueError for a key that is none."""
    step, _colon, among = key.partition(":")
    dimension, _colon, bucket = among.partition(":")
    if step not in {*ATTRIBUTES, "jobs"} or (among and dimension not in {d for d, _t, _h in BREAKDOWNS}):
        raise ValueError(key)
    known, found = _known(caravan)
    return [
        (pk, found.get(pk, Holder()).registration)
        for pk, state in sorted(known.items())
        if _reaches(state, step) and (not among or getattr(found.get(pk, Holder()), dimension) == bucket)
    ]


# --- Presentation (page and PDF) ----------------------------------------------------------------------------


def _money(value, language):
    return "–" if value is None else amount(Decimal(value), language)


def sections(impact, *, language, link=None):
    """The impact section laid out: the funnel chart, the money and jobs figures, the costs and the breakdown
    tables; `link(entry)` gives the URL of the projects behind a figure (None: plain numbers, as in the PDF)."""
    projects = impact["projects"]
    if not projects:
        return {"empty": True}

    def href(key):
        return link({"key": key}) if link else None

    caption = ngettext(
        "Of the %(count)d project of the caravan", "Of the %(count)d projects of the caravan", projects
    ) % {"count": projects}
    funnel = charts.bars(
        impact["funnel"],
        language=language,
        caption=caption,
        total=projects,
        href=(lambda entry: href(entry["key"])) if link else None,
    )
    figures = [
        {
            "label": _("Financing obtained, in all"),
            "value": _money(impact["financing_amount_mad"], language),
            "href": href("financing_obtained"),
            "detail": "",
        },
        {
            "label": _("Jobs in the projects"),
            "value": impact["jobs"],
            "href": href("jobs"),
            "detail": _("%(women)d held by women, %(men)d by men, %(young)d by people under 35")
            % {"women": impact["jobs_women"], "men": impact["jobs_men"], "young": impact["jobs_under_35"]},
        },
    ]
    basis = {
        "spent": _("Cost: what was spent, from the caravan's budget lines."),
        "planned": _(
            "Cost: what was planned, from the caravan's budget lines (no spent amount recorded yet)."
        ),
        None: _("No budget line recorded for this caravan: no cost to divide."),
    }[impact["cost_basis"]]
    # Each cost per unit links to what it is divided by, when those are projects.
    cost = [
        (_("Cost of the caravan"), impact["cost_mad"], None),
        (_("Cost per participant"), impact["cost_per_participant_mad"], None),
        (
            _("Cost per cooperative founded"),
            impact["cost_per_cooperative_founded_mad"],
            href("cooperatives_founded"),
        ),
        (_("Cost per project financed"), impact["cost_per_project_financed_mad"], href("financing_obtained")),
    ]
    tables = [
        {
            "title": title,
            "chart": _table(impact[f"by_{dimension}"], dimension, header, language, link and href),
        }
        for dimension, title, header in BREAKDOWNS
    ]
    return {
        "empty": False,
        "funnel": funnel,
        "figures": figures,
        "cost_basis": basis,
        "cost": [
            {"label": label, "value": _money(value, language), "href": url if value is not None else None}
            for label, value, url in cost
        ],
        "tables": tables,
    }


def _table(items, dimension, header, language, href):
    """A breakdown as a figures table: one row per bucket, one column per step, each count linked."""
    rows = []
    for entry in items:
        cells = []
        for key, _attribute, _label in STEPS:
            count = entry["steps"][key]
            url = href(f"{key}:{dimension}:{entry['key']}") if href and count else None
            cells.append(format_html('<a href="{}">{}</a>', url, count) if url else count)
        rows.append((entry["label_fr"] if language == "fr" else entry["label_ar"], *cells))
    headers = [header, *(SHORT[key] for key, _attribute, _label in STEPS)]
    return charts.table(headers, rows)
