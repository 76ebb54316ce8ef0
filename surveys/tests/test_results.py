"""Survey results on fixed answers, against figures worked out by hand: knowledge gain per topic paired by
participant (someone who answered only the test before is not paired), satisfaction per session and trainer,
free text listed without names."""

import pytest

from surveys import services
from surveys.models import Question, Survey
from surveys.results import caravan_results

from .factories import answer, participant, pick, question, survey

SINGLE, MULTIPLE = Question.Kind.SINGLE, Question.Kind.MULTIPLE


@pytest.fixture
def tests(demo):
    """A test before with two founding items and one marketing item (several choices: 1 and 3), its copy
    after; A, B, C answer both, D only the one before."""
    pre = survey(demo, Survey.Kind.KNOWLEDGE_PRE)
    question(pre, SINGLE, ["3", "5", "7"], correct=[2], topic="founding")
    question(pre, SINGLE, ["oui", "non"], correct=[1], topic="founding")
    question(pre, MULTIPLE, ["prix", "météo", "qualité"], correct=[1, 3], topic="marketing")
    post = services.copy_survey(pre, demo, None, kind=Survey.Kind.KNOWLEDGE_POST)
    post.is_open = True
    post.save()
    people = {name: participant(demo) for name in "ABCD"}

    def sit(test, who, first, second, third):
        q1, q2, q3 = test.questions.all()
        answer(test, people[who], {q1: pick(q1, first), q2: pick(q2, second), q3: pick(q3, *third)})

    sit(pre, "A", 2, 2, [])  # founding 1/2, marketing blank: wrong
    sit(pre, "B", 1, 2, [1, 3])  # founding 0/2, marketing right
    sit(pre, "C", 2, 1, [1])  # founding 2/2, marketing half the set: wrong
    sit(pre, "D", 2, 1, [1, 3])  # never answers after: not paired
    sit(post, "A", 2, 1, [1, 3])  # 2/2, right
    sit(post, "B", 2, 2, [3, 1])  # 1/2, right
    sit(post, "C", 2, 1, [1, 3])  # 2/2, right
    return demo


def topic(results, code):
    return next(t for t in results["knowledge"]["topics"] if t["topic"] == code)


def test_it_computes_the_knowledge_gain_per_topic_over_pairs_only(tests):
    results = caravan_results(tests)
    founding = topic(results, "founding")
    assert (founding["mean_pre"], founding["mean_post"], founding["mean_gain"], founding["pairs"]) == (
        50.0,
        83.3,
        33.3,
        3,
    )
    marketing = topic(results, "marketing")
    assert (marketing["mean_pre"], marketing["mean_post"], marketing["mean_gain"]) == (33.3, 100.0, 66.7)
    assert founding["items"] == 2 and marketing["items"] == 1


def test_it_computes_the_overall_gain_and_counts_people_who_are_not_paired(tests):
    results = caravan_results(tests)
    overall = results["knowledge"]["overall"]
    assert (overall["mean_pre"], overall["mean_post"], overall["mean_gain"], overall["pairs"]) == (
        44.4,
        88.9,
        44.4,
        3,
    )
    assert results["knowledge"]["pre_only"] == 1 and results["knowledge"]["post_only"] == 0
    assert results["respondents"] == {"knowledge_pre": 4, "knowledge_post": 3, "satisfaction": 0}


def test_it_labels_topics_in_both_languages(tests):
    founding = topic(caravan_results(tests), "founding")
    assert (founding["label_ar"], founding["label_fr"]) == ("تأسيس تعاونية", "Création d'une coopérative")


def test_it_gives_satisfaction_per_session_and_trainer_and_lists_free_text_sorted(demo):
    from caravans.models import Session

    session = Session.objects.filter(day__caravan=demo, kind="training").first()
    speaker = session.speakers.first()
    rated = survey(demo, session=session)
    useful = question(rated)
    clear = question(rated, speaker=speaker)
    remarks = question(rated, Question.Kind.TEXT, required=False)
    answer(rated, participant(demo), {useful: 5, clear: 4, remarks: "وقت أطول"})
    answer(rated, participant(demo), {useful: 3, clear: 4, remarks: ""})
    answer(rated, participant(demo), {useful: 4, clear: None, remarks: "Des exemples"})
    results = caravan_results(demo)
    sessions = results["satisfaction"]["sessions"]  # useful 5, 3, 4 and the trainer's 4, 4 given there
    assert [(s["session_id"], s["mean"], s["n"], s["distribution"]) for s in sessions] == [
        (session.pk, 4.0, 5, [0, 0, 1, 3, 1])
    ]
    trainers = results["satisfaction"]["trainers"]
    assert [(t["speaker_id"], t["mean"], t["n"], t["respondents"]) for t in trainers] == [
        (speaker.pk, 4.0, 2, 2)
    ]
    texts = results["surveys"][0]["questions"][2]["texts"]
    assert texts == sorted(["وقت أطول", "Des exemples"])
    assert results["respondents"]["satisfaction"] == 3


def test_it_answers_with_empty_figures_when_nobody_answered(demo):
    pre = survey(demo, Survey.Kind.KNOWLEDGE_PRE)
    question(pre, SINGLE, ["a", "b"], correct=[1], topic="financing")
    results = caravan_results(demo)
    assert results["knowledge"]["topics"][0]["pairs"] == 0
    assert results["knowledge"]["topics"][0]["mean_gain"] is None
    assert results["satisfaction"] == {
        "sessions": [],
        "trainers": [],
        "caravan": {"mean": None, "n": 0, "respondents": 0, "distribution": [0, 0, 0, 0, 0]},
        "all": {"mean": None, "n": 0, "respondents": 0, "distribution": [0, 0, 0, 0, 0]},
    }


def test_a_rating_of_a_trainer_in_a_session_counts_for_both_and_once_in_all_ratings(demo):
    """Trainer T gives sessions S1 and S2. S1's survey: "useful?" 5, 3 and "T clear?" 4, 2; a survey of no
    session asks about T in S2 (the question names both) 5, and about the caravan 1."""
    from caravans.models import Session, Speaker

    first, second = Session.objects.filter(day__caravan=demo, kind="training")[:2]
    trainer = Speaker.objects.create(caravan=demo, name_fr="T", role_ar="مؤطر", role_fr="Formateur")
    of_first = survey(demo, session=first)
    useful, clear = question(of_first), question(of_first, speaker=trainer)
    general = survey(demo)
    in_second, caravan = question(general, session=second, speaker=trainer), question(general)
    one, two = participant(demo), participant(demo)
    answer(of_first, one, {useful: 5, clear: 4})
    answer(of_first, two, {useful: 3, clear: 2})
    answer(general, one, {in_second: 5, caravan: 1})
    rated = caravan_results(demo)["satisfaction"]
    by_session = {s["session_id"]: (s["mean"], s["n"], s["respondents"]) for s in rated["sessions"]}
    assert by_session == {first.pk: (3.5, 4, 2), second.pk: (5.0, 1, 1)}
    assert [(t["speaker_id"], t["mean"], t["n"]) for t in rated["trainers"]] == [
        (trainer.pk, 3.67, 3)  # 4, 2 in S1 and 5 in S2
    ]
    assert (rated["caravan"]["mean"], rated["caravan"]["n"]) == (1.0, 1)
    # 4 + 1 session ratings, 3 of the trainer, 1 of the caravan make 9 rows but 6 ratings: each once here
    assert (rated["all"]["mean"], rated["all"]["n"], rated["all"]["distribution"]) == (
        3.33,
        6,
        [1, 1, 1, 1, 2],
    )
