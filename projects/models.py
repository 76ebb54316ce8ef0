"""A project: an idea worked on by a person or a cooperative across caravans, its canvas, founding steps and
the one-time personal links that let its holder open it without a password."""

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan
from people.models import Cooperative, Person
from programmes.models import Stage


class ProjectQuerySet(models.QuerySet):
    def of_caravan(self, caravan):
        return self.filter(caravans=caravan)

    def of_people(self, person_ids):
        """Projects held by these people, or by a cooperative one of them registered with."""
        from registration.models import Registration

        cooperative_ids = Registration.objects.filter(person_id__in=person_ids, cooperative__isnull=False)
        return self.filter(
            models.Q(holder_id__in=person_ids)
            | models.Q(cooperative_id__in=cooperative_ids.values("cooperative_id"))
        )


class Project(models.Model):
    title = models.CharField(_("project title"), max_length=200)
    holder = models.ForeignKey(
        Person,
        verbose_name=_("project holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    caravans = models.ManyToManyField(
        Caravan, verbose_name=_("caravans"), blank=True, related_name="projects"
    )
    sector = models.CharField(_("sector"), max_length=60, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    # {block key: text}; the blocks and their order are fixed in projects/canvas.py.
    canvas = models.JSONField(_("canvas"), default=dict, blank=True)
    # The financial plan, a document read and written by projects.finance.Plan.
    financial_plan = models.JSONField(_("financial plan"), default=dict, blank=True)
    # Conditions of support programmes a staff member confirmed by hand (programmes.matching Facts.confirmed).
    confirmed_conditions = models.JSONField(_("conditions confirmed"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created on"), auto_now_add=True)
    updated = models.DateTimeField(_("last change"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-updated", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(holder__isnull=False) | models.Q(cooperative__isnull=False),
                name="project_has_a_holder_or_cooperative",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])

    def people_ids(self):
        """The people behind the project: its holder and the registered members of its cooperative."""
        from registration.models import Registration

        ids = {self.holder_id} if self.holder_id else set()
        if self.cooperative_id:
            ids |= set(
                Registration.objects.filter(cooperative_id=self.cooperative_id).values_list(
                    "person_id", flat=True
                )
            )
        return ids

    @property
    def owner_name(self):
        return str(self.cooperative or self.holder)


class FoundingStep(models.Model):
    """Where a project stands on one step of the Law 112-12 procedure (steps in projects/data/)."""

    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Completed")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="founding_steps")
    step = models.CharField(_("step"), max_length=60)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.TODO)
    on = models.DateField(_("date"), null=True, blank=True)
    documents = models.JSONField(_("documents gathered"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("founding step")
        verbose_name_plural = _("founding steps")
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "step"], name="one_status_per_founding_step")
        ]

    def __str__(self):
        return f"{self.project_id} {self.step}: {self.status}"


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ProjectAccessTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        return self.filter(used_at=None, revoked_at=None, expires_at__gt=now or timezone.now())


class ProjectAccessToken(models.Model):
    """A one-time personal link: opening it gives that browser a session limited to one project.

    Only the token's hash is kept; the link itself is shown once to the staff member who made it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="access_tokens")
    person = models.ForeignKey(
        Person, verbose_name=_("for"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("made on"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("opened on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("replaced on"), null=True, blank=True)

    objects = ProjectAccessTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal link")
        verbose_name_plural = _("personal links")
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.project_id} → {self.expires_at:%Y-%m-%d}"


from projects.followup.models import FollowUp, Outcome  # noqa: E402, F401  Django finds the app's models here
