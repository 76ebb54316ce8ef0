"""The staff quick-entry form: one person after another from a paper list, from the keyboard alone.

After each save the page comes back empty (post/redirect/get: a reload never enters anyone twice) with the
decision and its reasons in a banner; the list's place, community, profile and cooperative stay filled in.
Both are kept in the session, never in the URL: a community may reveal ethnic origin (Law 09-08).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from caravans.access import caravan_for
from people.models import Channel

from .consent import notice
from .entry import enter, scope_for
from .entry_forms import QuickEntryForm, place_defaults, place_pickers
from .models import Registration
from .reasons import messages
from .services import RegistrationError

require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])


def _memory_key(caravan):
    return f"registration.entry.{caravan.pk}"


def _saved(form, caravan, actor):
    """The registration of a valid form; None (the refusal put on the form, nothing saved) otherwise."""
    if not form.is_valid():
        return None
    try:
        return enter(
            caravan, form.entry(), actor=actor, channel=Channel.STAFF, scope=scope_for(actor, caravan)
        )
    except RegistrationError as refusal:
        form.add_error(None, refusal)
        return None


def _next_form(request, caravan, key):
    """An empty form keeping the list's details, and the registration saved just before (shown once)."""
    memory = request.session.get(key, {})
    form = QuickEntryForm(caravan, initial=memory.get("kept") or place_defaults(caravan))
    if not memory.get("kept"):
        form.first = "province"  # a new list: its place and profile first
    last = None
    if "last" in memory:
        last = Registration.objects.select_related("person").filter(pk=memory.pop("last"), caravan=caravan)
        last = last.first()
        request.session[key] = memory
    return form, last


@require_get_or_post
@login_required
def quick_entry(request, slug):
    caravan = caravan_for(request.user, slug, "registration.create")
    key = _memory_key(caravan)
    if request.method == "POST":
        form, last = QuickEntryForm(caravan, request.POST), None
        if registration := _saved(form, caravan, request.user):
            kept = {} if "clear" in request.POST else form.kept()
            request.session[key] = {"kept": kept, "last": registration.pk}
            return redirect("registration:staff_entry", caravan.slug)
    else:
        form, last = _next_form(request, caravan, key)
    context = {
        "caravan": caravan,
        "form": form.focus(),
        "last": last,
        "last_reasons": messages(last.reasons) if last else [],
        **place_pickers(caravan),
        **notice(caravan),  # the notice read to the person names the retention period and the CNDP's number
    }
    return render(request, "registration/entry/quick_entry.html", context)
