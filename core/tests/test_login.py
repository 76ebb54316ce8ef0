from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation
from django.utils.html import escape


def login(client, password):
    return client.post("/accounts/login/", {"username": "organiser", "password": password})


def test_it_logs_staff_in_and_sends_them_to_the_staff_area(client, demo):
    response = login(client, "pw")
    assert response.status_code == 302 and response["Location"] == "/staff/"


def test_it_refuses_a_wrong_password_with_a_translated_message(client, demo):
    page = login(client, "wrong").content.decode()
    assert "_auth_user_id" not in client.session
    username = get_user_model()._meta.get_field("username").verbose_name
    with translation.override("ar"):
        message = AuthenticationForm.error_messages["invalid_login"] % {"username": username}
    assert 'role="alert"' in page and escape(message) in page and "Please enter" not in page


def test_it_locks_an_account_out_after_five_failures_even_with_the_right_password(client, demo):
    for _ in range(5):
        login(client, "wrong")
    response = login(client, "pw")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_keeps_other_accounts_open_while_one_is_locked(client, demo):
    for _ in range(5):
        login(client, "wrong")
    response = client.post("/accounts/login/", {"username": "agent", "password": "pw"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get(username="agent").pk)
