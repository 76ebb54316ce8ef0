"""Questionnaires of a caravan (knowledge tests before and after the training, satisfaction), their questions
and choices, and the responses: one per participant and survey, typed on a phone or entered from paper.

On the phone a participant is identified by the badge code: knowledge gain is paired by participant, and "once
per survey" needs to know who answered. On paper, staff choose the participant, or enter a sheet that names no
one (satisfaction forms are collected anonymously in the room): such a sheet is once per sheet, not per person,
and cannot be paired. Results never show who said what.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan, Session, Speaker
from core.i18n import Localized
from registration.models import Registration

SCORES = (1, 2, 3, 4, 5)  # the scores of a rating from 1 to 5


def new_token():
    """The public part of a survey's link: unguessable, short enough for a QR code."""
    return secrets.token_urlsafe(12)


class Topic(models.TextChoices):
    """The training topics a knowledge item tests (knowledge gain is shown per topic)."""

    FOUNDING = "founding", _("Founding a cooperative")
    MARKETING = "marketing", _("Marketing")
    DIGITAL_MARKETING = "digital_marketing", _("Digital marketing")
    FINANCIAL_MANAGEMENT = "financial_management", _("Financial management")
    FINANCING = "financing", _("Financing mechanisms")
    PROJECT_MANAGEMENT = "project_management", _("Project management")
    OTHER = "other", _("Other topic")


class SurveyQuerySet(models.QuerySet):
    def knowledge(self):
        return self.filter(kind__in=[Survey.Kind.KNOWLEDGE_PRE, Survey.Kind.KNOWLEDGE_POST])


class Survey(models.Model):
    class Kind(models.TextChoices):
        KNOWLEDGE_PRE = "knowledge_pre", _("Knowledge test before the training")
        KNOWLEDGE_POST = "knowledge_post", _("Knowledge test after the training")
        SATISFACTION = "satisfaction", _("Satisfaction")

    caravan = models.ForeignKey(
        Caravan, verbose_name=_("caravan"), on_delete=models.CASCADE, related_name="surveys"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title_ar = models.CharField(_("title (Arabic)"), max_length=250)
    title_fr = models.CharField(_("title (French)"), max_length=250)
    session = models.ForeignKey(
        Session,
        verbose_name=_("session rated"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
        help_text=_("For the satisfaction survey of one session."),
    )
    is_open = models.BooleanField(_("open for answers"), default=False)
    token = models.CharField(_("link code"), max_length=32, unique=True, default=new_token, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    title = Localized()
    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["caravan", "created", "id"]

    def __str__(self):
        return self.title

    @property
    def is_knowledge(self):
        return self.kind in (self.Kind.KNOWLEDGE_PRE, self.Kind.KNOWLEDGE_POST)


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        LIKERT = "likert", _("Rating from 1 to 5")
        NUMBER = "number", _("Number")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices)
    text_ar = models.TextField(_("question (Arabic)"))
    text_fr = models.TextField(_("question (French)"))
    required = models.BooleanField(_("answer required"), default=True)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices, blank=True)
    session = models.ForeignKey(
        Session,
        verbose_name=_("session rated"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    speaker = models.ForeignKey(
        Speaker,
        verbose_name=_("trainer rated"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    text = Localized()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "order", "id"]

    def __str__(self):
        return self.text

    @property
    def has_choices(self):
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    @property
    def is_scored(self):
        """A knowledge item: choices, at least one of them correct (uses prefetched choices when there)."""
        return self.has_choices and any(choice.correct for choice in self.choices.all())

    @property
    def rated_session(self):
        return self.session or self.survey.session


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_ar = models.CharField(_("choice (Arabic)"), max_length=300)
    text_fr = models.CharField(_("choice (French)"), max_length=300)
    correct = models.BooleanField(_("correct answer"), default=False)

    text = Localized()

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "order", "id"]

    def __str__(self):
        return self.text


class ResponseQuerySet(models.QuerySet):
    def named(self):
        return self.filter(registration__isnull=False)

    def without_name(self):
        return self.filter(registration__isnull=True)


class Response(models.Model):
    """One participant's answers to a survey, or one paper sheet that names no one (`registration` empty)."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        PAPER = "paper", _("Paper, entered by staff")

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    # The key of a paper sheet without a name, given when its blank form is shown: saving it twice (a double
    # click, a second tab) is refused, as a second response of a participant is.
    sheet = models.CharField(_("answer sheet"), max_length=32, blank=True, editable=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("answered at"), auto_now_add=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "registration"], name="one_response_per_survey"),
            models.UniqueConstraint(
                fields=["survey", "sheet"], condition=~models.Q(sheet=""), name="one_response_per_sheet"
            ),
            models.CheckConstraint(
                condition=models.Q(registration__isnull=False)
                | (models.Q(channel="paper") & ~models.Q(sheet="")),
                name="named_or_a_paper_sheet",
            ),
        ]

    def __str__(self):
        return f"{self.survey} — {self.registration_id or self.sheet}"


class Answer(models.Model):
    """One value given to a question: a multiple-choice answer has one row per ticked choice."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    number = models.DecimalField(null=True, blank=True, max_digits=12, decimal_places=2)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question", "id"]

    def __str__(self):
        return f"{self.question_id}: {self.choice_id or self.number or self.text[:40]}"
