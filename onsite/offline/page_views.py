"""The offline check-in page on an agent's or trainer's phone, and what installs it as a web app: its manifest
and its service worker.

The page holds no participant's data itself: `onsite/offline/app.js` enrols the phone (a Device, see
services.py), downloads the day's roster with the device's token into the browser's IndexedDB, checks people in
and marks attendance there without network, and sends its queue in batches when the network is back. The
service worker keeps the page and its scripts, so that the page also opens without network.
"""

import hashlib
import json

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from caravans.access import caravan_for, roles_for
from core.permissions import allowed
from registration.consent import notice
from registration.entry_forms import place_defaults, region_provinces
from registration.models import Profile

from ..forms import WalkInForm

SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
ENROL, CHECK_IN, SCAN, WALK_IN = "offline.enrol", "checkin.perform", "attendance.scan", "registration.create"
# What the service worker keeps for the page to open without network (the camera's QR library too: it is
# loaded only when the camera starts, which may be offline).
ASSETS = [
    "qafila/site.css",
    "onsite/checkin.css",
    "onsite/offline/offline.css",
    "onsite/checkin.js",
    "onsite/offline/fold.js",
    "onsite/offline/app.js",
    "onsite/vendor/jsqr-1.4.0/jsQR.js",
    "onsite/offline/icon.svg",
    "onsite/offline/icon-192.png",
]


@require_safe
@login_required
def offline(request, slug):
    caravan = caravan_for(request.user, slug, ENROL)
    roles = roles_for(request.user, caravan)
    dates = caravan.dates()
    today = timezone.localdate()
    context = {
        "caravan": caravan,
        "days": [(date.isoformat(), date_format(date, "l j F")) for date in dates],
        "today": today.isoformat() if today in dates else next((d for d in dates if d > today), dates[-1]),
        "can_check_in": allowed(roles, CHECK_IN),
        "can_scan": allowed(roles, SCAN),  # a participant's badge at a session's door
        "can_walk_in": allowed(roles, CHECK_IN) and allowed(roles, WALK_IN),
        # As json_script, with the Arabic as it is rather than escaped (six bytes a letter): a lighter page.
        "words": mark_safe(json.dumps(_words(), ensure_ascii=False).translate(SCRIPT_ESCAPES)),
    }
    if context["can_walk_in"]:
        context["form"] = WalkInForm(caravan, initial=place_defaults(caravan), auto_id="walkin_%s")
        context["provinces"] = region_provinces(caravan)
        context.update(notice(caravan))
    return render(request, "onsite/offline.html", context)


def service_worker(request, slug):
    """The service worker of the offline page of `slug`: served from the page's folder, its scope covers the
    page. Public and without data: the browser fetches it again to look for a new version."""
    source = open(finders.find("onsite/offline/sw.js"), encoding="utf-8").read()
    assets = [static(name) for name in ASSETS]
    settings = {
        "slug": slug,
        "page": reverse("onsite:offline", args=[slug]),
        "assets": assets,
        "version": _version(source, ASSETS),
    }
    script = f"self.QAFILA = {json.dumps(settings)};\n{source}"
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def manifest(request, slug):
    """The web app manifest: installed, the offline page opens from the phone's home screen, in Arabic."""
    page = reverse("onsite:offline", args=[slug])
    with translation.override("ar"):
        name, short_name = _("Qafila: offline check-in"), _("Qafila check-in")
    data = {
        "name": name,
        "short_name": short_name,
        "lang": "ar",
        "dir": "rtl",
        "start_url": page,
        "scope": page,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#8a4b14",
        "icons": [
            {"src": static("onsite/offline/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("onsite/offline/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("onsite/offline/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


def _words():
    """What app.js says, in the page's language (`%(name)s` are filled in by app.js)."""
    return {
        "online": _("Online"),
        "offline": _("No network: the scans wait on this phone"),
        "never": _("never"),
        "syncing": _("Sending…"),
        "sync_failed": _("The scans could not be sent: they wait on this phone and are sent again later."),
        "prepared": _("Ready for %(day)s: %(count)s people in this phone's list, downloaded at %(time)s."),
        "prepare_failed": _("The list could not be downloaded: check the network and try again."),
        "checked_in": _("Checked in"),
        "queued": _("Kept on this phone: sent when the network is back."),
        "already_here": _("Already scanned on this phone at %(time)s"),
        "unknown": _("Unknown badge"),
        "unknown_story": _(
            "Nobody in this phone's list has the code %(code)s. Check the code, or search by name."
        ),
        "not_found": _("Nobody found"),
        "not_found_story": _("Nobody in this phone's list matches “%(typed)s”. Check the spelling."),
        "found": _("People found for “%(typed)s”:"),
        "more": _("And %(count)s more: type more of the name."),
        "check_in": _("Check in"),
        "mark_present": _("Mark present"),
        "present": _("Present at %(session)s"),
        "already_present": _("Already marked present at this session on this phone at %(time)s"),
        "already_marked": _("Already marked present"),
        "pick_session": _("Pick the session first."),
        "group": _("Group: %(group)s"),
        "waiting": _("Waiting to be sent"),
        "recorded": _("Recorded"),
        "already": _("Already checked in"),
        "refused": _("Refused by the server"),
        "unknown_server": _("Unknown badge"),
        "conflict": _("Also scanned on another phone: counted once, at %(time)s"),
        "walk_in": _("Walk-in"),
        "missing_name": _("Type the person's name in Arabic or in Latin letters."),
        "walk_in_queued": _("Walk-in kept on this phone: the caravan's rules decide once it is sent."),
        "walk_in_accepted": _("Accepted and checked in: badge %(code)s"),
        "walk_in_not_accepted": _("Not accepted yet: send the person to the registration desk."),
        "attendance": _("Attendance"),
        "wiped": _("This phone's list and waiting scans were erased."),
        "erase_confirm": _("Erase the list and the waiting scans from this phone?"),
        "erase_waiting": _("Some scans were never sent: erase them anyway?"),
        "profiles": {key: str(label) for key, label in Profile.choices},
    }


def _version(source, names):
    """A digest of the worker and the files it keeps: a new one makes phones fetch them again."""
    digest = hashlib.sha256(source.encode())
    for name in names:
        with open(finders.find(name), "rb") as file:
            digest.update(file.read())
    return digest.hexdigest()[:12]
