"""The financial plan pages: results for those who may see the project, editing all or nothing."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import AuditEntry
from core.tests.i18n import ar
from programmes.models import SupportProgramme
from projects.finance import Plan
from projects.models import Project
from registration.tests.factories import person


def a_project(caravan, plan=None, **fields):
    project = Project.objects.create(
        title=fields.pop("title", "تعاونية الكسكس"), holder=person(), financial_plan=plan or {}, **fields
    )
    project.caravans.add(caravan)
    return project


def couscous_plan():
    return {
        "investments": [
            {"item": "Rolling machine", "quantity": "2", "unit_price": "5000", "depreciation_years": 5}
        ],
        "own_contribution": "2000",
        "loans": [{"lender": "Bank", "amount": "8000", "annual_rate": "6", "years": 3}],
        "products": [
            {"name": "Couscous", "monthly_volume": "100", "unit_price": "30", "variable_cost_per_unit": "27"}
        ],
    }


def form_data(**changes):
    """A complete POST of the edit page: management forms with one row each, as the page sends them."""
    data = {
        "plan-start_month": "3",
        "plan-cooperative": "on",
        "plan-own_contribution": "3 000",
        "plan-number_of_shares": "10",
        "plan-share_value": "100",
        "plan-variable_cost_rate": "",
    }
    for name in ("investments", "grants", "loans", "products", "fixed_costs"):
        data.update({f"{name}-TOTAL_FORMS": "1", f"{name}-INITIAL_FORMS": "0"})
    data.update(
        {
            "investments-0-item": "آلة الفتل",
            "investments-0-quantity": "٢",  # Arabic-Indic digits from an Arabic keyboard
            "investments-0-unit_price": "5000,00",
            "investments-0-depreciation_years": "5",
            "products-0-name": "كسكس",
            "products-0-monthly_volume": "100",
            "products-0-unit_price": "30.5",
            "products-0-seasonality": "50 50 80 100 100 150 200 200 100 80 50 50",
            "fixed_costs-0-label": "Rent",
            "fixed_costs-0-monthly_amount": "500",
        }
    )
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("persona", "expected"), [("coordinator", 200), ("organiser", 200), ("agent", 403), ("anonymous", 302)]
)
def test_it_shows_the_results_only_to_those_who_may_see_the_project(personas, demo, persona, expected):
    project = a_project(demo, couscous_plan())
    response = personas[persona].get(reverse("projects:finance", args=[project.pk]))
    assert response.status_code == expected
    if expected == 302:
        assert "/accounts/login/" in response["Location"]


def test_it_refuses_the_editing_page_to_a_check_in_agent(personas, demo):
    project = a_project(demo)
    url = reverse("projects:finance_edit", args=[project.pk])
    assert personas["agent"].post(url, form_data()).status_code == 403
    assert Project.objects.get(pk=project.pk).financial_plan == {}


def test_it_shows_the_income_statement_the_chart_and_the_warnings(personas, demo):
    project = a_project(demo, couscous_plan())
    with translation.override("fr"):
        page = personas["organiser"].get(
            reverse("projects:finance", args=[project.pk]), HTTP_ACCEPT_LANGUAGE="fr"
        )
    html = page.content.decode()
    assert "<svg" in html and html.count("<rect") == 36
    # Sales 100 × 30 × 12 = 36,000 a year; margin 3 DH on 30 = 10 %: the trainer's warning about thin margins.
    assert "36\u202f000" in html
    assert "thin_margin" not in html and "10,0\u202f%" in html
    assert "The gross margin is only" in html or "La marge brute" in html


def test_it_saves_a_plan_typed_on_a_phone(personas, demo):
    project = a_project(demo)
    url = reverse("projects:finance_edit", args=[project.pk])
    response = personas["organiser"].post(url, form_data())
    assert response.status_code == 302 and response["Location"] == reverse(
        "projects:finance", args=[project.pk]
    )
    plan = Plan.from_dict(Project.objects.get(pk=project.pk).financial_plan)
    assert plan.total_investment == 10000 and plan.own_contribution == 3000 and plan.members_capital == 1000
    assert plan.start_month == 3 and plan.cooperative
    assert plan.products[0].seasonality[6] == 200 and str(plan.products[0].unit_price) == "30.5"
    assert AuditEntry.objects.filter(
        action="project.financial_plan_saved", object_id=str(project.pk)
    ).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("investments-0-unit_price", "cinq mille"),
        ("investments-0-unit_price", "-5"),
        ("products-0-seasonality", "100 100"),
        ("plan-own_contribution", "12.345"),
        ("investments-0-item", ""),  # numbers without a name
    ],
)
def test_it_saves_nothing_when_one_line_is_wrong(personas, demo, field, value):
    project = a_project(demo, couscous_plan())
    url = reverse("projects:finance_edit", args=[project.pk])
    response = personas["organiser"].post(url, form_data(**{field: value}))
    assert response.status_code == 422
    assert 'class="errorlist' in response.content.decode()
    assert Project.objects.get(pk=project.pk).financial_plan == couscous_plan()


def test_it_refuses_a_loan_whose_grace_period_outlasts_it(personas, demo):
    project = a_project(demo)
    data = form_data(
        **{
            "loans-0-lender": "Bank",
            "loans-0-amount": "10000",
            "loans-0-annual_rate": "6",
            "loans-0-years": "1",
            "loans-0-grace_months": "12",
        }
    )
    response = personas["organiser"].post(reverse("projects:finance_edit", args=[project.pk]), data)
    assert response.status_code == 422
    assert Project.objects.get(pk=project.pk).financial_plan == {}


def test_it_removes_a_line_whose_name_is_emptied(personas, demo):
    project = a_project(demo)
    url = reverse("projects:finance_edit", args=[project.pk])
    personas["organiser"].post(url, form_data())
    data = form_data(**{"fixed_costs-0-label": "", "fixed_costs-0-monthly_amount": ""})
    assert personas["organiser"].post(url, data).status_code == 302
    assert Plan.from_dict(Project.objects.get(pk=project.pk).financial_plan).fixed_costs == []


def test_it_shows_an_unreadable_stored_plan_as_an_empty_one(personas, demo):
    project = a_project(demo, {"own_contribution": "not a number"})
    response = personas["coordinator"].get(reverse("projects:finance", args=[project.pk]))
    assert response.status_code == 200 and response.context["plan"] == Plan()
    assert ar("Start the financial plan") in response.content.decode()


def test_it_lets_the_holder_fill_the_plan_through_their_personal_link_and_only_theirs(demo):
    from django.test import Client

    from projects.services import issue_personal_link

    mine, other = a_project(demo), a_project(demo)
    _token, secret = issue_personal_link(None, mine)
    phone = Client()
    phone.post(reverse("projects:open_link", args=[secret]))
    response = phone.post(reverse("projects:finance_edit", args=[mine.pk]), form_data(), follow=True)
    assert response.status_code == 200 and b"<svg" in response.content
    assert AuditEntry.objects.get(action="project.financial_plan_saved").details["via"] == "personal_link"
    assert phone.get(reverse("projects:finance", args=[other.pk])).status_code == 302  # to the login page


def test_it_starts_the_plan_of_a_cooperatives_project_as_a_cooperative(personas, demo):
    from people.models import Cooperative

    cooperative = Cooperative.objects.create(name_ar="تعاونية الأمل")
    project = a_project(demo, cooperative=cooperative)
    page = personas["organiser"].get(reverse("projects:finance_edit", args=[project.pk]))
    assert 'name="plan-cooperative" checked' in page.content.decode().replace('id="id_plan-cooperative" ', "")


def test_it_writes_amounts_in_french_as_the_programme_pages_do(personas, demo, settings):
    from programmes.services import load_catalogue

    load_catalogue()
    plan = {**couscous_plan(), "cooperative": True, "number_of_shares": "10", "share_value": "100"}
    plan["loans"] = [{"lender": "Bank", "amount": "5000", "annual_rate": "6", "years": 3}]
    project = a_project(demo, plan)
    client = personas["coordinator"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    finance = client.get(reverse("projects:finance", args=[project.pk])).content.decode()
    intelaka = SupportProgramme.objects.get(key="intelaka")
    programme = client.get(f"/staff/programmes/{intelaka.pk}/").content.decode()
    assert "1\u202f200\u202f000\u202fMAD" in programme
    # 10,000 of machines against 2,000 own, 1,000 of shares and a 5,000 loan: 2,000 to find.
    assert "financement de \u20662\u202f000\u2069\u202fMAD" in finance
    assert "10 parts de \u2066100\u2069\u202fMAD" in finance and "Investissement total (MAD)" in finance
    assert "DH" not in finance.replace("INDH", "")
