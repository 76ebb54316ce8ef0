"""Paper sheets that name no one (satisfaction forms collected anonymously in the room): staff enter them
without choosing a participant, one after another; they count in the results and the report like the others,
except in the knowledge gain, which pairs a person's two tests; an empty sheet or a rating out of 1–5 is
refused and nothing is saved."""

import re
from decimal import Decimal

import pytest

from core.models import AuditEntry
from core.tests.i18n import ar
from surveys import services
from surveys.models import Question, Response, Survey
from surveys.results import caravan_results

from .factories import answer, participant, pick, question, survey

BASE = "/staff/caravans/tanger-2025/surveys/"


@pytest.fixture
def rated(demo):
    made = survey(demo, is_open=False)  # closed to phones: paper forms come in late
    question(made, required=False)
    question(made, Question.Kind.TEXT, required=False)
    return made


def blank(survey):
    return f"{BASE}{survey.pk}/paper/?anonymous=1"


def sheet_key(page):
    return re.search(r'name="sheet" value="([^"]+)"', page.content.decode()).group(1)


def filled(client, survey, answers):
    """The next blank sheet of `survey`, filled with {question: value} and saved; the page it comes back to."""
    data = {"sheet": sheet_key(client.get(blank(survey))), "save": "1"}
    data.update({f"q{q.pk}": value for q, value in answers.items()})
    return client.post(blank(survey), data, follow=True)


@pytest.mark.parametrize(
    "persona,status",
    [("coordinator", 200), ("organiser", 200), ("agent", 200), ("trainer", 403), ("anonymous", 302)],
)
def test_those_who_enter_paper_answers_may_enter_a_sheet_without_a_name(personas, rated, persona, status):
    assert personas[persona].get(blank(rated)).status_code == status


def test_a_trainer_cannot_save_a_sheet(personas, rated):
    rating, _remark = rated.questions.all()
    personas["trainer"].post(blank(rated), {"sheet": "k", "save": "1", f"q{rating.pk}": "5"})
    assert not Response.objects.exists()


def test_the_search_page_offers_a_sheet_without_a_name(personas, rated):
    assert f'href="{blank(rated)}"' in personas["agent"].get(f"{BASE}{rated.pk}/paper/").content.decode()


def test_it_saves_a_sheet_without_choosing_anyone_and_comes_back_with_the_next_blank_one(personas, rated):
    rating, remark = rated.questions.all()
    first = personas["agent"].get(blank(rated))
    saved = filled(personas["agent"], rated, {rating: "4", remark: "شكرا"})
    assert saved.redirect_chain[-1][0] == blank(rated)
    assert ar("Answers saved, without a name.") in saved.content.decode()
    assert sheet_key(saved) != sheet_key(first)  # a fresh sheet
    response = Response.objects.get()
    assert (response.registration, response.channel, response.entered_by.username) == (None, "paper", "agent")
    assert sorted(str(a.number or a.text) for a in response.answers.all()) == ["4.00", "شكرا"]
    assert AuditEntry.objects.get(action="survey.answered").details["named"] is False


def test_the_same_sheet_saved_twice_counts_once(personas, rated):
    rating, _remark = rated.questions.all()
    key = sheet_key(personas["agent"].get(blank(rated)))
    data = {"sheet": key, "save": "1", f"q{rating.pk}": "5"}
    personas["agent"].post(blank(rated), data)
    again = personas["agent"].post(blank(rated), {**data, f"q{rating.pk}": "1"}, follow=True)
    assert ar("This answer sheet has already been saved.") in again.content.decode()
    assert Response.objects.get().answers.get().number == 5
    filled(personas["agent"], rated, {rating: "1"})  # the next sheet, with its own key, is another one
    assert Response.objects.count() == 2


@pytest.mark.parametrize("sent", ["", "7", "0"])
def test_an_empty_sheet_or_a_rating_out_of_one_to_five_is_refused_and_nothing_is_saved(personas, rated, sent):
    rating, remark = rated.questions.all()
    key = sheet_key(personas["agent"].get(blank(rated)))
    reply = personas["agent"].post(blank(rated), {"sheet": key, "save": "1", f"q{rating.pk}": sent})
    page = reply.content.decode()
    assert reply.status_code == 200
    assert ar("Nothing was saved: please correct what is marked in red below.") in page
    wanted = (
        "Nothing to save: no question was answered."
        if not sent
        else "A rating is a whole number from 1 to 5."
    )
    assert ar(wanted) in page
    assert f'name="sheet" value="{key}"' in page  # the same sheet, to correct
    assert not Response.objects.exists()


