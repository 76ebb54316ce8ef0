"""A participant answers a survey on their phone, without an account: the badge code first, then the answers;
once per survey, nothing saved on bad input, nothing shown of anyone, wrong codes rate-limited."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from core.models import AuditEntry
from core.tests.i18n import ar
from surveys import services
from surveys.models import Answer, Question, Response, Survey

from .factories import answer, participant, question, survey


@pytest.fixture
def rated(demo):
    """An open satisfaction survey: a rating, one choice, a number, an optional comment."""
    made = survey(demo, title_ar="تقييم القافلة", title_fr="Évaluation de la caravane")
    question(made)
    question(made, Question.Kind.SINGLE, ["oui", "non"], correct=[1])
    question(made, Question.Kind.NUMBER, text_fr="Combien de membres ?")
    question(made, Question.Kind.TEXT, required=False)
    return made


def url(made):
    return f"/s/{made.token}/"


def filled(made, code, **changes):
    rating, choice, number, text = made.questions.all()
    data = {
        "code": code,
        f"q{rating.pk}": "4",
        f"q{choice.pk}": str(choice.choices.first().pk),
        f"q{number.pk}": "12",
        f"q{text.pk}": "شكرا",
    }
    return {**data, **changes}


def test_it_records_the_answers_of_the_badge_holder(rated):
    person = participant(rated.caravan)
    typed = " " + person.badge_code.lower()[:5] + "-" + person.badge_code.lower()[5:]  # as people type it
    reply = Client().post(url(rated), filled(rated, typed))
    assert reply.status_code == 302 and reply["Location"] == f"/s/{rated.token}/thanks/"
    response = Response.objects.get()
    assert (response.registration, response.channel, response.entered_by) == (person, "phone", None)
    values = sorted(
        (a.question.kind, a.choice_id is not None, a.number, a.text) for a in response.answers.all()
    )
    assert [v[0] for v in values] == ["likert", "number", "single", "text"]
    assert AuditEntry.objects.filter(action="survey.answered").count() == 1


def test_it_shows_the_form_in_arabic_with_five_faces_and_the_badge_code_first(rated):
    page = Client().get(url(rated)).content.decode()
    assert 'dir="rtl"' in page and "تقييم القافلة" in page
    assert page.index('name="code"') < page.index(f'name="q{rated.questions.first().pk}"')
    assert page.count('type="radio"') == 5 + 2


def test_a_second_response_is_turned_away_kindly_and_the_first_is_kept(rated):
    person = participant(rated.caravan)
    Client().post(url(rated), filled(rated, person.badge_code))
    again = Client().post(
        url(rated), filled(rated, person.badge_code, **{f"q{rated.questions.first().pk}": "1"})
    )
    assert again.status_code == 200
    assert (
        ar("You have already answered this survey: thank you. Your first answers are kept.")
        in again.content.decode()
    )
    assert Response.objects.count() == 1
    assert Answer.objects.filter(question=rated.questions.first()).get().number == 4


def test_an_unknown_code_is_refused_and_nothing_is_saved(rated):
    participant(rated.caravan)
    reply = Client().post(url(rated), filled(rated, "ZZZZZZZZZZ"))
    assert reply.status_code == 200
    assert (
        ar("No participant of this caravan has this code. Check the code on your badge.")
        in reply.content.decode()
    )
    assert not Response.objects.exists()


def test_a_registration_not_accepted_cannot_answer(rated):
    person = participant(rated.caravan)
    code = person.badge_code
    person.decision = "cancelled"
    person.save()
    Client().post(url(rated), filled(rated, code))
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        "missing rating",
        "rating 7",
        "not a number",
        "unknown choice",
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(rated, change):
    person = participant(rated.caravan)
    rating, choice, number, _text = rated.questions.all()
    changes = {
        "missing rating": {f"q{rating.pk}": ""},
        "rating 7": {f"q{rating.pk}": "7"},
        "not a number": {f"q{number.pk}": "douze"},
        "unknown choice": {f"q{choice.pk}": "999999"},
    }[change]
    reply = Client().post(url(rated), filled(rated, person.badge_code, **changes))
    assert reply.status_code == 200
    assert ar("Nothing was saved: please correct what is marked in red below.") in reply.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_an_optional_question_may_stay_blank(rated):
    person = participant(rated.caravan)
    text = rated.questions.last()
    Client().post(url(rated), filled(rated, person.badge_code, **{f"q{text.pk}": ""}))
    assert Response.objects.count() == 1 and not Answer.objects.filter(question=text).exists()


def test_a_closed_survey_takes_no_answers(rated):
    person = participant(rated.caravan)
    rated.is_open = False
    rated.save()
    assert (
        ar("This survey is not open for answers at the moment.") in Client().get(url(rated)).content.decode()
    )
    Client().post(url(rated), filled(rated, person.badge_code))
    assert not Response.objects.exists()


def test_an_unknown_link_is_not_found(rated):
    assert Client().get("/s/not-a-token/").status_code == 404


def test_the_page_shows_nothing_of_anyone_nor_the_right_answers(rated):
    person = participant(rated.caravan)
    knowledge = survey(rated.caravan, Survey.Kind.KNOWLEDGE_PRE)
    item = question(knowledge, Question.Kind.SINGLE, ["juste", "faux"], correct=[1])
    answer(knowledge, person, {item: list(item.choices.filter(correct=True))})
    for page in (Client().get(url(knowledge)), Client().post(url(knowledge), {"code": person.badge_code})):
        html = page.content.decode()
        assert person.person.full_name_ar not in html and person.person.full_name_latin not in html
        assert person.badge_code not in html.replace(f'value="{person.badge_code}"', "")
        assert "correct" not in html.lower()


def test_wrong_codes_are_limited_per_connection_but_answers_are_not(rated, settings):
    person = participant(rated.caravan)
    browser = Client(REMOTE_ADDR="196.200.1.1")
    for _ in range(20):
        browser.post(url(rated), filled(rated, "ZZZZZZZZZZ"))
    assert browser.post(url(rated), filled(rated, person.badge_code)).status_code == 429
    assert not Response.objects.exists()
    neighbour = Client(REMOTE_ADDR="196.200.9.9")  # another connection is not held back
    assert neighbour.post(url(rated), filled(rated, person.badge_code)).status_code == 302


def test_the_database_refuses_a_second_response_to_the_same_survey(rated):
    person = participant(rated.caravan)
    Response.objects.create(survey=rated, registration=person, channel="phone")
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=rated, registration=person, channel="paper")


def test_a_submission_racing_another_gets_the_quiet_refusal_from_the_constraint(rated):
    """The service does not look first: the insert itself is the check, so a race ends like a repeat."""
    person = participant(rated.caravan)
    rating = rated.questions.first()
    answer(rated, person, {rating: 4})
    with pytest.raises(services.SurveyError) as refusal:
        answer(rated, person, {rating: 5}, channel="phone")
    assert refusal.value.code == "already_answered"
    assert Response.objects.count() == 1


def test_a_form_left_empty_is_refused_on_the_form_not_taken_for_a_second_answer(demo):
    optional = survey(demo)
    remark = question(optional, Question.Kind.TEXT, required=False)
    person = participant(demo)
    reply = Client().post(url(optional), {"code": person.badge_code, f"q{remark.pk}": "  "})
    page = reply.content.decode()
    assert reply.status_code == 200 and ar("Nothing to save: no question was answered.") in page
    assert f'name="q{remark.pk}"' in page  # the form again, not the thanks page
    assert not Response.objects.exists()
