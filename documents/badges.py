"""Badges: who gets one, what it says, and its QR code.

A badge carries the person's names (Arabic and Latin letters), profile (in the person's gender when it is
known), province, a line for the workshop group, the caravan's title and the names of its organisers, and the
registration's badge code as a QR code and as text. Never a CIN, phone or birth date: a badge is worn in
public. The code is the registration's own, so a reprint (a lost badge) invalidates nothing. The group line
says, for each day the person has a workshop group (onsite.models.GroupAssignment), the day and the workshop's
topic, short (and its time, on a day of groups at several times): what the person chose, where a room name
says nothing; with no group yet it is left blank, to fill in by hand.
"""

from collections import Counter

from caravans.models import Partnership
from core.models import AuditEntry
from core.qr import qr_svg as core_qr_svg
from registration.models import Profile, Registration

from .ordering import person_sort_key

PER_SHEET = 8  # an A4 sheet: 2 columns × 4 rows of 90 × 65 mm badges, with cut marks
GROUP_LABEL_LENGTH = 30  # characters: a group line fits the badge's width at 8 pt
WITH_GROUPS = ("group_assignments__day", "group_assignments__session")
# The audit action of a caravan's first badges download: nothing else records that badges were printed.
PRINTED = "badges.printed"


def for_caravan(caravan, *, province="", profile="", language="ar"):
    """The accepted registrations of a caravan (optionally of one province code and one profile), by family
    name in the badges' language."""
    registrations = (
        Registration.objects.accepted()
        .filter(caravan=caravan)
        .exclude(badge_code=None)
        .select_related("person__province")
        .prefetch_related(*WITH_GROUPS)
    )
    if province:
        registrations = registrations.filter(person__province__code=province)
    if profile in Profile.values:
        registrations = registrations.filter(profile=profile)
    return sorted(registrations, key=lambda r: person_sort_key(r.person, language))


def first_printing(caravan):
    """The audit entry of the caravan's first badges download, or None: the caravan hub's "badges printed"."""
    entries = AuditEntry.objects.filter(
        action=PRINTED, object_type="caravans.caravan", object_id=str(caravan.pk)
    )
    return entries.select_related("actor").order_by("at", "id").first()


def qr_svg(code):
    """The QR code of `code` for print: no border, the badge's layout leaves the quiet zone."""
    return core_qr_svg(code, border=0)


def badge(registration):
    """One badge's text, evaluated in the active language."""
    person = registration.person
    return {
        "name_ar": person.full_name_ar,
        "name_latin": person.full_name_latin,
        "profile": str(registration.profile_in_gender()),
        "province": person.province.name if person.province else "",
        "group": groups(registration),
        "code": registration.badge_code,
        "qr": qr_svg(registration.badge_code),
    }


def groups(registration):
    """The person's workshop groups, by day and time: [{"day": date, "time": "HH:MM" or "", "label": the
    workshop's topic, short}]; the time only on a day with groups at several times (one per time slot)."""
    assignments = sorted(
        registration.group_assignments.all(), key=lambda a: (a.day.date, a.session.starts_at)
    )
    per_day = Counter(a.day.date for a in assignments)
    return [
        {
            "day": a.day.date,
            "time": f"{a.session.starts_at:%H:%M}" if per_day[a.day.date] > 1 else "",
            "label": _short(a.session.title),
        }
        for a in assignments
    ]


def _short(text):
    return text if len(text) <= GROUP_LABEL_LENGTH else text[: GROUP_LABEL_LENGTH - 1].rstrip() + "…"


def footer_names(caravan):
    """The names a badge's foot prints, in the active language: the caravan's organisers and co-organisers as
    they name themselves (the partners are on the letterhead of the A4 sheet; a badge has room for a few)."""
    partnerships = list(caravan.partnerships.select_related("organisation"))
    organisers = [p for p in partnerships if p.role != Partnership.Role.PARTNER] or partnerships
    return [p.organisation.name for p in organisers]


def sheets(badges, per_sheet=PER_SHEET, per_row=2):
    """Badges cut into A4 sheets of rows of `per_row` cells (None for an empty cell of the last row)."""
    pages = []
    for start in range(0, len(badges), per_sheet):
        page = badges[start : start + per_sheet]
        page += [None] * (-len(page) % per_row)
        pages.append([page[i : i + per_row] for i in range(0, len(page), per_row)])
    return pages


def context(caravan, badges, *, paper="a4"):
    """What templates/documents/badges.html needs, from `badge()` dicts; call it in the badges' language.

    `paper` "a4": sheets of 8 with cut marks; "badge": one badge per page of its own size (badge printers)."""
    return {
        "caravan": caravan,
        "partners": footer_names(caravan),
        "paper": "badge" if paper == "badge" else "a4",
        "badges": badges,
        "sheets": sheets(badges),
    }
