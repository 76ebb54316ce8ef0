"""The staff side of offline check-in: a phone enrols itself from the offline page (JSON for its script), and
the caravan's organisers see which phones hold its roster and revoke one."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from caravans.access import caravan_for

from . import services

ENROL, MANAGE = "offline.enrol", "devices.manage"
API = "/api/v1/caravans/{slug}/{path}"


@require_POST
@login_required
def enrol(request, slug):
    caravan = caravan_for(request.user, slug, ENROL)
    device, secret = services.enrol(caravan, request.user, request.POST.get("label", ""))
    # Logging out of this browser revokes the phones it enrolled, not the user's phones elsewhere.
    request.session[services.SESSION_DEVICES] = [
        *request.session.get(services.SESSION_DEVICES, []),
        str(device.pk),
    ]
    paths = {"roster": "roster", "checkins": "checkins/batch", "attendance": "attendance/batch"}
    paths["walkins"] = "walkins/batch"
    answer = {"device": str(device.pk), "token": secret}
    answer |= {name: API.format(slug=caravan.slug, path=path) for name, path in paths.items()}
    answer["expires"] = timezone.localtime(device.expires_at).isoformat()
    response = JsonResponse(answer, status=201)
    response["Cache-Control"] = "no-store"  # the token is shown this once
    return response


@require_safe
@login_required
def devices(request, slug):
    caravan = caravan_for(request.user, slug, MANAGE)
    context = {"caravan": caravan, "devices": services.devices_of(caravan), "now": timezone.now()}
    return render(request, "onsite/devices.html", context)


@require_POST
@login_required
def revoke(request, slug, pk):
    caravan = caravan_for(request.user, slug, MANAGE)
    device = get_object_or_404(services.devices_of(caravan), pk=pk)
    services.revoke(device, request.user)
    return redirect("onsite:devices", caravan.slug)
