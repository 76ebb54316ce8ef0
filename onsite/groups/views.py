"""Workshop-group pages for organisers and trainers: a day's workshops and groups, explained; the solver run
with its options; a hand move per person (htmx swaps the person's line and the workshops' counts, a plain
POST and redirect without JavaScript); a participant's choices entered at the venue.

Nothing personal in addresses: registrations by id, names searched by POST."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from caravans.access import caravan_for, roles_for
from caravans.models import Day
from core.permissions import allowed
from registration.models import Registration

from ..models import GroupAssignment
from . import services as groups
from . import words as group_words
from .forms import AssignForm, FindForm, MoveForm, PreferencesForm

VIEW, EDIT = "groups.view", "groups.edit"
require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])


def _caravan_and_day(request, slug, day_id, action):
    caravan = caravan_for(request.user, slug, action)
    return caravan, get_object_or_404(Day, caravan=caravan, pk=day_id)


def _day_url(caravan, day, anchor=""):
    return reverse("onsite:groups_day", args=[caravan.slug, day.pk]) + (f"#{anchor}" if anchor else "")


@require_safe
@login_required
def groups_days(request, slug):
    """The caravan's days with workshops, each with how many of its participants have a group."""
    caravan = caravan_for(request.user, slug, VIEW)
    days = [(day, groups.workshops(day), day_count(day)) for day in groups.days_with_workshops(caravan)]
    return render(request, "onsite/groups_days.html", {"caravan": caravan, "days": days})


def day_count(day):
    return GroupAssignment.objects.filter(day=day).count()


@require_safe
@login_required
def groups_day(request, slug, day_id):
    caravan, day = _caravan_and_day(request, slug, day_id, VIEW)
    return render(request, "onsite/groups.html", _context(request, caravan, day))


@require_POST
@login_required
def groups_assign(request, slug, day_id):
    caravan, day = _caravan_and_day(request, slug, day_id, EDIT)
    form = AssignForm(request.POST)
    form.is_valid()  # checkboxes only: always valid
    try:
        result = groups.assign_day(day, actor=request.user, **form.cleaned_data)
    except groups.GroupError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        placed = len(result.placements) - len(result.left_out)
        messages.success(request, _("Groups assigned: %(placed)d placed.") % {"placed": placed})
    return redirect(_day_url(caravan, day))


@require_POST
@login_required
def groups_move(request, slug, day_id, pk):
    caravan, day = _caravan_and_day(request, slug, day_id, EDIT)
    registration = get_object_or_404(Registration.objects.accepted(), caravan=caravan, pk=pk)
    form = MoveForm(groups.workshop_sessions(day), request.POST)
    error = ""
    if form.is_valid():
        try:
            groups.move(registration, day, form.cleaned_data["session"], request.user)
        except groups.GroupError as refusal:
            error = refusal.messages[0]
    else:
        error = _("Choose one of the day's workshops.")
    if request.htmx:
        context = _context(request, caravan, day)
        context["row"] = next(r for r in context["rows"] if r.registration.pk == registration.pk)
        context["error"] = error
        return render(request, "onsite/_group_moved.html", context)
    if error:
        messages.error(request, error)
    return redirect(_day_url(caravan, day, f"p{registration.pk}"))


@require_get_or_post
@login_required
def groups_find(request, slug, day_id):
    """Find a participant by name to enter their choices (POSTed: names stay out of addresses)."""
    caravan, day = _caravan_and_day(request, slug, day_id, EDIT)
    form = FindForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = groups.find_participants(caravan, form.cleaned_data["q"])
    context = {"caravan": caravan, "day": day, "form": form, "found": found}
    return render(request, "onsite/groups_find.html", context)


@require_get_or_post
@login_required
def groups_preferences(request, slug, day_id, pk):
    caravan, day = _caravan_and_day(request, slug, day_id, EDIT)
    registration = get_object_or_404(Registration.objects.accepted(), caravan=caravan, pk=pk)
    initial = dict(zip(("first", "second", "third"), groups.preferences(day, [pk]).get(pk, ()), strict=False))
    form = PreferencesForm(groups.workshop_sessions(day), request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            groups.set_preferences(registration, day, form.cleaned_data["sessions"], request.user)
        except groups.GroupError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("Choices saved for %(name)s.") % {"name": _name(registration)})
            return redirect("onsite:groups_find", caravan.slug, day.pk)
    context = {"caravan": caravan, "day": day, "form": form, "registration": registration}
    return render(request, "onsite/groups_preferences.html", context)


def _name(registration):
    return registration.person.full_name_ar or registration.person.full_name_latin


def _context(request, caravan, day):
    explained = groups.explanation(day)
    roles = roles_for(request.user, caravan)
    can_edit = allowed(roles, EDIT)
    titles = {session.pk: session.title for session, _load in explained.workshops}
    rows = [
        _Line(row, group_words.OUTCOMES[row.placement.outcome], group_words.reasons(row.placement, titles))
        for row in explained.rows
    ]
    return {
        "caravan": caravan,
        "day": day,
        "other_days": [d for d in groups.days_with_workshops(caravan) if d.pk != day.pk],
        "groups": explained,
        "rows": rows,
        "tally": [(group_words.OUTCOMES[k], n) for k, n in explained.tally.items()],
        "can_edit": can_edit,
        "can_print": allowed(roles, VIEW),
        "assign_form": AssignForm.from_run(explained.run) if can_edit else None,
    }


class _Line:
    """A person's line on the page: the explained row, its outcome and reasons in words."""

    def __init__(self, row, outcome, reasons):
        self.registration, self.session, self.by_hand = row.registration, row.session, row.by_hand
        self.placement, self.outcome, self.reasons = row.placement, outcome, reasons
