"""Two-factor login: coordinators and organisers set up an authenticator before any staff page, every login of
someone who has one asks for its code (or a recovery code, once), wrong codes are refused and slowed down, and
trainers may keep their password alone. The API's bearer tokens are not concerned."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import ApiToken, AuditEntry

STAFF_HOME, ENROL, CODE = "/staff/", "/accounts/two-factor/", "/accounts/two-factor/code/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.QAFILA_REQUIRE_2FA = True


def logged_in(username):
    """A browser that gave `username`'s password on the login page (the demo users' password is "pw")."""
    client = Client()
    answer = client.post("/accounts/login/", {"username": username, "password": "pw"})
    assert answer.status_code == 302, "the password was refused"
    return client


def code_now(user):
    """What the user's authenticator app shows now, computed from the device's key as the app does."""
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrolled(username):
    """`username` with an authenticator set up through the page, and the recovery codes it showed."""
    client = logged_in(username)
    client.get(ENROL)
    page = client.post(ENROL, {"code": code_now(user(username))}).content.decode()
    return re.findall(r"<li>([a-z2-7]{8})</li>", page)


def user(username):
    return get_user_model().objects.get(username=username)


def test_a_coordinator_without_an_authenticator_is_sent_to_set_one_up_before_any_staff_page(demo):
    client = logged_in("coordinator")
    for page in (STAFF_HOME, f"/staff/caravans/{demo.slug}/hub/", "/staff/audit/", "/admin/"):
        answer = client.get(page)
        assert answer.status_code == 302 and answer["Location"].startswith(ENROL), page
    assert client.get(STAFF_HOME, follow=True).redirect_chain[-1][0] == f"{ENROL}?next=%2Fstaff%2F"


def test_a_session_opened_without_the_login_page_is_held_too(demo):
    client = Client()
    client.force_login(user("organiser"))
    assert client.get(STAFF_HOME)["Location"].startswith(ENROL)


def test_the_set_up_page_shows_a_qr_code_and_the_key_then_the_recovery_codes_once(demo):
    client = logged_in("organiser")
    page = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=user("organiser"), confirmed=False)
    assert "<svg" in page and "Qafila" in device.config_url
    key = re.search(r'id="secret">([A-Z2-7 ]+)<', page).group(1)
    assert len(key.replace(" ", "")) == 32  # the 20-byte key in base 32, as typed into an app
    assert "no-store" in client.get(ENROL)["Cache-Control"]

    refused = client.post(ENROL, {"code": "000000"})
    assert "هذا الرمز خاطئ" in refused.content.decode()
    assert client.get(STAFF_HOME).status_code == 302

    with time_machine.travel(datetime.datetime.now().astimezone() + datetime.timedelta(seconds=5)):
        shown = client.post(ENROL, {"code": code_now(user("organiser"))})
        codes = re.findall(r"<li>([a-z2-7]{8})</li>", shown.content.decode())
        assert len(set(codes)) == 10
        assert client.get(STAFF_HOME).status_code == 200
    assert AuditEntry.objects.filter(
        action="account.two_factor_enabled", actor__username="organiser"
    ).exists()
    assert "no-store" in shown["Cache-Control"]


def test_a_login_asks_for_the_code_and_refuses_a_wrong_one(demo):
    enrolled("coordinator")
    client = logged_in("coordinator")
    for page in (STAFF_HOME, ENROL):  # the password alone cannot set up another phone either
        assert client.get(page)["Location"].startswith(CODE)
    assert "هذا الرمز خاطئ" in client.post(CODE, {"code": "123456"}).content.decode()
    assert client.get(STAFF_HOME).status_code == 302
    with time_machine.travel(datetime.datetime.now().astimezone() + datetime.timedelta(seconds=31)):
        answer = client.post(f"{CODE}?next=/staff/audit/", {"code": code_now(user("coordinator"))})
        assert answer["Location"] == "/staff/audit/"
        assert client.get(STAFF_HOME).status_code == 200
    assert AuditEntry.objects.filter(
        action="account.two_factor_refused", actor__username="coordinator"
    ).exists()


def test_wrong_codes_make_the_next_try_wait(demo):
    enrolled("coordinator")
    client = logged_in("coordinator")
    with time_machine.travel(
        datetime.datetime.now().astimezone() + datetime.timedelta(seconds=31), tick=False
    ):
        client.post(CODE, {"code": "111111"})
        client.post(CODE, {"code": "222222"})
        waited = client.post(CODE, {"code": code_now(user("coordinator"))})  # right, but too soon
        assert "انتظروا" in waited.content.decode()
        assert client.get(STAFF_HOME).status_code == 302


def test_a_next_page_elsewhere_is_not_followed(demo):
    enrolled("trainer")
    client = logged_in("trainer")
    with time_machine.travel(datetime.datetime.now().astimezone() + datetime.timedelta(seconds=31)):
        answer = client.post(f"{CODE}?next=https://evil.example/", {"code": code_now(user("trainer"))})
    assert answer["Location"] == STAFF_HOME


def test_a_recovery_code_logs_in_once(demo):
    codes = enrolled("organiser")
    first = logged_in("organiser")
    assert first.post(CODE, {"code": codes[0].upper()})["Location"] == STAFF_HOME
    assert first.get(STAFF_HOME).status_code == 200
    first.post("/accounts/logout/")

    again = logged_in("organiser")
    assert "هذا الرمز خاطئ" in again.post(CODE, {"code": codes[0]}).content.decode()
    assert again.get(STAFF_HOME).status_code == 302
    entry = AuditEntry.objects.get(action="account.recovery_code_used")
    assert entry.details == {"left": 9}


def test_new_recovery_codes_replace_the_old_ones(demo):
    old = enrolled("trainer")
    client = logged_in("trainer")
    with time_machine.travel(datetime.datetime.now().astimezone() + datetime.timedelta(seconds=31)):
        client.post(CODE, {"code": code_now(user("trainer"))})
    new = re.findall(
        r"<li>([a-z2-7]{8})</li>", client.post("/accounts/two-factor/recovery-codes/").content.decode()
    )
    assert len(new) == 10 and not set(new) & set(old)
    client.post("/accounts/logout/")
    assert logged_in("trainer").post(CODE, {"code": old[1]}).status_code == 200  # refused: the form again


def test_a_trainer_logs_in_with_a_password_alone_and_may_set_up_an_authenticator(demo):
    client = logged_in("trainer")
    assert client.get(STAFF_HOME).status_code == 200
    assert "إعداد التحقق بخطوتين" in client.get("/accounts/me/").content.decode()
    client.get(ENROL)
    client.post(ENROL, {"code": code_now(user("trainer"))})
    client.post("/accounts/logout/")
    assert logged_in("trainer").get(STAFF_HOME)["Location"].startswith(CODE)


def test_with_the_requirement_off_only_those_who_set_up_an_authenticator_give_a_code(demo, settings):
    settings.QAFILA_REQUIRE_2FA = False
    assert logged_in("coordinator").get(STAFF_HOME).status_code == 200
    enrolled("agent")
    assert logged_in("agent").get(STAFF_HOME)["Location"].startswith(CODE)


def test_api_tokens_work_as_before(demo):
    enrolled("coordinator")
    token = ApiToken.issue(user("coordinator"))
    answer = Client().get(f"/api/v1/caravans/{demo.slug}/registrations", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200
