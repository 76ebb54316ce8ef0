"""One caravan's indicators as one plain, JSON-ready dict: the report page, its PDF, XLSX and JSON exports and
the API all show this dict, so they cannot disagree.

Each breakdown is a list of items `{"key", "count", "label_ar", "label_fr"}`; `people(caravan, dimension,
key)` gives the registrations behind any item with the very filters that counted them (traceability).
Participants are the accepted registrations. A section whose source app is not installed yet is None.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from caravans.models import Session
from onsite.models import CheckIn, SessionAttendance
from places.models import Province
from registration.models import Decision, Invitation, Registration

from . import breakdowns as b
from . import impact, sources

# Dimensions of `people()`: registrations (every decision) or participants (accepted), then attendance.
REGISTRATION_DIMENSIONS = ("decision", "reason")
PARTICIPANT_DIMENSIONS = ("sex", "age_band", "province", "profile", "sector")
ATTENDANCE_DIMENSIONS = ("day", "session")
DIMENSIONS = (
    "all",
    "participants",
    "attended",
    "young",
    *REGISTRATION_DIMENSIONS,
    *PARTICIPANT_DIMENSIONS,
    *ATTENDANCE_DIMENSIONS,
)


def caravan_report(caravan):
    """Every figure of the caravan's report (about fifteen queries, whatever the number of registrations)."""
    registrations = Registration.objects.filter(caravan=caravan)
    participants = participant_figures(registrations.filter(decision=Decision.ACCEPTED))
    return {
        "caravan": _caravan(caravan),
        "registrations": registration_figures(registrations),
        "participants": participants,
        "attendance": attendance_figures(caravan),
        "surveys": sources.survey_results(caravan),
        "projects": sources.project_figures(caravan),
        "invitations": invitation_figures(caravan),
        "impact": impact.caravan_impact(caravan, participants=participants["total"]),
    }


def _caravan(caravan):
    return {
        "slug": caravan.slug,
        "title_ar": caravan.title_ar,
        "title_fr": caravan.title_fr,
        "region": caravan.region.code,
        "region_ar": caravan.region.name_ar,
        "region_fr": caravan.region.name_fr,
        "start_date": caravan.start_date.isoformat(),
        "end_date": caravan.end_date.isoformat(),
        "capacity": caravan.capacity,
        "status": caravan.status,
    }


def counts(queryset, field):
    """{value: count} grouped in the database."""
    rows = queryset.values(field).annotate(n=Count("id")).order_by()
    return {row[field]: row["n"] for row in rows}


def reason_counts(registrations):
    """{code: registrations whose reasons include it}: grouped by the reasons list (a few dozen distinct lists
    however many registrations), then each list's codes added up."""
    found = {}
    for codes, n in registrations.values_list("reasons").annotate(n=Count("id")).order_by():
        for code in set(codes or ()):
            found[code] = found.get(code, 0) + n
    return found


def province_rows(per_province):
    """[(code, name_ar, name_fr, count)] of {province id: count} (code None: not given)."""
    names = Province.objects.filter(pk__in=[pk for pk in per_province if pk]).values_list(
        "pk", "code", "name_ar", "name_fr"
    )
    rows = [(code, ar, fr, per_province[pk]) for pk, code, ar, fr in names]
    if per_province.get(None):
        rows.append((None, "", "", per_province[None]))
    return rows


def registration_figures(registrations):
    by_decision = counts(registrations, "decision")
    return {
        "total": sum(by_decision.values()),
        "by_decision": b.decision_items(by_decision),
        "by_reason": b.reason_items(reason_counts(registrations)),
    }


def participant_figures(participants):
    """Accepted registrations by sex, age band, province, profile and sector, with the reach shares."""
    found = b.participant_cube(participants)
    total = sum(found["sex"].values())
    women = found["sex"].get("female", 0)
    young = sum(found["band"].get(band, 0) for band in b.YOUNG_BANDS)
    return {
        "total": total,
        "women": women,
        "women_share": b.share(women, total),
        "young": young,
        "young_share": b.share(young, total),
        "by_sex": b.sex_items(found["sex"]),
        "by_age_band": b.band_items(found["band"]),
        "by_province": b.province_items(province_rows(found["province"])),
        "by_profile": b.profile_items(found["profile"]),
        "by_sector": b.sector_items(found["sector"]),
    }


