"""Who may do what on a caravan: the public access helper every view and API endpoint goes through."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.permissions import Role, allowed, require

from .models import Caravan, StaffAssignment


def roles_by_caravan(user):
    """(the user's national roles, {caravan id: their roles on it}), in one query."""
    if not user.is_authenticated or not user.is_active:
        return set(), {}
    national, per_caravan = ({Role.COORDINATOR} if user.is_superuser else set()), {}
    for role, caravan_id in StaffAssignment.objects.filter(user=user).values_list("role", "caravan_id"):
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
    try:
        caravan = Caravan.objects.select_related("region").get(slug=slug)
    except Caravan.DoesNotExist:
        raise Http404(slug) from None
    roles = roles_for(user, caravan)
    if not caravan.is_public and not allowed(roles, "caravan.view_staff"):
        raise Http404(slug)
    require(roles, action)
    return caravan


def require_global(user, action):
    """For actions that concern no single caravan (creating one, copying one): checked on national roles."""
    roles = roles_for(user)
    if not allowed(roles, action):
        raise PermissionDenied(action)
    return roles
