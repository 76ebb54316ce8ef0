"""The check-in desk, on an agent's phone: one box for a badge code (typed, scanned by a USB scanner or by the
camera) or a name, CIN or phone; the answer in large colours and words; the box empty again for the next one.

Plain form POSTs that work without JavaScript; with it, htmx swaps only the result panel (`_result.html`).
Nothing personal ever goes in an address: badge codes and searches are POSTed. The day is today when today is
a day of the caravan, otherwise the one the agent picked, remembered in the session.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from caravans.access import caravan_for, roles_for
from core import audit
from core.permissions import allowed, require
from people.models import Channel, mask_cin, mask_phone
from registration import search
from registration.consent import notice
from registration.entry import enter, scope_for
from registration.entry_forms import place_defaults, place_pickers
from registration.models import Decision, Registration, clean_code
from registration.reasons import messages
from registration.services import RegistrationError

from . import services
from .forms import ScanForm, WalkInForm
from .models import CheckIn
from .words import said

PERFORM = "checkin.perform"
require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])


@dataclass
class Panel:
    """What the result panel shows: `kind` (an outcome code of `services`, or `found`, `not_found`,
    `undone`, `refused`, `walk_in`), the registration it is about, and the rest of the story."""

    kind: str
    registration: Registration | None = None
    checkin: CheckIn | None = None
    found: search.Found | None = None
    typed: str = ""
    message: str = ""
    can_undo: bool = False
    reasons: list = field(default_factory=list)
    checked_in_ids: set = field(default_factory=set)

    @property
    def agent_name(self):
        agent = self.checkin and self.checkin.agent
        if agent is None:
            return _("a deleted account")
        return agent.get_full_name() or agent.username

    @property
    def colour(self):
        if self.kind == services.CHECKED_IN:
            return "ok"
        if self.kind in (services.ALREADY, "walk_in", "undone"):
            return "warn"
        return "neutral" if self.kind == "found" else "bad"


# --- The day ------------------------------------------------------------------------------------------


def _memory_key(caravan):
    return f"onsite.checkin.{caravan.pk}"


def _day(request, caravan):
    """(the day check-ins are for, whether the agent picks it): today on a caravan day, else the day
    picked last (or the caravan's day nearest to today)."""
    today = timezone.localdate()
    dates = caravan.dates()
    if today in dates:
        return today, False
    picked = request.session.get(_memory_key(caravan), {}).get("day")
    if picked in [d.isoformat() for d in dates]:
        return datetime.date.fromisoformat(picked), True
    return (dates[0] if today < dates[0] else dates[-1]), True


def _remember(request, caravan, **values):
    key = _memory_key(caravan)
    memory = request.session.get(key, {})
    if any(memory.get(name) != value for name, value in values.items()):  # no session write per scan
        request.session[key] = {**memory, **values}


# --- The pages ----------------------------------------------------------------------------------------


@require_get_or_post
@login_required
def checkin(request, slug):
    caravan = caravan_for(request.user, slug, PERFORM)
    day, ask_day = _day(request, caravan)
    panel = None
    if request.method == "POST":
        form = ScanForm(caravan, day, request.POST, ask_day=ask_day)
        if form.is_valid():
            if ask_day:
                day = form.cleaned_data["day"]
                _remember(request, caravan, day=day.isoformat())
            panel = scan(caravan, form.cleaned_data["q"], day, request.user)
    else:
        panel = _shown_once(request, caravan, day)
    return _answer(request, caravan, day, ask_day, panel)


@require_POST
@login_required
def undo(request, slug, pk):
    caravan = caravan_for(request.user, slug, PERFORM)
    checkin = get_object_or_404(_checkins(), pk=pk, registration__caravan=caravan)
    try:
        services.undo_check_in(checkin, request.user)
        panel = Panel("undone", checkin.registration, checkin)
    except services.CheckInError as refusal:
        panel = Panel("refused", checkin.registration, checkin, message=refusal.messages[0])
    day, ask_day = _day(request, caravan)
    return _answer(request, caravan, day, ask_day, panel)


@require_get_or_post
@login_required
def walk_in(request, slug):
    caravan = caravan_for(request.user, slug, "registration.create")
    require(roles_for(request.user, caravan), PERFORM)
    day, _ask_day = _day(request, caravan)
    form = WalkInForm(caravan, request.POST or None, initial=place_defaults(caravan))
    if request.method == "POST" and (registration := _registered(form, caravan, request.user, day)):
        _remember(request, caravan, shown=registration.pk)
        return redirect("onsite:checkin", caravan.slug)
    context = {
        "caravan": caravan,
        "form": form.focus(),
        "day": day,
        **place_pickers(caravan),
        **notice(caravan),
    }
    return render(request, "onsite/walk_in.html", context)


# --- What the views share -----------------------------------------------------------------------------


def scan(caravan, text, day, agent):
    """The panel for what the agent typed: a check-in when it is a badge code of the caravan, else the people
    found by name, CIN or phone, else an unknown badge (text with digits) or nobody found."""
    if search.could_be_code(text):
        outcome = services.check_in(caravan, text, day, agent)
        if outcome.code != services.UNKNOWN_CODE:
            return _outcome_panel(outcome, agent)
    found = search.find(caravan, text)
    if found.by in ("cin", "phone"):
        # Who looked up whom by an identity number, for the organisers (the number itself is not kept).
        audit.record(agent, "personal_data.searched", caravan, field=found.by, found=found.total)
    if found.total:
        typed = text if found.by == "name" else ""
        return Panel("found", found=found, typed=typed, checked_in_ids=_checked_in(found.registrations, day))
    if found.by != "name":
        return Panel("not_found")  # a CIN or phone of nobody here: not repeated on the screen
    if any(ch.isdigit() for ch in text):
        return Panel(services.UNKNOWN_CODE, typed=clean_code(text))
    return Panel("not_found", typed=text)


def _outcome_panel(outcome, agent):
    checkin = outcome.checkin
    can_undo = bool(checkin and checkin.can_be_undone(agent, timezone.now()))
    return Panel(outcome.code, outcome.registration, checkin, message=outcome.message, can_undo=can_undo)


def _checked_in(registrations, day):
    ids = [r.pk for r in registrations]
    active = CheckIn.objects.active().filter(day=day, registration__in=ids)
    return set(active.values_list("registration_id", flat=True))


def _checkins():
    return CheckIn.objects.select_related(
        "agent", "registration__person__province", "registration__person__commune"
    )


def _shown_once(request, caravan, day):
    """The walk-in registered just before, shown once on the check-in page (post/redirect/get)."""
    memory = request.session.get(_memory_key(caravan), {})
    pk = memory.pop("shown", None)
    if pk is None:
        return None
    request.session[_memory_key(caravan)] = memory
    registration = Registration.objects.select_related("person__province", "person__commune")
    registration = registration.filter(pk=pk, caravan=caravan).first()
    if registration is None:
        return None
    checkin = _checkins().active().filter(registration=registration, day=day).first()
    if checkin is not None:
        outcome = services.Outcome(services.CHECKED_IN, registration, checkin)
        return _outcome_panel(outcome, request.user)
    return Panel("walk_in", registration, reasons=messages(registration.reasons))


def _registered(form, caravan, agent, day):
    """Register the walk-in and, when accepted, check them in at once; None (errors on the form) if refused.
    Someone who may not see the registry finds only the people of this caravan by a CIN (`entry.CARAVAN`)."""
    if not form.is_valid():
        return None
    try:
        registration = enter(
            caravan, form.entry(), actor=agent, channel=Channel.WALK_IN, scope=scope_for(agent, caravan)
        )
    except RegistrationError as refusal:
        form.add_error(None, refusal)
        return None
    if registration.decision == Decision.ACCEPTED:
        services.check_in(caravan, registration.badge_code, day, agent)
    return registration


def _answer(request, caravan, day, ask_day, panel):
    """The whole page, or only the result panel for htmx."""
    roles = roles_for(request.user, caravan)
    context = {
        "caravan": caravan,
        "day": day,
        "panel": panel,
        "personal": _personal(panel) if allowed(roles, "personal_data.view") else None,
        "can_walk_in": allowed(roles, "registration.create"),
        "checked_in_today": CheckIn.objects.active().filter(registration__caravan=caravan, day=day).count(),
    }
    if request.htmx:
        return render(request, "onsite/_result.html", context)
    context["form"] = ScanForm(caravan, day, ask_day=ask_day)
    return render(request, "onsite/checkin.html", context)


def _personal(panel):
    """For roles that may see personal data: enough to tell the person apart from the card in their hand
    (masked CIN and phone, year of birth), never the whole numbers on a screen others can see."""
    registration = panel and panel.registration
    if registration is None:
        return None
    person = registration.person
    year = person.birth_date.year if person.birth_date else person.birth_year
    return {
        "cin": mask_cin(person.cin),
        "phone": mask_phone(person.phone),
        "born": said("born", person) % {"year": year} if year else "",
    }
