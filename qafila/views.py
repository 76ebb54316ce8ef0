"""The staff home: each caravan a user works on, with a link to every app's pages that their roles open."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from caravans.access import is_staff_member, roles_by_caravan
from caravans.models import Caravan
from core.permissions import allowed

# What each caravan's card may link to: template key → the permission that opens it.
CARAVAN_LINKS = {
    "edit": "caravan.edit",
    "programme": "programme.edit",
    "copy": "caravan.copy",
    "sessions": "session.view_staff",
    "register": "registration.create",
    "registrations": "registration.view",
    "checkin": "checkin.perform",
    "groups": "groups.view",
    "attendance": "attendance.mark",
    "board": "board.view",
    "projects": "project.view",
    "certificates": "certificate.manage",
    "surveys": "survey.enter_answers",
    "report": "report.view",
}


@require_safe
@login_required
def staff_home(request):
    if not is_staff_member(request.user):
        raise PermissionDenied
    national, per_caravan = roles_by_caravan(request.user)
    rows = []
    for caravan in Caravan.objects.for_user(request.user).select_related("region"):
        roles = national | per_caravan.get(caravan.pk, set())
        rows.append((caravan, {key: allowed(roles, action) for key, action in CARAVAN_LINKS.items()}))
    anywhere = national.union(*per_caravan.values())
    context = {
        "rows": rows,
        "can_create": allowed(national, "caravan.create"),
        "can_read_programmes": allowed(anywhere, "programmes.view"),
        "can_see_dashboard": allowed(national, "dashboard.view"),
    }
    return render(request, "qafila/staff_home.html", context)
