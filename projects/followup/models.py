"""Follow-up contacts and outcomes. Outcomes are history: a change is a new row, never an edit, so a project's
timeline is its outcomes in date order and its state is the latest outcome of each kind (see `state.py`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan
from programmes.models import SupportProgramme


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=FollowUp.Status.DUE)


class FollowUp(models.Model):
    """One planned contact with a project, `months` after a caravan's last day (Caravan.follow_up_months)."""

    class Status(models.TextChoices):
        DUE = "due", _("To contact")
        REACHED = "reached", _("Reached")
        NOT_REACHED = "not_reached", _("Not reached")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone call")
        VISIT = "visit", _("Visit")
        QUESTIONNAIRE = "questionnaire", _("Questionnaire by SMS link")

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="follow_ups")
    caravan = models.ForeignKey(Caravan, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after the caravan"))
    due = models.DateField(_("due on"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DUE)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    contacted_on = models.DateField(_("contacted on"), null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("how"), max_length=20, choices=Channel.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The SMS questionnaire's one-time link (only its SHA-256 hash is kept, as for projects' personal links).
    questionnaire_hash = models.CharField(max_length=64, blank=True, db_index=True)
    questionnaire_sent = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up contact")
        verbose_name_plural = _("follow-up contacts")
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "caravan", "months"], name="one_follow_up_per_milestone"
            )
        ]

    def __str__(self):
        return f"{self.project_id} +{self.months}m {self.status}"


class Outcome(models.Model):
    """One dated fact about a project after the caravan, with what shows it (`evidence`)."""

    class Kind(models.TextChoices):
        FOUNDING_STEP = "founding_step", _("Founding step")
        FINANCING = "financing", _("Financing")
        JOBS = "jobs", _("Jobs")
        FIRST_SALE = "first_sale", _("First sales")
        ACTIVITY = "activity", _("Activity")
        BLOCKER = "blocker", _("Blocker")

    class Financing(models.TextChoices):
        APPLIED = "applied", _("Applied for")
        OBTAINED = "obtained", _("Obtained")
        REFUSED = "refused", _("Refused")

    class Blocker(models.TextChoices):
        FINANCING = "financing", _("No financing")
        PAPERWORK = "paperwork", _("Administrative procedure")
        LAND = "land", _("Land or premises")
        MARKET = "market", _("No buyers")
        SKILLS = "skills", _("Skills or training")
        GROUP = "group", _("Disagreement in the group")
        FAMILY = "family", _("Family or health")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        STAFF = "staff", _("Recorded by staff")
        QUESTIONNAIRE = "questionnaire", _("Answered by the holder")

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="outcomes")
    follow_up = models.ForeignKey(
        FollowUp, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes"
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    # FOUNDING_STEP: a step id of projects/data/cooperative_procedure.yaml, its status, and its number
    # (the court registration number, the ICE…).
    step = models.CharField(_("step"), max_length=60, blank=True)
    step_status = models.CharField(_("step status"), max_length=20, blank=True)
    reference = models.CharField(_("number"), max_length=60, blank=True)
    # FINANCING (per programme) and FIRST_SALE (amount_mad: the sales' amount).
    programme = models.ForeignKey(
        SupportProgramme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    financing = models.CharField(_("financing"), max_length=20, choices=Financing.choices, blank=True)
    amount_mad = models.DecimalField(
        _("amount (MAD)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # JOBS: the jobs the project gives at that date (not an increment).
    jobs_women = models.PositiveSmallIntegerField(_("jobs held by women"), null=True, blank=True)
    jobs_men = models.PositiveSmallIntegerField(_("jobs held by men"), null=True, blank=True)
    jobs_under_35 = models.PositiveSmallIntegerField(_("of which under 35"), null=True, blank=True)
    # ACTIVITY: still active (True) or stopped (False).
    active = models.BooleanField(_("still active"), null=True, blank=True)
    # BLOCKER: a reason code and the support asked for.
    blocker = models.CharField(_("blocker"), max_length=20, choices=Blocker.choices, blank=True)
    support_asked = models.CharField(_("support asked for"), max_length=300, blank=True)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.STAFF)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded = models.DateTimeField(_("recorded on"), auto_now_add=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["project", "on", "id"]
        indexes = [models.Index(fields=["project", "kind", "on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_mad__isnull=True) | models.Q(amount_mad__gte=0),
                name="outcome_amount_not_negative",
            )
        ]

    def __str__(self):
        return f"{self.project_id} {self.kind} {self.on}"
