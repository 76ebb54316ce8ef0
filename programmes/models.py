"""The national catalogue of support and financing programmes, with their conditions as structured data.

Conditions are plain fields (numbers, choices, lists of keys) so that `programmes.matching` can check them
without parsing prose; what cannot be checked automatically is kept as `other_conditions` (texts with a key)
that a person confirms. List fields are JSON, validated by `clean()` (the staff form and the loader call it).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import Localized
from core.sectors import sectors


class Kind(models.TextChoices):
    GRANT = "grant", _("Grant")
    SUBSIDY = "subsidy", _("Subsidy")
    LOAN = "loan", _("Loan")
    HONOUR_LOAN = "honour_loan", _("Honour loan")
    INTEREST_FREE_ADVANCE = "interest_free_advance", _("Interest-free advance")
    GUARANTEE = "guarantee", _("Guarantee")
    TRAINING = "training", _("Training")
    COACHING = "coaching", _("Coaching")
    TECHNICAL_SUPPORT = "technical_support", _("Technical support")
    INCUBATION = "incubation", _("Incubation")
    MARKETING_SUPPORT = "marketing_support", _("Marketing support")
    IN_KIND = "in_kind", _("In kind")
    LAND_ACCESS = "land_access", _("Access to land")
    COMPETITION = "competition", _("Competition")
    AWARENESS = "awareness", _("Awareness")
    NETWORKING = "networking", _("Networking")


class ApplicantForm(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative")
    UNION_OF_COOPERATIVES = "union_of_cooperatives", _("Union of cooperatives")
    GIE = "gie", _("Economic interest group (GIE)")
    ASSOCIATION = "association", _("Association")
    INDIVIDUAL_PROJECT_HOLDER = "individual_project_holder", _("Individual project holder")
    AUTO_ENTREPRENEUR = "auto_entrepreneur", _("Auto-entrepreneur")
    TPE = "tpe", _("Very small enterprise (TPE)")
    FARMER = "farmer", _("Farmer")
    STARTUP = "startup", _("Start-up")
    SOULALIYATE_RIGHT_HOLDER = "soulaliyate_right_holder", _("Soulaliyate right-holder")


class Stage(models.TextChoices):
    """A project's stage, in the order a project goes through them (the projects app uses the same codes)."""

    IDEA = "idea", _("Idea")
    STRUCTURED = "structured", _("Structured project")
    FOUNDING = "founding", _("Cooperative being founded")
    SEEKING_FUNDING = "seeking_funding", _("Seeking funding")
    FUNDED = "funded", _("Funded")
    OPERATING = "operating", _("Operating")
    STOPPED = "stopped", _("Stopped")


class Zone(models.TextChoices):
    ANY = "", _("Rural and urban")
    RURAL = "rural", _("Rural areas")
    URBAN = "urban", _("Urban areas")


class Sex(models.TextChoices):
    ANY = "", _("Women and men")
    FEMALE = "female", _("Women only")
    MALE = "male", _("Men only")


# Past this, the catalogue's information is to be checked again at its sources.
STALE_AFTER = datetime.timedelta(days=365)


class ProgrammeQuerySet(models.QuerySet):
    def current(self):
        """The programmes that may still be applied to: active ones and those whose status is unclear."""
        return self.exclude(state=SupportProgramme.State.ENDED)

    def stale(self, on):
        """Still open and last checked more than a year before `on`, oldest check first."""
        return self.current().filter(checked_on__lt=on - STALE_AFTER).order_by("checked_on", "name_fr")

    def of_kind(self, kind):
        # JSON containment is not portable to SQLite: filter the (small) catalogue in Python.
        return self.filter(pk__in=[p.pk for p in self if kind in p.kinds])


