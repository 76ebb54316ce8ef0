"""Roles and THE permission check: every view and API endpoint asks `require(roles, action)`.

Which roles a user holds on a caravan is the caravans app's business (`caravans.access.roles_for`);
what each role may do is decided here, in one table.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("National coordinator")
    ORGANISER = "organiser", _("Caravan organiser")
    TRAINER = "trainer", _("Trainer")
    AGENT = "agent", _("Check-in agent")


C, O, T, A = Role.COORDINATOR, Role.ORGANISER, Role.TRAINER, Role.AGENT  # noqa: E741

PERMISSIONS = {
    # Staff area of a caravan: every role that works on it sees its staff home.
    "caravan.view_staff": {C, O, T, A},
    "caravan.create": {C},
    "caravan.edit": {C, O},
    "caravan.copy": {C},
    # One step forward or back (open registration, start, close); see caravans.services.change_status.
    "caravan.change_status": {C, O},
    "programme.edit": {C, O},
    "session.view_staff": {C, O, T},
    # Registrations: organisers decide; agents may enter someone (walk-ins) but see no list of people.
    "registration.view": {C, O},
    "registration.create": {C, O, A},
    "registration.decide": {C, O},
    "registration.import": {C, O},
    "registration.export": {C, O},
    "duplicates.review": {C, O},
    "checkin.perform": {C, O, A},
    "personal_data.view": {C, O},
    "api.read": {C, O, T, A},
}


def allowed(roles, action):
    if action not in PERMISSIONS:
        raise KeyError(f"unknown action {action!r}")  # a typo must fail loudly, never grant
    return bool(set(roles) & PERMISSIONS[action])


def require(roles, action):
    if not allowed(roles, action):
        raise PermissionDenied(action)
