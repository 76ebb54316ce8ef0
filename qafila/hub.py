"""A caravan's hub: where it stands, what is done and what comes next, and every page and document a role opens.

`phase`, `checklist`, `pages`, `sections`, `sheets` and `badge_filters` read the database and the roles; the view
only renders them. Each link is shown to the roles that `core.permissions` lets use its page, nobody else.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caravans.models import Caravan, Day, Session, StaffAssignment
from certificates.models import Certificate
from core.permissions import Role, allowed
from documents import badges
from onsite.models import GroupAssignment
from places.models import Province
from projects.followup.models import FollowUp
from registration.models import Profile, Registration


@dataclass(frozen=True)
class Page:
    """A page of one caravan that takes only its slug: who opens it (a permission) and where it is."""

    label: str
    action: str
    url_name: str


PAGES = {
    "edit": Page(gettext_lazy("Settings and status"), "caravan.edit", "caravans:staff_caravan_edit"),
    "programme": Page(gettext_lazy("Programme"), "programme.edit", "caravans:staff_programme"),
    "team": Page(gettext_lazy("Team"), "team.manage", "caravans:team"),
    "letterhead": Page(gettext_lazy("Letterhead and signatories"), "caravan.edit", "caravans:letterhead"),
    "programme_pdf": Page(
        gettext_lazy("Printable programme (PDF)"), "caravan.view_staff", "documents:programme_pdf"
    ),
    "copy": Page(gettext_lazy("Copy for the next stop"), "caravan.copy", "caravans:staff_caravan_copy"),
    "sessions": Page(gettext_lazy("My sessions"), "session.view_staff", "caravans:staff_my_sessions"),
    "register": Page(gettext_lazy("Register a person"), "registration.create", "registration:staff_entry"),
    "registrations": Page(
        gettext_lazy("Registrations"), "registration.view", "registration:staff_registrations"
    ),
    "import": Page(gettext_lazy("Import a list"), "registration.import", "registration:staff_import"),
    "duplicates": Page(
        gettext_lazy("Likely duplicates"), "duplicates.review", "registration:staff_duplicates"
    ),
    "export_xlsx": Page(
        gettext_lazy("Registrations (XLSX)"),
        "registration.export",
        "registration:staff_registrations_xlsx",
    ),
    "export_csv": Page(
        gettext_lazy("Registrations (CSV)"),
        "registration.export",
        "registration:staff_registrations_csv",
    ),
    "messages": Page(gettext_lazy("Messages sent"), "messages.view", "messaging:outbox"),
    "bulk_message": Page(gettext_lazy("Write to a list of people"), "messages.send", "bulk_message"),
    "invitations": Page(
        gettext_lazy("Invite a list to register"), "messages.send", "registration:staff_invitations"
    ),
    "checkin": Page(gettext_lazy("Check-in"), "checkin.perform", "onsite:checkin"),
    "walk_in": Page(gettext_lazy("Register a walk-in"), "checkin.perform", "onsite:walk_in"),
    "badges": Page(gettext_lazy("All the badges (PDF)"), "registration.view", "documents:badges_pdf"),
    "groups": Page(gettext_lazy("Workshop groups"), "groups.view", "onsite:groups"),
    "attendance": Page(gettext_lazy("Session attendance"), "attendance.mark", "onsite:attendance_sessions"),
    "board": Page(gettext_lazy("Live board"), "board.view", "onsite:board"),
    "devices": Page(gettext_lazy("Phones holding the roster"), "devices.manage", "onsite:devices"),
    "surveys": Page(gettext_lazy("Surveys"), "survey.enter_answers", "surveys:index"),
    "survey_results": Page(gettext_lazy("Survey results"), "survey.results", "surveys:results"),
    "projects": Page(gettext_lazy("Projects"), "project.view", "projects:list"),
    "follow_up": Page(gettext_lazy("Follow-up after the caravan"), "followup.view", "projects:follow_ups"),
    "certificates": Page(gettext_lazy("Certificates"), "certificate.manage", "certificates:staff"),
    "stories": Page(gettext_lazy("Success stories"), "story.edit", "stories:staff"),
    "account": Page(gettext_lazy("The caravan's account"), "account.edit", "caravans:account"),
    "report": Page(gettext_lazy("Report"), "report.view", "reports:caravan_report"),
    "report_pdf": Page(gettext_lazy("Report (PDF)"), "report.view", "reports:report_pdf"),
    "report_xlsx": Page(gettext_lazy("Report (XLSX)"), "report.view", "reports:report_xlsx"),
}

# The hub's sections, in the order of a caravan's life.
SECTIONS = [
    (
        gettext_lazy("Preparation"),
        ["edit", "programme", "team", "letterhead", "programme_pdf", "sessions", "copy"],
    ),
    (
        gettext_lazy("Registration"),
        ["registrations", "register", "import", "duplicates", "export_xlsx", "export_csv"],
    ),
    (gettext_lazy("Messages"), ["messages", "bulk_message", "invitations"]),
    (
        gettext_lazy("At the venue"),
        ["checkin", "walk_in", "groups", "attendance", "board", "devices", "surveys"],
    ),
    (
        gettext_lazy("Results"),
        [
            "projects",
            "follow_up",
            "stories",
            "certificates",
            "survey_results",
            "account",
            "report",
            "report_pdf",
            "report_xlsx",
        ],
    ),
]


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def pages(caravan, roles, keys):
    """The links among PAGES[keys] that `roles` may open on `caravan`, in the order of `keys`."""
    return [
        Link(PAGES[key].label, reverse(PAGES[key].url_name, args=[caravan.slug]))
        for key in keys
        if allowed(roles, PAGES[key].action)
    ]


def sections(caravan, roles):
    """[(title, links)] for the sections where `roles` open at least one page."""
    found = [(title, pages(caravan, roles, keys)) for title, keys in SECTIONS]
    return [(title, links) for title, links in found if links]


# --- Where the caravan stands ---------------------------------------------------------------------------------

PHASES = [
    ("draft", gettext_lazy("Draft")),
    ("registration", gettext_lazy("Registration")),
    ("days", gettext_lazy("The days")),
    ("after", gettext_lazy("After")),
]


def phase(caravan, today):
    """draft → registration → days → after, from the caravan's status and today's date."""
    if caravan.status == Caravan.Status.DRAFT:
        return "draft"
    if caravan.status == Caravan.Status.CLOSED or today > caravan.end_date:
        return "after"
    if caravan.status == Caravan.Status.RUNNING or today >= caravan.start_date:
        return "days"
    return "registration"


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    done: bool
    detail: str
    url: str | None  # the page that does it, when the role may open it


def checklist(caravan, roles):
    """The caravan's steps from programme to report: whether each is done, in a few words why, and where."""
    steps = [_programme(caravan), _team(caravan), _registration(caravan), _badges(caravan)]
    workshop_days = _workshop_days(caravan)
    steps += [_groups(workshop_days)] if workshop_days else []
    steps += [_certificates(caravan), _account(caravan), _report(caravan), _follow_up(caravan)]
    return [
        Step(key, label, done, detail, _url(caravan, roles, page)) for key, label, done, detail, page in steps
    ]