def attendance_figures(caravan):
    """People checked in each day (and on any day), people present at each session and assigned to it."""
    checkins = CheckIn.objects.active().filter(registration__caravan=caravan)
    per_day = dict(checkins.values_list("day").annotate(n=Count("registration", distinct=True)).order_by())
    days = sorted(set(caravan.days.values_list("date", flat=True)) | set(per_day))
    sessions = (
        Session.objects.filter(day__caravan=caravan)
        .exclude(kind__in=Session.NO_ATTENDANCE)
        .select_related("day")
        .annotate(
            present=Count("attendances", distinct=True),
            assigned=Count("group_assignments", distinct=True),
        )
    )
    return {
        "attended": checkins.values("registration").distinct().count(),
        "by_day": [b.item(day.isoformat(), per_day.get(day, 0), **b.dated(day)) for day in days],
        "by_session": [
            {
                **b.item(session.pk, session.present, session.title_ar, session.title_fr),
                "date": session.day.date.isoformat(),
                "starts_at": session.starts_at.strftime("%H:%M"),
                "kind": session.kind,
                "assigned": session.assigned,
            }
            for session in sessions
        ],
    }


# The steps of the invitations' funnel, each counted among the invitations (registration.Invitation).
FUNNEL = [
    ("invited", pgettext_lazy("invitations funnel", "Invited by SMS")),
    ("registered", pgettext_lazy("invitations funnel", "Registered")),
    ("accepted", pgettext_lazy("invitations funnel", "Accepted")),
    ("came", _("Came at least one day")),
]


def invitation_figures(caravan):
    """Invited → registered (of those invited) → accepted → came (checked in at least once): the invitations
    whose registration got that far, linked when the invited phone registered."""
    came = CheckIn.objects.active().filter(registration__caravan=caravan).values("registration")
    found = Invitation.objects.filter(caravan=caravan).aggregate(
        invited=Count("id"),
        registered=Count("id", filter=Q(registration__isnull=False)),
        accepted=Count("id", filter=Q(registration__decision=Decision.ACCEPTED)),
        came=Count("id", filter=Q(registration__in=came)),
    )
    return {**found, "funnel": [b.item(key, found[key], **b.both(label)) for key, label in FUNNEL]}


# --- Traceability -------------------------------------------------------------------------------------------


def people(caravan, dimension, key):
    """The registrations behind one figure of the report, counted by the same filter; ValueError when the
    dimension is unknown."""
    registrations = Registration.objects.filter(caravan=caravan)
    if dimension == "all":
        return registrations
    if dimension == "decision":
        return registrations.filter(decision=key)
    if dimension == "reason":
        return b.reasons_text(registrations).filter(_reasons_text__contains=f'"{key}"')
    if dimension in ATTENDANCE_DIMENSIONS:
        return _attendees(caravan, registrations, dimension, key)
    if dimension == "attended":
        came = CheckIn.objects.active().filter(registration__caravan=caravan)
        return registrations.filter(pk__in=came.values("registration"))
    participants = registrations.filter(decision=Decision.ACCEPTED)
    if dimension == "participants":
        return participants
    if dimension == "young":
        return b.with_buckets(participants).filter(_band__in=b.YOUNG_BANDS)
    if dimension not in PARTICIPANT_DIMENSIONS:
        raise ValueError(dimension)
    unknown = key == b.UNKNOWN
    if dimension == "sex":
        return participants.filter(Q(person__sex="") if unknown else Q(person__sex=key))
    if dimension == "profile":
        return participants.filter(profile=key)
    if dimension == "province":
        return participants.filter(Q(person__province=None) if unknown else Q(person__province__code=key))
    bucketed = b.with_buckets(participants)
    if dimension == "age_band":
        return bucketed.filter(_band=key)
    return bucketed.filter(Q(_sector=None) if unknown else Q(_sector=key))


def _attendees(caravan, registrations, dimension, key):
    if dimension == "day":
        checked = CheckIn.objects.active().filter(registration__caravan=caravan, day=key)
        return registrations.filter(pk__in=checked.values("registration"))
    present = SessionAttendance.objects.filter(session__day__caravan=caravan, session_id=key)
    return registrations.filter(pk__in=present.values("registration"))


# Filters the organisers' registration list already understands: a figure links there when it can.
LIST_FILTERS = {
    "decision": "decision",
    "reason": "reason",
    "sex": "sex",
    "province": "province",
    "profile": "profile",
}


def list_query(dimension, key):
    """The registration list's query string for a figure, or None when that list cannot filter on it."""
    if dimension == "all":
        return ""
    if dimension == "participants":
        return "decision=accepted"
    if dimension not in LIST_FILTERS or key in (b.UNKNOWN, "", None):
        return None
    query = f"{LIST_FILTERS[dimension]}={key}"
    return query if dimension in REGISTRATION_DIMENSIONS else f"decision=accepted&{query}"
