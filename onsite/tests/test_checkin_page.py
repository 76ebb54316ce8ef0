"""The check-in page on an agent's phone: a badge code typed or scanned checks the person in, a name, CIN or
phone finds them, a second scan says when and by whom, refusals are plain; an agent takes back their own
mistake for two minutes; a walk-in is registered by the caravan's rules and checked in on the spot."""

import datetime
import re

import pytest
from django.utils import timezone, translation

from core.models import AuditEntry
from core.tests.i18n import ar
from onsite.models import UNDO_WINDOW, CheckIn
from onsite.services import check_in
from onsite.tests.pages import text
from people.models import Person
from registration.models import Decision, Registration
from registration.services import register
from registration.tests.factories import person

PAGE = "/staff/caravans/tanger-2025/check-in/"
WALK_IN = PAGE + "walk-in/"


def undo_url(checkin):
    return f"{PAGE}{checkin.pk}/undo/"


def her(msgid):
    """The Arabic words of the check-in answer about a woman, as every person of these tests is."""
    with translation.override("ar"):
        return translation.pgettext("female", msgid)


@pytest.fixture
def fatima(demo):
    """An accepted registration: فاطمة الزهراء البقالي of Tanger-Assilah."""
    someone = person(
        full_name_ar="فاطمة الزهراء البقالي", full_name_latin="Fatima Zahra Bakkali", cin="KB765432"
    )
    return register(demo, someone, profile="project_holder", channel="staff", project_idea="تربية النحل")


@pytest.fixture
def refused(demo):
    """A registration that is not accepted: too young."""
    young = person(
        full_name_ar="سلمى الوزاني", birth_date=datetime.date.today() - datetime.timedelta(days=3000)
    )
    registration = register(demo, young, profile="project_holder", channel="staff", project_idea="العسل")
    assert registration.decision != Decision.ACCEPTED
    return registration


def first_day(caravan):
    return caravan.dates()[0].isoformat()


def scan(client, q, caravan, **headers):
    return client.post(PAGE, {"q": q, "day": first_day(caravan)}, **headers)


# --- Who may use it -------------------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_the_login_page(personas, fatima):
    for response in [
        personas["anonymous"].get(PAGE),
        personas["anonymous"].post(PAGE, {"q": fatima.badge_code}),
        personas["anonymous"].get(WALK_IN),
        personas["anonymous"].post(f"{PAGE}1/undo/"),
    ]:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not CheckIn.objects.exists()


def test_it_refuses_trainers(personas, demo, fatima, staff):
    checkin = check_in(demo, fatima.badge_code, demo.start_date, staff["agent"]).checkin
    trainer = personas["trainer"]
    assert trainer.get(PAGE).status_code == 403
    assert scan(trainer, fatima.badge_code, demo).status_code == 403
    assert trainer.get(WALK_IN).status_code == 403
    assert trainer.post(undo_url(checkin)).status_code == 403
    assert CheckIn.objects.active().count() == 1


def test_agents_organisers_and_coordinators_open_it(personas):
    for name in ("agent", "organiser", "coordinator"):
        response = personas[name].get(PAGE)
        assert response.status_code == 200
        assert ar("Badge code, or name, CIN or phone") in response.content.decode()


def test_undo_answers_only_a_post(personas, demo, fatima, staff):
    checkin = check_in(demo, fatima.badge_code, demo.start_date, staff["agent"]).checkin
    assert personas["agent"].get(undo_url(checkin)).status_code == 405


# --- A badge code -----------------------------------------------------------------------------------------


def test_it_checks_a_person_in_by_a_typed_code(personas, demo, fatima, staff):
    code = fatima.badge_code
    response = scan(personas["agent"], f" {code[:5].lower()}-{code[5:]} ", demo)
    assert response.status_code == 200
    checkin = CheckIn.objects.get()
    assert (checkin.registration, checkin.day, checkin.agent) == (fatima, demo.start_date, staff["agent"])
    page = text(response)
    assert ar("Checked in") in page and 'data-kind="checked_in"' in response.content.decode()
    assert "فاطمة الزهراء البقالي" in page and "Fatima Zahra Bakkali" in page
    assert "طنجة" in page  # the province, in Arabic
    # The box is empty again and has the focus, ready for the next badge.
    assert re.search(r'<input type="text" name="q"[^>]*autofocus', response.content.decode())
    assert 'value="' + code not in response.content.decode().split('id="result"')[0]