def next_step(steps):
    return next((step for step in steps if not step.done), None)


# A step links for the roles that make it done: a trainer or agent calls the contacts in their charge, but the
# organisers plan them and give them out (the agent's hub keeps the desk first).
STEP_ACTIONS = {"follow_up": "followup.assign"}


def _url(caravan, roles, key):
    page = PAGES.get(key)
    action = STEP_ACTIONS.get(key, page and page.action)
    return reverse(page.url_name, args=[caravan.slug]) if page and allowed(roles, action) else None


def _programme(caravan):
    dates = caravan.dates()
    planned = set(
        Day.objects.filter(caravan=caravan, sessions__isnull=False).values_list("date", flat=True).distinct()
    )
    detail = _("Days with sessions: %(planned)s of %(count)s") % {
        "planned": len(planned),
        "count": len(dates),
    }
    return "programme", _("Programme complete"), planned >= set(dates), detail, "programme"


def _team(caravan):
    counts = dict(StaffAssignment.objects.filter(caravan=caravan).values_list("role").annotate(n=Count("id")))
    detail = " · ".join(
        _("%(role)s: %(count)s") % {"role": label, "count": counts.get(role, 0)}
        for role, label in [
            (Role.ORGANISER, _("Organisers")),
            (Role.TRAINER, _("Trainers")),
            (Role.AGENT, _("Check-in agents")),
        ]
    )
    done = bool(counts.get(Role.ORGANISER) and counts.get(Role.AGENT))
    return "team", _("Team: an organiser and check-in agents"), done, detail, "team"


def _registration(caravan):
    accepted = Registration.objects.accepted().filter(caravan=caravan).count()
    detail = _("Accepted: %(accepted)s · Capacity: %(capacity)s") % {
        "accepted": accepted,
        "capacity": caravan.capacity,
    }
    return "registration", _("Registration open"), caravan.is_public, detail, "edit"


