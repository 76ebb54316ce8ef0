import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEntry
from core.permissions import PERMISSIONS, Role
from places.models import Province
from registration import queries
from registration.reasons import message
from registration.services import register

from .factories import person


def url(caravan, **params):
    base = reverse("registration:staff_registrations", args=[caravan.slug])
    return f"{base}?{urlencode(params)}" if params else base


def search(client, caravan, text, **filters):
    """The list found by typing `text` in its search box (POSTed, then the address it redirects to)."""
    return client.post(url(caravan), {"q": text, **filters}, follow=True)


def registered(caravan, profile="project_holder", project_idea="تربية النحل", **fields):
    return register(caravan, person(**fields), profile=profile, channel="staff", project_idea=project_idea)


def names_on(response):
    return {registration.person.full_name_ar for registration, _shown, _reasons in response.context["rows"]}


@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_it_refuses_roles_that_may_not_see_registrations(personas, demo, persona):
    assert personas[persona].get(url(demo)).status_code == 403


def test_it_sends_anonymous_visitors_to_the_login_page(personas, demo):
    response = personas["anonymous"].get(url(demo))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_counts_registrations_by_decision(personas, demo):
    registered(demo), registered(demo), registered(demo, project_idea="")
    counts = dict(
        (decision.value, count) for decision, count in personas["organiser"].get(url(demo)).context["counts"]
    )
    assert counts["accepted"] == 2 and counts["ineligible"] == 1 and counts["cancelled"] == 0


def test_it_combines_the_filters(personas, demo):
    tetouan = Province.objects.get(code="MA-TET")
    registered(demo, full_name_ar="سعاد الأولى")
    registered(demo, full_name_ar="سعاد بلا فكرة", project_idea="")
    registered(demo, full_name_ar="كريم بلا فكرة", project_idea="", sex="male")
    registered(demo, full_name_ar="سعاد تطوان", province=tetouan, project_idea="")
    client = personas["organiser"]
    assert names_on(client.get(url(demo, decision="ineligible"))) == {
        "سعاد بلا فكرة",
        "كريم بلا فكرة",
        "سعاد تطوان",
    }
    assert names_on(client.get(url(demo, reason="no_project_idea", sex="female"))) == {
        "سعاد بلا فكرة",
        "سعاد تطوان",
    }
    assert names_on(client.get(url(demo, reason="no_project_idea", province="MA-TET"))) == {"سعاد تطوان"}
    assert names_on(client.get(url(demo, profile="cooperative_member"))) == set()


def test_it_ignores_a_filter_value_it_does_not_know(personas, demo):
    registered(demo, full_name_ar="سعاد")
    response = personas["organiser"].get(url(demo, decision="nonsense", province="MA-XXX"))
    assert response.status_code == 200 and names_on(response) == {"سعاد"}


@pytest.mark.parametrize(
    ("stored_ar", "stored_latin", "typed"),
    [
        ("مُحمّد العلمي", "", "محمد"),  # diacritics
        ("محمـــد العلمي", "", "محمد العلمي"),  # tatweel
        ("أحمد إبراهيم", "", "احمد ابراهيم"),  # hamza on alef
        ("فاطمة الزهراء", "", "فاطمه"),  # taa marbuta
        ("مصطفى بناني", "", "مصطفي"),  # alef maqsura
        ("محمد العلمي", "", "علمي"),  # the article
        ("محمد العلمي", "", "Mohammed"),  # Latin transliteration
        ("محمد العلمي", "", "Mohamed El Alami"),
        ("يوسف الإدريسي", "", "Youssef Idrissi"),
        ("", "Fatima Zahra El Idrissi", "فاطمة الزهراء"),  # Arabic typed, Latin stored
        ("عبد الله", "", "Abdellah"),
    ],
)
def test_it_finds_a_name_across_spellings_and_scripts(personas, demo, stored_ar, stored_latin, typed):
    registered(demo, full_name_ar=stored_ar, full_name_latin=stored_latin)
    registered(demo, full_name_ar="كريمة السوسي", full_name_latin="Karima Soussi")
    found = [
        r.person.full_name_ar or r.person.full_name_latin
        for r, *_ in search(personas["organiser"], demo, typed).context["rows"]
    ]
    assert found == [stored_ar or stored_latin]


def test_it_finds_nobody_for_a_name_nobody_has(personas, demo):
    registered(demo, full_name_ar="محمد العلمي", full_name_latin="Mohamed El Alami")
    assert names_on(search(personas["organiser"], demo, "Karim")) == set()


def test_it_finds_someone_by_exact_cin_or_phone(personas, demo):
    registered(demo, full_name_ar="سعاد", cin="KB123456", phone="+212612345678")
    registered(demo, full_name_ar="كريمة")
    client = personas["organiser"]
    assert names_on(search(client, demo, "kb 123456")) == {"سعاد"}
    assert names_on(search(client, demo, "06 12 34 56 78")) == {"سعاد"}


def test_it_finds_someone_by_the_reference_they_were_given(personas, demo):
    souad = registered(demo, full_name_ar="سعاد")
    registered(demo, full_name_ar="كريمة")
    assert names_on(search(personas["organiser"], demo, souad.reference_display)) == {"سعاد"}
    assert names_on(search(personas["organiser"], demo, souad.reference.lower())) == {"سعاد"}
    detail = reverse("registration:staff_registration", args=[demo.slug, souad.pk])
    assert souad.reference_display in personas["organiser"].get(detail).content.decode()


