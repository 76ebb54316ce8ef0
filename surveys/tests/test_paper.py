"""Staff enter the answers of paper forms: find the participant by name or badge code, fill the same form,
save, and the page is ready for the next one. Agents may; trainers may not. Once per survey here too."""

import pytest

from core.tests.i18n import ar
from surveys.models import Question, Response

from .factories import participant, question, survey

BASE = "/staff/caravans/tanger-2025/surveys/"


@pytest.fixture
def rated(demo):
    made = survey(demo, is_open=False)  # closed to phones: paper forms come in late
    question(made)
    question(made, Question.Kind.TEXT, required=False)
    return made


@pytest.fixture
def fatima(demo):
    return participant(demo, full_name_ar="فاطمة الزهراء بنعلي", full_name_latin="Fatima Zahra Benali")


def paper(rated):
    return f"{BASE}{rated.pk}/paper/"


@pytest.mark.parametrize(
    "persona,status",
    [("coordinator", 200), ("organiser", 200), ("agent", 200), ("trainer", 403), ("anonymous", 302)],
)
def test_coordinators_organisers_and_agents_may_enter_paper_answers(personas, rated, persona, status):
    assert personas[persona].get(paper(rated)).status_code == status


def test_it_finds_a_participant_by_a_name_spelt_another_way(personas, rated, fatima):
    page = personas["agent"].post(paper(rated), {"q": "فاطمه بنعلى"}).content.decode()
    assert f'name="registration" value="{fatima.pk}"' in page
    assert fatima.person.cin not in page and fatima.person.phone not in page


def test_a_badge_code_opens_the_participants_form_at_once(personas, rated, fatima):
    page = personas["agent"].post(paper(rated), {"q": fatima.badge_code.lower()}).content.decode()
    assert f'name="registration" value="{fatima.pk}"' in page
    assert f'name="q{rated.questions.first().pk}"' in page and "autofocus" in page


def test_it_enters_the_answers_and_comes_back_for_the_next_paper(personas, rated, fatima):
    rating, remark = rated.questions.all()
    picked = personas["agent"].post(paper(rated), {"registration": fatima.pk})
    assert f'name="q{rating.pk}"' in picked.content.decode()
    data = {"registration": fatima.pk, "save": "1", f"q{rating.pk}": "5", f"q{remark.pk}": "ممتاز"}
    saved = personas["agent"].post(paper(rated), data, follow=True)
    assert saved.redirect_chain[-1][0] == paper(rated)
    response = Response.objects.get()
    assert (response.registration, response.channel, response.entered_by.username) == (
        fatima,
        "paper",
        "agent",
    )
    assert 'name="q"' in saved.content.decode()


def test_bad_paper_input_saves_nothing(personas, rated, fatima):
    rating, _remark = rated.questions.all()
    reply = personas["agent"].post(
        paper(rated), {"registration": fatima.pk, "save": "1", f"q{rating.pk}": ""}
    )
    assert ar("Nothing was saved: please correct what is marked in red below.") in reply.content.decode()
    assert not Response.objects.exists()


def test_a_second_paper_for_the_same_person_is_refused(personas, rated, fatima):
    rating, _remark = rated.questions.all()
    data = {"registration": fatima.pk, "save": "1", f"q{rating.pk}": "5"}
    personas["agent"].post(paper(rated), data)
    again = personas["organiser"].post(paper(rated), {**data, f"q{rating.pk}": "1"}, follow=True)
    assert ar("This participant has already answered this survey.") in again.content.decode()
    assert Response.objects.get().answers.get().number == 5
    found = personas["agent"].post(paper(rated), {"q": "Fatima Zahra"}).content.decode()
    assert f'value="{fatima.pk}"' not in found  # shown as already answered, not to be picked


def test_a_registration_of_another_caravan_cannot_be_picked(personas, rated, fatima):
    from caravans.models import Caravan

    other = Caravan.objects.create(
        slug="fes-2024",
        title_ar="ف",
        title_fr="F",
        region=rated.caravan.region,
        city_ar="ف",
        city_fr="F",
        start_date="2024-05-01",
        end_date="2024-05-03",
        capacity=10,
        status="running",
    )
    stranger = participant(other)
    rating, _remark = rated.questions.all()
    personas["agent"].post(paper(rated), {"registration": stranger.pk, "save": "1", f"q{rating.pk}": "5"})
    assert not Response.objects.exists()