def test_a_named_paper_left_empty_is_refused_too(personas, rated):
    person = participant(rated.caravan)
    reply = personas["agent"].post(f"{BASE}{rated.pk}/paper/", {"registration": person.pk, "save": "1"})
    assert ar("Nothing to save: no question was answered.") in reply.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize("value", [7, 0, Decimal("4.5")])
def test_the_service_refuses_a_rating_out_of_one_to_five_whoever_calls_it(rated, value):
    rating, _remark = rated.questions.all()
    with pytest.raises(services.SurveyError) as refused:
        services.submit_sheet(rated, {rating: value}, sheet="k", actor=None)
    assert refused.value.code == "out_of_range"
    with pytest.raises(services.SurveyError) as refused:
        answer(rated, participant(rated.caravan), {rating: value})
    assert refused.value.code == "out_of_range"
    assert not Response.objects.exists()


def test_sheets_count_in_the_ratings_the_respondents_and_the_report_like_named_answers(demo):
    from caravans.models import Session

    session = Session.objects.filter(day__caravan=demo, kind="training").first()
    made = survey(demo, session=session)
    rating = question(made)
    answer(made, participant(demo), {rating: 5})
    answer(made, participant(demo), {rating: 4})
    services.submit_sheet(made, {rating: 2}, sheet="a", actor=None)
    services.submit_sheet(made, {rating: 3}, sheet="b", actor=None)
    results = caravan_results(demo)
    assert [(s["mean"], s["n"], s["respondents"]) for s in results["satisfaction"]["sessions"]] == [
        (3.5, 4, 4)
    ]
    assert results["respondents"]["satisfaction"] == 4 and results["anonymous"]["satisfaction"] == 2
    assert results["surveys"][0]["respondents"] == 4
    assert results["surveys"][0]["questions"][0]["distribution"] == [0, 1, 1, 1, 1]


@pytest.fixture
def tests(demo):
    """A one-item test before and after: A right after, wrong before (paired, +100); one sheet without a name
    before (wrong) and two after (right): counted apart, out of the gain, in the question's counts."""
    pre = survey(demo, Survey.Kind.KNOWLEDGE_PRE)
    item = question(pre, Question.Kind.SINGLE, ["oui", "non"], correct=[1], topic="financing")
    post = services.copy_survey(pre, demo, None, kind=Survey.Kind.KNOWLEDGE_POST)
    after = post.questions.get()
    person = participant(demo)
    answer(pre, person, {item: pick(item, 2)})
    answer(post, person, {after: pick(after, 1)})
    services.submit_sheet(pre, {item: pick(item, 2)}, sheet="pre-1", actor=None)
    services.submit_sheet(post, {after: pick(after, 1)}, sheet="post-1", actor=None)
    services.submit_sheet(post, {after: pick(after, 1)}, sheet="post-2", actor=None)
    return pre


def test_knowledge_sheets_without_a_name_are_counted_apart_and_stay_out_of_the_gain(tests):
    results = caravan_results(tests.caravan)
    overall = results["knowledge"]["overall"]
    assert (overall["mean_pre"], overall["mean_post"], overall["mean_gain"], overall["pairs"]) == (
        0.0,
        100.0,
        100.0,
        1,
    )
    assert (results["knowledge"]["pre_only"], results["knowledge"]["post_only"]) == (0, 0)
    assert results["anonymous"] == {"knowledge_pre": 1, "knowledge_post": 2, "satisfaction": 0}
    assert results["respondents"] == {"knowledge_pre": 2, "knowledge_post": 3, "satisfaction": 0}
    after = next(s for s in results["surveys"] if s["kind"] == "knowledge_post")["questions"][0]
    assert [c["count"] for c in after["choices"]] == [3, 0] and after["answered"] == 3


def test_the_results_page_says_why_sheets_without_a_name_are_not_in_the_gain(personas, tests):
    page = personas["organiser"].get(f"{BASE}results/").content.decode()
    assert (
        ar(
            "Sheets without a name, which cannot be paired: %(pre)s before, %(post)s after. They count in the "
            "answers to each question below, not in the gain.",
            pre=1,
            post=2,
        )
        in page
    )


def test_the_paper_page_of_a_knowledge_test_warns_that_a_sheet_without_a_name_is_not_paired(personas, tests):
    page = personas["agent"].get(blank(tests)).content.decode()
    assert (
        ar(
            "Without a name, this test cannot be paired with the same person's other test: it counts in the "
            "answers to each question, not in the knowledge gain."
        )
        in page
    )


def test_the_database_refuses_a_response_that_names_no_one_outside_a_paper_sheet(rated):
    from django.db import IntegrityError, transaction

    for fields in ({"channel": "phone", "sheet": "k"}, {"channel": "paper", "sheet": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Response.objects.create(survey=rated, **fields)