def test_a_search_never_puts_what_was_typed_in_an_address(personas, demo):
    registered(demo, full_name_ar="سعاد", cin="KB123456", phone="+212612345678")
    for _ in range(51):
        registered(demo, full_name_ar="سعاد", project_idea="")
    client = personas["organiser"]
    answer = client.post(url(demo), {"q": "KB123456", "decision": "accepted"})
    address = answer["Location"]
    assert answer.status_code == 302 and "KB123456" not in address and "decision=accepted" in address
    page = client.get(address)
    assert names_on(page) == {"سعاد"} and len(page.context["rows"]) == 1
    links = re.findall(r'href="([^"]*)"', page.content.decode())
    assert not [link for link in links if "KB123456" in link or "q=" in link]
    exported = [link for link in links if "/export" in link or "csv" in link]
    assert exported and all("s=" in link for link in exported)
    paged = client.post(url(demo), {"q": "سعاد"}, follow=True)
    next_page = re.search(r'href="(\?[^"]*page=2)"', paged.content.decode()).group(1).replace("&amp;", "&")
    assert "q=" not in next_page and len(client.get(url(demo) + next_page).context["rows"]) == 2
    assert "KB123456" not in str(AuditEntry.objects.values_list("details", flat=True))


def test_a_search_is_read_only_by_the_browser_that_typed_it(personas, demo, client):
    registered(demo, full_name_ar="سعاد", cin="KB123456")
    registered(demo, full_name_ar="كريمة")
    address = personas["organiser"].post(url(demo), {"q": "KB123456"})["Location"]
    client.force_login(get_user_model().objects.get(username="organiser"))
    assert names_on(client.get(address)) == {"سعاد", "كريمة"}  # another session: no search behind the token
    assert names_on(personas["organiser"].get(url(demo, q="KB123456"))) == {
        "سعاد",
        "كريمة",
    }  # ?q= is not read


def test_the_search_by_cin_is_closed_to_roles_without_personal_data(demo):
    registration = registered(demo, cin="KB123456")
    registrations = queries.for_caravan(demo)
    assert queries.search_ids(registrations, "KB123456", personal_data=True) == [registration.pk]
    assert queries.search_ids(registrations, "KB123456", personal_data=False) == []


def test_it_shows_decisions_reasons_and_badges_in_the_active_language(personas, demo):
    accepted = registered(demo, full_name_ar="سعاد")
    registered(demo, full_name_ar="كريمة", project_idea="")
    client = personas["organiser"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(url(demo)).content.decode()
    assert accepted.badge_code in page
    assert message("no_project_idea", "fr") in page and message("no_project_idea", "ar") not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert message("no_project_idea", "ar") in client.get(url(demo)).content.decode()


def test_it_shows_cin_and_phone_to_roles_with_personal_data_and_audits_the_look(personas, demo):
    registered(demo, cin="KB123456", phone="+212612345678")
    page = personas["organiser"].get(url(demo, sex="female")).content.decode()
    assert "KB123456" in page and "06 12 34 56 78" in page
    entry = AuditEntry.objects.get(action="personal_data.viewed")
    assert entry.actor.username == "organiser" and entry.details["filters"] == {"sex": "female"}


def test_it_masks_cin_and_phone_for_a_role_without_personal_data(personas, demo, monkeypatch):
    monkeypatch.setitem(PERMISSIONS, "personal_data.view", {Role.COORDINATOR})
    registered(demo, cin="KB123456", phone="+212612345678")
    page = personas["organiser"].get(url(demo)).content.decode()
    assert "KB****56" in page and "06 •• •• •• 78" in page
    assert "KB123456" not in page and "12 34 56" not in page
    assert not AuditEntry.objects.filter(action="personal_data.viewed").exists()


def test_it_pages_by_fifty(personas, demo):
    for _ in range(52):
        registered(demo)
    client = personas["organiser"]
    assert len(client.get(url(demo)).context["rows"]) == 50
    assert len(client.get(url(demo, page=2)).context["rows"]) == 2


def test_its_query_count_does_not_grow_with_the_rows(personas, demo, django_assert_max_num_queries):
    client = personas["organiser"]
    first = registered(demo, project_idea="")
    with CaptureQueriesContext(connection) as few:
        assert names_on(search(client, demo, "فاطمة")) == {first.person.full_name_ar}
    for index in range(30):
        registered(demo, project_idea="" if index % 2 else "عسل")
    everyone = set(demo.registrations.values_list("person__full_name_ar", flat=True))
    assert len(everyone) == 31
    with django_assert_max_num_queries(len(few)):
        searched = search(client, demo, "فاطمة")
    with django_assert_max_num_queries(len(few)):
        listed = client.get(url(demo))
    assert names_on(searched) == everyone and names_on(listed) == everyone


@pytest.fixture
def phone_list(demo_site):
    """Registrations on the live demo site, and the organiser who reads them (loaded before the browser)."""
    from caravans.demo import load_demo_users

    load_demo_users(demo_site.caravan, password="pw")
    for index in range(3):
        registered(
            demo_site.caravan,
            full_name_latin=f"Fatima Zahra El Idrissi {index}",
            project_idea="" if index else "عسل",
        )
    return demo_site


def test_its_list_fits_a_360_px_phone(phone_list, new_page):
    page = new_page()
    page.goto(phone_list.url + "/accounts/login/")
    page.fill("input[name=username]", "organiser")
    page.fill("input[name=password]", "pw")
    page.click("main button[type=submit], main input[type=submit]")
    page.goto(phone_list.url + f"/staff/caravans/{phone_list.caravan.slug}/registrations/")
    page.fill("input[name=q]", "Fatima")
    page.click("form.filters button[type=submit]")
    assert page.locator(".people > li").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
