"""The results page of a caravan's surveys: for coordinators and organisers; knowledge gain, ratings and
free text, never a name."""

import pytest

from core.tests.i18n import ar
from surveys.models import Question, Survey

from .factories import answer, participant, pick, question, survey

URL = "/staff/caravans/tanger-2025/surveys/results/"


@pytest.fixture
def answered(demo):
    pre = survey(demo, Survey.Kind.KNOWLEDGE_PRE)
    item = question(pre, Question.Kind.SINGLE, ["oui", "non"], correct=[1], topic="financing")
    from surveys.services import copy_survey

    post = copy_survey(pre, demo, None, kind=Survey.Kind.KNOWLEDGE_POST)
    after = post.questions.get()
    rated = survey(demo)
    rating = question(rated)
    remark = question(rated, Question.Kind.TEXT, required=False)
    people = [
        participant(demo, full_name_ar="خديجة المرابط", full_name_latin="Khadija Mrabet"),
        participant(demo),
    ]
    for n, person in enumerate(people):
        answer(pre, person, {item: pick(item, 2)})
        answer(post, person, {after: pick(after, 1)})
        answer(rated, person, {rating: 4 + n, remark: f"تعليق رقم {n}"})
    return demo


@pytest.mark.parametrize(
    "persona,status",
    [("coordinator", 200), ("organiser", 200), ("trainer", 403), ("agent", 403), ("anonymous", 302)],
)
def test_only_coordinators_and_organisers_see_results(personas, answered, persona, status):
    assert personas[persona].get(URL).status_code == status


def test_it_shows_the_gain_the_ratings_and_the_comments_without_names(personas, answered):
    page = personas["organiser"].get(URL).content.decode()
    assert "+100" in page  # 0 % before, 100 % after
    assert "4.5" in page or "4,5" in page
    assert "تعليق رقم 0" in page and "تعليق رقم 1" in page
    assert "خديجة" not in page and "Khadija" not in page


def test_it_shows_an_empty_page_kindly_before_any_survey(personas, demo):
    response = personas["organiser"].get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert ar("No knowledge test yet.") in page and ar("No survey yet.") in page
