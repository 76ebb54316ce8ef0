"""One's own password: changed from "My account", reset by email, set from a one-time link that works once."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from accounts.services import create_account, one_time_link
from core.models import AuditEntry
from core.tests.i18n import ar

ME = "/accounts/me/"
RESET = "/accounts/password-reset/"
NEW_PASSWORD = "caravane-de-tetouan-2025"


@pytest.fixture
def amina(db):
    user = get_user_model().objects.create_user(
        "amina", "amina@example.ma", "old-password", first_name="Amina"
    )
    return user


def logged_in(username, password):
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, "the login failed"
    return client


def is_logged_in(client):
    return client.get(ME).status_code == 200


def link_in(email):
    return re.search(r"https?://[^/\s]+(/accounts/set-password/\S+)", email.body)[1]


def set_password(client, link, password=NEW_PASSWORD):
    """Open a one-time link and choose a password there, as a person does; the last page's response."""
    form = client.get(link, follow=True)
    return client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {
            "new_password1": password,
            "new_password2": password,
        },
    )


# My account: changing my password


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(ME)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_it_shows_who_i_am(amina):
    page = logged_in("amina", "old-password").get(ME).content.decode()
    assert "amina@example.ma" in page and "Amina" in page and ar("Change my password") in page


def test_it_changes_my_password_and_ends_my_other_sessions_only(amina):
    here, phone = logged_in("amina", "old-password"), logged_in("amina", "old-password")
    response = here.post(
        ME, {"old_password": "old-password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response.url == ME
    assert is_logged_in(here) and not is_logged_in(phone)
    assert logged_in("amina", NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="account.password_changed", actor=amina).exists()


def test_it_refuses_a_change_without_the_current_password(amina):
    client = logged_in("amina", "old-password")
    response = client.post(
        ME, {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 200 and not AuditEntry.objects.filter(action="account.password_changed")
    amina.refresh_from_db()
    assert amina.check_password("old-password")


# Forgotten password: a link by email


def test_it_emails_a_link_that_sets_a_new_password_once(amina, client):
    response = client.post(RESET, {"email": "AMINA@example.ma"})
    assert response.status_code == 302 and response.url == "/accounts/password-reset/sent/"
    [email] = mail.outbox
    assert email.to == ["amina@example.ma"] and "amina" in email.body
    link = link_in(email)
    done = set_password(client, link)
    assert done.status_code == 302 and done.url == "/accounts/set-password/done/"
    assert logged_in("amina", NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="account.password_set", object_id=str(amina.pk)).exists()
    again = Client().get(link, follow=True)
    assert again.context["validlink"] is False and ar("This link no longer works") in again.content.decode()


def test_the_email_is_in_the_language_of_the_page_it_was_asked_from(amina, client):
    client.get("/language/fr/")
    client.post(RESET, {"email": "amina@example.ma"})
    client.get("/language/ar/")
    client.post(RESET, {"email": "amina@example.ma"})
    french, arabic = mail.outbox
    assert "Qafila : choisissez un nouveau mot de passe" == french.subject
    assert ar("Qafila: choose a new password") == arabic.subject and "Qafila" not in arabic.subject


def test_it_says_the_same_for_an_unknown_address_and_sends_nothing(amina, client):
    response = client.post(RESET, {"email": "nobody@example.ma"})
    assert response.status_code == 302 and response.url == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_it_sends_nothing_to_a_deactivated_account(amina, client):
    get_user_model().objects.filter(pk=amina.pk).update(is_active=False)
    client.post(RESET, {"email": "amina@example.ma"})
    assert mail.outbox == []


def test_the_emailed_link_stops_working_once_the_password_is_changed_otherwise(amina, client):
    client.post(RESET, {"email": "amina@example.ma"})
    link = link_in(mail.outbox[0])
    amina.set_password("another-one-2025")
    amina.save()
    assert Client().get(link, follow=True).context["validlink"] is False


# A new account's one-time link


def test_a_new_account_has_no_password_until_its_link_is_used(db):
    user = create_account(None, "youssef", "Youssef Alami")
    assert not user.has_usable_password() and (user.first_name, user.last_name) == ("Youssef", "Alami")
    client = Client()
    page = client.get(one_time_link(user), follow=True)
    assert page.context["validlink"] and "youssef" in page.content.decode()
    set_password(client, one_time_link(user))
    assert logged_in("youssef", NEW_PASSWORD)


def test_the_set_password_page_refuses_a_weak_password(db):
    user = create_account(None, "youssef", "Youssef Alami")
    response = set_password(Client(), one_time_link(user), password="123456")
    assert response.status_code == 200 and response.context["form"].errors
    user.refresh_from_db()
    assert not user.has_usable_password()