def test_an_agent_never_sees_a_cin_phone_or_birth_date(personas, demo, fatima):
    response = scan(personas["agent"], fatima.badge_code, demo)
    page = response.content.decode()
    someone = fatima.person
    for secret in (someone.cin, someone.cin[-4:], someone.phone[-6:], "1990"):
        assert secret not in page


def test_an_organiser_sees_only_masked_identifiers_to_tell_people_apart(personas, demo, fatima):
    page = scan(personas["organiser"], fatima.badge_code, demo).content.decode()
    assert "KB****32" in page and fatima.person.cin not in page
    assert "1990" in page  # the year of birth


def test_a_second_scan_says_already_with_the_time_and_the_agent(personas, demo, fatima, staff):
    scan(personas["agent"], fatima.badge_code, demo)
    first = CheckIn.objects.get()
    response = scan(personas["organiser"], fatima.badge_code, demo)
    page = text(response)
    assert 'data-kind="already"' in response.content.decode() and her("Already checked in") in page
    when = timezone.localtime(first.at).strftime("%H:%M")
    assert when in page and staff["agent"].get_full_name() in page
    assert CheckIn.objects.count() == 1


def test_an_unknown_code_is_refused_in_red(personas, demo, fatima):
    response = scan(personas["agent"], "ZZZZ-99999", demo)
    assert 'data-kind="unknown_code"' in response.content.decode()
    assert "result-bad" in response.content.decode() and ar("Unknown badge") in text(response)
    assert "ZZZZ99999" in text(response)
    assert not CheckIn.objects.exists()


def test_a_registration_not_accepted_is_refused_with_the_person_named(personas, demo, refused):
    # Not accepted registrations have no badge code; one cancelled after its badge was printed still has one.
    refused.badge_code = "NTACCPTD23"
    refused.save(update_fields=["badge_code"])
    response = scan(personas["agent"], "ntaccptd23", demo)
    page = text(response)
    assert 'data-kind="not_accepted"' in response.content.decode() and her("Not accepted") in page
    assert "سلمى الوزاني" in page
    assert not CheckIn.objects.exists()


