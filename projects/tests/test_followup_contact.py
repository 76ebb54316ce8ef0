"""The outcome form of a follow-up contact: reached or not in one tap, what changed section by section, refusals
on their field with nothing saved, who may record it, and the project's timeline."""

import datetime
from html import escape

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from programmes.models import SupportProgramme
from projects.followup.models import FollowUp, Outcome
from projects.followup.services import MAX_ATTEMPTS, assign, plan_follow_ups
from projects.followup.state import standing
from projects.matching import facts_for, matches
from projects.models import FoundingStep, Project

from .factories import project

pytestmark = pytest.mark.django_db


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def contact(demo):
    """The 3-month contact of a project of the demo caravan, in the agent's charge."""
    followed = project(demo)
    plan_follow_ups(demo)
    found = followed.follow_ups.get(months=3)
    assign(None, [found], user("agent"))
    return found


def url(contact):
    return f"/staff/caravans/{contact.caravan.slug}/follow-up/{contact.pk}/"


def reached(**fields):
    return {"contacted_on": "2025-05-12", "channel": "phone", **fields}


def test_it_records_a_court_registration_with_its_number_and_jobs_for_women(personas, contact):
    answer = personas["agent"].post(
        url(contact),
        reached(
            step="local_register",
            step_status="done",
            reference="147/2025",
            step_on="2025-04-28",
            jobs_women="2",
            evidence="نسخة من استمارة التسجيل",
        ),
    )
    assert answer.status_code == 302
    contact.refresh_from_db()
    assert (contact.status, contact.attempts, contact.contacted_on) == (
        "reached",
        1,
        datetime.date(2025, 5, 12),
    )
    assert contact.contacted_by.username == "agent" and contact.channel == "phone"
    founded, jobs = Outcome.objects.filter(follow_up=contact).order_by("kind")
    assert (founded.step, founded.step_status, founded.reference) == ("local_register", "done", "147/2025")
    assert founded.on == datetime.date(2025, 4, 28) and founded.evidence == "نسخة من استمارة التسجيل"
    assert (jobs.jobs_women, jobs.jobs_men, jobs.jobs_under_35, jobs.on) == (
        2,
        0,
        0,
        datetime.date(2025, 5, 12),
    )
    assert FoundingStep.objects.get(project=contact.project, step="local_register").status == "done"
    state = standing(contact.caravan, contact.project)
    assert state.cooperative_founded and state.jobs_women == 2


def test_it_records_financing_per_programme_first_sales_activity_and_a_blocker(personas, contact):
    programme = SupportProgramme.objects.create(
        key="p-test", name_ar="برنامج", name_fr="Programme", checked_on=datetime.date(2025, 1, 1)
    )
    answer = personas["organiser"].post(
        url(contact),
        reached(
            programme=programme.pk,
            financing="obtained",
            financing_amount="45 000,50",
            financing_on="2025-05-02",
            first_sale="on",
            sale_amount="3200",
            active="yes",
            blocker="market",
            support_asked="معرض للبيع",
            channel="visit",
        ),
    )
    assert answer.status_code == 302
    kinds = dict(Outcome.objects.filter(follow_up=contact).values_list("kind", "pk"))
    assert set(kinds) == {"financing", "first_sale", "activity", "blocker"}
    financing = Outcome.objects.get(pk=kinds["financing"])
    assert (financing.programme, financing.financing, str(financing.amount_mad)) == (
        programme,
        "obtained",
        "45000.50",
    )
    assert Outcome.objects.get(pk=kinds["blocker"]).support_asked == "معرض للبيع"
    assert FollowUp.objects.get(pk=contact.pk).channel == "visit"


def test_it_notes_a_contact_that_reached_nobody_in_one_tap_and_gives_up_after_three(personas, contact):
    for attempt in range(1, MAX_ATTEMPTS + 1):
        answer = personas["agent"].post(url(contact), reached(not_reached="1", jobs_women="4"))
        assert answer.status_code == 302
        contact.refresh_from_db()
        assert contact.attempts == attempt
    assert contact.status == "not_reached" and not Outcome.objects.exists()


def test_it_dates_a_try_without_an_answer_by_the_day_it_was_made_on_the_timeline(personas, contact):
    personas["agent"].post(url(contact), reached(contacted_on="2025-05-14", not_reached="1"))
    contact.refresh_from_db()
    assert (contact.status, contact.contacted_on, contact.contacted_by) == (
        "due",
        datetime.date(2025, 5, 14),
        user("agent"),
    )
    page = personas["organiser"].get(f"/projects/{contact.project.pk}/").content.decode()
    timeline = page[page.index('class="timeline"') :]
    assert 'datetime="2025-05-14"' in timeline and f'datetime="{contact.due:%Y-%m-%d}"' not in timeline
    personas["agent"].post(url(contact), reached(active="yes"))
    contact.refresh_from_db()
    assert (contact.status, contact.attempts, contact.contacted_on) == (
        "reached",
        2,
        datetime.date(2025, 5, 12),
    )