def _badges(caravan):
    first = badges.first_printing(caravan)
    if first is None:
        detail = _("Not downloaded yet")
    else:
        who = (first.actor.get_full_name() or first.actor.get_username()) if first.actor else "—"
        detail = _("First downloaded on %(date)s by %(who)s") % {
            "date": date_format(timezone.localdate(first.at), "j F Y"),
            "who": who,
        }
    return "badges", _("Badges printed"), first is not None, detail, "badges"


def _workshop_days(caravan):
    return set(
        Day.objects.filter(caravan=caravan, sessions__kind=Session.Kind.WORKSHOP).values_list("pk", flat=True)
    )


def _groups(days):
    formed = set(GroupAssignment.objects.filter(day__in=days).values_list("day", flat=True).distinct())
    detail = _("Workshop days with their groups: %(formed)s of %(count)s") % {
        "formed": len(formed),
        "count": len(days),
    }
    return "groups", _("Workshop groups formed"), formed >= days, detail, "groups"


def _certificates(caravan):
    issued = Certificate.objects.valid().filter(caravan=caravan).count()
    detail = _("Valid certificates: %(count)s") % {"count": issued}
    return "certificates", _("Certificates issued"), issued > 0, detail, "certificates"


def _report(caravan):
    closed = caravan.status == Caravan.Status.CLOSED
    detail = (
        _("The caravan is closed: its figures are final.")
        if closed
        else _("Final once the caravan is closed.")
    )
    return "report", _("Report"), closed, detail, "report"


def _account(caravan):
    lines = list(caravan.budget_lines.values_list("spent_mad", flat=True))
    spent = [amount for amount in lines if amount is not None]
    detail = _("Budget lines with their amount spent: %(spent)s of %(count)s") % {
        "spent": len(spent),
        "count": len(lines),
    }
    return "account", _("The caravan's account"), bool(lines) and len(spent) == len(lines), detail, "account"


def _follow_up(caravan):
    """Up to date when the contacts are planned and none due today waits for its call."""
    Status = FollowUp.Status
    counts = FollowUp.objects.filter(caravan=caravan).aggregate(
        count=Count("id"),
        reached=Count("id", filter=Q(status=Status.REACHED)),
        due=Count("id", filter=Q(status=Status.DUE, due__lte=timezone.localdate())),
    )
    if not counts["count"]:
        detail = _("Planned once the caravan is over.")
    else:
        detail = _("Due now: %(due)s · Reached: %(reached)s of %(count)s") % counts
    done = bool(counts["count"]) and not counts["due"]
    return "follow_up", _("Follow-up contacts up to date"), done, detail, "follow_up"


# --- Documents that take more than the slug ----------------------------------------------------------------


@dataclass(frozen=True)
class SheetDay:
    date: object
    url: str | None  # the day's sheet, for those who see the registrations
    sessions: list  # [(session, its sheet or None, its workshop group's sheet or None)]


def sheets(caravan, roles):
    """Sign-in sheets per day, per session and per workshop group that `roles` may print ([] when none)."""
    everyone, groups = allowed(roles, "registration.view"), allowed(roles, "groups.view")
    if not (everyone or groups):
        return []
    by_date = {day.date: day for day in caravan.days.prefetch_related("sessions")}
    result = []
    for date in caravan.dates():
        rows = []
        for session in by_date[date].sessions.all() if date in by_date else []:
            if session.kind in Session.NO_ATTENDANCE:
                continue
            workshop = session.kind == Session.Kind.WORKSHOP
            rows.append(
                (
                    session,
                    _doc("documents:sign_in_sheet_session", caravan, session.pk) if everyone else None,
                    _doc("documents:sign_in_sheet_group", caravan, session.pk)
                    if groups and workshop
                    else None,
                )
            )
        rows = [row for row in rows if row[1] or row[2]]
        if everyone or rows:
            day_url = _doc("documents:sign_in_sheet_day", caravan, date) if everyone else None
            result.append(SheetDay(date, day_url, rows))
    return result


def _doc(name, caravan, arg):
    return reverse(name, args=[caravan.slug, arg])


def badge_filters(caravan):
    """What the badges form offers: the provinces of the accepted people, and the profiles."""
    provinces = Province.objects.filter(
        pk__in=Registration.objects.accepted().filter(caravan=caravan).values("person__province")
    )
    return {"provinces": sorted(provinces, key=lambda p: p.name), "profiles": Profile.choices}
