"""The demo surveys: a test before and after the training over the five training topics, a satisfaction survey
per training session, answers from the accepted demo participants with a positive but varied gain."""

import pytest

from surveys.demo import load_demo_surveys
from surveys.models import Question, Response, Survey
from surveys.results import caravan_results


@pytest.fixture
def loaded(demo, demo_surveys):
    return demo


def test_it_makes_a_test_before_and_after_with_eight_items_over_the_training_topics(loaded):
    pre, post = Survey.objects.get(kind="knowledge_pre"), Survey.objects.get(kind="knowledge_post")
    assert pre.questions.count() == post.questions.count() == 8
    assert set(pre.questions.values_list("topic", flat=True)) == {
        "founding",
        "marketing",
        "digital_marketing",
        "financial_management",
        "financing",
    }
    assert all(q.is_scored for q in Question.objects.filter(survey=pre).prefetch_related("choices"))


def test_it_rates_every_training_session_and_its_trainer(loaded):
    from caravans.models import Session

    trained = Session.objects.filter(day__caravan=loaded, kind__in=["training", "workshop"])
    assert set(Survey.objects.filter(kind="satisfaction").values_list("session", flat=True)) == set(
        trained.values_list("pk", flat=True)
    )
    results = caravan_results(loaded)
    assert len(results["satisfaction"]["sessions"]) == trained.count()
    assert results["satisfaction"]["trainers"] and all(
        t["n"] > 20 for t in results["satisfaction"]["trainers"]
    )


def test_the_gain_is_positive_on_every_topic_but_not_the_same(loaded):
    knowledge = caravan_results(loaded)["knowledge"]
    gains = [topic["mean_gain"] for topic in knowledge["topics"]]
    assert all(gain > 0 for gain in gains) and len(set(gains)) == len(gains)
    assert knowledge["overall"]["pairs"] > 100 and knowledge["pre_only"] > 0


def test_only_accepted_participants_answer_once_each(loaded):
    assert not Response.objects.exclude(registration__decision="accepted").exists()
    assert (
        Response.objects.filter(channel="paper").exists()
        and Response.objects.filter(channel="phone").exists()
    )


def test_loading_again_gives_the_same_figures(loaded):
    first = caravan_results(loaded)
    load_demo_surveys(loaded)
    again = caravan_results(loaded)
    assert again["knowledge"] == first["knowledge"] and again["respondents"] == first["respondents"]


def test_it_teaches_that_a_cooperative_is_registered_at_the_court_registry_not_at_odco(loaded):
    # Law 112-12 and decree 2-15-617 art. 1: the local register is kept by the court of first instance's registry.
    question = Question.objects.get(survey__kind="knowledge_pre", text_fr__contains="registre local")
    right = [c.text_fr for c in question.choices.all() if c.correct]
    assert right == ["Au secrétariat-greffe du tribunal de première instance du siège"]
    assert "المحكمة الابتدائية" in question.choices.get(correct=True).text_ar
    assert not question.choices.get(text_fr="Auprès de l'ODCO").correct
