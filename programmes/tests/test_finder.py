"""The public finder: questions one screen at a time, answers carried in the link, programmes in three groups."""

import re

import pytest
from django.utils.html import escape

from programmes import finder
from programmes.models import SupportProgramme
from programmes.services import end_programme, load_catalogue

WOMAN = "p.26.f.HOC.goat_cheese.i.80000.20000"  # a woman of 26 in Al Hoceïma with a goat-cheese idea
COOPERATIVE = "c...LAR.olive_oil.r.200000.80000.20230301"  # a cooperative of Larache, founded in March 2023
PAGE_LIMIT = 30 * 1024


@pytest.fixture
def catalogue(places):
    load_catalogue()


def answer(client, step, code, **values):
    return client.get("/programmes/next/", {"q": step, "a": code, **values})


def test_it_asks_one_question_at_a_time_and_carries_the_answers_in_the_link(client, catalogue):
    first = client.get("/programmes/")
    assert first.status_code == 200
    assert 'name="applicant"' in first.text and 'name="age"' not in first.text
    steps = [
        ("applicant", {"applicant": "person"}),
        ("age", {"age": "٢٦"}),  # Arabic-Indic digits, as a phone keyboard may type them
        ("sex", {"sex": "female"}),
        ("province", {"province": "MA-HOC"}),
        ("sector", {"sector": "goat_cheese"}),
        ("stage", {"stage": "idea"}),
        ("amount", {"amount": "80 000"}),
        ("own", {"own": "20.000"}),
    ]
    code = ""
    for step, values in steps:
        response = answer(client, step, code, **values)
        assert response.status_code == 302, step
        code = re.search(r"(?:a=|/r/)([^&/]+)", response.url).group(1)
    assert response.url == f"/programmes/r/{WOMAN}/"
    assert finder.decode(code) == finder.decode(WOMAN)


def test_it_skips_what_does_not_concern_a_cooperative(client, catalogue):
    response = answer(client, "applicant", "", applicant="cooperative")
    assert response.url == "/programmes/?q=founded&a=c"
    founded = answer(client, "founded", "c", founded="2023-03-01")
    assert founded.url == "/programmes/?q=province&a=c........20230301"


def test_it_refuses_an_answer_it_cannot_read_and_keeps_the_others(client, catalogue):
    response = answer(client, "age", "p", age="twenty")
    assert response.status_code == 200
    assert 'class="errorlist"' in response.text
    assert 'name="a" value="p"' in response.text
    skipped = answer(client, "age", "p", age="twenty", skip="1")
    assert skipped.url == "/programmes/?q=sex&a=p"


def test_it_shows_the_woman_of_al_hoceima_what_fits_what_to_check_and_what_does_not(client, catalogue):
    page = client.get(f"/programmes/r/{WOMAN}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 200
    fits, to_check, no_fit = (page.context[g] for g in ("fits", "to_check", "no_fit"))
    assert [e["programme"].key for e in fits] == ["microcredit"]
    assert "Pourquoi il convient" in page.text
    indh = next(e for e in to_check if e["programme"].key == "indh_ariej")
    assert escape("Le projet relève d'une filière locale identifiée par la province.") in page.text
    assert indh["match"].status == "missing"
    crjea = next(e for e in no_fit if e["programme"].key == "agri_youth_entrepreneurship_crjea")
    assert escape(crjea["match"].reasons[0].message_fr) in page.text  # why, in one sentence
    assert "Vérifié le 01/08/2025" in page.text
    assert "Al Hoceïma" in page.text  # where to ask
    assert len(page.content) < PAGE_LIMIT


def test_it_shows_a_running_cooperative_of_larache_a_programme_that_fits_with_why(client, catalogue):
    page = client.get(f"/programmes/r/{COOPERATIVE}/", HTTP_ACCEPT_LANGUAGE="fr")
    fits = {entry["programme"].key: entry for entry in page.context["fits"]}
    assert "ess_fairs" in fits  # a cooperative that already sells has "products ready to sell"
    assert "microcredit" not in fits and "intelaka" not in fits
    assert escape("la coopérative doit être immatriculée et avoir des produits prêts à vendre") in page.text


def test_it_shows_a_closed_programme_as_closed_with_its_date_and_never_matches_it(client, catalogue):
    end_programme(None, SupportProgramme.objects.get(key="intelaka"))
    page = client.get(f"/programmes/r/{COOPERATIVE}/", HTTP_ACCEPT_LANGUAGE="fr")
    matched = [e["programme"].key for g in ("fits", "to_check", "no_fit") for e in page.context[g]]
    assert "intelaka" not in matched
    assert [p.key for p in page.context["closed"]][0] == "intelaka"
    assert "fermé le" in page.text


def test_it_reads_an_edited_link_as_far_as_it_can(client, catalogue):
    response = client.get("/programmes/r/x.999.z.NOWHERE.caviar.i/")
    assert response.status_code == 302
    assert response.url == "/programmes/r/.....i/"  # only the stage could be read


def test_every_finder_page_weighs_less_than_30_kb(client, catalogue):
    pages = ["/programmes/", f"/programmes/?q=province&a={WOMAN}", f"/programmes/?q=sector&a={WOMAN}"]
    pages += [f"/programmes/r/{WOMAN}/", f"/programmes/r/{COOPERATIVE}/", "/programmes/r/-/"]
    for language in ("ar", "fr"):
        for url in pages:
            sent = client.get(url, HTTP_ACCEPT_LANGUAGE=language, HTTP_ACCEPT_ENCODING="gzip")
            assert sent.status_code == 200, url
            assert sent["Content-Encoding"] == "gzip"
            assert len(sent.content) < PAGE_LIMIT / 3, (url, language, len(sent.content))
            # Even a browser that takes no compression gets the two visitors' results under the limit.
            if "/r/-/" not in url:
                plain = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
                assert len(plain.content) < PAGE_LIMIT, (url, language, len(plain.content))


def test_it_serves_a_closing_at_once_though_the_result_is_kept_in_the_cache(client, catalogue, settings):
    settings.QAFILA_CACHE_SECONDS = 3600
    url = f"/programmes/r/{WOMAN}/"
    assert "indh_ariej" in {e["programme"].key for e in client.get(url).context["to_check"]}
    end_programme(None, SupportProgramme.objects.get(key="indh_ariej"))
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ar")
    assert "المبادرة الوطنية للتنمية البشرية" in page.text.split('id="closed"')[1]
