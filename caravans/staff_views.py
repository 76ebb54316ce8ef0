"""The organisers' pages: a caravan's settings, status and copy, and its programme, part by part."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import add_errors
from core.permissions import Role, allowed

from . import forms, programme
from .access import caravan_for, require_global, roles_for
from .models import Caravan, Day, Partnership, Room, Session, Speaker, Venue
from .services import CaravanError, allowed_statuses, change_status, copy_caravan, status_refusal

require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])


def _write(form, action, actor):
    """Run a write function on the form's instance; a refusal goes onto the form and nothing is saved."""
    try:
        action(actor, form.instance, **form.service_kwargs())
    except ValidationError as error:
        add_errors(form, error)
        return False
    return True


def _data(request):
    return request.POST if request.method == "POST" else None


@require_get_or_post
@login_required
def caravan_create(request):
    require_global(request.user, "caravan.create")
    form = forms.CaravanForm(_data(request), instance=Caravan())
    if form.is_valid() and _write(form, programme.create_caravan, request.user):
        messages.success(request, _("The caravan was created as a draft. Now add its programme."))
        return redirect("caravans:staff_programme", form.instance.slug)
    return render(request, "caravans/staff/caravan_form.html", {"form": form, "caravan": None})


@require_get_or_post
@login_required
def caravan_edit(request, slug):
    caravan = caravan_for(request.user, slug, "caravan.edit")
    # The form edits its own copy so that the page's links keep the saved slug until it is saved.
    instance = Caravan.objects.get(pk=caravan.pk)
    form = forms.CaravanForm(_data(request), instance=instance, places_taken=caravan.places_taken())
    if form.is_valid() and _write(form, programme.change_caravan, request.user):
        messages.success(request, _("The caravan was saved."))
        return redirect("caravans:staff_caravan_edit", form.instance.slug)
    roles = roles_for(request.user, caravan)
    context = {"form": form, "caravan": caravan, "can_copy": allowed(roles, "caravan.copy")}
    if allowed(roles, "caravan.change_status"):
        context["statuses"] = [(s, Caravan.Status(s).label) for s in allowed_statuses(caravan)]
    return render(request, "caravans/staff/caravan_form.html", context)


@require_get_or_post
@login_required
def caravan_status(request, slug):
    """GET: what the move to `status` will do, to confirm; POST: the move."""
    caravan = caravan_for(request.user, slug, "caravan.change_status")
    if request.method != "POST":
        return _status_confirmation(request, caravan, request.GET.get("status", ""))
    try:
        caravan = change_status(caravan, request.POST.get("status", ""), request.user)
    except CaravanError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Status: %(status)s.") % {"status": caravan.get_status_display()})
    return redirect("caravans:staff_caravan_edit", caravan.slug)


def _status_confirmation(request, caravan, status):
    if refusal := status_refusal(caravan, status):
        messages.error(request, " ".join(refusal.messages))
        return redirect("caravans:staff_caravan_edit", caravan.slug)
    context = {
        "caravan": caravan,
        "status": status,
        "label": Caravan.Status(status).label,
        "window": caravan.registration_window(),
        "registrations": caravan.registrations.count(),
    }
    return render(request, "caravans/staff/status_confirm.html", context)


