"""A person's registration to a caravan, with its decision, reasons and the history of every decision."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan, Session
from people.gender import gendered
from people.models import Channel, Cooperative, Person


class Profile(models.TextChoices):
    COOPERATIVE_MEMBER = "cooperative_member", _("Cooperative member")
    PROJECT_HOLDER = "project_holder", _("Project holder")


# Each profile as a woman and as a man say it; Profile's own labels, with «(ة)», are for an unknown sex.
PROFILES_IN_GENDER = {
    Profile.PROJECT_HOLDER: (_("Project holder (woman)"), _("Project holder (man)")),
    Profile.COOPERATIVE_MEMBER: (_("Cooperative member (woman)"), _("Cooperative member (man)")),
}


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waiting list")
    INELIGIBLE = "ineligible", _("Not eligible")
    NEEDS_REVIEW = "needs_review", _("To review")
    CANCELLED = "cancelled", _("Cancelled")


# How many workshops of a day a participant may rank (also the solver's limit, onsite.groups.grouping).
MAX_WORKSHOP_PREFERENCES = 3

# Unguessable, no personal data, and easy to read aloud and type from a badge: of each pair that a reader
# or a printer confuses (0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V) at most one character, and the digit where there
# is one, since every participant reads Western digits and not all read Latin letters.
BADGE_ALPHABET = "23456789ACDEFGHJKMNPQRTWXY"
# Codes and references given before (until December 2026) also used B, S, U, V and Z: they stay valid.
OLD_BADGE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# A letter typed for the digit it looks like (see read_digits).
_TYPED_FOR_DIGIT = str.maketrans("ZSB", "258")


def new_badge_code():
    return "".join(secrets.choice(BADGE_ALPHABET) for _ in range(10))


def clean_code(raw):
    """A badge code as typed or scanned: case, spaces and dashes do not matter (no letter is changed)."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def read_digits(code):
    """A cleaned code with Z, S and B read as the digits they were typed for: a second guess, tried only
    when `code` as typed is nobody's."""
    return code.translate(_TYPED_FOR_DIGIT)


# A registration's reference, given to the person on registering and read back from paper or a phone: 8
# characters of the badge alphabet (26**8, about 200 billion), shown as QF-7K3M-9PXA; references given
# before keep the old alphabet's letters and are read as they are.
REFERENCE_LENGTH = 8
REFERENCE_PREFIX = "QF"


