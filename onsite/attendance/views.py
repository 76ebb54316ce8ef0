"""Session attendance pages: the trainer's list for a session, the session's QR code on the room's screen, the
participant's page that QR code opens (public), and the organisers' live board.

Plain forms that work without JavaScript; the board refreshes itself with htmx when it can. Nothing personal in
any address: the QR code carries a signed session id, badge codes are POSTed.
"""

import datetime
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import condition, require_http_methods, require_safe

from caravans.access import caravan_for, roles_for
from core import audit
from core.permissions import allowed
from core.qr import qr_svg
from people.models import mask_phone
from registration import ratelimit

from . import board as figures
from . import services as attendance
from .services import AttendanceError

MARK = "attendance.mark"
require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])
BADGE_MEMORY = "onsite.attendance.badge"
# Unknown badge codes one connection may type in an hour. A whole room may share the venue's Wi-Fi address,
# so the brake is generous: it is there against guessing codes, not against typing slips.
SCAN_FAILURES_PER_HOUR = 60
SCAN_REFUSED = "attendance.scan_refused"
# Seeing the phones of the missing is audited, but a board left open refreshes every 10 seconds: one entry
# per viewer and quarter of an hour says the same thing as 90 of them.
PERSONAL_AUDIT_EVERY = datetime.timedelta(minutes=15)


# --- The trainer's list ---------------------------------------------------------------------------------


def _session_for(request, slug, pk):
    """(caravan, session) if the user may mark this session: trainers their own sessions, organisers all."""
    caravan = caravan_for(request.user, slug, MARK)
    session = get_object_or_404(attendance.sessions_of(caravan), pk=pk)
    roles = roles_for(request.user, caravan)
    if not attendance.marks_every_session(roles) and not session.speakers.filter(user=request.user).exists():
        raise PermissionDenied(MARK)
    return caravan, session


@require_safe
@login_required
def session_list(request, slug):
    caravan = caravan_for(request.user, slug, MARK)
    roles = roles_for(request.user, caravan)
    sessions = attendance.markable_sessions(caravan, request.user, roles).select_related("room")
    context = {"caravan": caravan, "sessions": sessions, "can_board": allowed(roles, "board.view")}
    return render(request, "onsite/attendance_sessions.html", context)


@require_get_or_post
@login_required
def mark(request, slug, pk):
    caravan, session = _session_for(request, slug, pk)
    listed = attendance.expected(session)
    if request.method == "POST":
        try:
            _save(request, session, listed)
        except AttendanceError as refusal:
            messages.error(request, refusal.message)
        return redirect("onsite:attendance_mark", caravan.slug, session.pk)
    context = {
        "caravan": caravan,
        "session": session,
        "listed": listed,
        "present": sum(r.present for r in listed),
        "checked_in": sum(r.checked_in for r in listed),
    }
    return render(request, "onsite/attendance_mark.html", context)


def _ids(values):
    return {int(value) for value in values if value.isdigit()}


def _save(request, session, listed):
    """The boxes ticked become present and those unticked since the page was shown absent; "all present" marks
    everyone listed who was checked in that day (everyone listed when the desk checked nobody in)."""
    by_id = {r.pk: r for r in listed}
    if "all" in request.POST:
        chosen = [r for r in listed if r.checked_in] or listed
        taken_back = []
    else:
        ticked = _ids(request.POST.getlist("present"))
        was = _ids(request.POST.getlist("was"))
        chosen = [by_id[pk] for pk in ticked if pk in by_id]
        taken_back = [by_id[pk] for pk in was - ticked if pk in by_id]
    with transaction.atomic():  # one save, all of it or none
        added = attendance.mark_present(session, chosen, request.user)
        removed = attendance.mark_absent(session, taken_back, request.user) if taken_back else 0
    text = ngettext("%(count)d person marked present.", "%(count)d people marked present.", added)
    text %= {"count": added}
    if removed:
        taken = ngettext("%(count)d mark taken back.", "%(count)d marks taken back.", removed)
        text += " " + taken % {"count": removed}
    messages.success(request, text)


# --- The session's QR code ------------------------------------------------------------------------------


