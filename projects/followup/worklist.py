"""What the follow-up pages read: whose contacts a staff member sees, the worklist's tabs, the team contacts are
shared out to, and a project's timeline of contacts and outcomes."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from caravans.models import Caravan, StaffAssignment
from core.i18n import active_language, amount
from core.permissions import Role, allowed
from people.identifiers import display_phone
from people.models import mask_phone
from projects import founding

from .models import FollowUp, Outcome

# A contact due more than this long ago is late: the worklist shows it first and marks it.
LATE_AFTER = datetime.timedelta(days=14)
# Trainers and agents work on the contacts put in their charge; the other roles that see the worklist see all.
IN_CHARGE_ONLY = {Role.TRAINER, Role.AGENT}
# The Law 112-12 steps a follow-up asks about: name, assembly, court register (with its number), ODCO, ICE.
FOLLOWED_STEPS = [
    "name_approval",
    "constitutive_general_assembly",
    "local_register",
    "central_register",
    "after_registration_identifiers",
]


@dataclass(frozen=True)
class Tab:
    key: str
    label: str


TABS = [
    Tab("due", _("To contact now")),
    Tab("late", _("Late")),
    Tab("coming", _("Coming")),
    Tab("done", pgettext_lazy("follow-up contacts", "Done")),
    Tab("not_reached", _("Not reached")),
]
TAB_KEYS = [tab.key for tab in TABS]


def sees_all(roles, action):
    """Whether these roles work on every contact of the caravan, not only those in their charge."""
    return allowed(set(roles) - IN_CHARGE_ONLY, action)


def contacts(user, caravan, roles):
    """The contacts of `caravan` that `user` works on."""
    found = FollowUp.objects.filter(caravan=caravan)
    return found if sees_all(roles, "followup.view") else found.filter(assigned_to=user)


def in_tab(found, tab, today):
    """The contacts of one tab: due now (late ones too), late, coming, done, not reached."""
    due = found.filter(status=FollowUp.Status.DUE)
    return {
        "due": due.filter(due__lte=today),
        "late": due.filter(due__lt=today - LATE_AFTER),
        "coming": due.filter(due__gt=today),
        "done": found.filter(status=FollowUp.Status.REACHED),
        "not_reached": found.filter(status=FollowUp.Status.NOT_REACHED),
    }[tab]


def tab_counts(found, today):
    """{tab key: how many contacts}, in one query."""
    due = Q(status=FollowUp.Status.DUE)
    counts = found.aggregate(
        n_due=Count("pk", filter=due & Q(due__lte=today)),
        n_late=Count("pk", filter=due & Q(due__lt=today - LATE_AFTER)),
        n_coming=Count("pk", filter=due & Q(due__gt=today)),
        n_done=Count("pk", filter=Q(status=FollowUp.Status.REACHED)),
        n_not_reached=Count("pk", filter=Q(status=FollowUp.Status.NOT_REACHED)),
    )
    return [(tab, counts[f"n_{tab.key}"]) for tab in TABS]


def follow_up_for(user, caravan, roles, pk):
    """The contact `pk` of `caravan` if `user` may record it (any for organisers, their own for the others)."""
    follow_up = (
        FollowUp.objects.select_related("project__holder", "project__cooperative", "assigned_to")
        .filter(caravan=caravan, pk=pk)
        .first()
    )
    if follow_up is None:
        raise Http404(pk)
    if not sees_all(roles, "followup.record") and follow_up.assigned_to_id != user.pk:
        raise PermissionDenied("followup.record")
    return follow_up


def team(caravan):
    """The caravan's trainers and agents, who contacts are put in the charge of."""
    ids = StaffAssignment.objects.filter(caravan=caravan, role__in=IN_CHARGE_ONLY).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("first_name", "username")


def ended(caravan, today):
    """Whether the caravan's days are over, so that its projects' contacts are planned (see views.worklist)."""
    return caravan.status == Caravan.Status.CLOSED or today > caravan.end_date


def phone_shown(person, in_full, language):
    """The holder's phone: in full for someone who may call (personal_data.view, or the contact's caller),
    masked otherwise."""
    phone = person.phone if person is not None else ""
    return display_phone(phone, language) if in_full else mask_phone(phone)


def step_labels(language):
    """{step id: its label in `language`} for the steps a follow-up asks about."""
    key = "label_ar" if language == "ar" else "label_fr"
    return {step["id"]: step[key] for step in founding.steps() if step["id"] in FOLLOWED_STEPS}


@dataclass(frozen=True)
class Event:
    """One line of a project's timeline: a contact tried, or an outcome it brought back."""

    on: datetime.date
    contact: FollowUp | None = None
    outcome: Outcome | None = None


def timeline(project, language=None):
    """The project's contacts tried and its outcomes, in date order (contacts before the outcomes they brought)."""
    language = language or active_language()
    tried = project.follow_ups.exclude(status=FollowUp.Status.DUE, attempts=0).select_related("contacted_by")
    outcomes = list(project.outcomes.select_related("programme", "recorded_by"))
    labels = {step["id"]: step["label_ar" if language == "ar" else "label_fr"] for step in founding.steps()}
    for outcome in outcomes:
        outcome.step_label = labels.get(outcome.step, outcome.step)
        outcome.amount_shown = amount(outcome.amount_mad, language, ltr=True) if outcome.amount_mad else ""
    events = [Event(contact.contacted_on or contact.due, contact=contact) for contact in tried]
    events += [Event(outcome.on, outcome=outcome) for outcome in outcomes]
    return sorted(events, key=lambda event: (event.on, event.outcome is not None, _pk(event)))


def _pk(event):
    return (event.contact or event.outcome).pk


def planned(project):
    """The project's contacts still to make, the next first."""
    return project.follow_ups.filter(status=FollowUp.Status.DUE).order_by("due")