@require_get_or_post
@login_required
def caravan_copy(request, slug):
    source = caravan_for(request.user, slug, "caravan.copy")
    form = forms.CopyForm(_data(request), initial={"capacity": source.capacity})
    if form.is_valid():
        data = form.cleaned_data
        try:
            copy = copy_caravan(source, data["slug"], request.user, data["start_date"], data["capacity"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The copy was created as a draft: check its settings."))
            return redirect("caravans:staff_caravan_edit", copy.slug)
    context = {
        "form": form,
        "caravan": source,
        "organiser": Role.ORGANISER in roles_for(request.user, source),
    }
    return render(request, "caravans/staff/copy_form.html", context)


@require_safe
@login_required
def programme_edit(request, slug):
    caravan = caravan_for(request.user, slug, "programme.edit")
    context = {
        "caravan": caravan,
        "days": caravan.programme(),
        "speakers": caravan.speakers.select_related("organisation", "user"),
        "partnerships": caravan.partnerships.select_related("organisation"),
        "venues": caravan.venues.prefetch_related("rooms"),
        "free_date": programme.next_free_date(caravan),
    }
    return render(request, "caravans/staff/programme.html", context)


@require_safe
@login_required
def my_sessions(request, slug):
    """A trainer's own sessions in this caravan, read-only (those where they are a linked speaker)."""
    caravan = caravan_for(request.user, slug, "session.view_staff")
    sessions = (
        Session.objects.filter(day__caravan=caravan, speakers__user=request.user)
        .distinct()
        .select_related("day", "room__venue")
        .prefetch_related("speakers__organisation")
    )
    return render(request, "caravans/staff/my_sessions.html", {"caravan": caravan, "sessions": sessions})


@dataclass(frozen=True)
class Part:
    """One kind of programme part: how to find it in a caravan, its form and its write functions."""

    rows: object  # caravan -> queryset of this caravan's parts
    new: object  # caravan -> a new unsaved part
    form: type
    add: object
    change: object
    remove: object
    anchor: str
    add_title: str
    edit_title: str


PARTS = {
    "day": Part(
        lambda c: Day.objects.filter(caravan=c),
        lambda c: Day(caravan=c),
        forms.DayForm,
        programme.add_day,
        programme.change_day,
        programme.remove_day,
        "programme",
        gettext_lazy("New programme day"),
        gettext_lazy("Programme day"),
    ),
    "session": Part(
        lambda c: Session.objects.filter(day__caravan=c).select_related("day__caravan"),
        lambda c: Session(),
        forms.SessionForm,
        programme.add_session,
        programme.change_session,
        programme.remove_session,
        "programme",
        gettext_lazy("New session"),
        gettext_lazy("Session"),
    ),
    "speaker": Part(
        lambda c: Speaker.objects.filter(caravan=c),
        lambda c: Speaker(caravan=c),
        forms.SpeakerForm,
        programme.add_speaker,
        programme.change_speaker,
        programme.remove_speaker,
        "speakers",
        gettext_lazy("New speaker or trainer"),
        gettext_lazy("Speaker or trainer"),
    ),
    "partner": Part(
        lambda c: Partnership.objects.filter(caravan=c).select_related("organisation"),
        lambda c: Partnership(caravan=c),
        forms.PartnerForm,
        programme.add_partner,
        programme.change_partner,
        programme.remove_partner,
        "partners",
        gettext_lazy("New partner"),
        gettext_lazy("Partner"),
    ),
    "venue": Part(
        lambda c: Venue.objects.filter(caravan=c),
        lambda c: Venue(caravan=c),
        forms.VenueForm,
        programme.add_venue,
        programme.change_venue,
        programme.remove_venue,
        "venues",
        gettext_lazy("New venue"),
        gettext_lazy("Venue"),
    ),
    "room": Part(
        lambda c: Room.objects.filter(venue__caravan=c).select_related("venue__caravan"),
        lambda c: Room(),
        forms.RoomForm,
        programme.add_room,
        programme.change_room,
        programme.remove_room,
        "venues",
        gettext_lazy("New room"),
        gettext_lazy("Room"),
    ),
}


def _programme_url(caravan, part):
    return reverse("caravans:staff_programme", args=[caravan.slug]) + "#" + PARTS[part].anchor


def _part_form_page(request, caravan, part, form, title):
    context = {"caravan": caravan, "part": part, "form": form, "title": title}
    context["back"] = _programme_url(caravan, part)
    return render(request, "caravans/staff/part_form.html", context)


@require_get_or_post
@login_required
def part_add(request, slug, part):
    caravan = caravan_for(request.user, slug, "programme.edit")
    kind = PARTS[part]
    form = kind.form(_data(request), instance=kind.new(caravan), caravan=caravan, initial=request.GET.dict())
    if form.is_valid() and _write(form, kind.add, request.user):
        messages.success(request, _("Saved: %(part)s.") % {"part": form.instance})
        if "another" in request.POST:
            url = reverse(f"caravans:staff_{part}_add", args=[caravan.slug])
            return redirect(f"{url}?{urlencode(form.again())}")
        return redirect(_programme_url(caravan, part))
    return _part_form_page(request, caravan, part, form, kind.add_title)


@require_get_or_post
@login_required
def part_edit(request, slug, part, pk):
    caravan = caravan_for(request.user, slug, "programme.edit")
    kind = PARTS[part]
    obj = get_object_or_404(kind.rows(caravan), pk=pk)
    form = kind.form(_data(request), instance=obj, caravan=caravan)
    if form.is_valid() and _write(form, kind.change, request.user):
        messages.success(request, _("Saved: %(part)s.") % {"part": form.instance})
        return redirect(_programme_url(caravan, part))
    return _part_form_page(request, caravan, part, form, kind.edit_title)


@require_get_or_post
@login_required
def part_delete(request, slug, part, pk):
    caravan = caravan_for(request.user, slug, "programme.edit")
    kind = PARTS[part]
    obj = get_object_or_404(kind.rows(caravan), pk=pk)
    if request.method == "POST":
        try:
            kind.remove(request.user, obj)
        except (ProtectedError, RestrictedError):
            messages.error(request, _("This cannot be deleted: other records depend on it."))
        else:
            messages.success(request, _("Deleted."))
        return redirect(_programme_url(caravan, part))
    context = {"caravan": caravan, "part": part, "obj": obj, "back": _programme_url(caravan, part)}
    return render(request, "caravans/staff/confirm_delete.html", context)
