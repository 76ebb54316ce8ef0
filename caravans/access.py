"""Who may do what on a caravan: the public access helper every view and API endpoint goes through."""

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404

from core import rows
from core.permissions import Role, allowed, require
from places.models import Region

from .models import Caravan, StaffAssignment


def roles_by_caravan(user):
    """(the user's national roles, {caravan id: their roles on it}), in one query."""
    if not user.is_authenticated or not user.is_active:
        return set(), {}
    national, per_caravan = ({Role.COORDINATOR} if user.is_superuser else set()), {}
    # Asked by every staff page and API call: hand-written, as core.rows explains.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT role, caravan_id FROM {rows.table(StaffAssignment)} WHERE user_id = %s", [user.pk]
        )
        assignments = cursor.fetchall()
    for role, caravan_id in assignments:
        if caravan_id is None:
            national.add(Role(role))
        else:
            per_caravan.setdefault(caravan_id, set()).add(Role(role))
    return national, per_caravan


def roles_for(user, caravan=None):
    """The roles `user` holds on `caravan` (a national coordinator holds theirs on every caravan)."""
    national, per_caravan = roles_by_caravan(user)
    return national | (per_caravan.get(caravan.pk, set()) if caravan is not None else set())


def is_staff_member(user):
    return user.is_authenticated and (user.is_superuser or StaffAssignment.objects.filter(user=user).exists())


def caravan_for(user, slug, action):
    """The caravan `slug` if `user` may do `action` on it; 404 for an unknown slug, 403 otherwise.

    A draft caravan does not exist for someone who cannot see it as staff (no leak of planned stops)."""
    caravan = caravan_with_region(slug)
    guard(caravan, caravan and roles_for(user, caravan), slug, action)
    return caravan


def guard(caravan, roles, slug, action):
    """caravan_for's refusals, for a caller that read the caravan and the roles itself (the API's check-in
    reads them with the token and the badge in one statement)."""
    if caravan is None:
        raise Http404(slug)
    if not caravan.is_public and not allowed(roles, "caravan.view_staff"):
        raise Http404(slug)
    require(roles, action)


def caravan_with_region(slug):
    """The caravan `slug` with its region, or None: read on every caravan page, hand-written (core.rows)."""
    found = rows.one_row(
        f"SELECT {rows.columns(Caravan, 'c')}, {rows.columns(Region, 'r')} FROM {rows.table(Caravan)} c"
        f" JOIN {rows.table(Region)} r ON r.id = c.region_id WHERE c.slug = %s",
        [slug],
        Caravan,
        Region,
    )
    if found is None:
        return None
    caravan, region = found
    caravan.region = region
    return caravan


def require_global(user, action):
    """For actions that concern no single caravan (creating one, copying one): checked on national roles."""
    roles = roles_for(user)
    if not allowed(roles, action):
        raise PermissionDenied(action)
    return roles