def test_htmx_gets_only_the_result_panel(personas, demo, fatima):
    response = scan(personas["agent"], fatima.badge_code, demo, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'data-kind="checked_in"' in page
    assert "<html" not in page and 'name="q"' not in page.replace('name="q" value', "")
    assert CheckIn.objects.count() == 1


# --- A search -------------------------------------------------------------------------------------------


def test_an_arabic_spelling_variant_finds_the_person_and_a_button_checks_them_in(personas, demo, fatima):
    response = scan(personas["agent"], "فاطمه البقالى", demo)  # ه for ة, ى for ي
    page = response.content.decode()
    assert 'data-kind="found"' in page and "فاطمة الزهراء البقالي" in page
    assert not CheckIn.objects.exists()  # a name never checks anyone in by itself
    assert f'name="q" value="{fatima.badge_code}"' in page  # the button posts the badge code
    response = scan(personas["agent"], fatima.badge_code, demo)
    assert 'data-kind="checked_in"' in response.content.decode()
    assert CheckIn.objects.get().registration == fatima


def test_a_latin_spelling_finds_a_name_written_in_arabic(personas, demo, fatima):
    Person.objects.filter(pk=fatima.person_id).update(full_name_latin="")
    page = scan(personas["agent"], "Fatima Zahra Baqali", demo).content.decode()
    assert 'data-kind="found"' in page and "فاطمة الزهراء البقالي" in page


def test_a_cin_or_phone_finds_the_person_without_showing_them(personas, demo, fatima):
    for typed in ("kb 765432", "0" + fatima.person.phone[4:]):
        page = scan(personas["agent"], typed, demo).content.decode()
        assert 'data-kind="found"' in page and "فاطمة الزهراء البقالي" in page
        assert "765432" not in page and fatima.person.phone[4:] not in page  # not even as typed


def test_the_reference_on_a_participants_phone_finds_them_without_auditing_personal_data(
    personas, demo, fatima
):
    page = scan(personas["agent"], fatima.reference_display.lower(), demo).content.decode()
    assert 'data-kind="found"' in page and "فاطمة الزهراء البقالي" in page
    assert not CheckIn.objects.exists()  # found, then checked in by its button, as after a name
    assert not AuditEntry.objects.filter(action="personal_data.searched").exists()


def test_a_search_by_cin_is_audited_without_the_number(personas, demo, fatima, staff):
    scan(personas["agent"], "KB765432", demo)
    scan(personas["agent"], "ZX111111", demo)
    entries = AuditEntry.objects.filter(action="personal_data.searched").order_by("pk")
    assert [(e.actor, e.details) for e in entries] == [
        (staff["agent"], {"field": "cin", "found": 1}),
        (staff["agent"], {"field": "cin", "found": 0}),
    ]


def test_a_cin_of_nobody_is_not_repeated_on_the_screen(personas, demo, fatima):
    response = scan(personas["agent"], "ZX111111", demo)
    assert 'data-kind="not_found"' in response.content.decode()
    assert "111111" not in response.content.decode()


def test_the_search_marks_who_is_already_in_and_who_is_not_accepted(personas, demo, fatima, refused, staff):
    check_in(demo, fatima.badge_code, demo.start_date, staff["agent"])
    page = text(scan(personas["agent"], "فاطمة البقالي", demo))
    assert her("Already checked in") in page
    page = text(scan(personas["agent"], "سلمى الوزاني", demo))
    assert her("Not accepted: send to the registration desk") in page


def test_a_name_that_finds_nobody_says_so(personas, demo, fatima):
    response = scan(personas["agent"], "عبد الرحيم المنصوري", demo)
    assert 'data-kind="not_found"' in response.content.decode()


# --- Undo -----------------------------------------------------------------------------------------------


def test_an_agent_takes_back_their_own_check_in_within_two_minutes(personas, demo, fatima, staff):
    response = scan(personas["agent"], fatima.badge_code, demo)
    checkin = CheckIn.objects.get()
    assert undo_url(checkin) in response.content.decode()  # the undo button
    response = personas["agent"].post(undo_url(checkin))
    assert 'data-kind="undone"' in response.content.decode()
    checkin.refresh_from_db()
    assert not checkin.is_active and checkin.undone_by == staff["agent"]
    assert AuditEntry.objects.filter(action="checkin.undone").count() == 1
    # …and the person can be checked in again.
    assert 'data-kind="checked_in"' in scan(personas["agent"], fatima.badge_code, demo).content.decode()


def test_another_agent_may_not_undo_a_check_in(personas, demo, fatima, staff):
    checkin = check_in(demo, fatima.badge_code, demo.start_date, staff["agent"]).checkin
    response = scan(personas["organiser"], fatima.badge_code, demo)  # "already": no undo button for them
    assert undo_url(checkin) not in response.content.decode()
    response = personas["organiser"].post(undo_url(checkin))
    assert 'data-kind="refused"' in response.content.decode()
    assert ar("Only the agent who checked this person in may undo it.") in text(response)
    assert CheckIn.objects.get().is_active


def test_a_check_in_older_than_two_minutes_cannot_be_undone(personas, demo, fatima, staff):
    checkin = check_in(demo, fatima.badge_code, demo.start_date, staff["agent"]).checkin
    CheckIn.objects.filter(pk=checkin.pk).update(
        at=timezone.now() - UNDO_WINDOW - datetime.timedelta(seconds=1)
    )
    assert undo_url(checkin) not in scan(personas["agent"], fatima.badge_code, demo).content.decode()
    response = personas["agent"].post(undo_url(checkin))
    assert ar("A check-in can only be undone in the two minutes after it.") in text(response)
    assert CheckIn.objects.get().is_active


def test_a_check_in_of_another_caravan_is_not_found_here(personas, demo, fatima, staff):
    checkin = check_in(demo, fatima.badge_code, demo.start_date, staff["agent"]).checkin
    other = f"/staff/caravans/another-caravan/check-in/{checkin.pk}/undo/"
    assert personas["agent"].post(other).status_code == 404


# --- The day --------------------------------------------------------------------------------------------


def test_outside_the_caravan_the_agent_picks_a_day_and_it_is_remembered(personas, demo, fatima):
    agent = personas["agent"]
    page = agent.get(PAGE).content.decode()
    assert '<select name="day"' in page
    last_day = demo.dates()[-1].isoformat()
    agent.post(PAGE, {"q": fatima.badge_code, "day": last_day})
    assert CheckIn.objects.get().day == demo.dates()[-1]
    assert f'<option value="{last_day}" selected>' in agent.get(PAGE).content.decode()


def test_on_a_day_of_the_caravan_it_is_today_without_asking(personas, demo, fatima):
    today = timezone.localdate()
    demo.start_date, demo.end_date = today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)
    demo.save()
    agent = personas["agent"]
    assert '<select name="day"' not in agent.get(PAGE).content.decode()
    agent.post(PAGE, {"q": fatima.badge_code, "day": demo.start_date.isoformat()})  # a stale day is ignored
    assert CheckIn.objects.get().day == today


