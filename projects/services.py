"""Every write on a project: one function per action, each in its transaction with its audit entry.

`actor` is the staff user, or None when the participant writes through their personal link."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import record
from messaging import outbox
from messaging.models import Kind
from registration.models import Decision, Profile
from registration.notify import person_name

from . import canvas, founding
from .models import FoundingStep, Project, ProjectAccessToken, Stage, hash_token

LINK_VALIDITY = datetime.timedelta(days=7)
# After opening a personal link, the participant's browser keeps its project this long.
SESSION_VALIDITY = datetime.timedelta(days=30)


class ProjectError(ValidationError):
    """A refused project action; `code` is stable for tests and API clients."""


def _via(actor):
    return {} if actor is not None else {"via": "personal_link"}


@transaction.atomic
def create_project(actor, registration, title=""):
    """The project of a registration's person (with their cooperative when they came as its member), linked to
    the registration's caravan. (project, created): a person's project in a caravan is made once."""
    if registration.decision == Decision.CANCELLED:
        raise ProjectError(_("This registration was cancelled."), code="registration_cancelled")
    existing = Project.objects.filter(holder=registration.person, caravans=registration.caravan).first()
    if existing:
        return existing, False
    cooperative = registration.cooperative if registration.profile == Profile.COOPERATIVE_MEMBER else None
    title = (title or registration.project_idea or str(registration.person)).strip()[:200]
    project = Project.objects.create(
        title=title,
        holder=registration.person,
        cooperative=cooperative,
        sector=registration.sector,
        created_by=actor,
    )
    project.caravans.add(registration.caravan)
    record(actor, "project.created", project, registration=registration.pk, caravan=registration.caravan.slug)
    return project, True


@transaction.atomic
def save_canvas_block(actor, project, key, text):
    """Save one block of the canvas (the others are left as they are, even if saved at the same moment)."""
    if key not in canvas.BY_KEY:
        raise ProjectError(_("This part of the canvas does not exist."), code="unknown_block")
    text = (text or "").strip()
    if len(text) > canvas.MAX_LENGTH:
        raise ProjectError(
            _("Please write at most %(limit)d characters.") % {"limit": canvas.MAX_LENGTH}, code="too_long"
        )
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.canvas.get(key, "") == text:
        return locked
    locked.canvas = {**locked.canvas, key: text}
    locked.save(update_fields=["canvas", "updated"])
    record(actor, "project.canvas_saved", locked, block=key, **_via(actor))
    project.canvas = locked.canvas
    return locked


@transaction.atomic
def change_project(actor, project, *, title, sector, stage):
    """Change a project's title, sector or stage."""
    if stage not in Stage.values:
        raise ProjectError(_("Unknown stage."), code="unknown_stage")
    if not title.strip():
        raise ProjectError(_("Give the project a title."), code="missing_title")
    locked = Project.objects.select_for_update().get(pk=project.pk)
    changes = {
        name: [getattr(locked, name), value]
        for name, value in {"title": title.strip(), "sector": sector, "stage": stage}.items()
        if getattr(locked, name) != value
    }
    if not changes:
        return locked
    for name, (_old, new) in changes.items():
        setattr(locked, name, new)
    locked.save()
    record(actor, "project.changed", locked, changes=changes, **_via(actor))
    return locked


@transaction.atomic
def set_founding_step(actor, project, step, *, status, on=None, documents=(), note=""):
    """Record where a project stands on one step of the founding procedure."""
    if step not in founding.STEP_IDS:
        raise ProjectError(_("This founding step does not exist."), code="unknown_step")
    if status not in FoundingStep.Status.values:
        raise ProjectError(_("Unknown status."), code="unknown_status")
    known = {
        doc["key"] for s in founding.steps() if s["id"] == step for doc in s.get("required_documents") or []
    }
    if set(documents) - known:
        raise ProjectError(_("Unknown document."), code="unknown_document")
    if on and on > timezone.localdate():
        raise ProjectError(_("The date cannot be in the future."), code="future_date")
    if status == FoundingStep.Status.DONE and on is None:
        on = timezone.localdate()
    row, _created = FoundingStep.objects.select_for_update().get_or_create(project=project, step=step)
    row.status, row.on, row.documents, row.note = status, on, sorted(documents), note.strip()[:300]
    row.save()
    record(actor, "project.founding_step", project, step=step, status=status, **_via(actor))
    return row


@transaction.atomic
def issue_personal_link(actor, project, now=None):
    """A new one-time link to the project for its holder; earlier unopened links stop working.

    Returns (token row, the secret to put in the link): the secret is never stored, only its hash."""
    now = now or timezone.now()
    ProjectAccessToken.objects.filter(project=project).usable(now).update(revoked_at=now)
    secret = secrets.token_urlsafe(24)
    token = ProjectAccessToken.objects.create(
        project=project,
        person=project.holder,
        token_hash=hash_token(secret),
        created_by=actor,
        expires_at=now + LINK_VALIDITY,
    )
    record(actor, "project.link_issued", project, token=token.pk, expires=token.expires_at.isoformat())
    return token, secret


def send_personal_link(actor, project, token, link):
    """Send the holder the personal link `link` of `token` by SMS (or email); the outbox's message, whatever
    became of it. The link is in the message's text until it is sent: the outbox is as private as the link."""
    holder = project.holder
    language = holder.language or "ar"
    return outbox.queue(
        Kind.PROJECT_LINK,
        person=holder,
        caravan=project.caravans.order_by("-start_date").first(),
        context={"name": person_name(holder, language), "url": link},
        key=f"link-{token.pk}",
        by=actor,
    )


@transaction.atomic
def open_personal_link(secret, now=None):
    """Use a personal link, once: the project it opens, or a refusal (unknown, used, expired)."""
    now = now or timezone.now()
    token = (
        ProjectAccessToken.objects.select_for_update()
        .select_related("project")
        .filter(token_hash=hash_token(secret or ""))
        .first()
    )
    if token is None or token.revoked_at is not None:
        raise ProjectError(_("This link is not valid. Ask the staff for a new one."), code="link_invalid")
    if token.used_at is not None:
        raise ProjectError(_("This link was already used. Ask the staff for a new one."), code="link_used")
    if token.expires_at <= now:
        raise ProjectError(_("This link has expired. Ask the staff for a new one."), code="link_expired")
    token.used_at = now
    token.save(update_fields=["used_at"])
    record(None, "project.link_opened", token.project, token=token.pk)
    return token.project


@transaction.atomic
def confirm_condition(actor, project, condition):
    """Record that a staff member checked a programme condition that no program can check."""
    if not condition or len(condition) > 120:
        raise ProjectError(_("Unknown condition."), code="unknown_condition")
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if condition in locked.confirmed_conditions:
        return locked
    locked.confirmed_conditions = sorted({*locked.confirmed_conditions, condition})
    locked.save(update_fields=["confirmed_conditions", "updated"])
    record(actor, "project.condition_confirmed", locked, condition=condition)
    project.confirmed_conditions = locked.confirmed_conditions
    return locked


@transaction.atomic
def clear_confirmed_conditions(actor, project):
    """Take back every confirmation of programme conditions (a mistake, or the conditions changed)."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not locked.confirmed_conditions:
        return locked
    record(actor, "project.conditions_cleared", locked, conditions=locked.confirmed_conditions)
    locked.confirmed_conditions = []
    locked.save(update_fields=["confirmed_conditions", "updated"])
    project.confirmed_conditions = []
    return locked
