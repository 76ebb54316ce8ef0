"""`POST /api/v1/programmes/match`: the public finder's answers in, the same statuses as the finder page out."""

import pytest

from programmes.models import SupportProgramme
from programmes.services import end_programme, load_catalogue

URL = "/api/v1/programmes/match"
# The finder's link code and the contract's body for the same answers.
VISITORS = {
    "woman of Al Hoceïma": (
        "p.26.f.HOC.goat_cheese.i.80000.20000",
        {
            "applicant": "person",
            "age": 26,
            "sex": "female",
            "province": "الحسيمة",
            "sector": "goat_cheese",
            "stage": "idea",
            "amount_mad": 80000,
            "own_contribution_mad": 20000,
        },
    ),
    "cooperative of Larache": (
        "c...LAR.olive_oil.r.200000.80000.20230301",
        {
            "applicant": "cooperative",
            "province": "MA-LAR",
            "sector": "Huile d'olive",
            "stage": "running",
            "amount_mad": 200000,
            "own_contribution_mad": 80000,
            "cooperative_founded": "2023-03-01",
        },
    ),
    "nothing answered": ("-", {}),
}


@pytest.fixture
def catalogue(places):
    load_catalogue()


def statuses_on_the_page(client, code):
    page = client.get(f"/programmes/r/{code}/")
    assert page.status_code == 200
    return {e["programme"].key: e["match"].status for g in ("fits", "to_check", "no_fit") for e in page.context[g]}


@pytest.mark.parametrize("visitor", VISITORS)
def test_it_gives_the_same_statuses_as_the_finder_page(client, catalogue, visitor):
    code, body = VISITORS[visitor]
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 200
    answered = {item["programme"]: item["status"] for item in response.json()}
    assert answered == statuses_on_the_page(client, code)


def test_it_answers_in_the_contract_s_shape_without_a_token(client, catalogue):
    code, body = VISITORS["woman of Al Hoceïma"]
    items = client.post(URL, body, content_type="application/json").json()
    microcredit = next(i for i in items if i["programme"] == "microcredit")
    assert microcredit == {
        "programme": "microcredit",
        "name_ar": microcredit["name_ar"],
        "name_fr": microcredit["name_fr"],
        "status": "eligible",
        "reasons": [],
    }
    indh = next(i for i in items if i["programme"] == "indh_ariej")
    assert indh["status"] == "missing"
    assert {"code", "message_ar", "message_fr"} == set(indh["reasons"][0])
    assert items[0]["status"] == "eligible"  # best fits first


def test_it_lists_only_the_programmes_not_closed(client, catalogue):
    end_programme(None, SupportProgramme.objects.get(key="intelaka"))
    items = client.post(URL, {}, content_type="application/json").json()
    keys = {i["programme"] for i in items}
    assert "intelaka" not in keys and "caravan_dar_odco_2025" not in keys
    assert keys == set(SupportProgramme.objects.current().values_list("key", flat=True))


def test_it_refuses_a_value_outside_the_contract(client, catalogue):
    response = client.post(URL, {"applicant": "company", "age": -3}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_it_brakes_one_connection_asking_too_often(client, catalogue, settings):
    settings.QAFILA_PROGRAMME_MATCH_PER_HOUR = 3
    answers = [client.post(URL, {}, content_type="application/json").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.post(URL, {}, content_type="application/json", REMOTE_ADDR="10.9.8.7").status_code == 200