class SupportProgramme(models.Model):
    """One support or financing programme, as far as its sources tell, with the date a person checked them."""

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        UNCLEAR = "unclear", _("Status unclear")
        ENDED = "ended", _("Ended")

    class Confidence(models.TextChoices):
        HIGH = "high", _("High (official or several concordant sources)")
        MEDIUM = "medium", _("Medium (one solid press source)")
        LOW = "low", _("Low (inferred or old)")

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=300)
    name_fr = models.CharField(_("name (French)"), max_length=300)
    operator_ar = models.TextField(_("operator (Arabic)"), blank=True)
    operator_fr = models.TextField(_("operator (French)"), blank=True)
    kinds = models.JSONField(_("kinds of support"), default=list, blank=True)
    summary_ar = models.TextField(_("what it provides (Arabic)"), blank=True)
    summary_fr = models.TextField(_("what it provides (French)"), blank=True)

    # Amounts, in MAD; what does not fit these fields goes into the note.
    max_grant_mad = models.DecimalField(
        _("maximum grant (MAD)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    max_share_of_investment = models.DecimalField(
        _("maximum share of the investment"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Between 0 and 1, e.g. 0.60 for 60 %."),
    )
    max_loan_mad = models.DecimalField(
        _("maximum loan (MAD)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    rate = models.CharField(_("interest rate"), max_length=120, blank=True)
    repayment_years = models.PositiveSmallIntegerField(_("repayment period (years)"), null=True, blank=True)
    grace_years = models.PositiveSmallIntegerField(_("grace period (years)"), null=True, blank=True)
    amounts_note_ar = models.TextField(_("note on amounts (Arabic)"), blank=True)
    amounts_note_fr = models.TextField(_("note on amounts (French)"), blank=True)

    # Conditions checked by programmes.matching; empty means "no rule known".
    applicant_forms = models.JSONField(_("who may apply"), default=list, blank=True)
    age_min = models.PositiveSmallIntegerField(_("minimum age of the holder"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(
        _("maximum age of the holder"),
        null=True,
        blank=True,
        help_text=_("Included: 34 means until the 35th birthday."),
    )
    holder_sex = models.CharField(_("holder's sex"), max_length=6, choices=Sex.choices, blank=True)
    cooperative_max_age_years = models.PositiveSmallIntegerField(
        _("cooperative founded less than … years ago"), null=True, blank=True
    )
    requires_soulaliyate_member = models.BooleanField(
        _("member of a soulaliyate community required"), default=False
    )
    max_turnover_mad = models.DecimalField(
        _("maximum yearly turnover (MAD)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    sectors = models.JSONField(_("sectors"), default=list, blank=True, help_text=_("Empty: every sector."))
    excluded_sectors = models.JSONField(_("excluded sectors"), default=list, blank=True)
    zone = models.CharField(_("zone"), max_length=5, choices=Zone.choices, blank=True)
    regions = models.JSONField(_("regions"), default=list, blank=True, help_text=_("Empty: every region."))
    min_project_cost_mad = models.DecimalField(
        _("minimum project cost (MAD)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    max_project_cost_mad = models.DecimalField(
        _("maximum project cost (MAD)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    min_own_contribution_share = models.DecimalField(
        _("minimum own contribution (share of the cost)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Between 0 and 1, e.g. 0.40 for 40 %."),
    )
    stages = models.JSONField(
        _("project stages"), default=list, blank=True, help_text=_("Empty: every stage.")
    )
    # Rules read from a single province's call (e.g. INDH's own contribution in Agadir 2023): matching shows them
    # "to check", never as a refusal. [{"field": "min_own_contribution_share", "ar": "…", "fr": "…"}], where the
    # texts say which call; confirmed per project as "<programme key>.<field>".
    local_rules = models.JSONField(_("rules read from one province's call"), default=list, blank=True)
    # [{"key": "value_chain", "ar": "…", "fr": "…"}]: confirmed per project as "<programme key>.<key>".
    other_conditions = models.JSONField(_("other conditions"), default=list, blank=True)
    # [{"ar": "…", "fr": "…"}]
    documents = models.JSONField(_("documents required"), default=list, blank=True)

    # Sources: never a bare promise.
    sources = models.JSONField(
        _("sources"), default=list, blank=True
    )  # [{"key": "src-…", "url": "https://…"}]
    sources_as_of = models.CharField(_("newest source"), max_length=60, blank=True)
    checked_on = models.DateField(_("checked on"))
    confidence = models.CharField(_("confidence"), max_length=6, choices=Confidence.choices, default="medium")
    state = models.CharField(_("status"), max_length=7, choices=State.choices, default=State.ACTIVE)
    # The day the coordinator marked it closed (the research file's ended programmes have none: their newest
    # source dates them). Closed programmes stay, shown as closed, and leave the matching.
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status_note_ar = models.TextField(_("status note (Arabic)"), blank=True)
    status_note_fr = models.TextField(_("status note (French)"), blank=True)

    # Who last changed it by hand: the loader leaves such programmes alone (see services.load_catalogue).
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("edited on"), null=True, blank=True)
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)

    name = Localized(fallback=True)
    operator = Localized()
    summary = Localized()
    amounts_note = Localized()
    status_note = Localized()

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("support programme")
        verbose_name_plural = _("support programmes")
        ordering = ["name_fr"]

    def __str__(self):
        return self.name

    def stale(self, on):
        """Whether its information was last checked more than a year before `on` (the coordinator checks it)."""
        return self.checked_on < on - STALE_AFTER

    @property
    def is_active(self):
        """Whether one may still apply: an ended programme is not, an unclear one may be (check it first)."""
        return self.state != self.State.ENDED

    def kind_labels(self):
        return [Kind(k).label if k in Kind.values else k for k in self.kinds]

    def clean(self):
        errors = {}
        for field, allowed in [
            ("kinds", Kind.values),
            ("applicant_forms", ApplicantForm.values),
            ("sectors", sector_keys()),
            ("excluded_sectors", sector_keys()),
            ("stages", Stage.values),
        ]:
            value = getattr(self, field)
            unknown = [v for v in value if v not in allowed] if isinstance(value, list) else [value]
            if unknown:
                errors[field] = _("Unknown values: %(values)s.") % {"values": ", ".join(map(str, unknown))}
        if not isinstance(self.regions, list) or any(not str(r).startswith("MA-") for r in self.regions):
            errors["regions"] = _("Regions are ISO codes such as MA-01.")
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = _("The maximum age is below the minimum age.")
        low, high = self.min_project_cost_mad, self.max_project_cost_mad
        if low is not None and high is not None and low > high:
            errors["max_project_cost_mad"] = _("The maximum cost is below the minimum cost.")
        for field in ["max_share_of_investment", "min_own_contribution_share"]:
            value = getattr(self, field)
            if value is not None and not 0 <= value <= 1:
                errors[field] = _("A share is between 0 and 1 (0.40 for 40 %).")
        if not _texts_ok(self.local_rules, keyed=False) or any(
            rule.get("field") not in LOCAL_RULE_FIELDS for rule in self.local_rules
        ):
            errors["local_rules"] = _(
                "Each local rule names a condition field and its call in Arabic and French."
            )
        if not _texts_ok(self.other_conditions, keyed=True):
            errors["other_conditions"] = _("Each condition needs its Arabic and French text.")
        if not _texts_ok(self.documents, keyed=False):
            errors["documents"] = _("Each document needs its Arabic and French name.")
        if errors:
            raise ValidationError(errors)

    def other_condition_key(self, condition):
        """The key a person's confirmation of one of the other conditions is stored under (`Facts.confirmed`)."""
        return f"{self.key}.{condition['key']}"


# The conditions a single province's call may set (the others are national by nature).
LOCAL_RULE_FIELDS = {
    "min_own_contribution_share",
    "min_project_cost_mad",
    "max_project_cost_mad",
    "age_min",
    "age_max",
    "sectors",
    "stages",
}


def sector_keys():
    return [s["key"] for s in sectors()]


def _texts_ok(items, keyed):
    if not isinstance(items, list):
        return False
    for item in items:
        if (
            not isinstance(item, dict)
            or not str(item.get("ar", "")).strip()
            or not str(item.get("fr", "")).strip()
        ):
            return False
        if keyed and not str(item.get("key", "")).strip():
            return False
    return True
