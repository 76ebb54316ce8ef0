"""Plain factory functions for survey tests."""

from registration.services import register
from registration.tests.factories import person
from surveys import services
from surveys.models import Choice, Question, Response, Survey


def participant(caravan, **fields):
    """An accepted registration (with a badge code) of `caravan`."""
    return register(
        caravan, person(**fields), profile="project_holder", channel="staff", project_idea="تربية النحل"
    )


def survey(caravan, kind=Survey.Kind.SATISFACTION, **fields):
    defaults = {"title_ar": "استمارة", "title_fr": "Questionnaire", "is_open": True}
    return Survey.objects.create(caravan=caravan, kind=kind, **{**defaults, **fields})


def question(survey, kind=Question.Kind.LIKERT, choices=(), correct=(), **fields):
    """A question; `choices` are French texts (the Arabic gets a prefix), `correct` their 1-based positions."""
    order = survey.questions.count() + 1
    defaults = {"text_ar": f"سؤال {order}", "text_fr": f"Question {order}", "order": order}
    made = Question.objects.create(survey=survey, kind=kind, **{**defaults, **fields})
    for position, text in enumerate(choices, start=1):
        Choice.objects.create(
            question=made, order=position, text_ar=f"ج {text}", text_fr=text, correct=position in correct
        )
    return made


def pick(question, *positions):
    """The choices at these 1-based positions, as an answer value."""
    choices = list(question.choices.all())
    return [choices[p - 1] for p in positions]


def answer(survey, registration, values, channel=Response.Channel.PAPER):
    return services.submit_response(survey, registration, values, channel=channel)
