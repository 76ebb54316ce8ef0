import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry

from ..models import ProjectAccessToken, hash_token
from ..services import ProjectError, issue_personal_link, open_personal_link
from .factories import project

pytestmark = pytest.mark.django_db


def issued_link(client, made):
    page = client.post(reverse("projects:issue_link", args=[made.pk]))
    assert page.status_code == 200
    link = page.context["link"]
    return link[link.index("/p/") :]


def test_it_shows_the_link_once_and_keeps_only_its_hash(personas, demo):
    made = project(demo)
    path = issued_link(personas["organiser"], made)
    secret = path.strip("/").split("/")[-1]
    token = ProjectAccessToken.objects.get()
    assert token.token_hash == hash_token(secret) and secret not in token.token_hash
    assert "/p/" not in personas["organiser"].get(reverse("projects:issue_link", args=[made.pk])).text
    assert AuditEntry.objects.filter(action="project.link_issued").exists()


def test_it_opens_the_holders_project_without_a_password_and_only_that_one(personas, demo):
    made, other = project(demo), project(demo)
    path = issued_link(personas["trainer"], made)
    phone = Client()
    assert phone.get(path).status_code == 200  # a confirmation page: a link preview does not use it up
    response = phone.post(path)
    assert response.url == reverse("projects:detail", args=[made.pk])
    assert phone.get(response.url).status_code == 200
    saved = phone.post(
        reverse("projects:canvas", args=[made.pk, "need"]), {"text": "نبيع الجبن", "go": "next"}
    )
    assert saved.status_code == 302
    made.refresh_from_db()
    assert made.canvas["need"] == "نبيع الجبن"
    assert AuditEntry.objects.get(action="project.canvas_saved").details["via"] == "personal_link"
    other_page = phone.get(reverse("projects:detail", args=[other.pk]))
    assert other_page.status_code == 302 and other_page.url.startswith(reverse("login"))
    assert phone.get(reverse("projects:list", args=[demo.slug])).status_code == 302


def test_it_does_not_let_a_personal_link_make_more_links(personas, demo):
    made = project(demo)
    phone = Client()
    phone.post(issued_link(personas["organiser"], made))
    response = phone.post(reverse("projects:issue_link", args=[made.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert ProjectAccessToken.objects.count() == 1


def test_it_works_once_only(personas, demo):
    path = issued_link(personas["organiser"], project(demo))
    assert Client().post(path).status_code == 302
    again = Client().post(path)
    assert again.status_code == 410
    assert "already used" in again.text or "استعمال" in again.text


def test_it_refuses_an_expired_an_unknown_or_a_replaced_link(demo):
    made = project(demo)
    now = timezone.now()
    _token, old = issue_personal_link(None, made, now=now)
    _token, new = issue_personal_link(None, made, now=now)
    for secret, code, when in [
        (old, "link_invalid", now),
        ("not-a-link", "link_invalid", now),
        (new, "link_expired", now + datetime.timedelta(days=8)),
    ]:
        with pytest.raises(ProjectError) as refused:
            open_personal_link(secret, now=when)
        assert refused.value.code == code
    assert open_personal_link(new, now=now) == made


def test_it_answers_404_for_an_unknown_link(demo):
    assert Client().post(reverse("projects:open_link", args=["nothing-here"])).status_code == 404


def test_it_refuses_link_making_to_the_agent(personas, demo):
    made = project(demo)
    assert personas["agent"].post(reverse("projects:issue_link", args=[made.pk])).status_code == 403
    assert not ProjectAccessToken.objects.exists()
