"""The national coordinator's list of staff accounts: roles, a new account, deactivation, a one-time link."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from core.models import ApiToken, AuditEntry
from core.tests.i18n import ar

User = get_user_model()
ACCOUNTS = "/staff/accounts/"
NEW_PASSWORD = "caravane-de-tetouan-2025"


def urls_of(user):
    return [
        f"{ACCOUNTS}{user.pk}/deactivate/",
        f"{ACCOUNTS}{user.pk}/reactivate/",
        f"{ACCOUNTS}{user.pk}/link/",
        f"{ACCOUNTS}{user.pk}/two-factor/",
    ]


@pytest.fixture
def amina(demo):
    return User.objects.create_user("amina", password="pw-amina-2025", first_name="Amina", last_name="Tazi")


def login(username, password):
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": password}).status_code == 302
    return client


def test_it_is_for_the_national_coordinator_only(personas, amina):
    assert personas["coordinator"].get(ACCOUNTS).status_code == 200
    response = personas["anonymous"].get(ACCOUNTS)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    for persona in ["organiser", "trainer", "agent"]:
        assert personas[persona].get(ACCOUNTS).status_code == 403, persona
        assert (
            personas[persona].post(ACCOUNTS + "new/", {"full_name": "X", "username": "x"}).status_code == 403
        )
        for url in urls_of(amina):
            assert personas[persona].post(url).status_code == 403, url
    assert not User.objects.filter(username="x").exists() and User.objects.get(pk=amina.pk).is_active
    assert not AuditEntry.objects.filter(action__startswith="account.")


def test_it_lists_every_account_with_its_roles(personas, amina):
    page = personas["coordinator"].get(ACCOUNTS).content.decode()
    assert "Amina Tazi" in page and ar("No role yet") in page
    assert ar("Caravan organiser") in page and "/staff/caravans/tanger-2025/team/" in page
    assert ar("National coordinator") in page


def test_it_creates_an_account_and_shows_its_one_time_link(personas, demo):
    form = {"full_name": "Youssef Alami", "username": "youssef", "email": "", "phone": ""}
    response = personas["coordinator"].post(ACCOUNTS + "new/", form)
    assert response.status_code == 200 and response.context["link"] in response.content.decode()
    youssef = User.objects.get(username="youssef")
    assert not youssef.has_usable_password() and not youssef.staff_assignments.exists()
    client = Client()
    set_form = client.get(response.context["link"], follow=True)
    client.post(
        set_form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert login("youssef", NEW_PASSWORD)


def test_it_refuses_a_username_already_taken(personas, amina):
    count = User.objects.count()
    response = personas["coordinator"].post(ACCOUNTS + "new/", {"full_name": "Amina B.", "username": "Amina"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert User.objects.count() == count


def test_deactivating_ends_the_persons_sessions_and_api_tokens_at_once(personas, amina):
    browser = login("amina", "pw-amina-2025")
    token = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(amina)}"}
    assert browser.get("/accounts/me/").status_code == 200

    response = personas["coordinator"].post(f"{ACCOUNTS}{amina.pk}/deactivate/")

    assert response.status_code == 302 and response.url == ACCOUNTS
    response = browser.get("/accounts/me/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert Client().get("/api/v1/caravans", **token).status_code == 401
    assert AuditEntry.objects.get(action="account.deactivated").actor.username == "coordinator"

    personas["coordinator"].post(f"{ACCOUNTS}{amina.pk}/reactivate/")
    assert login("amina", "pw-amina-2025") and Client().get("/api/v1/caravans", **token).status_code == 200


def test_a_deactivated_organiser_loses_their_caravan(personas):
    organiser = User.objects.get(username="organiser")
    personas["coordinator"].post(f"{ACCOUNTS}{organiser.pk}/deactivate/")
    response = personas["organiser"].get("/staff/caravans/tanger-2025/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_coordinator_cannot_deactivate_their_own_account(personas):
    coordinator = User.objects.get(username="coordinator")
    response = personas["coordinator"].post(f"{ACCOUNTS}{coordinator.pk}/deactivate/", follow=True)
    assert ar("You cannot deactivate your own account.") in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_a_link_on_screen_replaces_a_lost_password(personas, amina):
    response = personas["coordinator"].post(f"{ACCOUNTS}{amina.pk}/link/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    client = Client()
    set_form = client.get(response.context["link"], follow=True)
    client.post(
        set_form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert login("amina", NEW_PASSWORD)
    assert (
        Client().post("/accounts/login/", {"username": "amina", "password": "pw-amina-2025"}).status_code
        == 200
    )
    assert AuditEntry.objects.get(action="account.link_issued").details == {"username": "amina"}


def test_the_coordinator_removes_a_lost_authenticator_and_its_owner_sets_up_a_new_one(personas, amina):
    TOTPDevice.objects.create(user=amina, name="authenticator", confirmed=True)
    StaticDevice.objects.create(user=amina, name="recovery").token_set.create(token="abcd1234")
    page = personas["coordinator"].get(ACCOUNTS)
    assert f'action="{ACCOUNTS}{amina.pk}/two-factor/"' in page.text
    response = personas["coordinator"].post(f"{ACCOUNTS}{amina.pk}/two-factor/", follow=True)
    assert "Amina Tazi" in response.text and not two_factor.has_device(amina)
    assert not StaticDevice.objects.filter(user=amina).exists()
    assert AuditEntry.objects.filter(action="account.two_factor_removed").count() == 1
    assert f'action="{ACCOUNTS}{amina.pk}/two-factor/"' not in personas["coordinator"].get(ACCOUNTS).text
    personas["coordinator"].post(f"{ACCOUNTS}{amina.pk}/two-factor/")  # a second click changes nothing
    assert AuditEntry.objects.filter(action="account.two_factor_removed").count() == 1
