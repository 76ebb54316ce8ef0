import calendar
import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import Localized
from core.permissions import Role
from places.models import Region


def default_eligibility():
    """The rules an organiser can edit; the registration app reads them (kept as data, not code)."""
    return {
        "region_codes": [],  # empty: the caravan's own region
        "cooperative_max_age_years": 3,  # strictly younger than this on the first day
        "min_age": 18,
        "require_cin": True,
        "require_community": True,
        "require_project_idea": True,
        "women_only": False,
    }


def default_retention_months():
    return settings.QAFILA_RETENTION_MONTHS


def default_follow_up_months():
    """When a caravan's projects are followed up: 3, 6 and 12 months after its last day."""
    return [3, 6, 12]


def months_after(day, months):
    """The same day `months` later, or the month's last day when it has fewer days (31 Aug + 6 → 28 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class Organisation(models.Model):
    """An institution that organises a caravan, gives talks or offers support (DAR, ODCO, a prefecture…)."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry or directorate")
        TERRITORIAL = "territorial", _("Prefecture, province or local authority")
        PUBLIC_AGENCY = "public_agency", _("Public agency")
        FINANCE = "finance", _("Bank, guarantee or microfinance")
        ASSOCIATION = "association", _("Association or NGO")
        OTHER = "other", _("Other")

    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    name = Localized(fallback=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_fr"]

    def __str__(self):
        return self.name


class CaravanQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=Caravan.Status.DRAFT)

    def for_user(self, user):
        """The caravans a staff user works on (all of them for a national coordinator)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.staff_assignments.filter(role=Role.COORDINATOR).exists():
            return self.all()
        return self.filter(staff__user=user).distinct()


class Caravan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REGISTRATION_OPEN = "registration_open", _("Registration open")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")

    class RegistrationState(models.TextChoices):
        """Where public registration stands at a given moment."""

        UPCOMING = "upcoming", _("Registration opens soon")
        OPEN = "open", _("Registration open")
        CLOSED = "closed", _("Registration closed")

    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=250)
    title_fr = models.CharField(_("title (French)"), max_length=250)
    slogan_ar = models.CharField(_("slogan (Arabic)"), max_length=300, blank=True)
    slogan_fr = models.CharField(_("slogan (French)"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="caravans"
    )
    city_ar = models.CharField(_("city (Arabic)"), max_length=120)
    city_fr = models.CharField(_("city (French)"), max_length=120)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    capacity = models.PositiveIntegerField(_("capacity (participants)"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    registration_opens = models.DateTimeField(
        _("public registration opens"),
        null=True,
        blank=True,
        help_text=_("Empty: as soon as the status is “registration open”."),
    )
    registration_closes = models.DateTimeField(
        _("public registration closes"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: when the first day begins, at midnight. Staff can still register people afterwards."
        ),
    )
    audience_ar = models.TextField(_("target audience (Arabic)"), blank=True)
    audience_fr = models.TextField(_("target audience (French)"), blank=True)
    eligibility = models.JSONField(_("eligibility rules"), default=default_eligibility, blank=True)
    # Law 09-08: what the consent notice promises; past it the caravan's people are anonymised (qafila.rights).
    retention_months = models.PositiveSmallIntegerField(
        _("personal data kept (months after the last day)"), default=default_retention_months
    )
    # After the caravan: when its projects are followed up (projects.followup), and its own account for the report.
    follow_up_months = models.JSONField(
        _("follow-up contacts (months after the last day)"), default=default_follow_up_months, blank=True
    )
    observations = models.TextField(_("observations"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    title = Localized()
    slogan = Localized()
    city = Localized(fallback=True)
    audience = Localized()
    objects = CaravanQuerySet.as_manager()

    class Meta:
        verbose_name = _("caravan")
        verbose_name_plural = _("caravans")
        ordering = ["-start_date", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="caravan_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot come before the first day.")})
        if self.start_date and self.end_date and (self.end_date - self.start_date).days > 30:
            raise ValidationError({"end_date": _("A caravan stop lasts at most 31 days.")})
        opens, closes = self.registration_opens, self.registration_closes
        if opens and closes and closes <= opens:
            raise ValidationError({"registration_closes": _("Registration must close after it opens.")})
        if self.start_date and closes and closes > self.begins_at():
            raise ValidationError(
                {"registration_closes": _("Public registration must close before the caravan's first day.")}
            )
        if self.start_date and opens and opens >= self.begins_at():
            raise ValidationError(
                {"registration_opens": _("Public registration must open before the caravan's first day.")}
            )

    @property
    def is_public(self):
        return self.status != self.Status.DRAFT

    def begins_at(self):
        """Midnight at the start of the first day, local time."""
        return timezone.make_aware(datetime.datetime.combine(self.start_date, datetime.time()))

    def has_begun(self, now=None):
        return (now or timezone.now()) >= self.begins_at()

    def registration_ends_at(self):
        """When public registration closes: its closing time, and at the latest when the caravan begins."""
        closes, begins = self.registration_closes, self.begins_at()
        return min(closes, begins) if closes else begins

    def registration_last_minute(self):
        """The closing time as people read it: a midnight is the last minute of the day before."""
        ends = timezone.localtime(self.registration_ends_at())
        return ends - datetime.timedelta(minutes=1) if ends.time() == datetime.time() else ends

    def registration_window(self, now=None):
        """Where the registration window stands at `now`, whatever the status says."""
        now = now or timezone.now()
        if self.registration_opens and now < self.registration_opens:
            return self.RegistrationState.UPCOMING
        if now < self.registration_ends_at():
            return self.RegistrationState.OPEN
        return self.RegistrationState.CLOSED

    def registration_state(self, now=None):
        """Whether the public may register at `now`: the status says so, and `now` is within the window."""
        if self.status != self.Status.REGISTRATION_OPEN:
            return self.RegistrationState.CLOSED
        return self.registration_window(now)

    def registration_is_open(self, now=None):
        return self.registration_state(now) == self.RegistrationState.OPEN

    def public_status(self, now=None):
        """The status as the public page says it: "registration open" only while one can register."""
        if self.status == self.Status.REGISTRATION_OPEN:
            return self.RegistrationState(self.registration_state(now)).label
        return self.get_status_display()

    def keep_until(self):
        """The last day its people's personal data is kept: `retention_months` after the caravan's last day."""
        return months_after(self.end_date, self.retention_months)

    def follow_up_dates(self):
        """[(months, date due)] of the follow-up contacts, in order."""
        return [
            (months, months_after(self.end_date, months)) for months in sorted(set(self.follow_up_months))
        ]

    def places_taken(self):
        """How many people are accepted. The registration app owns what "accepted" means (its queryset's
        `accepted()`): asked through the reverse relation, since caravans imports nothing above it."""
        return self.registrations.accepted().count()

    def dates(self):
        return [
            self.start_date + datetime.timedelta(days=i)
            for i in range((self.end_date - self.start_date).days + 1)
        ]

    def programme(self):
        """The days with their sessions, rooms and speakers, in a fixed number of queries."""
        # "stories": success stories put on the programme (the stories app's relation, named, not imported);
        # the pages show the published ones.
        sessions = Session.objects.select_related("room").prefetch_related("speakers__organisation", "stories")
        return self.days.prefetch_related(models.Prefetch("sessions", queryset=sessions))


class Partnership(models.Model):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        CO_ORGANISER = "co_organiser", _("Co-organiser")
        PARTNER = "partner", _("Partner")

    caravan = models.ForeignKey(Caravan, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Always a PNG that caravans.letterhead checked and resized: documents embed it as it is.
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["caravan", "organisation"], name="one_partnership_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class Letterhead(models.Model):
    """The authorities a caravan's documents are issued under, below the kingdom's three lines."""

    caravan = models.OneToOneField(Caravan, on_delete=models.CASCADE, related_name="letterhead")
    ministry_ar = models.CharField(_("ministry (Arabic)"), max_length=200, default="وزارة الداخلية")
    ministry_fr = models.CharField(_("ministry (French)"), max_length=200, default="Ministère de l'Intérieur")
    directorate_ar = models.CharField(
        _("directorate (Arabic)"), max_length=200, blank=True, default="مديرية الشؤون القروية"
    )
    directorate_fr = models.CharField(
        _("directorate (French)"), max_length=200, blank=True, default="Direction des Affaires Rurales"
    )
    territory_ar = models.CharField(_("prefecture or province (Arabic)"), max_length=200, blank=True)
    territory_fr = models.CharField(_("prefecture or province (French)"), max_length=200, blank=True)

    ministry = Localized()
    directorate = Localized()
    territory = Localized()

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self):
        return " – ".join(part for part in [self.ministry, self.directorate, self.territory] if part)


class Signatory(models.Model):
    """Who signs one kind of a caravan's documents, with the title printed under the signature."""

    class Document(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificates")
        PROGRAMME = "programme", _("Programme")
        SIGN_IN_SHEET = "sign_in_sheet", _("Sign-in sheets")
        REPORT = "report", _("Report")

    caravan = models.ForeignKey(Caravan, on_delete=models.CASCADE, related_name="signatories")
    document = models.CharField(_("document"), max_length=20, choices=Document.choices)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Localized(fallback=True)
    title = Localized()

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["document", "order", "id"]

    def __str__(self):
        return " — ".join(part for part in [self.name, self.title] if part)


class Venue(models.Model):
    caravan = models.ForeignKey(Caravan, on_delete=models.CASCADE, related_name="venues")
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    address_ar = models.CharField(_("address (Arabic)"), max_length=250, blank=True)
    address_fr = models.CharField(_("address (French)"), max_length=250, blank=True)

    name = Localized(fallback=True)
    address = Localized(fallback=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["id"]

    def __str__(self):
        return self.name

    def map_url(self):
        """An OpenStreetMap search for the venue's address (a link only: nothing is fetched from there)."""
        place = self.address_fr or self.address_ar or self.name_fr
        city = self.caravan.city_fr
        words = [place] if city.casefold() in place.casefold() else [place, city]
        return "https://www.openstreetmap.org/search?" + urlencode({"query": ", ".join([*words, "Maroc"])})


class Room(models.Model):
    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="rooms")
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)

    name = Localized(fallback=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["id"]

    def __str__(self):
        return self.name


class Day(models.Model):
    class Kind(models.TextChoices):
        STUDY = "study", _("Study day")
        TRAINING = "training", _("Training day")

    caravan = models.ForeignKey(Caravan, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TRAINING)
    theme_ar = models.CharField(_("theme (Arabic)"), max_length=250, blank=True)
    theme_fr = models.CharField(_("theme (French)"), max_length=250, blank=True)

    theme = Localized()

    class Meta:
        verbose_name = _("day")
        verbose_name_plural = _("days")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["caravan", "date"], name="one_day_per_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"

    def clean(self):
        caravan = getattr(self, "caravan", None)
        if caravan and self.date and not (caravan.start_date <= self.date <= caravan.end_date):
            raise ValidationError({"date": _("The day must fall between the caravan's first and last day.")})


class Speaker(models.Model):
    """Who speaks or trains: often a role in an institution rather than a named person."""

    caravan = models.ForeignKey(Caravan, on_delete=models.CASCADE, related_name="speakers")
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    role_ar = models.CharField(_("role (Arabic)"), max_length=200)
    role_fr = models.CharField(_("role (French)"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("institution"), null=True, blank=True, on_delete=models.PROTECT
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_roles",
        help_text=_("Link a trainer's account so they can see their sessions."),
    )

    name = Localized(fallback=True)
    role = Localized()

    class Meta:
        verbose_name = _("speaker or trainer")
        verbose_name_plural = _("speakers and trainers")
        ordering = ["id"]

    def __str__(self):
        return " — ".join(part for part in [self.name, self.role] if part)


class Session(models.Model):
    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary talk")
        TRAINING = "training", _("Training")
        WORKSHOP = "workshop", _("Workshop")
        BREAK = "break", _("Break")
        OPENING_CLOSING = "opening_closing", _("Opening or closing session")

    # Nobody is marked present at these, so attendance, surveys, groups, sign-in sheets and indicators skip them.
    NO_ATTENDANCE = (Kind.BREAK, Kind.OPENING_CLOSING)

    day = models.ForeignKey(Day, verbose_name=_("day"), on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TRAINING)
    title_ar = models.CharField(_("topic (Arabic)"), max_length=250)
    title_fr = models.CharField(_("topic (French)"), max_length=250)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    room = models.ForeignKey(Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.SET_NULL)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    speakers = models.ManyToManyField(Speaker, verbose_name=_("speakers or trainers"), blank=True)

    title = Localized()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["day__date", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})


class StaffAssignment(models.Model):
    """A staff role: national coordinator (no caravan: all of them), or a role on one caravan."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_assignments",
    )
    caravan = models.ForeignKey(
        Caravan,
        verbose_name=_("caravan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="staff",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "caravan", "role"], name="one_assignment_per_role"),
            models.CheckConstraint(
                condition=models.Q(role=Role.COORDINATOR, caravan__isnull=True)
                | (~models.Q(role=Role.COORDINATOR) & models.Q(caravan__isnull=False)),
                name="coordinator_is_national_others_per_caravan",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"


class BudgetLine(models.Model):
    """One line of what a caravan was to cost and what it cost, in dirhams (the report's account)."""

    class Category(models.TextChoices):
        VENUE = "venue", _("Venue")
        CATERING = "catering", _("Catering")
        TRANSPORT = "transport", _("Participants' transport")
        LODGING = "lodging", _("Lodging")
        MATERIALS = "materials", _("Training materials")
        PRINTING = "printing", _("Printing")
        OTHER = "other", _("Other")

    caravan = models.ForeignKey(Caravan, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    label = models.CharField(_("detail"), max_length=200, blank=True)
    planned_mad = models.DecimalField(_("planned (MAD)"), max_digits=12, decimal_places=2, default=0)
    spent_mad = models.DecimalField(_("spent (MAD)"), max_digits=12, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["caravan", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_mad__gte=0), name="budget_planned_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(spent_mad__isnull=True) | models.Q(spent_mad__gte=0),
                name="budget_spent_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.planned_mad}"


class CaravanPhoto(models.Model):
    """A photo of the caravan's days for its report: checked and resized on upload (never the original)."""

    caravan = models.ForeignKey(Caravan, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="caravan-photos/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    day = models.DateField(_("day"), null=True, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo of the caravan")
        verbose_name_plural = _("photos of the caravan")
        ordering = ["caravan", "day", "id"]

    def __str__(self):
        return self.caption or self.image.name