@pytest.mark.parametrize(
    "fields, field, code",
    [
        ({"jobs_women": "1", "jobs_under_35": "3"}, "jobs_under_35", "too_many_young"),
        ({"jobs_men": "beaucoup"}, "jobs_men", "invalid_number"),
        ({"step": "local_register", "step_on": "2099-01-01"}, "step_on", "future_date"),
        ({"financing": "obtained"}, "programme", "missing_programme"),
        ({"contacted_on": "2099-01-01", "active": "no"}, "contacted_on", "future_date"),
    ],
)
def test_it_refuses_bad_input_on_its_field_and_saves_nothing(personas, contact, fields, field, code):
    answer = personas["agent"].post(url(contact), reached(**fields))
    assert answer.status_code == 200
    assert [error.code for error in answer.context["form"].errors.as_data()[field]] == [code]
    contact.refresh_from_db()
    assert (contact.status, contact.attempts) == ("due", 0) and not Outcome.objects.exists()


def test_it_refuses_an_amount_that_is_not_one_in_arabic_on_its_field(personas, contact):
    programme = SupportProgramme.objects.create(
        key="p-test", name_ar="برنامج", name_fr="Programme", checked_on=datetime.date(2025, 1, 1)
    )
    client = personas["agent"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    answer = client.post(
        url(contact), reached(programme=programme.pk, financing="applied", financing_amount="كثير")
    )
    errors = answer.context["form"].errors
    assert list(errors) == ["financing_amount"]
    assert "أدخلوا" in errors["financing_amount"][0] or "درهم" in errors["financing_amount"][0]
    assert not Outcome.objects.exists()


def test_it_refuses_a_trainer_a_contact_that_is_not_in_their_charge(personas, contact):
    assert personas["trainer"].get(url(contact)).status_code == 403
    assert personas["trainer"].post(url(contact), reached(active="yes")).status_code == 403
    assert not Outcome.objects.exists()


def test_it_lets_the_trainer_in_charge_record_it(personas, contact):
    assign(None, [contact], user("trainer"))
    assert personas["trainer"].get(url(contact)).status_code == 200


def test_it_shows_the_phone_on_the_form_to_organisers_and_to_the_caller_in_charge_only(personas, contact):
    phone = contact.project.holder.phone
    assert f'href="tel:{phone}"' in personas["organiser"].get(url(contact)).content.decode()
    assert f'href="tel:{phone}"' in personas["agent"].get(url(contact)).content.decode()
    assign(None, [contact], user("trainer"))
    assert personas["agent"].get(url(contact)).status_code == 403  # no longer theirs
    assert f'href="tel:{phone}"' in personas["trainer"].get(url(contact)).content.decode()


def test_the_project_page_shows_its_timeline_in_date_order_with_who_recorded_and_the_evidence(
    personas, contact
):
    personas["agent"].post(
        url(contact),
        reached(step="name_approval", step_status="done", step_on="2025-03-01", evidence="شهادة المصادقة"),
    )
    page = personas["organiser"].get(f"/projects/{contact.project.pk}/").content.decode()
    timeline = page[page.index('class="timeline"') :]
    assert timeline.index('datetime="2025-03-01"') < timeline.index('datetime="2025-05-12"')
    assert "شهادة المصادقة" in timeline and escape(user("agent").get_full_name()) in timeline
    assert "2025-05-06" not in timeline  # the contact is no longer planned: it was made


def test_a_court_registration_and_an_application_heard_of_move_the_project_on_for_the_finder(
    personas, contact
):
    programme = SupportProgramme.objects.create(
        key="coops-only",
        name_ar="برنامج للتعاونيات",
        name_fr="Programme des coopératives",
        checked_on=datetime.date(2025, 1, 1),
        applicant_forms=["cooperative"],
    )
    assert contact.project.stage == "idea"
    before = dict(matches(contact.project))[programme]
    assert [reason.code for reason in before.reasons] == ["found_cooperative_first"]

    answer = personas["agent"].post(
        url(contact),
        reached(
            step="local_register", step_status="done", reference="147/2025", step_on="2025-04-28",
            programme=programme.pk, financing="applied", financing_on="2025-05-02",
        ),
    )  # fmt: skip
    assert answer.status_code == 302
    founded = Project.objects.get(pk=contact.project.pk)
    assert founded.stage == "seeking_funding"
    assert facts_for(founded).cooperative_founded_on == datetime.date(2025, 4, 28)
    after = dict(matches(founded))[programme]
    assert "found_cooperative_first" not in [reason.code for reason in after.reasons]


def test_a_project_a_trainer_moved_further_is_not_moved_back_by_an_older_fact(personas, contact):
    Project.objects.filter(pk=contact.project.pk).update(stage="operating")
    answer = personas["agent"].post(
        url(contact), reached(step="local_register", step_status="done", step_on="2025-04-28")
    )
    assert answer.status_code == 302
    assert Project.objects.get(pk=contact.project.pk).stage == "operating"
