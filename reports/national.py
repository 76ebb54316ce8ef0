"""The national dashboard: every caravan's indicators added up, filtered by region, province and year, with the
trend over time, the reach (distinct people and communities, shares of women and of young people) and what became
of each caravan's projects (`outcomes`, as its report counts them), per caravan and per year.

Built for a hundred thousand registrations: every figure is a GROUP BY or an aggregate in the database (six
queries); Python only adds up grouped rows (a few thousand at most), never the registrations themselves. The caravan filters (region of
the caravan, year of its first day) and the province filter (where the participant lives) compose.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan
from core.i18n import figure
from onsite.models import CheckIn
from people.models import Person
from places.models import Province, Region
from projects.followup.state import standings_of
from projects.models import Project
from registration.models import Decision, Registration

from . import breakdowns as b
from . import charts, impact
from .indicators import province_rows


@dataclass(frozen=True)
class Filters:
    region: str = ""
    province: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, query):
        """The filters of a query string; a value that matches nothing known is dropped, never an error."""
        region = query.get("region", "")
        province = query.get("province", "")
        year = query.get("year", "")
        return cls(
            region=region if region and Region.objects.filter(code=region).exists() else "",
            province=province if province and Province.objects.filter(code=province).exists() else "",
            year=int(year) if year.isdigit() and 1900 < int(year) < 3000 else None,
        )

    def caravans(self):
        caravans = Caravan.objects.all()
        if self.region:
            caravans = caravans.filter(region__code=self.region)
        if self.year:
            caravans = caravans.filter(
                start_date__gte=f"{self.year}-01-01", start_date__lte=f"{self.year}-12-31"
            )
        return caravans

    def registrations(self):
        registrations = Registration.objects.all()
        if self.region or self.year:
            registrations = registrations.filter(caravan__in=self.caravans())
        if self.province:  # by id: the planner then starts from the people of that province (indexed)
            province = Province.objects.filter(code=self.province).values_list("pk", flat=True)[:1]
            registrations = registrations.filter(person__province_id__in=list(province))
        return registrations

    def as_dict(self):
        return {"region": self.region, "province": self.province, "year": self.year}


def dashboard(filters=Filters()):
    """The national figures under `filters`, as one JSON-ready dict (five queries, and five for the outcomes)."""
    registrations = filters.registrations()
    participants = registrations.filter(decision=Decision.ACCEPTED)
    caravans, by_reason = per_caravan(filters, registrations)
    by_decision = {}
    for caravan in caravans:
        for decision, n in caravan.pop("by_decision").items():
            by_decision[decision] = by_decision.get(decision, 0) + n
    found = b.participant_cube(participants)
    return {
        "filters": filters.as_dict(),
        "registrations": {
            "total": sum(by_decision.values()),
            "by_decision": b.decision_items(by_decision),
            "by_reason": b.reason_items(by_reason),
        },
        "participants": {
            "total": sum(found["sex"].values()),
            "by_sex": b.sex_items(found["sex"]),
            "by_age_band": b.band_items(found["band"]),
            "by_province": b.province_items(province_rows(found["province"])),
            "by_profile": b.profile_items(found["profile"]),
            "by_sector": b.sector_items(found["sector"]),
        },
        "reach": reach(participants),
        "caravans": caravans,
        "outcomes_by_year": outcomes(filters, caravans),
    }


def reach(participants):
    """Distinct people and soulaliyate communities reached, the shares of women and of young people among those
    people (young: under 35 on the first day of a caravan they took part in), and how many came at least once.

    One aggregate over the people taking part (an IN subquery the database runs once), not over their
    registrations: a person registered to three caravans counts once."""
    young = participants.annotate(_age=b.age_years()).filter(_age__lt=35).values("person")
    # Exists: each participant probes the check-ins' index, rather than every check-in being read.
    came = participants.filter(Exists(CheckIn.objects.active().filter(registration=OuterRef("pk")))).values(
        "person"
    )
    found = Person.objects.filter(pk__in=participants.values("person")).aggregate(
        people=Count("id"),
        communities=Count("community", distinct=True),
        women=Count("id", filter=Q(sex="female")),
        young=Count("id", filter=Q(pk__in=young)),
        attended=Count("id", filter=Q(pk__in=came)),
    )
    people = found["people"]
    return {
        **found,
        "women_share": b.share(found["women"], people),
        "young_share": b.share(found["young"], people),
    }


def per_caravan(filters, registrations):
    """(each caravan, most recent first, with its registrations by decision and its participants; {reason code:
    registrations}), from one GROUP BY caravan, decision and reasons list (a few thousand groups: the reasons
    lists are few): the registrations are read once for both, the totals and the trend add these rows up."""
    rows, by_reason = {}, {}
    grouped = registrations.values_list("caravan", "decision", "reasons").annotate(n=Count("id")).order_by()
    for caravan_id, decision, codes, n in grouped:
        decisions = rows.setdefault(caravan_id, {})
        decisions[decision] = decisions.get(decision, 0) + n
        for code in set(codes or ()):
            by_reason[code] = by_reason.get(code, 0) + n
    caravans = filters.caravans()
    if filters.province:
        caravans = caravans.filter(pk__in=list(rows))
    listed = []
    for caravan in caravans.values(
        "pk", "slug", "title_ar", "title_fr", "start_date", "region__code", "status"
    ):
        decisions = rows.get(caravan["pk"], {})
        listed.append(
            {
                "pk": caravan["pk"],
                "slug": caravan["slug"],
                "title_ar": caravan["title_ar"],
                "title_fr": caravan["title_fr"],
                "start_date": caravan["start_date"].isoformat(),
                "region": caravan["region__code"],
                "status": caravan["status"],
                "registrations": sum(decisions.values()),
                "participants": decisions.get(Decision.ACCEPTED, 0),
                "by_decision": decisions,
            }
        )
    return listed, by_reason


def outcomes(filters, caravans):
    """Give each listed caravan its `outcomes` (the figures of its report's impact section, `impact.summary`)
    and return their totals per year of the caravans' first day, oldest first (six queries at most).

    Under a province filter only the projects whose holder lives there count (the holder as the report reads
    them), and there is no cost: a caravan's budget is not split by province."""
    links = Project.caravans.through.objects.filter(caravan__in=filters.caravans())
    known = standings_of(links)
    if filters.province:
        held = impact.holders(links)
        known = {
            caravan: {
                pk: state for pk, state in states.items() if held[caravan, pk].province == filters.province
            }
            for caravan, states in known.items()
        }
    costs = {} if filters.province else impact.costs(filters.caravans())
    years = {}
    for caravan in caravans:
        pk = caravan.pop("pk")  # needed only to find its standings and cost
        found = impact.summary(known.get(pk, {}), caravan["participants"], costs.get(pk))
        caravan["outcomes"] = found
        years.setdefault(caravan["start_date"][:4], Year()).add(found, caravan["participants"], costs.get(pk))
    return [year.figures(name) for name, year in sorted(years.items())]


YEAR_COUNTS = (*(key for key, _attribute, _label in impact.STEPS), "jobs")


@dataclass
class Year:
    """The outcomes of a year's caravans added up; its costs per unit divide the costs known by the outcomes of
    the caravans that have one (a caravan without budget lines adds outcomes, never a cost of 0)."""

    counts: dict = field(default_factory=lambda: dict.fromkeys(YEAR_COUNTS, 0))
    amount: Decimal = Decimal(0)
    cost: Decimal | None = None
    costed: dict = field(default_factory=lambda: {"participants": 0, "cooperatives": 0, "financed": 0})

    def add(self, found, participants, cost):
        for key in YEAR_COUNTS:
            self.counts[key] += found[key]
        self.amount += Decimal(found["financing_amount_mad"])
        if cost is not None:
            self.cost = (self.cost or Decimal(0)) + cost[1]
            self.costed["participants"] += participants
            self.costed["cooperatives"] += found["cooperatives_founded"]
            self.costed["financed"] += found["financing_obtained"]

    def figures(self, year):
        return {
            "year": year,
            **self.counts,
            "financing_amount_mad": impact.mad(self.amount),
            "cost_mad": None if self.cost is None else impact.mad(self.cost),
            "cost_per_participant_mad": impact.per(self.cost, self.costed["participants"]),
            "cost_per_cooperative_founded_mad": impact.per(self.cost, self.costed["cooperatives"]),
            "cost_per_project_financed_mad": impact.per(self.cost, self.costed["financed"]),
        }


def by_year(caravans):
    """Participants per year of the caravans' first day (the trend over time), as chart items."""
    years = {}
    for caravan in caravans:
        years[caravan["start_date"][:4]] = years.get(caravan["start_date"][:4], 0) + caravan["participants"]
    return [b.item(year, n, year, year) for year, n in sorted(years.items())]


def filter_choices():
    """Regions, provinces and the years that have caravans, for the filter form."""
    years = sorted({date.year for date in Caravan.objects.values_list("start_date", flat=True).distinct()})
    return {
        "regions": Region.objects.order_by("code"),
        "provinces": Province.objects.order_by("name_fr"),
        "years": years,
    }


def sections(figures, *, language):
    """[{"title", "chart"}] of the dashboard, in reading order."""
    registrations, participants = figures["registrations"], figures["participants"]
    founded = [
        b.item(year["year"], year["cooperatives_founded"], year["year"], year["year"])
        for year in figures["outcomes_by_year"]
    ]
    found = [
        (_("Participants per year"), charts.bars(by_year(figures["caravans"]), language=language)),
        (
            _("Cooperatives founded, per year of the caravans"),
            charts.bars(founded, language=language) if any(y["count"] for y in founded) else "",
        ),
        (_("Registrations by decision"), charts.donut(registrations["by_decision"], language=language)),
        (_("Participants by sex"), charts.donut(participants["by_sex"], language=language)),
        (
            _("Participants by age on the first day"),
            charts.bars(participants["by_age_band"], language=language),
        ),
        (
            _("Participants by prefecture or province"),
            charts.bars(participants["by_province"][:15], language=language, total=participants["total"]),
        ),
        (_("Participants by profile"), charts.donut(participants["by_profile"], language=language)),
        (_("Participants by sector"), charts.bars(participants["by_sector"], language=language)),
        (
            _("Reasons given on registrations"),
            charts.bars(registrations["by_reason"], language=language, total=registrations["total"]),
        ),
    ]
    return [{"title": title, "chart": chart, "empty": not chart} for title, chart in found]


def outcome_tables(by_year_, caravans, *, language):
    """The outcomes' trend as two figures tables: per year, and per caravan in date order (`caravans`: those of
    the dashboard's list, most recent first, each with its `outcomes`)."""
    counts = [key for key, _attribute, _label in impact.STEPS]
    money = [_("Financing obtained (MAD)")]

    def amount(value):
        return None if value is None else figure(Decimal(value))

    years = charts.table(
        [
            _("Year"),
            *(impact.SHORT[key] for key in counts),
            *money,
            _("Jobs"),
            _("Cost per cooperative founded"),
        ],
        [
            (
                year["year"],
                *(year[key] for key in counts),
                amount(year["financing_amount_mad"]),
                year["jobs"],
                amount(year["cost_per_cooperative_founded_mad"]),
            )
            for year in by_year_
        ],
    )
    rows = []
    for caravan in reversed(caravans):
        found = caravan["outcomes"]
        report = reverse("reports:caravan_report", args=[caravan["slug"]])
        title = caravan["title_fr"] if language == "fr" else caravan["title_ar"]
        day = b.dated(datetime.date.fromisoformat(caravan["start_date"]))[f"label_{language}"]
        rows.append(
            (
                format_html('<a href="{}#impact">{}</a> <span class="meta">{}</span>', report, title, day),
                *(found[key] for key in counts),
                amount(found["financing_amount_mad"]),
                amount(found["cost_per_participant_mad"]),
                amount(found["cost_per_cooperative_founded_mad"]),
                amount(found["cost_per_project_financed_mad"]),
            )
        )
    headers = [
        _("Caravan"),
        *(impact.SHORT[key] for key in counts),
        *money,
        _("Cost per participant"),
        _("Cost per cooperative founded"),
        _("Cost per project financed"),
    ]
    return {"years": years, "caravans": charts.table(headers, rows)}
