"""A phone that holds a caravan's roster (a Device), and each queued scan it has synced (a SyncedItem)."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan
from registration.models import Registration


def expiry_of(caravan):
    """When a roster of `caravan` stops being served: the end of the day after its last day (local time)."""
    return timezone.make_aware(
        datetime.datetime.combine(caravan.end_date + datetime.timedelta(days=2), datetime.time())
    )


class DeviceQuerySet(models.QuerySet):
    def holding(self, now):
        """Devices whose roster may still be on the phone: neither revoked nor expired."""
        return self.filter(revoked_at=None, expires_at__gt=now)


class Device(models.Model):
    """One agent's phone enrolled for offline check-in on one caravan: its token (only the SHA-256 kept) works
    on that caravan's roster and batch endpoints only, with the enrolling user's roles there."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    caravan = models.ForeignKey(
        Caravan, verbose_name=_("caravan"), on_delete=models.CASCADE, related_name="devices"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="devices"
    )
    label = models.CharField(_("device"), max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(_("enrolled"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)
    roster_downloaded_at = models.DateTimeField(_("roster downloaded"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DeviceQuerySet.as_manager()

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["-created"]

    def __str__(self):
        return self.label

    def refusal(self, now):
        """Why this device's token no longer works (`device_revoked`, `device_expired`), or None."""
        if self.revoked_at is not None:
            return "device_revoked"
        if now >= self.expires_at:
            return "device_expired"
        return None


class SyncedItem(models.Model):
    """A queued scan a device has sent, with the answer it got: a replay of its client id gets that answer
    and records nothing. Check-ins keep their badge's registration and day, to find two devices' scans of the
    same person."""

    class Kind(models.TextChoices):
        CHECKIN = "checkin", _("check-in")
        ATTENDANCE = "attendance", _("attendance")
        WALKIN = "walkin", _("walk-in")

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="items")
    client_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    answer = models.JSONField()
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(null=True, blank=True)
    conflict = models.BooleanField(default=False)
    synced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("synced scan")
        verbose_name_plural = _("synced scans")
        constraints = [models.UniqueConstraint(fields=["device", "client_id"], name="one_item_per_client_id")]
        indexes = [models.Index(fields=["registration", "day"], name="synceditem_registration_day")]

    def __str__(self):
        return f"{self.device_id} {self.client_id}"
