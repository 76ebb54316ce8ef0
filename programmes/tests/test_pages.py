"""The catalogue's staff pages: who sees them, who edits them, and edits refused with nothing saved."""

import pytest

from core.models import AuditEntry
from programmes.forms import ProgrammeForm
from programmes.models import SupportProgramme
from programmes.services import load_catalogue

LIST = "/staff/programmes/"


def page_of(key):
    return f"{LIST}{SupportProgramme.objects.get(key=key).pk}/"


@pytest.fixture
def catalogue(db):
    load_catalogue()


@pytest.fixture
def intelaka(catalogue):
    return page_of("intelaka")


def form_data(programme, **changes):
    """What the edit form posts back when nothing is touched, with `changes`."""
    form = ProgrammeForm(instance=programme)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None and not field.disabled:
            data[name] = value
    return {**data, **changes}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("coordinator", 200), ("organiser", 200), ("trainer", 200), ("agent", 403), ("anonymous", 302)],
)
def test_it_shows_the_catalogue_to_the_staff_who_work_with_projects(personas, intelaka, persona, expected):
    assert personas[persona].get(LIST).status_code == expected
    assert personas[persona].get(intelaka).status_code == expected


@pytest.mark.parametrize("persona", ["organiser", "trainer", "agent", "anonymous"])
def test_it_lets_only_the_national_coordinator_edit(personas, intelaka, persona):
    client = personas[persona]
    programme = SupportProgramme.objects.get(key="intelaka")
    responses = [
        client.get(intelaka + "edit/"),
        client.post(intelaka + "edit/", form_data(programme, max_loan_mad="1")),
        client.post(intelaka + "end/"),
        client.get(LIST + "new/"),
    ]
    assert all(r.status_code in (302, 403) for r in responses)
    assert persona == "anonymous" or all(r.status_code == 403 for r in responses)
    programme.refresh_from_db()
    assert programme.max_loan_mad == 1200000 and programme.state == "active"


def test_it_lists_open_programmes_and_filters_by_kind_and_status(personas, catalogue):
    client = personas["coordinator"]
    page = client.get(LIST).content.decode()
    assert "انطلاقة" in page and "القافلة الدراسية" not in page  # the Tangier caravan has ended
    loans = client.get(LIST, {"kind": "loan"}).context["programmes"]
    assert {p.key for p in loans} >= {"intelaka", "microcredit"} and "ess_fairs" not in {p.key for p in loans}
    ended = client.get(LIST, {"state": "ended"}).context["programmes"]
    assert [p.key for p in ended] == ["caravan_dar_odco_2025"]


def test_it_shows_conditions_in_words_with_the_date_checked_and_the_sources(personas, catalogue):
    page = personas["trainer"].get(page_of("caravan_dar_odco_2025")).content.decode()
    assert "أقل من 3 سنوات" in page and "طنجة-تطوان-الحسيمة" in page  # conditions, in Arabic
    assert "2025" in page and "https://madar21.com/317695.html" in page
    assert "/edit/" not in page  # a trainer reads, does not edit


def test_it_saves_a_coordinators_edit_of_the_conditions_and_audits_it(personas, intelaka):
    programme = SupportProgramme.objects.get(key="intelaka")
    data = form_data(programme, age_min="18", regions=["MA-01", "MA-02"], stages=["seeking_funding"])
    response = personas["coordinator"].post(intelaka + "edit/", data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.age_min == 18 and programme.regions == ["MA-01", "MA-02"]
    assert programme.stages == ["seeking_funding"] and programme.edited_at is not None
    assert [c["key"] for c in programme.other_conditions] == ["excluded_activities", "bank_file"]
    entry = AuditEntry.objects.get(action="programmes.changed")
    assert {"age_min", "regions", "stages"} <= set(entry.details["fields"])
    assert load_catalogue()["kept"] == ["intelaka"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"age_min": "40", "age_max": "34"}, "age_max"),
        ({"min_own_contribution_share": "1.5"}, "min_own_contribution_share"),
        ({"other_ar": "شرط واحد", "other_fr": "Une condition\nDeux conditions"}, "other_fr"),
        ({"max_loan_mad": "beaucoup"}, "max_loan_mad"),
        ({"checked_on": "2025-02-30"}, "checked_on"),
    ],
)
def test_it_refuses_bad_conditions_with_a_clear_error_and_saves_nothing(personas, intelaka, changes, field):
    programme = SupportProgramme.objects.get(key="intelaka")
    response = personas["coordinator"].post(
        intelaka + "edit/", form_data(programme, max_grant_mad="5", **changes)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    programme.refresh_from_db()
    assert programme.max_grant_mad is None and programme.edited_at is None
    assert not AuditEntry.objects.filter(action="programmes.changed").exists()


def test_it_adds_a_programme_the_loader_then_leaves_alone(personas, catalogue):
    data = {
        "key": "tta_council_grant",
        "name_ar": "منحة مجلس الجهة",
        "name_fr": "Subvention du conseil régional",
        "kinds": ["grant"],
        "applicant_forms": ["cooperative"],
        "regions": ["MA-01"],
        "checked_on": "2025-09-01",
        "confidence": "low",
        "state": "unclear",
        "other_ar": "الانتقاء من طرف لجنة",
        "other_fr": "Sélection par un comité",
        "documents_ar": "النظام الأساسي للتعاونية",
        "documents_fr": "Statuts de la coopérative",
        "source_lines": "conseil https://example.org/appel",
    }
    response = personas["coordinator"].post(LIST + "new/", data)
    assert response.status_code == 302
    programme = SupportProgramme.objects.get(key="tta_council_grant")
    assert programme.other_conditions == [
        {"key": "c1", "ar": "الانتقاء من طرف لجنة", "fr": "Sélection par un comité"}
    ]
    assert programme.sources == [{"key": "conseil", "url": "https://example.org/appel"}]
    assert AuditEntry.objects.filter(action="programmes.created").count() == 1
    assert "tta_council_grant" not in str(load_catalogue())


def test_it_marks_a_programme_ended_once(personas, intelaka):
    client = personas["coordinator"]
    assert client.post(intelaka + "end/").status_code == 302
    assert client.post(intelaka + "end/").status_code == 302
    assert SupportProgramme.objects.get(key="intelaka").state == "ended"
    assert AuditEntry.objects.filter(action="programmes.ended").count() == 1
    assert client.get(intelaka + "end/").status_code == 405


def test_it_shows_the_conditions_in_french_to_a_french_reader(personas, catalogue, settings):
    client = personas["organiser"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(page_of("intelaka")).content.decode()
    assert (
        "Prêt jusqu&#x27;à 1\u202f200\u202f000\u202fMAD" in page
        or "Prêt jusqu'à 1\u202f200\u202f000\u202fMAD" in page
    )
    assert "Chiffre d" in page and "10\u202f000\u202f000\u202fMAD au plus" in page


def test_it_renders_a_programmes_fit_for_a_project_page(catalogue):
    import datetime

    from django.template.loader import render_to_string
    from django.utils import translation

    from programmes.matching import Facts, match

    programme = SupportProgramme.objects.get(key="caravan_dar_odco_2025")
    result = match(programme, Facts(on=datetime.date(2025, 1, 10), region_code="MA-05"))
    with translation.override("ar"):
        html = render_to_string("programmes/_match.html", {"programme": programme, "match": result})
    assert "match-not_eligible" in html and "طنجة-تطوان-الحسيمة" in html and "/staff/programmes/" in html
