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
    # An organiser copies their own caravan to its next stop, and organises the copy.
    "caravan.copy": {C, O},
    # One step forward or back (open registration, start, close); see caravans.services.change_status.
    "caravan.change_status": {C, O},
    "programme.edit": {C, O},
    # A caravan's team: its organisers add and remove its trainers and agents; only the national coordinator
    # names organisers (see caravans.team).
    "team.manage": {C, O},
    "team.manage_organisers": {C},
    # Staff accounts, nationally: create, deactivate and reactivate them, give a new set-password link.
    "accounts.manage": {C},
    # The audit log, every caravan's: the national coordinator reads and exports it.
    "audit.view": {C},
    "session.view_staff": {C, O, T},
    # Registrations: organisers decide; agents may enter someone (walk-ins) but see no list of people.
    "registration.view": {C, O},
    "registration.create": {C, O, A},
    "registration.decide": {C, O},
    "registration.import": {C, O},
    "registration.export": {C, O},
    "duplicates.review": {C, O},
    # Loading a soulaliyate community's members' list (from a caravan's import page: its region's communities).
    "community.import": {C, O},
    "checkin.perform": {C, O, A},
    "personal_data.view": {C, O},
    # Law 09-08 rights: exporting or erasing everything held about a person spans every caravan they came to,
    # so it is the national coordinator's; a caravan's organisers record an objection told to them.
    "personal_data.manage": {C},
    "personal_data.oppose": {C, O},
    # Correcting who a registered person is (names, CIN, phone…): it decides their registration again.
    "person.correct": {C, O},
    # Workshop groups: trainers split the room, organisers too.
    "groups.view": {C, O, T},
    "groups.edit": {C, O, T},
    # Session attendance, marked by the session's trainer (projects and groups scope them further).
    "attendance.mark": {C, O, T},
    # A participant's badge scanned at a session's door, by its trainer or an agent (onsite.offline's queue).
    "attendance.scan": {C, O, T, A},
    # Offline check-in: a phone enrolled to hold the caravan's roster (for check-in or door scans); organisers
    # see the caravan's phones and revoke them.
    "offline.enrol": {C, O, T, A},
    "devices.manage": {C, O},
    "board.view": {C, O},
    # Support programmes: a national catalogue, kept by the national coordinator.
    "programmes.view": {C, O, T},
    "programmes.edit": {C},
    # People who asked on the public finder to be called back: the organisers of their region's caravans.
    "callbacks.view": {C, O},
    # Projects: trainers work on those of their sessions and groups (projects.access narrows it).
    "project.view": {C, O, T},
    "project.edit": {C, O, T},
    # After the caravan (projects.followup): trainers and agents contact the projects put in their charge;
    # organisers share the contacts out. Each sees the phone only with personal_data.view.
    "followup.view": {C, O, T, A},
    "followup.record": {C, O, T, A},
    "followup.assign": {C, O},
    # Success stories: a trainer drafts one from a followed project; an organiser reviews and publishes it.
    "story.edit": {C, O, T},
    "story.publish": {C, O},
    # The caravan's own account: budget lines, observations, recommendations and photos of the days.
    "account.edit": {C, O},
    "survey.edit": {C, O},
    "survey.enter_answers": {C, O, A},
    "survey.results": {C, O},
    "certificate.manage": {C, O},
    "report.view": {C, O},
    "dashboard.view": {C},
    "api.read": {C, O, T, A},
    # Messages: a caravan's outbox and an organiser's message to a list of its people; the national coordinator
    # alone words the texts every caravan sends.
    "messages.view": {C, O},
    "messages.send": {C, O},
    "messages.templates": {C},
}


def allowed(roles, action):
    if action not in PERMISSIONS:
        raise KeyError(f"unknown action {action!r}")  # a typo must fail loudly, never grant
    return bool(set(roles) & PERMISSIONS[action])


def require(roles, action):
    if not allowed(roles, action):
        raise PermissionDenied(action)
