"""Certificates of participation: the rule a caravan sets, the numbered certificates, the batch PDF jobs."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan
from registration.models import Registration

# A job that has not moved for this long was lost (the server restarted under it): a new one may start.
STALE_AFTER = datetime.timedelta(minutes=10)


class CertificateRule(models.Model):
    """Who earns a certificate in one caravan: present on at least `min_days` days (active check-ins), and at
    `min_sessions` sessions when set. Absent a saved rule, `rules.default_rule` applies."""

    caravan = models.OneToOneField(
        Caravan, verbose_name=_("caravan"), on_delete=models.CASCADE, related_name="certificate_rule"
    )
    min_days = models.PositiveSmallIntegerField(_("days present, at least"))
    min_sessions = models.PositiveSmallIntegerField(
        _("sessions attended, at least"),
        null=True,
        blank=True,
        help_text=_("Leave empty when session attendance does not count."),
    )
    number_prefix = models.CharField(
        _("number prefix"),
        max_length=8,
        help_text=_("Capital Latin letters and digits, e.g. TNG25: the start of every certificate number."),
    )
    updated_at = models.DateTimeField(_("changed on"), auto_now=True)

    class Meta:
        verbose_name = _("certificate rule")
        verbose_name_plural = _("certificate rules")

    def __str__(self):
        return f"{self.caravan.slug}: {self.min_days}"


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at=None)


class Certificate(models.Model):
    """A certificate of participation: numbered in its caravan without gaps, the holder's names as printed.

    The names are copied at issue so that what the verification page shows is what the paper says; a corrected
    name means a reissue (the old number is revoked, a new one issued)."""

    class Language(models.TextChoices):
        AR = "ar", _("Arabic")
        FR = "fr", _("French")

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.PROTECT, related_name="certificates"
    )
    caravan = models.ForeignKey(
        Caravan, verbose_name=_("caravan"), on_delete=models.PROTECT, related_name="certificates"
    )
    serial = models.PositiveIntegerField(_("serial number"))
    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    holder_name_ar = models.CharField(_("holder's name (Arabic)"), max_length=200, blank=True)
    holder_name_latin = models.CharField(_("holder's name (Latin letters)"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.AR)
    issued_at = models.DateTimeField(_("issued on"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["caravan", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["caravan", "serial"], name="one_serial_per_caravan"),
            # Exactly one valid certificate per registration, however many issue at once; revoked ones stay.
            models.UniqueConstraint(
                fields=["registration"], condition=models.Q(revoked_at=None), name="one_valid_certificate"
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_revoked(self):
        return self.revoked_at is not None


class BatchJob(models.Model):
    """One background rendering of a caravan's certificates into one PDF, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    caravan = models.ForeignKey(
        Caravan, verbose_name=_("caravan"), on_delete=models.CASCADE, related_name="certificate_jobs"
    )
    language = models.CharField(_("language"), max_length=2, choices=Certificate.Language.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("certificates to print"), default=0)
    done = models.PositiveIntegerField(_("certificates printed"), default=0)
    error = models.TextField(_("error"), blank=True)
    # Where the QR codes point: the address the staff member used, so a copy behind another host still verifies.
    base_url = models.CharField(_("site address"), max_length=200, blank=True)
    result = models.FileField(_("PDF file"), upload_to="certificates/batches/", blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last progress"), auto_now=True)

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.caravan.slug} {self.status} {self.done}/{self.total}"

    @property
    def is_active(self):
        """Queued or running, and not lost."""
        live = self.status in (self.Status.QUEUED, self.Status.RUNNING)
        return live and timezone.now() - self.updated_at < STALE_AFTER

    @property
    def percent(self):
        return (
            100 if self.status == self.Status.DONE else (100 * self.done // self.total if self.total else 0)
        )
