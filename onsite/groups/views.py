"""Workshop-group pages for organisers and trainers: a time slot's workshops and groups, explained; the solver
run with its options; a hand move per person (htmx swaps the person's line and the workshops' counts, a plain
POST and redirect without JavaScript); a participant's choices for a day entered at the venue.

A slot is a day's page with `?slot=N` (none for the first, so that a day with one slot keeps its address).
Nothing personal in addresses: registrations by id, names searched by POST."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
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


def _slot(request, day):
    """The day's time slot `?slot=N` asks for (the first by default; a day without workshops has an empty one)."""
    day_slots = groups.slots(day) or [groups.Slot(day, 1, ())]
    number = request.GET.get("slot", "1")
    if not number.isdigit() or not 1 <= int(number) <= len(day_slots):
        raise Http404
    return day_slots[int(number) - 1]


def slot_query(slot):
    return f"?slot={slot.number}" if slot.number > 1 else ""


def _slot_url(caravan, slot, anchor=""):
    url = reverse("onsite:groups_day", args=[caravan.slug, slot.day.pk]) + slot_query(slot)
    return url + (f"#{anchor}" if anchor else "")


@require_safe
@login_required
def groups_days(request, slug):
    """The caravan's days with workshops, each time slot with how many of its participants have a group."""
    caravan = caravan_for(request.user, slug, VIEW)
    days = [
        (day, [(slot, slot_query(slot), slot_count(slot)) for slot in day_slots])
        for day, day_slots in groups.slots_by_day(caravan)
    ]
    return render(request, "onsite/groups_days.html", {"caravan": caravan, "days": days})


def slot_count(slot):
    return GroupAssignment.objects.filter(session__in=slot.session_ids).count()


@require_safe
@login_required
def groups_day(request, slug, day_id):
    caravan, day = _caravan_and_day(request, slug, day_id, VIEW)
    return render(request, "onsite/groups.html", _context(request, caravan, _slot(request, day)))


@require_POST
@login_required
def groups_assign(request, slug, day_id):
    caravan, day = _caravan_and_day(request, slug, day_id, EDIT)
    slot = _slot(request, day)
    form = AssignForm(request.POST)
    form.is_valid()  # checkboxes only: always valid
    try:
        result = groups.assign_slot(slot, actor=request.user, **form.cleaned_data)
    except groups.GroupError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        placed = len(result.placements) - len(result.left_out)
        messages.success(request, _("Groups assigned: %(placed)d placed.") % {"placed": placed})
    return redirect(_slot_url(caravan, slot))


@require_POST
@login_required
def groups_move(request, slug, day_id, pk):
    caravan, day = _caravan_and_day(request, slug, day_id, EDIT)
    slot = _slot(request, day)
    registration = get_object_or_404(Registration.objects.accepted(), caravan=caravan, pk=pk)
    form = MoveForm(slot.queryset(), request.POST)
    error = ""
    if form.is_valid():
        try:
            groups.move(registration, day, form.cleaned_data["session"], request.user)
        except groups.GroupError as refusal:
            error = refusal.messages[0]
    else:
        error = _("Choose one of the day's workshops.")
    if request.htmx:
        context = _context(request, caravan, slot)
        context["row"] = next(r for r in context["rows"] if r.registration.pk == registration.pk)
        context["error"] = error
        return render(request, "onsite/_group_moved.html", context)
    if error:
        messages.error(request, error)
    return redirect(_slot_url(caravan, slot, f"p{registration.pk}"))


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
    """A participant's choices for the day, for each time slot of its workshops."""
    caravan, day = _caravan_and_day(request, slug, day_id, EDIT)
    registration = get_object_or_404(Registration.objects.accepted(), caravan=caravan, pk=pk)
    form = PreferencesForm(day, registration, request.POST or None)
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


def _context(request, caravan, slot):
    explained = groups.explanation(slot)
    roles = roles_for(request.user, caravan)
    can_edit = allowed(roles, EDIT)
    titles = {session.pk: session.title for session, _load in explained.workshops}
    rows = [
        _Line(
            row,
            group_words.outcome(row.placement.outcome, row.registration.person.sex),
            group_words.reasons(row.placement, titles, row.registration.person.sex),
        )
        for row in explained.rows
    ]
    day_slots = groups.slots(slot.day)
    return {
        "caravan": caravan,
        "day": slot.day,
        "slot": slot,
        "slot_query": slot_query(slot),
        "other_slots": [(other, slot_query(other)) for other in day_slots if other != slot],
        "several_slots": len(day_slots) > 1,
        "other_days": [d for d in groups.days_with_workshops(caravan) if d.pk != slot.day.pk],
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
