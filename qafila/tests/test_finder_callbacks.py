"""Being called back after the public finder: stored only with consent, seen by the region's organisers, deleted
once called."""

import pytest

from core.models import AuditEntry
from qafila.models import CallbackRequest

URL = "/programmes/call-back/?a=p.26.f.HOC.goat_cheese.i"
LIST = "/staff/programmes/call-backs/"
ASKING = {"name": "فاطمة", "phone": "06 12 34 56 78", "province": "MA-HOC", "consent": "on"}


def test_it_stores_nothing_without_consent(client, places):
    response = client.post(URL, {**ASKING, "consent": ""})
    assert response.status_code == 200
    assert not CallbackRequest.objects.exists()


def test_it_keeps_the_request_with_the_answers_and_shows_it_to_the_region_s_organisers(personas):
    response = personas["anonymous"].post(URL, ASKING)
    assert response.status_code == 200
    asked = CallbackRequest.objects.get()
    assert (asked.phone, asked.province.code, asked.answers) == (
        "+212612345678",
        "MA-HOC",
        "p.26.f.HOC.goat_cheese.i",
    )
    # The demo caravan is in Tanger-Tétouan-Al Hoceïma, which its organiser organises.
    for persona in ("coordinator", "organiser"):
        page = personas[persona].get(LIST)
        assert "فاطمة" in page.text, persona
    assert AuditEntry.objects.filter(action="personal_data.viewed", details__page="callbacks").count() == 2


def test_it_hides_a_request_of_another_region_from_the_organiser(personas):
    personas["anonymous"].post(URL, {**ASKING, "province": "MA-AGD"})
    assert "فاطمة" not in personas["organiser"].get(LIST).text
    assert "فاطمة" in personas["coordinator"].get(LIST).text
    asked = CallbackRequest.objects.get()
    personas["organiser"].post(f"{LIST}{asked.pk}/called/")
    assert CallbackRequest.objects.filter(pk=asked.pk).exists()


def test_it_deletes_the_request_once_called(personas):
    personas["anonymous"].post(URL, ASKING)
    asked = CallbackRequest.objects.get()
    response = personas["organiser"].post(f"{LIST}{asked.pk}/called/")
    assert response.status_code == 302
    assert not CallbackRequest.objects.exists()
    assert AuditEntry.objects.filter(action="programmes.callback_called").exists()


@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_it_refuses_the_list_to_trainers_and_agents(personas, persona):
    assert personas[persona].get(LIST).status_code == 403


def test_it_brakes_one_connection_filling_the_list(client, places):
    for _ in range(5):
        client.post(URL, ASKING)
    assert client.post(URL, ASKING).status_code == 429
    assert CallbackRequest.objects.count() == 5
