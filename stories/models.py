"""Success stories: a followed project told before and after the caravan, in Arabic and French, with the holder's
own words and photos, published only under the holder's written consent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan, Session
from core.i18n import Localized
from projects.models import Project

# Both languages of these must be written before a story is published (the public page and the PDF show the
# active language's text only: a missing one would be an empty page).
REQUIRED_TEXTS = ("title", "before", "after")


class StoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Story.Status.PUBLISHED)

    def featured_in(self, caravan):
        """Stories put on `caravan`'s programme (a session of its days)."""
        return self.filter(sessions__day__caravan=caravan).distinct()

    def told_of(self, caravan):
        """Stories of projects that came through `caravan`."""
        return self.filter(caravan=caravan)

    def in_report_of(self, caravan):
        """What `caravan`'s report lists: the stories of its projects and those put on its programme."""
        featured = self.featured_in(caravan).values("pk")
        return self.filter(models.Q(caravan=caravan) | models.Q(pk__in=featured)).select_related("caravan")


class Story(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")

    class Language(models.TextChoices):
        """The language the holder spoke their words in."""

        AR = "ar", _("Arabic")
        ARY = "ary", _("Moroccan Arabic (Darija)")
        ZGH = "zgh", _("Tamazight")
        FR = "fr", _("French")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="stories"
    )
    caravan = models.ForeignKey(
        Caravan, verbose_name=_("caravan it came from"), on_delete=models.CASCADE, related_name="stories"
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    # All the public learns of the holder: the name they agreed to be published under.
    name_ar = models.CharField(
        _("published name (Arabic)"),
        max_length=120,
        blank=True,
        help_text=_("As the holder agreed to be named, e.g. a first name and the village."),
    )
    name_fr = models.CharField(_("published name (French)"), max_length=120, blank=True)
    before_ar = models.TextField(_("before the caravan (Arabic)"), blank=True)
    before_fr = models.TextField(_("before the caravan (French)"), blank=True)
    after_ar = models.TextField(_("after the caravan (Arabic)"), blank=True)
    after_fr = models.TextField(_("after the caravan (French)"), blank=True)
    figures_ar = models.TextField(_("figures (Arabic)"), blank=True, help_text=_("One figure a line."))
    figures_fr = models.TextField(_("figures (French)"), blank=True, help_text=_("One figure a line."))
    quote = models.TextField(_("the holder's own words"), blank=True)
    quote_language = models.CharField(
        _("said in"), max_length=3, choices=Language.choices, default=Language.AR
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # A later caravan's programme shows the story in these sessions ("تجارب ناجحة"), while it is published.
    sessions = models.ManyToManyField(
        Session, verbose_name=_("on the programme of"), blank=True, related_name="stories"
    )
    # The holder's written consent.
    consent_on = models.DateField(_("consent signed on"), null=True, blank=True)
    consent_collected_by = models.CharField(_("consent collected by"), max_length=150, blank=True)
    consent_text = models.BooleanField(_("covers the story and the holder's words"), default=False)
    consent_photos = models.BooleanField(_("covers photos"), default=False)
    consent_scan = models.FileField(_("scan of the signed form"), upload_to="story-consents/", blank=True)
    consent_withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    created = models.DateTimeField(_("drafted on"), auto_now_add=True)
    updated = models.DateTimeField(_("last change"), auto_now=True)

    title = Localized()
    name = Localized(fallback=True)
    before = Localized()
    after = Localized()
    figures = Localized()

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title_ar or self.title_fr or f"#{self.pk}"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_editable(self):
        return self.status != self.Status.WITHDRAWN

    @property
    def has_consent(self):
        """Written consent to publish the story, never withdrawn."""
        return bool(self.consent_on and self.consent_text and not self.consent_withdrawn_on)

    def missing_texts(self):
        """The field names (`title_fr`…) still empty that publishing needs."""
        return [
            f"{name}_{language}"
            for name in REQUIRED_TEXTS
            for language in ("ar", "fr")
            if not getattr(self, f"{name}_{language}").strip()
        ]

    def figure_lines(self):
        return [line.strip() for line in (self.figures or "").splitlines() if line.strip()]

    @property
    def quote_direction(self):
        return "ltr" if self.quote_language == self.Language.FR else "rtl"

    @property
    def quote_html_lang(self):
        """A BCP 47 tag for the words' `lang` attribute: Tamazight as written in Tifinagh."""
        return "zgh-Tfng" if self.quote_language == self.Language.ZGH else self.quote_language


class StoryPhoto(models.Model):
    """A photo of the story, kept only as the resized JPEG without its metadata (the upload is never stored)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="story-photos/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    caption_ar = models.CharField(_("caption (Arabic)"), max_length=200, blank=True)
    caption_fr = models.CharField(_("caption (French)"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded = models.DateTimeField(auto_now_add=True)

    caption = Localized()

    class Meta:
        verbose_name = _("story photo")
        verbose_name_plural = _("story photos")
        ordering = ["id"]

    def __str__(self):
        return f"{self.story_id}/{self.pk}"
