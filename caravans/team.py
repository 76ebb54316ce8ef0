"""A caravan's team: who organises it, trains in it and checks people in; who may change that.

The national coordinator puts anyone on any caravan's team in any of these roles; a caravan's organisers add
and remove its trainers and agents (core.permissions: `team.manage`, `team.manage_organisers`). A role is a
`StaffAssignment` row, read afresh on every request (`access.roles_by_caravan`): a removal takes effect on
the very next page or API call. Audit actions `team.added`, `team.removed`."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import services as accounts
from core import audit
from core.permissions import Role, allowed, require

from .access import roles_for
from .models import StaffAssignment
from .services import CaravanError

TEAM_ROLES = [Role.ORGANISER, Role.TRAINER, Role.AGENT]


def team_role(role):
    """`role` as a Role of a caravan's team, or a refusal (the national coordinator is on no team)."""
    if role not in TEAM_ROLES:
        raise CaravanError(
            _("A caravan's team has organisers, trainers and check-in agents."), code="not_a_team_role"
        )
    return Role(role)


def _action(role):
    return "team.manage_organisers" if role == Role.ORGANISER else "team.manage"


def require_may_manage(actor, caravan, role):
    """The Role `role` if `actor` may add it to or remove it from `caravan`'s team, else PermissionDenied."""
    role = team_role(role)
    require(roles_for(actor, caravan), _action(role))
    return role


def roles_to_manage(actor, caravan):
    """The team roles `actor` may add or remove on `caravan`, in the order of TEAM_ROLES."""
    roles = roles_for(actor, caravan)
    return [role for role in TEAM_ROLES if allowed(roles, _action(role))]


def members(caravan):
    """The team's roles with their users: organisers, then trainers, then agents, each by username."""
    rows = StaffAssignment.objects.filter(caravan=caravan).select_related("user")
    return sorted(rows, key=lambda row: (TEAM_ROLES.index(row.role), row.user.username))


@transaction.atomic
def add_member(actor, caravan, user, role):
    """Put `user` on the team in `role`; True when added, False when they already were (nothing changes)."""
    role = require_may_manage(actor, caravan, role)
    if not user.is_active:
        raise CaravanError(_("This account is deactivated: it cannot join a team."), code="inactive_account")
    # The unique constraint (user, caravan, role) settles two additions at the same moment.
    _assignment, created = StaffAssignment.objects.get_or_create(user=user, caravan=caravan, role=role)
    if created:
        audit.record(actor, "team.added", caravan, user=user.username, role=role.value)
    return created


@transaction.atomic
def remove_member(actor, caravan, user, role):
    """Take `role` on `caravan` from `user`; True when removed, False when they did not hold it."""
    role = require_may_manage(actor, caravan, role)
    removed, _counts = StaffAssignment.objects.filter(user=user, caravan=caravan, role=role).delete()
    if removed:
        audit.record(actor, "team.removed", caravan, user=user.username, role=role.value)
    return bool(removed)


@transaction.atomic
def invite(actor, caravan, role, **account):
    """A new account (see accounts.services.create_account) put on the team at once; give it `invitation_link`."""
    require_may_manage(actor, caravan, role)  # before anything is created
    user = accounts.create_account(actor, **account)
    add_member(actor, caravan, user, role)
    return user


def invitation_link(actor, caravan, user):
    """A new one-time link for a team member who has not chosen a password yet (the first one was lost).

    Only for them: an account with a password gets its links from the national coordinator or by email, so
    an organiser can never take over a colleague's account."""
    held = StaffAssignment.objects.filter(user=user, caravan=caravan).values_list("role", flat=True)
    if not any(allowed(roles_for(actor, caravan), _action(role)) for role in held):
        raise PermissionDenied("team.manage")
    if user.has_usable_password():
        raise CaravanError(
            _(
                "This person has chosen a password already: they can ask for a new one by email or from the national coordinator."
            ),
            code="password_set",
        )
    return accounts.issue_link(actor, user)
