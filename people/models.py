"""The registry: one record per person across caravans, their cooperatives and soulaliyate communities.

CIN, phone and birth date are personal data under Law 09-08: they are shown only to roles with
"personal_data.view" (masked elsewhere, see `mask_cin`/`mask_phone`), never put in URLs or QR codes.
Community membership may reveal ethnic origin: the same protection applies.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import Localized
from places.models import Commune, Province


class Sex(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")


class Channel(models.TextChoices):
    SELF = "self", _("Self-registration")
    STAFF = "staff", _("Entered by staff")
    IMPORT = "import", _("List import")
    WALK_IN = "walk_in", _("Walk-in at the venue")


class SoulaliyateCommunity(models.Model):
    """A soulaliyate (ethnic) community (الجماعة السلالية), on the governor's list of its province."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    province = models.ForeignKey(Province, verbose_name=_("prefecture or province"), on_delete=models.PROTECT)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # The naib (نائب الجماعة السلالية, Law 62-17): who speaks for the community before the authorities and DAR,
    # hence asked for on DAR's reports; a name as the community gave it, not a person of Qafila.
    representative = models.CharField(_("community representative (naib)"), max_length=200, blank=True)
    members_list_loaded_at = models.DateTimeField(_("members' list loaded on"), null=True, blank=True)

    name = Localized(fallback=True)

    class Meta:
        verbose_name = _("soulaliyate community")
        verbose_name_plural = _("soulaliyate communities")
        ordering = ["name_ar"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name_ar"], name="one_community_name_per_province")
        ]

    def __str__(self):
        return self.name


class RightHolder(models.Model):
    """One line of a community's members' list (ذوو الحقوق), as imported: membership is checked against it."""

    community = models.ForeignKey(
        SoulaliyateCommunity, on_delete=models.CASCADE, related_name="right_holders"
    )
    full_name_ar = models.CharField(_("full name (Arabic)"), max_length=200, blank=True)
    full_name_latin = models.CharField(_("full name (Latin letters)"), max_length=200, blank=True)
    cin = models.CharField(_("CIN"), max_length=12, blank=True, db_index=True)

    class Meta:
        verbose_name = _("right-holder")
        verbose_name_plural = _("right-holders")

    def __str__(self):
        return self.full_name_ar or self.full_name_latin


class Cooperative(models.Model):
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    sector = models.CharField(_("sector"), max_length=60, blank=True)
    members_women = models.PositiveIntegerField(_("women members"), null=True, blank=True)
    members_men = models.PositiveIntegerField(_("men members"), null=True, blank=True)
    province = models.ForeignKey(
        Province, verbose_name=_("prefecture or province"), null=True, blank=True, on_delete=models.PROTECT
    )
    community = models.ForeignKey(
        SoulaliyateCommunity,
        verbose_name=_("soulaliyate community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    name = Localized(fallback=True)

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        ordering = ["name_ar"]

    def __str__(self):
        return self.name


class PersonQuerySet(models.QuerySet):
    def active(self):
        return self.filter(merged_into=None)


class Person(models.Model):
    """One person, one record, across caravans; a merged duplicate points to the record that absorbed it."""

    class Education(models.TextChoices):
        NONE = "none", _("No schooling")
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")
        HIGHER = "higher", _("Higher education")

    full_name_ar = models.CharField(_("full name (Arabic)"), max_length=200, blank=True)
    full_name_latin = models.CharField(_("full name (Latin letters)"), max_length=200, blank=True)
    name_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    # Indexed on its own: SQLite would not use the partial unique index below for a look-up by CIN (it cannot
    # prove that the CIN looked up is not empty), and read the whole table.
    cin = models.CharField(_("CIN"), max_length=12, blank=True, db_index=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True, db_index=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, db_index=True)
    email = models.EmailField(_("email"), blank=True)
    # The language the person reads: their messages and documents are written in it.
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="ar")
    # Asked at registration (Law 09-08): None when never asked (a list imported by staff), then only the
    # messages about the person's own registration are sent; False stops every message.
    messages_consent = models.BooleanField(_("agrees to messages"), null=True, blank=True)
    province = models.ForeignKey(
        Province, verbose_name=_("prefecture or province"), null=True, blank=True, on_delete=models.PROTECT
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), null=True, blank=True, on_delete=models.PROTECT
    )
    education = models.CharField(_("education level"), max_length=12, choices=Education.choices, blank=True)
    community = models.ForeignKey(
        SoulaliyateCommunity,
        verbose_name=_("soulaliyate community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    community_declared = models.CharField(_("declared community"), max_length=200, blank=True)
    consent_at = models.DateTimeField(_("consent given on"), null=True, blank=True)
    consent_channel = models.CharField(
        _("consent channel"), max_length=10, choices=Channel.choices, blank=True
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Law 09-08: when the person objected to further processing (no message, no follow-up), and when their
    # record was anonymised (erasure on request, or the end of the retention period; see people.erasure).
    objected_at = models.DateTimeField(_("objected to processing on"), null=True, blank=True)
    erased_at = models.DateTimeField(_("anonymised on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
        db_index=False,  # a partial index, in Meta
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["cin"],
                condition=~models.Q(cin="") & models.Q(merged_into=None),
                name="one_active_person_per_cin",
            ),
            models.CheckConstraint(
                condition=~models.Q(full_name_ar="", full_name_latin=""), name="person_has_a_name"
            ),
        ]
        indexes = [
            # Only the merged records: a full index on this column, nearly all NULL, was what SQLite (without
            # statistics) chose for every active person's look-up by CIN, phone or name (`active()` is
            # `merged_into IS NULL`), reading the whole table each time.
            models.Index(
                fields=["merged_into"], name="person_merged_into", condition=models.Q(merged_into__isnull=False)
            ),
        ]

    def __str__(self):
        return self.full_name_ar or self.full_name_latin


def mask_cin(cin):
    """`AB123456` → `AB****56`: enough to tell two cards apart on a list, not enough to use one."""
    if not cin:
        return ""
    return cin[:2] + "*" * max(len(cin) - 4, 1) + cin[-2:]


def mask_phone(phone):
    """`+212612345678` → `06 •• •• •• 78`."""
    if not phone:
        return ""
    national = "0" + phone[4:] if phone.startswith("+212") else phone
    return f"{national[:2]} •• •• •• {national[-2:]}"


class PossibleDuplicate(models.Model):
    """Two records that are probably the same person, waiting for a human: merge them or keep them apart."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To review")
        MERGED = "merged", _("Merged")
        KEPT_APART = "kept_apart", _("Different people")

    person = models.ForeignKey(
        Person, verbose_name=_("new record"), on_delete=models.CASCADE, related_name="+"
    )
    other = models.ForeignKey(
        Person, verbose_name=_("existing record"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("similarity"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["created", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "other"], name="one_review_per_pair")]

    def __str__(self):
        return f"{self.person} ≈ {self.other}"
