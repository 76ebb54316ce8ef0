"""`qafila create-api-token USERNAME`, the tokens it prints, and their place in the admin."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from core.models import ApiToken, AuditEntry, hash_token
from qafila.cli import main


def create_token(username):
    out = io.StringIO()
    call_command("create_api_token", username, stdout=out)
    return out.getvalue()


def reads_drafts_with(token):
    """True when `token` authenticates as a coordinator: the list then has the draft `hidden-stop`."""
    answer = Client().get("/api/v1/caravans", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200, answer.content
    return "hidden-stop" in {caravan["slug"] for caravan in answer.json()}


@pytest.fixture
def draft(demo):
    from caravans.services import copy_caravan

    return copy_caravan(demo, "hidden-stop")


def test_it_prints_exactly_one_token_line_that_then_authenticates(draft):
    printed = create_token("coordinator")
    assert printed.endswith("\n") and printed.count("\n") == 1
    token = printed.strip()
    assert len(token) >= 32 and " " not in token
    assert reads_drafts_with(token)


def test_it_keeps_only_the_tokens_hash(demo):
    token = create_token("organiser").strip()
    stored = ApiToken.objects.get(user__username="organiser")
    assert stored.key_hash == hash_token(token) and token not in stored.key_hash


def test_each_call_gives_a_new_token_and_the_earlier_ones_keep_working(draft):
    first, second = create_token("coordinator").strip(), create_token("coordinator").strip()
    assert first != second and reads_drafts_with(first) and reads_drafts_with(second)


def test_it_leaves_an_audit_entry_without_the_token(demo):
    token = create_token("agent").strip()
    entry = AuditEntry.objects.get(action="api_token.issued")
    assert entry.details["user"] == "agent" and token not in str(entry.details)


@pytest.mark.parametrize("username, words", [("nobody", "unknown user"), ("sleeper", "inactive user")])
def test_it_refuses_an_unknown_or_inactive_user_and_creates_nothing(demo, username, words):
    get_user_model().objects.create_user("sleeper", is_active=False)
    with pytest.raises(CommandError) as refusal:
        create_token(username)
    assert words in str(refusal.value) and "\n" not in str(refusal.value)
    assert not ApiToken.objects.exists()


# The console entry point ends like a real process, closing its database connections: run it outside the
# test's wrapping transaction, as a real command runs.
@pytest.mark.django_db(transaction=True)
def test_the_qafila_command_prints_the_token_alone_on_stdout(draft, capsys):
    assert main(["create-api-token", "coordinator"]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 1 and err == ""
    assert reads_drafts_with(out.strip())


@pytest.mark.django_db(transaction=True)
def test_the_qafila_command_fails_with_a_line_on_stderr_for_an_unknown_user(demo, capsys):
    with pytest.raises(SystemExit) as ended:
        main(["create-api-token", "nobody"])
    assert ended.value.code != 0
    out, err = capsys.readouterr()
    assert out == "" and "unknown user: nobody" in err
    assert not ApiToken.objects.exists()


@pytest.fixture
def admin_client(demo):
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "pw"))
    return client


def test_the_admin_lists_tokens_by_fingerprint_never_by_value(admin_client):
    token = create_token("coordinator").strip()
    stored = ApiToken.objects.get()
    page = admin_client.get("/admin/core/apitoken/").content.decode()
    assert stored.key_hash[:12] in page and token not in page and stored.key_hash not in page
    assert admin_client.get("/admin/core/apitoken/add/").status_code == 403


def test_the_admin_revokes_a_token_by_deleting_it(admin_client):
    token = create_token("coordinator").strip()
    stored = ApiToken.objects.get()
    admin_client.post(f"/admin/core/apitoken/{stored.pk}/delete/", {"post": "yes"})
    assert not ApiToken.objects.exists()
    assert Client().get("/api/v1/caravans", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    revoked = AuditEntry.objects.get(action="api_token.revoked")
    assert (revoked.actor.username, revoked.details["user"]) == ("root", "coordinator")


def test_the_admin_revokes_several_tokens_at_once_and_audits_each(admin_client):
    create_token("coordinator"), create_token("agent")
    ids = list(ApiToken.objects.values_list("pk", flat=True))
    admin_client.post(
        "/admin/core/apitoken/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert not ApiToken.objects.exists()
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == 2


def test_the_admin_shows_the_audit_log_read_only(admin_client):
    create_token("coordinator")
    entry = AuditEntry.objects.get(action="api_token.issued")
    assert "api_token.issued" in admin_client.get("/admin/core/auditentry/").content.decode()
    assert admin_client.get(f"/admin/core/auditentry/{entry.pk}/change/").status_code == 200
    assert admin_client.get("/admin/core/auditentry/add/").status_code == 403
    admin_client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    admin_client.post(f"/admin/core/auditentry/{entry.pk}/change/", {"action": "forged"})
    entry.refresh_from_db()
    assert entry.action == "api_token.issued"


def test_the_admin_lets_in_only_those_given_the_models_permissions(personas):
    # The coordinator may use the admin (staff flag) but holds no permission on tokens or the audit log.
    assert personas["coordinator"].get("/admin/core/auditentry/").status_code == 403
    assert personas["coordinator"].get("/admin/core/apitoken/").status_code == 403
    answer = personas["organiser"].get("/admin/core/apitoken/")
    assert answer.status_code == 302 and "/admin/login/" in answer["Location"]
