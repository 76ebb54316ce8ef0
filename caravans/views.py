from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .models import Caravan

# What the cached page depends on besides its programme: the registration window and the places.
VERSION_FIELDS = (
    "pk",
    "updated",
    "status",
    "start_date",
    "capacity",
    "registration_opens",
    "registration_closes",
)


@require_safe
def caravan_list(request):
    caravans = Caravan.objects.public().select_related("region")
    return render(request, "caravans/list.html", {"caravans": caravans})


def registration_now(caravan):
    """Where public registration stands now and, while it is open, how many places are left."""
    state = caravan.registration_state()
    left = (
        max(caravan.capacity - caravan.places_taken(), 0) if state == Caravan.RegistrationState.OPEN else None
    )
    return {"state": state, "places_left": left}


def render_caravan_page(request, caravan, registration=None):
    context = {
        "caravan": caravan,
        "days": caravan.programme(),
        "partnerships": caravan.partnerships.select_related("organisation"),
        "venues": caravan.venues.all(),
        "registration": registration or registration_now(caravan),
    }
    return render(request, "caravans/detail.html", context)


@require_safe
def caravan_detail(request, slug):
    """The public page. For anonymous visitors (nearly everyone) it is the same page for a given caravan version,
    registration state, places left, path and language, so it is rendered once per process and served from the
    cache: one small query a visit, two while registration is open (the places left). The registration state is
    in the key, so the page changes the moment registration opens or closes, whatever the cache's timeout."""
    version = Caravan.objects.public().filter(slug=slug).only(*VERSION_FIELDS).first()
    if version is None:
        raise Http404(slug)
    if request.user.is_authenticated or len(messages.get_messages(request)):
        return render_caravan_page(request, Caravan.objects.select_related("region").get(pk=version.pk))
    registration = registration_now(version)
    key = ":".join(
        str(part)
        for part in (
            "caravan-page",
            version.pk,
            version.updated.timestamp(),
            registration["state"],
            registration["places_left"],
            get_language(),
            request.get_full_path(),
        )
    )
    html = cache.get(key)
    if html is None:
        caravan = Caravan.objects.select_related("region").get(pk=version.pk)
        html = render_caravan_page(request, caravan, registration).content
        cache.set(key, html, settings.QAFILA_CACHE_SECONDS)
    return HttpResponse(html)
