"""Who came, which day: a registration's check-in at the venue, at most one active per day."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caravans.models import Day, Session
from registration.models import Registration

# An agent who scanned the wrong badge may take the check-in back, for a short while only.
UNDO_WINDOW = datetime.timedelta(minutes=2)


class CheckInQuerySet(models.QuerySet):
    def active(self):
        return self.filter(undone_at=None)


class CheckIn(models.Model):
    """One arrival of a registered person on one day of the caravan, by the agent who scanned the badge.

    An undone check-in stays (with who undid it and when) but no longer counts; the person can then be checked
    in again that day."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="checkins"
    )
    day = models.DateField(_("day"))
    at = models.DateTimeField(_("checked in at"))
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The phone whose queued scan this is (onsite.offline), when it was scanned offline: of two phones that
    # scanned the same badge, the check-in is the earliest scan's.
    device = models.ForeignKey(
        "onsite.Device",
        verbose_name=_("device"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["at", "id"]
        constraints = [
            # A partial unique index (PostgreSQL and SQLite alike): what makes a check-in exactly once
            # however many agents scan the same badge at the same moment.
            models.UniqueConstraint(
                fields=["registration", "day"],
                condition=models.Q(undone_at=None),
                name="one_active_checkin_per_day",
            )
        ]
        indexes = [models.Index(fields=["day", "at"], name="checkin_day_at")]

    def __str__(self):
        return f"{self.registration_id} {self.day:%Y-%m-%d} {self.at:%H:%M}"

    @property
    def is_active(self):
        return self.undone_at is None

    def can_be_undone(self, user, now):
        return self.is_active and self.agent_id == user.pk and now - self.at <= UNDO_WINDOW


class GroupAssignment(models.Model):
    """Which workshop (session) a participant attends in one time slot of a day (`registration.workshops.Slot`):
    by the solver, or edited by hand. One per slot is kept by `onsite.groups.services` under the day's row
    lock, as slots come from the sessions' times; the database holds one per workshop."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="group_assignments",
    )
    day = models.ForeignKey(Day, verbose_name=_("day"), on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        Session, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="group_assignments"
    )
    by_hand = models.BooleanField(_("changed by hand"), default=False)
    assigned_at = models.DateTimeField(_("assigned at"), auto_now=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("workshop group")
        verbose_name_plural = _("workshop groups")
        ordering = ["day", "session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="one_group_per_workshop")
        ]

    def __str__(self):
        return f"{self.registration_id} → {self.session_id}"


class SessionAttendance(models.Model):
    """A participant present at one session: marked by its trainer, or by scanning the session's QR code."""

    class Channel(models.TextChoices):
        TRAINER = "trainer", _("Marked by the trainer")
        SCAN = "scan", _("Session QR code scanned")
        BADGE = "badge", _("Badge scanned at the door")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="session_attendances",
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)
    at = models.DateTimeField(_("marked at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendances")
        ordering = ["session", "at", "id"]
        # Present once per session however often the QR is scanned or the list saved.
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="one_attendance_per_session")
        ]

    def __str__(self):
        return f"{self.registration_id} @ {self.session_id}"


from onsite.offline.models import Device, SyncedItem  # noqa: E402, F401  Django finds the app's models here
