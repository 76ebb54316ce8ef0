"""Writing surveys: building them (survey, questions, choices, copies) and recording responses exactly once.

Each function owns its transaction and leaves an audit entry. Refusals raise `SurveyError` with a stable code.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import audit
from messaging import outbox
from messaging.models import Kind
from registration.models import Decision
from registration.notify import person_name

from .models import SCORES, Answer, Choice, Question, Response, Survey

CLOSED = "closed"
ALREADY_ANSWERED = "already_answered"
NOT_A_PARTICIPANT = "not_a_participant"
NOT_ACCEPTED = "not_accepted"
ANSWERED_QUESTION = "answered_question"
ANSWERED_CHOICE = "answered_choice"
SHEET_SAVED = "sheet_saved"
EMPTY = "empty"
OUT_OF_RANGE = "out_of_range"
# Refusals about the answers themselves: the form is shown again to be corrected.
ANSWER_ERRORS = (EMPTY, OUT_OF_RANGE)

MESSAGES = {
    CLOSED: _("This survey is closed."),
    ALREADY_ANSWERED: _("This participant has already answered this survey."),
    NOT_A_PARTICIPANT: _("This person is not registered to this caravan."),
    NOT_ACCEPTED: _("This registration is not accepted."),
    ANSWERED_QUESTION: _("This question already has answers: it cannot be deleted."),
    ANSWERED_CHOICE: _("A choice that already has answers cannot be removed."),
    SHEET_SAVED: _("This answer sheet has already been saved."),
    EMPTY: _("Nothing to save: no question was answered."),
    OUT_OF_RANGE: _("A rating is a whole number from 1 to 5."),
}


class SurveyError(ValidationError):
    """A refused survey action; `code` is stable for tests."""

    def __init__(self, code):
        super().__init__(MESSAGES[code], code=code)


# --- Building ------------------------------------------------------------------------------------------


@transaction.atomic
def create_survey(caravan, actor, **fields):
    survey = Survey.objects.create(caravan=caravan, **fields)
    audit.record(actor, "survey.created", survey, kind=survey.kind)
    return survey


@transaction.atomic
def update_survey(survey, actor, **fields):
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.save()
    audit.record(actor, "survey.updated", survey, fields=sorted(fields))
    return survey


@transaction.atomic
def set_open(survey, is_open, actor):
    """Open the survey for answers by phone, or close it (staff may still enter paper answers)."""
    survey.is_open = is_open
    survey.save(update_fields=["is_open"])
    audit.record(actor, "survey.opened" if is_open else "survey.closed", survey)
    return survey


def link(survey):
    """The survey's public link, as a person's phone opens it."""
    return settings.SITE_URL + reverse("surveys:answer", args=[survey.token])


@transaction.atomic
def send_link(survey, actor):
    """Send the survey's link to every accepted participant of its caravan, in their language; each person is
    sent one message per survey however often this is asked. How many messages were written."""
    if not survey.is_open:
        raise SurveyError(CLOSED)
    caravan, url = survey.caravan, link(survey)
    titles = {}
    for language in ("ar", "fr"):
        with translation.override(language):
            titles[language] = caravan.title

    def context_for(person):
        language = person.language or "ar"
        return {"name": person_name(person, language), "caravan": titles[language], "url": url}

    people = [registration.person for registration in caravan.registrations.accepted().select_related("person")]
    written = outbox.queue_bulk(
        Kind.SURVEY, people, caravan=caravan, key=f"survey-{survey.pk}", context_for=context_for, by=actor
    )
    audit.record(actor, "survey.link_sent", survey, messages=written)
    return written


@transaction.atomic
def save_question(survey, actor, fields, choices, question=None):
    """Add a question to `survey` (or update `question`) with its `choices`: [(text_ar, text_fr, correct)].

    Choices are updated in place by position, so answers already given keep pointing at the same choice;
    removing a choice someone chose is refused."""
    if question is None:
        last = survey.questions.aggregate(last=Max("order"))["last"]
        question = Question(survey=survey, order=(last or 0) + 1)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    existing = list(question.choices.all())
    for position, (text_ar, text_fr, correct) in enumerate(choices, start=1):
        choice = existing[position - 1] if position <= len(existing) else Choice(question=question)
        choice.order, choice.text_ar, choice.text_fr, choice.correct = position, text_ar, text_fr, correct
        choice.save()
    removed = existing[len(choices) :]
    if Answer.objects.filter(choice__in=removed).exists():
        raise SurveyError(ANSWERED_CHOICE)
    Choice.objects.filter(pk__in=[c.pk for c in removed]).delete()
    audit.record(actor, "survey.question_saved", survey, question=question.pk)
    return question


@transaction.atomic
def move_question(question, step, actor):
    """Swap `question` with the one before (`step` -1) or after (+1)."""
    siblings = list(question.survey.questions.select_for_update().order_by("order", "id"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index + step
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, sibling in enumerate(siblings, start=1):
        if sibling.order != order:
            sibling.order = order
            sibling.save(update_fields=["order"])
    audit.record(actor, "survey.question_moved", question.survey, question=question.pk, step=step)


@transaction.atomic
def delete_question(question, actor):
    if question.answers.exists():
        raise SurveyError(ANSWERED_QUESTION)
    survey = question.survey
    audit.record(actor, "survey.question_deleted", survey, question=question.pk, text=question.text_fr)
    question.delete()


@transaction.atomic
def copy_survey(source, caravan, actor, kind=None, title_ar=None, title_fr=None):
    """A closed copy of `source` (questions and choices, no answers) in `caravan`: the test after the training
    from the test before (`kind` knowledge_post), or a survey of another caravan reused."""
    session = source.session if source.caravan_id == caravan.pk else None
    survey = Survey.objects.create(
        caravan=caravan,
        kind=kind or source.kind,
        title_ar=title_ar or source.title_ar,
        title_fr=title_fr or source.title_fr,
        session=session,
    )
    same_caravan = source.caravan_id == caravan.pk
    for question in source.questions.prefetch_related("choices"):
        choices = list(question.choices.all())
        question.pk, question.survey = None, survey
        if not same_caravan:  # another caravan's sessions and trainers are not this one's
            question.session, question.speaker = None, None
        question.save()
        Choice.objects.bulk_create(
            Choice(question=question, order=c.order, text_ar=c.text_ar, text_fr=c.text_fr, correct=c.correct)
            for c in choices
        )
    audit.record(actor, "survey.copied", survey, source=source.pk)
    return survey


# --- Answering -----------------------------------------------------------------------------------------


def submit_response(survey, registration, values, *, channel, actor=None):
    """Record `registration`'s answers to `survey` exactly once; `values`: {question: value} where a value is
    a list of choices, a number, a text, or None (blank). Phone answers need the survey open."""
    if channel == Response.Channel.PHONE and not survey.is_open:
        raise SurveyError(CLOSED)
    if registration.caravan_id != survey.caravan_id:
        raise SurveyError(NOT_A_PARTICIPANT)
    if registration.decision != Decision.ACCEPTED:
        raise SurveyError(NOT_ACCEPTED)
    return _record(survey, values, actor, channel, ALREADY_ANSWERED, registration=registration)


def submit_sheet(survey, values, *, sheet, actor):
    """Record a paper sheet that names no one, exactly once per `sheet` (the key given with its blank form):
    it counts in every result but the knowledge gain, which needs a person's two tests."""
    if not sheet:
        raise ValueError("a sheet without a name needs its key")
    return _record(survey, values, actor, Response.Channel.PAPER, SHEET_SAVED, sheet=sheet)


