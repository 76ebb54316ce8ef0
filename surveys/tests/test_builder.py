"""Organisers build surveys: create one, add questions with their choices in Arabic and French, edit, reorder,
delete, open and close, show the QR code, copy the test before the training into the test after it, and reuse
a survey of another caravan. Trainers and agents cannot build."""

import pytest

from core.models import AuditEntry
from core.tests.i18n import ar
from surveys.models import Answer, Question, Survey

from .factories import answer, participant, pick, question, survey

BASE = "/staff/caravans/tanger-2025/surveys/"


@pytest.fixture
def test_before(demo):
    made = survey(demo, Survey.Kind.KNOWLEDGE_PRE, is_open=False)
    question(made, Question.Kind.SINGLE, ["2", "5", "7"], correct=[2], topic="founding")
    question(made, Question.Kind.MULTIPLE, ["prix", "météo", "qualité"], correct=[1, 3], topic="marketing")
    return made


def question_data(**changes):
    data = {
        "kind": "single",
        "text_ar": "كم عدد الأعضاء؟",
        "text_fr": "Combien de membres ?",
        "required": "on",
        "topic": "founding",
        "choices_ar": "عضوان\n5 أعضاء\n\n10 أعضاء",
        "choices_fr": "2 membres\n5 membres\n10 membres",
        "correct": "2",
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    "persona,status",
    [("coordinator", 200), ("organiser", 200), ("trainer", 403), ("agent", 403), ("anonymous", 302)],
)
def test_only_coordinators_and_organisers_may_build(personas, test_before, persona, status):
    client = personas[persona]
    assert client.get(f"{BASE}{test_before.pk}/").status_code == status
    assert client.get(f"{BASE}new/").status_code == status
    posted = client.post(f"{BASE}{test_before.pk}/questions/new/", question_data())
    assert posted.status_code == (302 if status == 200 else status)
    assert test_before.questions.count() == (3 if status == 200 else 2)


def test_agents_see_the_list_for_paper_entry_but_no_builder_links(personas, test_before):
    page = personas["agent"].get(BASE).content.decode()
    assert f"{BASE}{test_before.pk}/paper/" in page and f"{BASE}new/" not in page
    assert personas["trainer"].get(BASE).status_code == 403


def test_it_creates_a_survey_closed_with_an_unguessable_link(personas, demo):
    reply = personas["organiser"].post(
        f"{BASE}new/", {"kind": "satisfaction", "title_ar": "تقييم", "title_fr": "Évaluation"}
    )
    made = Survey.objects.get()
    assert reply["Location"] == f"{BASE}{made.pk}/"
    assert not made.is_open and len(made.token) >= 16
    assert AuditEntry.objects.filter(action="survey.created").exists()


def test_it_adds_a_question_with_its_choices_in_both_languages(personas, test_before):
    personas["organiser"].post(f"{BASE}{test_before.pk}/questions/new/", question_data())
    added = test_before.questions.last()
    assert (added.order, added.kind, added.topic) == (3, "single", "founding")
    assert [(c.text_ar, c.text_fr, c.correct) for c in added.choices.all()] == [
        ("عضوان", "2 membres", False),
        ("5 أعضاء", "5 membres", True),
        ("10 أعضاء", "10 membres", False),
    ]


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"choices_ar": "واحد", "choices_fr": "un"}, "choices_ar", "Give at least two choices."),
        ({"choices_fr": "un\ndeux"}, "choices_fr", "Give as many choices in French as in Arabic."),
        ({"correct": "4"}, "correct", "Give numbers between 1 and the number of choices."),
        ({"correct": "1, 2"}, "correct", "A question with one choice has at most one correct choice."),
        ({"kind": "likert"}, "choices_ar", "Only questions with choices take choices."),
        ({"text_ar": ""}, "text_ar", None),
    ],
)
def test_a_bad_question_is_refused_with_its_reason_and_nothing_is_saved(
    personas, test_before, changes, field, message
):
    reply = personas["organiser"].post(f"{BASE}{test_before.pk}/questions/new/", question_data(**changes))
    assert reply.status_code == 200
    assert reply.context["form"].errors[field]
    if message:
        assert ar(message) in reply.content.decode()
    assert test_before.questions.count() == 2


