"""The national dashboard: every caravan's indicators added up, filtered by region, province and year, with the
trend over time and the reach (distinct people and communities, shares of women and of young people).

Built for a hundred thousand registrations: every figure is a GROUP BY or an aggregate in the database (six
queries); Python only adds up grouped rows (a few thousand at most), never the registrations themselves. The caravan filters (region of
the caravan, year of its first day) and the province filter (where the participant lives) compose.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan
from onsite.models import CheckIn
from people.models import Person
from places.models import Province, Region
from registration.models import Decision, Registration

from . import breakdowns as b
from . import charts
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
    """The national figures under `filters`, as one JSON-ready dict (five queries)."""
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
    found = [
        (_("Participants per year"), charts.bars(by_year(figures["caravans"]), language=language)),
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
