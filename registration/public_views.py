"""The public self-registration page of a caravan, its confirmation, and the consent notice (Law 09-08).

Anyone may register while the caravan's registration is open (`Caravan.registration_state`: its status, its
opening and closing times, and never once the caravan has begun); the page works without JavaScript on a small
phone. Nothing personal ever goes into a URL: the confirmation page finds the registration in the session. Nothing of
anyone else's record is ever shown or changed either: the form always makes a new record (`entry.NOBODY`), even
for a CIN the registry knows, and staff match the two.
"""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from caravans.models import Caravan
from core.sectors import sectors
from people.models import Channel, mask_phone

from . import ratelimit
from .consent import notice
from .entry import NOBODY, enter
from .entry_forms import SelfRegistrationForm
from .models import Decision, Registration
from .queries import waiting_position
from .reasons import messages

require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])


def public_caravan(slug):
    """A caravan anyone may see (a draft does not exist for the public)."""
    return get_object_or_404(Caravan.objects.public().select_related("region"), slug=slug)


def _session_key(caravan):
    return f"registration.self.{caravan.pk}"


def _page(request, caravan, form, status=200):
    context = {"caravan": caravan, "form": form.focus(), "sectors": sectors(), **notice(caravan)}
    return render(request, "registration/public/register.html", context, status=status)


@require_get_or_post
def self_register(request, slug):
    caravan = public_caravan(slug)
    state = caravan.registration_state()
    if state != Caravan.RegistrationState.OPEN:
        return render(request, "registration/public/closed.html", {"caravan": caravan, "state": state})
    if request.method != "POST":
        return _page(request, caravan, SelfRegistrationForm(caravan))
    if ratelimit.exceeded(request):
        return render(request, "registration/public/too_many.html", {"caravan": caravan}, status=429)
    form = SelfRegistrationForm(caravan, request.POST)
    if not form.is_valid():
        return _page(request, caravan, form)
    ratelimit.count(request, caravan)
    # Whoever typed this CIN may not be its holder: a new record, matched by staff (entry.NOBODY).
    registration = enter(caravan, form.entry(), actor=None, channel=Channel.SELF, scope=NOBODY)
    request.session[_session_key(caravan)] = registration.pk
    return redirect("registration:self_register_done", caravan.slug)


@require_safe
@never_cache  # the person's name and phone: no cache along the way keeps them
def self_register_done(request, slug):
    caravan = public_caravan(slug)
    pk = request.session.get(_session_key(caravan))
    registration = (
        Registration.objects.select_related("person", "caravan").filter(pk=pk, caravan=caravan).first()
        if pk
        else None
    )
    if registration is None:  # another browser, or an expired session: nothing to show
        return redirect("registration:self_register", caravan.slug)
    context = {
        "caravan": caravan,
        "registration": registration,
        "reasons": messages([code for code in registration.reasons if code != "capacity_full"]),
        "phone": mask_phone(registration.person.phone),
        "wishes": registration.workshop_preferences.select_related("session__day").order_by(
            "session__day__date",
            "session__starts_at",
            "rank",  # ranked within each time slot
        ),
    }
    if registration.decision == Decision.WAITLISTED:
        context["position"] = waiting_position(registration)
    return render(request, "registration/public/done.html", context)