def test_editing_choices_keeps_the_answers_given(personas, test_before):
    first = test_before.questions.first()
    person = participant(test_before.caravan)
    answer(test_before, person, {first: pick(first, 2)})
    data = question_data(choices_ar="اثنان\nخمسة\nسبعة", choices_fr="deux\ncinq\nsept", correct="2")
    personas["organiser"].post(f"{BASE}questions/{first.pk}/", data)
    given = Answer.objects.get()
    assert given.choice.text_fr == "cinq" and given.choice.correct


def test_removing_a_choice_someone_chose_is_refused(personas, test_before):
    first = test_before.questions.first()
    answer(test_before, participant(test_before.caravan), {first: pick(first, 3)})
    data = question_data(choices_ar="اثنان\nخمسة", choices_fr="deux\ncinq", correct="2")
    reply = personas["organiser"].post(f"{BASE}questions/{first.pk}/", data)
    assert reply.status_code == 200
    assert first.choices.count() == 3 and Answer.objects.get().choice.text_fr == "7"
    assert first.choices.filter(text_fr="2").exists()  # nothing half-saved


def test_it_moves_a_question_up(personas, test_before):
    second = test_before.questions.last()
    personas["organiser"].post(f"{BASE}questions/{second.pk}/move/", {"step": "up"})
    assert list(test_before.questions.order_by("order").values_list("pk", flat=True))[0] == second.pk


def test_it_deletes_a_question_nobody_answered_but_not_one_answered(personas, test_before):
    first, second = test_before.questions.all()
    answer(test_before, participant(test_before.caravan), {first: pick(first, 1)})
    personas["organiser"].post(f"{BASE}questions/{first.pk}/delete/")
    personas["organiser"].post(f"{BASE}questions/{second.pk}/delete/")
    assert list(test_before.questions.all()) == [first]


def test_it_opens_and_closes_a_survey(personas, test_before):
    personas["organiser"].post(f"{BASE}{test_before.pk}/state/", {"open": "1"})
    test_before.refresh_from_db()
    assert test_before.is_open
    personas["organiser"].post(f"{BASE}{test_before.pk}/state/", {"open": "0"})
    test_before.refresh_from_db()
    assert not test_before.is_open


def test_write_pages_take_posts_only(personas, test_before):
    assert personas["organiser"].get(f"{BASE}{test_before.pk}/state/").status_code == 405
    assert personas["organiser"].get(f"{BASE}{test_before.pk}/copy/").status_code == 405


def test_the_qr_page_shows_the_link_as_a_qr_code(personas, test_before):
    page = personas["organiser"].get(f"{BASE}{test_before.pk}/qr/").content.decode()
    assert "<svg" in page and f"/s/{test_before.token}/" in page


def test_copying_the_test_before_makes_the_test_after_with_the_same_items(personas, test_before):
    personas["organiser"].post(f"{BASE}{test_before.pk}/copy/")
    after = Survey.objects.get(kind="knowledge_post")
    assert after.token != test_before.token and not after.is_open
    assert [(q.kind, q.topic, q.text_fr) for q in after.questions.all()] == [
        (q.kind, q.topic, q.text_fr) for q in test_before.questions.all()
    ]
    correct = [[c.correct for c in q.choices.all()] for q in after.questions.all()]
    assert correct == [[False, True, False], [True, False, True]]


def test_it_copies_a_survey_of_another_caravan_without_its_sessions(personas, test_before):
    from caravans.models import Caravan

    source_caravan = Caravan.objects.create(
        slug="fes-2024",
        title_ar="قافلة فاس",
        title_fr="Caravane de Fès",
        region=test_before.caravan.region,
        city_ar="فاس",
        city_fr="Fès",
        start_date="2024-05-01",
        end_date="2024-05-03",
        capacity=100,
        status="closed",
    )
    old = survey(source_caravan, title_fr="Ancienne évaluation")
    question(old, session=test_before.caravan.days.first().sessions.first())
    reply = personas["coordinator"].post(f"{BASE}copy-from-another-caravan/", {"source": old.pk})
    copy = Survey.objects.get(caravan=test_before.caravan, title_fr="Ancienne évaluation")
    assert reply["Location"] == f"{BASE}{copy.pk}/"
    assert copy.questions.get().session is None
    # An organiser of Tangier only does not see the surveys of Fès.
    refused = personas["organiser"].post(f"{BASE}copy-from-another-caravan/", {"source": old.pk})
    assert refused.status_code == 200 and refused.context["form"].errors["source"]