@require_safe
@login_required
def qr(request, slug, pk):
    caravan, session = _session_for(request, slug, pk)
    present = len(attendance.present_ids(session))
    if request.htmx:  # the count under the code, refreshed while the screen shows it
        return render(request, "onsite/_attendance_count.html", {"present": present})
    address = request.build_absolute_uri(
        reverse("onsite:attendance_scan", args=[attendance.session_token(session)])
    )
    context = {
        "caravan": caravan,
        "session": session,
        "qr": qr_svg(address),
        "address": address,
        "present": present,
    }
    return render(request, "onsite/attendance_qr.html", context)


# --- The participant's phone (public) -------------------------------------------------------------------


@require_get_or_post
def scan(request, token):
    session = attendance.session_from_token(token)
    if session is None:
        raise Http404(token)
    context = {
        "session": session,
        "caravan": session.day.caravan,
        "code": request.session.get(BADGE_MEMORY, ""),
    }
    if request.method == "POST":
        per_hour = getattr(settings, "QAFILA_ATTENDANCE_SCAN_FAILURES_PER_HOUR", SCAN_FAILURES_PER_HOUR)
        if ratelimit.exceeded(request, SCAN_REFUSED, per_hour):
            return render(request, "onsite/attendance_too_many.html", context, status=429)
        outcome = attendance.present_by_scan(token, request.POST.get("code", ""))
        if outcome.code == attendance.UNKNOWN_CODE:
            ratelimit.count(request, session, SCAN_REFUSED)
        if outcome.ok:
            request.session[BADGE_MEMORY] = outcome.registration.badge_code
        context.update(outcome=outcome, code=request.POST.get("code", "")[:40])
    return render(request, "onsite/attendance_scan.html", context)


# --- The organisers' live board -------------------------------------------------------------------------


def _board_day(request, caravan):
    """Today on a caravan day, else the day asked in the address, else the caravan's day nearest to today."""
    dates, today = caravan.dates(), timezone.localdate()
    asked = request.GET.get("day", "")
    if asked in [d.isoformat() for d in dates]:
        return datetime.date.fromisoformat(asked)
    if today in dates:
        return today
    return dates[0] if today < dates[0] else dates[-1]


def _audit_phones(request, caravan, day, shown):
    key = f"onsite.board.audited.{caravan.pk}.{day.isoformat()}"
    last = request.session.get(key)
    now = timezone.now()
    if last and now - datetime.datetime.fromisoformat(last) < PERSONAL_AUDIT_EVERY:
        return
    audit.record(
        request.user, "personal_data.viewed", caravan, page="live_board", day=day.isoformat(), shown=shown
    )
    request.session[key] = now.isoformat()


def _board_etag(request, slug):
    """For the board's own refreshes only: unchanged figures are answered 304 and cost the phone nothing."""
    if not request.htmx:
        return None
    caravan = caravan_for(request.user, slug, "board.view")
    personal = allowed(roles_for(request.user, caravan), "personal_data.view")
    seen = (figures.version(caravan), _board_day(request, caravan), personal, get_language(), request.user.pk)
    return hashlib.sha256(repr(seen).encode()).hexdigest()[:32]


@require_safe
@login_required
@condition(etag_func=_board_etag)
def live_board(request, slug):
    caravan = caravan_for(request.user, slug, "board.view")
    day = _board_day(request, caravan)
    personal = allowed(roles_for(request.user, caravan), "personal_data.view")
    missing = figures.missing(caravan, day)
    for registration in missing:
        phone = registration.person.phone
        registration.phone_shown = figures.national_phone(phone) if personal else mask_phone(phone)
    if personal and any(r.person.phone for r in missing):
        _audit_phones(request, caravan, day, len(missing))
    context = {
        "caravan": caravan,
        "day": day,
        "days": figures.days(caravan),
        "sessions": figures.sessions(caravan, day),
        "missing": missing,
        "personal": personal,
    }
    template = "onsite/_board.html" if request.htmx else "onsite/board.html"
    response = render(request, template, context)
    # The same address gives the page or the partial: caches must tell them apart, and always ask again.
    patch_vary_headers(response, ["HX-Request"])
    patch_cache_control(response, private=True, no_cache=True)
    return response
