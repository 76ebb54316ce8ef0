"""Staff accounts: created without a password, deactivated (which ends their sessions and tokens at once)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import Contact
from accounts.services import AccountError, create_account, deactivate, issue_link, reactivate
from core.models import ApiToken, AuditEntry

User = get_user_model()


@pytest.fixture
def coordinator(db):
    return User.objects.create_user("national", first_name="Nadia")


@pytest.fixture
def amina(db):
    return User.objects.create_user("amina", password="pw-amina-2025")


def test_it_creates_an_active_account_without_a_password_and_audits_it(coordinator):
    user = create_account(coordinator, "khadija", " Khadija Ait Ali ", "khadija@example.ma", "+212612345678")
    assert user.is_active and not user.has_usable_password()
    assert (user.first_name, user.last_name, user.email) == ("Khadija", "Ait Ali", "khadija@example.ma")
    assert Contact.objects.get(user=user).phone == "+212612345678"
    entry = AuditEntry.objects.get(action="account.created")
    assert (entry.actor, entry.details) == (coordinator, {"username": "khadija"})


@pytest.mark.parametrize(
    "username, email, code",
    [("AMINA", "", "username_taken"), ("amina2", "Amina@Example.ma", "email_taken")],
)
def test_it_refuses_a_username_or_email_already_taken_whatever_its_case(
    coordinator, amina, username, email, code
):
    User.objects.filter(pk=amina.pk).update(email="amina@example.ma")
    before = User.objects.count()
    with pytest.raises(AccountError) as refusal:
        create_account(coordinator, username, "Someone", email)
    assert refusal.value.code == code and User.objects.count() == before


def login(username, password):
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": password}).status_code == 302
    return client


def test_deactivating_ends_the_open_sessions_and_api_tokens_at_once(coordinator, amina):
    browser = login("amina", "pw-amina-2025")
    token = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(amina)}"}
    assert browser.get("/accounts/me/").status_code == 200
    assert Client().get("/api/v1/caravans", **token).status_code == 200

    deactivate(coordinator, amina)

    response = browser.get("/accounts/me/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    answer = Client().get("/api/v1/caravans", **token)
    assert answer.status_code == 401 and answer.json()["code"] == "invalid_token"
    assert (
        Client().post("/accounts/login/", {"username": "amina", "password": "pw-amina-2025"}).status_code
        == 200
    )
    assert AuditEntry.objects.filter(action="account.deactivated", actor=coordinator).count() == 1


def test_reactivating_gives_the_account_back(coordinator, amina):
    token = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(amina)}"}
    deactivate(coordinator, amina)
    reactivate(coordinator, amina)
    assert login("amina", "pw-amina-2025").get("/accounts/me/").status_code == 200
    assert Client().get("/api/v1/caravans", **token).status_code == 200
    assert AuditEntry.objects.filter(action="account.reactivated").count() == 1


def test_a_repeat_changes_nothing_and_is_audited_once(coordinator, amina):
    deactivate(coordinator, amina)
    deactivate(coordinator, amina)
    reactivate(coordinator, amina)
    reactivate(coordinator, amina)
    actions = list(AuditEntry.objects.filter(action__startswith="account.").values_list("action", flat=True))
    assert sorted(actions) == ["account.deactivated", "account.reactivated"]


def test_no_one_deactivates_their_own_account(coordinator):
    with pytest.raises(AccountError) as refusal:
        deactivate(coordinator, coordinator)
    assert refusal.value.code == "own_account"
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_only_a_superuser_deactivates_a_superuser_or_gets_a_link_for_them(coordinator):
    root = User.objects.create_superuser("root", "root@example.ma", "pw")
    for action in (deactivate, issue_link):
        with pytest.raises(AccountError) as refusal:
            action(coordinator, root)
        assert refusal.value.code == "superuser"
    other_root = User.objects.create_superuser("root2", "root2@example.ma", "pw")
    assert issue_link(other_root, root).startswith("/accounts/set-password/")


def test_a_link_is_issued_for_an_active_account_only_and_audited(coordinator, amina):
    assert issue_link(coordinator, amina).startswith("/accounts/set-password/")
    assert AuditEntry.objects.filter(action="account.link_issued", actor=coordinator).count() == 1
    deactivate(coordinator, amina)
    with pytest.raises(AccountError) as refusal:
        issue_link(coordinator, amina)
    assert refusal.value.code == "inactive_account"