def new_reference():
    return "".join(secrets.choice(BADGE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def format_reference(reference):
    """QF-7K3M-9PXA: short groups are easier to read aloud and to copy."""
    half = REFERENCE_LENGTH // 2
    return f"{REFERENCE_PREFIX}-{reference[:half]}-{reference[half:]}" if reference else ""


def read_reference(raw):
    """A reference as typed ("qf 7k3m 9pxa", "7K3M9PXA"…), or "" when it cannot be one."""
    code = clean_code(raw)
    if len(code) == REFERENCE_LENGTH + len(REFERENCE_PREFIX) and code.startswith(REFERENCE_PREFIX):
        code = code[len(REFERENCE_PREFIX) :]
    if len(code) == REFERENCE_LENGTH and all(ch in OLD_BADGE_ALPHABET for ch in code):
        return code
    return ""


class RegistrationQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(decision=Decision.ACCEPTED)

    def by_badge_code(self, raw):
        """The registrations whose badge shows `raw` as typed or scanned; Z, S or B typed for 2, 5 or 8 is
        read as the digit only when no code matches as typed (codes given before used Z, S and B)."""
        typed = clean_code(raw)
        digits = read_digits(typed)
        if digits != typed and not self.filter(badge_code=typed).exists():
            typed = digits
        return self.filter(badge_code=typed) if typed else self.none()

    def in_arrival_order(self):
        return self.order_by("created", "id")


class Registration(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="registrations"
    )
    caravan = models.ForeignKey(
        Caravan, verbose_name=_("caravan"), on_delete=models.CASCADE, related_name="registrations"
    )
    profile = models.CharField(_("profile"), max_length=20, choices=Profile.choices)
    cooperative = models.ForeignKey(
        Cooperative, verbose_name=_("cooperative"), null=True, blank=True, on_delete=models.PROTECT
    )
    project_idea = models.TextField(_("project idea"), blank=True)
    sector = models.CharField(_("sector"), max_length=60, blank=True)
    sector_text = models.CharField(_("sector as written"), max_length=200, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, db_index=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    badge_code = models.CharField(_("badge code"), max_length=16, unique=True, null=True, blank=True)
    # Given to every new registration, whatever its way in (the batch builds rows with the model's defaults).
    reference = models.CharField(
        _("reference"), max_length=REFERENCE_LENGTH, unique=True, default=new_reference, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("registered on"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "caravan"], name="one_registration_per_caravan")
        ]
        # A caravan's places: its accepted registrations counted at every decision, without reading the others.
        indexes = [models.Index(fields=["caravan", "decision"], name="registration_by_decision")]

    def __str__(self):
        return f"{self.person} — {self.caravan.slug}"

    @property
    def reference_display(self):
        return format_reference(self.reference)

    def profile_in_gender(self):
        """The profile as the person says it of themselves («حاملة مشروع», «Porteur de projet»), in the neutral
        «(ة)» form only when their sex is not recorded."""
        female, male = PROFILES_IN_GENDER[self.profile]
        return gendered(self.person.sex, female=female, male=male, neutral=self.get_profile_display())


class DecisionRecord(models.Model):
    """Every decision a registration has had: by the rules, by capacity, or by a staff override."""

    class Kind(models.TextChoices):
        RULES = "rules", _("Decided by the rules")
        CAPACITY = "capacity", _("Capacity")
        OVERRIDE = "override", _("Staff decision")
        PROMOTION = "promotion", _("Promoted from the waiting list")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_decision_display()}"


class WorkshopPreference(models.Model):
    """A participant's wish for one of a day's parallel workshops (a session of kind workshop), 1 = first.

    Collected on the registration form or at the venue; read by onsite's workshop groups."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="workshop_preferences",
    )
    session = models.ForeignKey(
        Session, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="preferences"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("workshop preference")
        verbose_name_plural = _("workshop preferences")
        ordering = ["registration", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="one_preference_per_workshop"),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1, rank__lte=MAX_WORKSHOP_PREFERENCES),
                name="preference_rank_1_to_3",
            ),
        ]

    def __str__(self):
        return f"{self.registration_id} → {self.session_id} #{self.rank}"


class InvitationQuerySet(models.QuerySet):
    def link(self, registrations):
        """New registrations to one caravan take the invitation sent to their phone (first one wins):
        called by every way in (`services.RegistrationBatch.flush`), so the report's funnel counts the
        invitations that led to a registration, whatever the person's phone becomes later."""
        by_phone = {}
        for registration in registrations:
            if registration.person.phone:
                by_phone.setdefault(registration.person.phone, registration)
        if not by_phone:
            return 0
        invited = list(
            self.filter(caravan=registrations[0].caravan_id, phone__in=by_phone, registration=None)
        )
        for invitation in invited:
            invitation.registration = by_phone[invitation.phone]
        return self.bulk_update(invited, ["registration"])


class Invitation(models.Model):
    """One phone invited by SMS to register for a caravan, from a list staff imported (cooperatives of a
    register, members of a community); linked to the registration that phone later makes."""

    caravan = models.ForeignKey(
        Caravan, verbose_name=_("caravan"), on_delete=models.CASCADE, related_name="invitations"
    )
    # As the list gives it: either script, or both.
    full_name_ar = models.CharField(_("full name (Arabic)"), max_length=200, blank=True)
    full_name_latin = models.CharField(_("full name (Latin letters)"), max_length=200, blank=True)
    cooperative_name = models.CharField(_("cooperative"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=16)  # E.164 (people.identifiers.normalise_phone)
    province = models.ForeignKey(
        "places.Province", verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("invited on"), auto_now_add=True)
    message = models.ForeignKey(
        "messaging.Message",
        verbose_name=_("message"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created", "-id"]
        constraints = [
            # A list imported twice, or two lists naming one phone, invite it once.
            models.UniqueConstraint(fields=["caravan", "phone"], name="one_invitation_per_phone")
        ]

    def __str__(self):
        return f"{self.phone} → {self.caravan.slug}"
