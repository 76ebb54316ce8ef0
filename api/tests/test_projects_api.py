"""GET /api/v1/caravans/{slug}/projects, /api/v1/projects/{id}/matches and /dossier.pdf."""

import pytest
from django.test import Client

from programmes.services import load_catalogue
from projects.tests.factories import project

LIST = "/api/v1/caravans/tanger-2025/projects"


def matches_url(made):
    return f"/api/v1/projects/{made.pk}/matches"


def test_it_lists_the_projects_worked_on_in_the_caravan(demo, bearer):
    honey = project(demo, title="عسل الجبل", sector="honey", stage="founding")
    project(None)  # worked on nowhere: not listed
    response = Client().get(LIST, **bearer("organiser"))
    assert response.status_code == 200
    assert response.json() == [{"id": honey.pk, "title": "عسل الجبل", "stage": "founding", "sector": "honey"}]


def test_it_lists_for_a_trainer_who_speaks_in_the_caravan(demo, bearer):
    made = project(demo)
    assert [p["id"] for p in Client().get(LIST, **bearer("trainer")).json()] == [made.pk]


def test_it_refuses_the_list_without_a_token_and_to_the_agent(demo, bearer):
    assert Client().get(LIST).status_code == 401
    assert Client().get(LIST, **bearer("agent")).status_code == 403
    assert Client().get("/api/v1/caravans/nowhere/projects", **bearer("organiser")).status_code == 404


def test_it_says_for_each_programme_whether_the_project_fits_and_why(demo, bearer):
    load_catalogue()
    made = project(demo, sector="goat_cheese", stage="structured")
    response = Client().get(matches_url(made), **bearer("trainer"))
    assert response.status_code == 200
    body = response.json()
    assert body, "the catalogue has programmes"
    for item in body:
        assert set(item) == {"programme", "name_ar", "name_fr", "status", "reasons"}
        assert item["status"] in {"eligible", "missing", "not_eligible"}
        for reason in item["reasons"]:
            assert set(reason) == {"code", "message_ar", "message_fr"} and reason["message_ar"]
        assert (item["status"] == "eligible") == (item["reasons"] == [])


def test_it_refuses_matches_without_a_token_to_the_agent_and_for_unknown_projects(demo, bearer):
    made = project(demo)
    assert Client().get(matches_url(made)).status_code == 401
    assert Client().get(matches_url(made), **bearer("agent")).status_code == 403
    assert Client().get("/api/v1/projects/999999/matches", **bearer("coordinator")).status_code == 404


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_it_gives_the_dossier_as_a_pdf(demo, bearer, lang):
    made = project(demo)
    response = Client().get(f"/api/v1/projects/{made.pk}/dossier.pdf?lang={lang}", **bearer("organiser"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_it_refuses_the_dossier_to_the_agent(demo, bearer):
    made = project(demo)
    assert Client().get(f"/api/v1/projects/{made.pk}/dossier.pdf", **bearer("agent")).status_code == 403


def test_it_documents_the_contracts_paths(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in ["/caravans/{slug}/projects", "/projects/{id}/matches", "/projects/{id}/dossier.pdf"]:
        assert "/api/v1" + path in paths