def _record(survey, values, actor, channel, repeated, **who):
    """One response of `who` (a registration, or a sheet key) with its answers; refused `repeated` if `who`
    has one already."""
    answers = _checked(values)
    try:
        with transaction.atomic():
            response = Response.objects.create(survey=survey, channel=channel, entered_by=actor, **who)
            Answer.objects.bulk_create(Answer(response=response, **answer) for answer in answers)
            audit.record(
                actor,
                "survey.answered",
                survey,
                response=response.pk,
                channel=channel,
                named=response.registration_id is not None,
            )
    except IntegrityError:
        # Two submissions at once (a double tap, two agents with the same paper): the first one counts.
        if Response.objects.filter(survey=survey, **who).exists():
            raise SurveyError(repeated) from None
        raise
    return response


def _checked(values):
    """The answers to write, as Answer fields; refused when there is none or a rating is not 1 to 5."""
    answers = list(_answers(values))
    if not answers:
        raise SurveyError(EMPTY)
    for answer in answers:
        if answer["question"].kind == Question.Kind.LIKERT and answer["number"] not in SCORES:
            raise SurveyError(OUT_OF_RANGE)
    return answers


def _answers(values):
    for question, value in values.items():
        if value is None or value == "" or value == []:
            continue
        if question.has_choices:
            yield from ({"question": question, "choice": choice} for choice in value)
        elif question.kind == Question.Kind.TEXT:
            yield {"question": question, "text": value}
        else:
            yield {"question": question, "number": value}
