"""A staff member enters people one after another from a paper list, from the keyboard."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from caravans.models import Caravan, StaffAssignment
from caravans.services import copy_caravan
from core.permissions import Role
from core.tests.i18n import ar
from people.models import Person, PossibleDuplicate, SoulaliyateCommunity
from places.models import Province, Region
from registration.models import Registration
from registration.reasons import message
from registration.services import register

from .factories import person

ENTRY = "/staff/caravans/tanger-2025/registrations/new/"


def row(**changes):
    """One line of a paper list from a douar of Tanger-Assilah, as the agent types it."""
    data = {
        "province": "طنجة أصيلة",
        "commune": "Asilah",
        "community": "أولاد علي",
        "profile": "project_holder",
        "cooperative_name": "",
        "cooperative_founded": "",
        "full_name_ar": "خديجة البقالي",
        "full_name_latin": "",
        "cin": "LB234567",
        "sex": "female",
        "birth_date": "1985",
        "phone": "0661234567",
        "project_idea": "تثمين زيت الزيتون",
        "sector": "",
        "consent": "on",
    }
    return {**data, **changes}


def counts():
    return Person.objects.count(), Registration.objects.count()


def test_it_enters_a_person_with_consent_recorded_by_the_agent(personas):
    response = personas["agent"].post(ENTRY, row(birth_date="03/04/1985"))
    assert response.status_code == 302 and response["Location"] == ENTRY  # nothing personal in the address
    registration = Registration.objects.get()
    agent = get_user_model().objects.get(username="agent")
    assert (registration.channel, registration.created_by, registration.decision) == (
        "staff",
        agent,
        "accepted",
    )
    entered = registration.person
    assert (entered.cin, entered.phone, entered.birth_date) == (
        "LB234567",
        "+212661234567",
        datetime.date(1985, 4, 3),
    )
    assert entered.province.code == "MA-TNG" and entered.commune.name_fr == "Asilah"
    assert (entered.consent_channel, entered.consent_recorded_by) == ("staff", agent) and entered.consent_at


def test_it_shows_the_decision_then_an_empty_form_that_keeps_the_lists_details(personas):
    agent = personas["agent"]
    agent.post(ENTRY, row(birth_date=""))  # a year or a date missing: the rules ask for a review
    response = agent.get(ENTRY)
    page = response.content.decode()
    assert ar("Saved: %(name)s — %(decision)s", name="خديجة البقالي", decision=ar("To review")) in page
    assert message("age_unverified", "ar") in page
    form = response.context["form"]
    kept = {name: form[name].value() for name in ("province", "commune", "community", "profile")}
    assert kept == {
        "province": "طنجة أصيلة",
        "commune": "Asilah",
        "community": "أولاد علي",
        "profile": "project_holder",
    }
    assert not form["full_name_ar"].value() and not form["cin"].value() and not form["consent"].value()
    assert form.fields["full_name_ar"].widget.attrs.get("autofocus")  # ready for the next person
    assert (
        "Saved" not in agent.get(ENTRY).content.decode()
        and ar("To review") not in agent.get(ENTRY).content.decode()
    )


def test_it_enters_the_next_person_of_the_list_with_few_fields(personas):
    agent = personas["agent"]
    agent.post(ENTRY, row())
    kept = agent.get(ENTRY).context["form"].initial
    agent.post(ENTRY, {**kept, "full_name_ar": "رحمة العمراني", "cin": "LB345678", "sex": "female",
                       "birth_date": "1979", "phone": "0662345678", "project_idea": "تربية الماعز",
                       "consent": "on"})  # fmt: skip
    second = Registration.objects.latest("id")
    assert second.person.full_name_ar == "رحمة العمراني" and second.person.commune.name_fr == "Asilah"
    assert second.person.community_declared == "أولاد علي" and second.decision == "accepted"


def test_it_starts_another_list_on_request(personas):
    agent = personas["agent"]
    agent.post(ENTRY, {**row(), "clear": "1"})
    form = agent.get(ENTRY).context["form"]
    assert not form["community"].value() and not form["profile"].value()
    assert form.fields["province"].widget.attrs.get("autofocus")  # a new list starts with its place


@pytest.mark.parametrize("typed", ["Tanger-Assilah", "tanger assilah", "طنجة - أصيلة", "TANGER ASSILAH"])
def test_it_finds_the_province_in_either_script(personas, typed):
    personas["agent"].post(ENTRY, row(province=typed))
    assert Registration.objects.get().person.province.code == "MA-TNG"


def test_it_links_a_known_community_and_keeps_an_unknown_one_as_declared(personas):
    known = SoulaliyateCommunity.objects.create(
        province=Province.objects.get(code="MA-TNG"), name_ar="جماعة الغربية", name_fr="Gharbia"
    )
    personas["agent"].post(ENTRY, row(community="gharbia"))
    personas["agent"].post(ENTRY, row(community="دوار لم يسجل بعد", cin="LB999999", phone="0669999999"))
    first, second = (r.person for r in Registration.objects.order_by("id"))
    assert (first.community, first.community_declared) == (known, "")
    assert (second.community, second.community_declared) == (None, "دوار لم يسجل بعد")


def test_it_takes_someone_without_a_cin_for_review(personas):
    personas["agent"].post(ENTRY, row(cin=""))
    registration = Registration.objects.get()
    assert registration.decision == "needs_review" and registration.reasons == ["missing_cin"]


def test_it_sends_a_likely_duplicate_to_review(personas):
    known = person(
        full_name_ar="خديجة البقالى",
        full_name_latin="",
        phone="+212661234567",
        birth_date=datetime.date(1985, 4, 3),
    )
    personas["agent"].post(ENTRY, row(cin=""))
    registration = Registration.objects.get()
    assert registration.decision == "needs_review" and "possible_duplicate" in registration.reasons
    assert PossibleDuplicate.objects.get(person=registration.person).other == known


def test_it_refuses_someone_already_registered_and_keeps_what_was_typed(personas, demo):
    already = person(cin="LB234567")
    register(demo, already, profile="project_holder", channel="import", project_idea="عسل")
    before = counts()
    response = personas["agent"].post(ENTRY, row(cin="lb-234567"))
    assert response.status_code == 200 and counts() == before
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["already_registered"]
    assert 'value="خديجة البقالي"' in response.content.decode()


@pytest.mark.parametrize(
    "changes,field,code",
    [
        ({"cin": "12-34"}, "cin", "invalid_cin"),
        ({"phone": "0612"}, "phone", "invalid_phone"),
        ({"birth_date": "30/02/1985"}, "birth_date", "invalid_date"),
        ({"birth_date": "1/1/2999"}, "birth_date", "invalid_date"),
        ({"cooperative_founded": "2020-13-01"}, "cooperative_founded", "invalid_date"),
        ({"consent": ""}, "consent", "required"),
        ({"full_name_ar": "", "full_name_latin": ""}, "full_name_ar", "missing_name"),
        ({"province": "Atlantis"}, "province", "unknown_province"),
        ({"profile": ""}, "profile", "required"),
    ],
)
def test_it_saves_nothing_on_an_error_and_puts_the_focus_on_it(personas, changes, field, code):
    before = counts()
    response = personas["agent"].post(ENTRY, row(**changes))
    assert response.status_code == 200 and counts() == before
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()[field]] == [code]
    assert form.fields[field].widget.attrs.get("autofocus")


def test_it_moves_a_latin_name_typed_in_the_arabic_box(personas):
    personas["agent"].post(ENTRY, row(full_name_ar="Khadija Bakkali"))
    entered = Registration.objects.get().person
    assert (entered.full_name_ar, entered.full_name_latin) == ("", "Khadija Bakkali")


def test_it_suggests_the_province_when_the_caravan_is_for_a_single_one(personas, demo):
    region = Region.objects.create(code="XX-01", name_ar="جهة تجريبية", name_fr="Région d'essai")
    Province.objects.create(
        code="XX-ONE", region=region, kind="province", name_ar="إقليم وحيد", name_fr="Unique"
    )
    Caravan.objects.filter(pk=demo.pk).update(eligibility={**demo.eligibility, "region_codes": ["XX-01"]})
    assert personas["organiser"].get(ENTRY).context["form"]["province"].value() == "إقليم وحيد"
    Caravan.objects.filter(pk=demo.pk).update(eligibility={**demo.eligibility, "region_codes": ["MA-01"]})
    assert not personas["organiser"].get(ENTRY).context["form"]["province"].value()


def test_it_is_built_for_the_keyboard(personas):
    page = personas["agent"].get(ENTRY).content.decode()
    buttons = page.split('type="submit"')
    assert (
        ar("Save and next") in buttons[1] and 'name="clear"' in buttons[1] + buttons[2]
    )  # Enter = save and next
    assert page.index('name="province"') < page.index('name="full_name_ar"') < page.index('name="consent"')
    assert 'list="provinces"' in page and '<option value="Tanger-Assilah">' in page
    assert "tabindex" not in page  # the order is the page's own


def test_it_lets_the_agents_and_organisers_enter_people(personas):
    names = {"coordinator": "زينب العمراني", "organiser": "سعاد الإدريسي", "agent": "خديجة البقالي"}
    for number, (persona, name) in enumerate(names.items()):
        assert personas[persona].get(ENTRY).status_code == 200, persona
        entered = row(full_name_ar=name, cin=f"LB23456{number}", phone=f"066123456{number}")
        assert personas[persona].post(ENTRY, entered).status_code == 302, persona
    entered_by = dict(Registration.objects.values_list("created_by__username", "person__full_name_ar"))
    assert entered_by == names


def test_it_sends_an_anonymous_visitor_to_the_login_page(personas):
    response = personas["anonymous"].post(ENTRY, row())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert counts() == (0, 0)


def test_it_refuses_a_trainer(personas):
    assert personas["trainer"].get(ENTRY).status_code == 403
    assert personas["trainer"].post(ENTRY, row()).status_code == 403
    assert counts() == (0, 0)


def test_it_refuses_the_agent_of_another_caravan(demo):
    other = copy_caravan(demo, "tetouan-2025", start=datetime.date(2025, 3, 10))
    user = get_user_model().objects.create_user("other-agent")
    StaffAssignment.objects.create(user=user, caravan=other, role=Role.AGENT)
    client = Client()
    client.force_login(user)
    assert client.post(ENTRY, row()).status_code == 403
    assert client.get("/staff/caravans/tetouan-2025/registrations/new/").status_code == 200
    assert counts() == (0, 0)