# --- Walk-ins -------------------------------------------------------------------------------------------


def walk_in_row(**changes):
    data = {
        "full_name_ar": "رحمة العمراني",
        "full_name_latin": "",
        "cin": "LB345678",
        "sex": "female",
        "birth_date": "12/03/1985",
        "phone": "0662345678",
        "province": "طنجة أصيلة",
        "commune": "",
        "community": "أولاد علي",
        "profile": "project_holder",
        "cooperative_name": "",
        "cooperative_founded": "",
        "project_idea": "تربية الماعز",
        "sector": "",
        "consent": "on",
    }
    return {**data, **changes}


def test_an_accepted_walk_in_is_registered_and_checked_in_on_the_spot(personas, demo, staff):
    agent = personas["agent"]
    scan(agent, "nobody", demo)  # the agent picked the first day on the check-in page
    assert agent.get(WALK_IN).status_code == 200
    response = agent.post(WALK_IN, walk_in_row())
    assert response.status_code == 302 and response["Location"] == PAGE  # nothing personal in the address
    registration = Registration.objects.get()
    assert (registration.channel, registration.decision) == ("walk_in", Decision.ACCEPTED)
    checkin = CheckIn.objects.get()
    assert (checkin.registration, checkin.agent, checkin.day) == (
        registration,
        staff["agent"],
        demo.start_date,
    )
    page = agent.get(PAGE).content.decode()
    assert 'data-kind="checked_in"' in page and "رحمة العمراني" in page
    assert 'data-kind="checked_in"' not in agent.get(PAGE).content.decode()  # shown once


def test_a_walk_in_the_rules_refuse_is_registered_but_not_checked_in(personas, demo):
    agent = personas["agent"]
    agent.post(WALK_IN, walk_in_row(province="Kénitra"))  # outside the caravan's region
    registration = Registration.objects.get()
    assert registration.decision == Decision.INELIGIBLE and registration.channel == "walk_in"
    assert not CheckIn.objects.exists()
    page = agent.get(PAGE).content.decode()
    assert 'data-kind="walk_in"' in page and "رحمة العمراني" in page


def test_a_walk_in_needs_what_the_identity_card_shows(personas, demo):
    response = personas["agent"].post(WALK_IN, walk_in_row(cin="", birth_date=""))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"cin", "birth_date"}
    assert not Registration.objects.exists()


def test_someone_already_registered_is_not_registered_twice_as_a_walk_in(personas, demo, fatima):
    response = personas["agent"].post(WALK_IN, walk_in_row(cin=fatima.person.cin))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["already_registered"]
    assert Registration.objects.count() == 1 and not CheckIn.objects.exists()
