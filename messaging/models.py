"""The outbox: every SMS, email or WhatsApp message Qafila sends is a row, whatever became of it.

A message is queued by `outbox.queue` (one of a kind per person and caravan, however often its event fires) and
handed to its channel by a background job (`tasks.deliver`). The phone or address is copied onto the row when
queued, so the outbox shows where a message went even after the person's record is corrected.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan
from people.models import Person


class ChannelKind(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Kind(models.TextChoices):
    REGISTRATION_RECEIVED = "registration_received", _("Registration received")
    DECISION = "decision", _("Decision")
    WAITLIST_PROMOTED = "waitlist_promoted", _("Promoted from the waiting list")
    CONVOCATION = "convocation", _("Convocation")
    REMINDER = "reminder", _("Reminder")
    SURVEY = "survey", _("Survey link")
    CERTIFICATE = "certificate", _("Certificate link")
    PROJECT_LINK = "project_link", _("Personal project link")
    FOLLOW_UP = "follow_up", _("Follow-up")
    INVITATION = "invitation", _("Invitation to register")
    BULK = "bulk", _("Organiser's message")


# Sent only to people who agreed to messages, with a link to stop them; the other kinds are about a person's own
# registration and go to anyone who did not refuse (a list imported by staff was never asked).
NOT_TRANSACTIONAL = frozenset({Kind.BULK, Kind.FOLLOW_UP, Kind.INVITATION})


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    NOT_SENT = "not_sent", _("Not sent")


class NotSentReason(models.TextChoices):
    OPTED_OUT = "opted_out", _("The person asked for no more messages")
    NO_PHONE = "no_phone", _("No phone number")
    NO_ADDRESS = "no_address", _("No phone number or email address")
    NO_GATEWAY = "no_gateway", _("No gateway is configured")
    NO_CONSENT = "no_consent", _("The person did not agree to messages")


class Message(models.Model):
    """One message to one person: what was said, on which channel, and what became of it."""

    caravan = models.ForeignKey(
        Caravan, verbose_name=_("caravan"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=ChannelKind.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, db_index=True)
    # Tells apart the messages of one kind that may go to one person more than once (each organiser's bulk
    # message, each follow-up round); empty for the kinds sent once per person and caravan.
    key = models.CharField(max_length=40, blank=True, default="")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    to = models.CharField(_("to"), max_length=254, blank=True)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    reason = models.CharField(_("reason"), max_length=20, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    gateway_id = models.CharField(_("gateway's id"), max_length=100, blank=True)
    error = models.CharField(_("last error"), max_length=300, blank=True)
    # Not handed to a channel before this moment (the convocation two days before, the end of quiet hours).
    send_after = models.DateTimeField(_("send after"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created", "-id"]
        constraints = [
            # Never two convocations: the event may fire again (a re-run import, a second click), the row stays one.
            models.UniqueConstraint(fields=["caravan", "person", "kind", "key"], name="one_message_per_event"),
            # The same for a message to an address that is nobody of the registry (an invitation): NULL persons
            # are all different to the constraint above.
            models.UniqueConstraint(
                fields=["caravan", "to", "kind", "key"],
                condition=models.Q(person__isnull=True),
                name="one_message_per_event_to_an_address",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.person_id} ({self.get_status_display()})"


class OptOut(models.Model):
    """A phone number or email address that asked for no more messages: nothing is sent to it again."""

    class Source(models.TextChoices):
        REPLY = "reply", _("Replied STOP")
        LINK = "link", _("Opt-out link")
        STAFF = "staff", _("Recorded by staff")

    address = models.CharField(_("phone or email"), max_length=254, unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")

    def __str__(self):
        return f"{self.get_source_display()} ({self.at:%Y-%m-%d})"


class MessageTemplate(models.Model):
    """A coordinator's wording of one kind of message in one language, replacing the built-in one."""

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    # Which of a kind's texts: the decision for the decision kind (one text each: accepted, waitlisted…), empty
    # for the kinds that say one thing.
    variant = models.CharField(_("variant"), max_length=20, blank=True, default="")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    text = models.TextField(_("text"))
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "variant", "language"], name="one_template_per_kind_variant_language"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.variant} ({self.language})".replace("  ", " ")
