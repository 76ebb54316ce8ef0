"""The staff home (each caravan a user works on) and each caravan's hub (where it stands, every page and document)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from caravans.access import caravan_for, is_staff_member, roles_by_caravan, roles_for
from caravans.models import Caravan
from core.permissions import allowed

from . import hub

# The pages each caravan's card links to on the staff home, when the user's roles open them; the hub has them all.
HOME_PAGES = [
    "edit",
    "programme",
    "registrations",
    "checkin",
    "report",
    "board",
    "groups",
    "attendance",
    "projects",
    "surveys",
    "certificates",
    "register",
    "sessions",
    "copy",
]


@require_safe
@login_required
def staff_home(request):
    if not is_staff_member(request.user):
        raise PermissionDenied
    national, per_caravan = roles_by_caravan(request.user)
    rows = []
    for caravan in Caravan.objects.for_user(request.user).select_related("region"):
        roles = national | per_caravan.get(caravan.pk, set())
        rows.append((caravan, hub.pages(caravan, roles, HOME_PAGES)))
    anywhere = national.union(*per_caravan.values())
    context = {
        "rows": rows,
        "can_create": allowed(national, "caravan.create"),
        "can_read_programmes": allowed(anywhere, "programmes.view"),
        "can_see_dashboard": allowed(national, "dashboard.view"),
        "can_manage_accounts": allowed(national, "accounts.manage"),
        "can_read_audit": allowed(national, "audit.view"),
    }
    return render(request, "qafila/staff_home.html", context)


@require_safe
@login_required
def caravan_hub(request, slug):
    """One caravan for one staff member: its phase, its checklist, and every page and document their roles open."""
    caravan = caravan_for(request.user, slug, "caravan.view_staff")
    roles = roles_for(request.user, caravan)
    steps = hub.checklist(caravan, roles)
    context = {
        "caravan": caravan,
        "phases": hub.PHASES,
        "phase": hub.phase(caravan, timezone.localdate()),
        "steps": steps,
        "next_step": hub.next_step(steps),
        # Who can act on the steps reads them first; the others (agents, trainers) their own pages first.
        "can_act": any(step.url for step in steps),
        "sections": hub.sections(caravan, roles),
        "sheet_days": hub.sheets(caravan, roles),
        "badges": hub.badge_filters(caravan) if allowed(roles, hub.PAGES["badges"].action) else None,
        "can_see_registrations": allowed(roles, "registration.view"),
        "can_see_projects": allowed(roles, "project.view"),
    }
    return render(request, "qafila/hub.html", context)
