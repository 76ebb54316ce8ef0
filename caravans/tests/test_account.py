"""The caravan's account page: organisers keep its budget lines in dirhams, its observations and recommendations;
the totals per category and overall are the ones the report's cost-per figures divide."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from caravans.account import totals
from caravans.models import BudgetLine
from caravans.tests.factories import organiser_of_another_caravan
from core.models import AuditEntry


def mad(figure):
    """An amount as the page writes it in French: the figure kept left to right, then the currency."""
    return f"\u2066{figure}\u2069 MAD"


def page(demo):
    return reverse("caravans:account", args=[demo.slug])


def add_url(demo):
    return reverse("caravans:account_line_add", args=[demo.slug])


def line(demo, category, planned, spent=None, label=""):
    return BudgetLine.objects.create(
        caravan=demo,
        category=category,
        label=label,
        planned_mad=Decimal(planned),
        spent_mad=None if spent is None else Decimal(spent),
    )


def test_it_sums_the_lines_per_category_in_the_categories_order_and_overall(demo):
    line(demo, "catering", "60000", "64500.50", "Déjeuners")
    line(demo, "venue", "30000", "30000")
    line(demo, "catering", "12000", "9000", "Pauses café")
    line(demo, "printing", "5000")
    found = totals(demo)
    assert [c.category for c in found.categories] == ["venue", "catering", "printing"]
    catering = found.categories[1]
    assert (catering.planned, catering.spent, catering.difference) == (
        Decimal("72000"),
        Decimal("73500.50"),
        Decimal("1500.50"),
    )
    assert found.categories[2].spent is None and found.categories[2].difference is None
    assert (found.planned, found.spent) == (Decimal("107000"), Decimal("103500.50"))
    assert found.lines_without_spent == 1


def test_the_cost_basis_is_what_was_spent_once_any_line_has_an_amount_spent(demo):
    assert totals(demo).basis is None and totals(demo).cost_basis is None  # no budget: no cost to divide
    line(demo, "venue", "30000")
    line(demo, "catering", "60000")
    planned = totals(demo)
    assert (planned.basis, planned.cost_basis) == ("planned", Decimal("90000"))
    line(demo, "transport", "20000", "18000")
    spent = totals(demo)
    assert (spent.basis, spent.cost_basis) == ("spent", Decimal("18000"))
    with translation.override("fr"):
        assert str(spent.basis_label) == "montants dépensés"
        assert str(planned.basis_label) == "budget prévu"


def test_organisers_add_a_line_typed_the_moroccan_way_and_it_is_audited(personas, demo):
    response = personas["organiser"].post(
        add_url(demo),
        {
            "category": "catering",
            "label": "وجبات الغداء",
            "planned_mad": "12 500,50",
            "spent_mad": "12500.50",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#add-line")
    added = demo.budget_lines.get()
    assert (added.planned_mad, added.spent_mad) == (Decimal("12500.50"), Decimal("12500.50"))
    entry = AuditEntry.objects.get(action="account.budget_line_added")
    assert entry.actor.username == "organiser" and entry.details["planned"] == "12500.50"


@pytest.mark.parametrize(
    "planned,spent,field,code",
    [
        ("-500", "", "planned_mad", "negative"),
        ("1000", "-1", "spent_mad", "negative"),
        (
            "9 000 000",
            "",
            "planned_mad",
            "too_big",
        ),  # nine million dirhams for one line: a slip of the keyboard
        ("12,5,0", "", "planned_mad", "invalid"),
        ("abc", "", "planned_mad", "invalid"),
        ("", "", "planned_mad", "required"),
        ("1000", "1e400", "spent_mad", "too_big"),
        ("1000", "NaN", "spent_mad", "invalid"),
        ("100.555", "", "planned_mad", "places"),
    ],
)
def test_a_bad_amount_is_refused_with_a_translated_error_and_nothing_is_saved(
    personas, demo, planned, spent, field, code
):
    with translation.override("ar"):
        response = personas["organiser"].post(
            add_url(demo),
            {"category": "venue", "planned_mad": planned, "spent_mad": spent},
            HTTP_ACCEPT_LANGUAGE="ar",
        )
    assert response.status_code == 400
    form = response.context["line_form"]
    [error] = form.errors.as_data()[field]
    assert error.code == code
    html = response.content.decode()
    with translation.override("ar"):
        assert escape(error.messages[0]) in html and error.messages[0].isascii() is False  # said in Arabic
    assert "لم يتم حفظ أي شيء" in html  # "Nothing was saved"
    assert not demo.budget_lines.exists()
    assert not AuditEntry.objects.filter(action__startswith="account.").exists()


def test_a_line_is_changed_or_deleted_and_each_change_is_audited(personas, demo):
    found = line(demo, "lodging", "40000", label="Hôtel")
    edit = reverse("caravans:account_line_edit", args=[demo.slug, found.pk])
    assert personas["organiser"].get(edit).status_code == 200
    refused = personas["organiser"].post(
        edit, {"category": "lodging", "planned_mad": "40000", "spent_mad": "-3"}
    )
    assert refused.status_code == 400
    found.refresh_from_db()
    assert found.spent_mad is None  # the refused change left the line as it was
    saved = personas["organiser"].post(
        edit, {"category": "lodging", "planned_mad": "40000", "spent_mad": "41 200"}
    )
    assert saved.status_code == 302
    found.refresh_from_db()
    assert found.spent_mad == Decimal("41200")
    delete = reverse("caravans:account_line_delete", args=[demo.slug, found.pk])
    assert personas["organiser"].post(delete).status_code == 302
    assert personas["organiser"].post(delete).status_code == 302  # a second click: nothing more to do
    assert not demo.budget_lines.exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="account.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["account.budget_line_saved", "account.budget_line_deleted"]


def test_the_page_shows_each_category_its_total_and_the_difference_in_dirhams(personas, demo):
    line(demo, "venue", "30000", "30000", "Salle")
    line(demo, "catering", "60000", "64500", "Déjeuners")
    line(demo, "catering", "12000", "9000", "Pauses café")
    personas["organiser"].cookies.load({"django_language": "fr"})
    html = personas["organiser"].get(page(demo)).content.decode()
    assert "Total : Restauration" in html
    assert mad("72\u202f000") in html  # the catering's planned total
    assert mad("+1\u202f500") in html  # 73 500 spent for 72 000 planned: over the budget
    assert mad("102\u202f000") in html and mad("103\u202f500") in html  # planned and spent, overall


def test_observations_and_recommendations_are_saved_and_audited(personas, demo):
    url = reverse("caravans:account_notes", args=[demo.slug])
    response = personas["organiser"].post(
        url, {"observations": "حضور قوي للنساء", "recommendations": "تمديد الورشات"}
    )
    assert response.status_code == 302
    demo.refresh_from_db()
    assert (demo.observations, demo.recommendations) == ("حضور قوي للنساء", "تمديد الورشات")
    assert AuditEntry.objects.filter(action="account.notes_saved", actor__username="organiser").exists()


def test_the_account_is_refused_to_trainers_agents_and_another_caravans_organiser(personas, demo):
    found = line(demo, "venue", "30000")
    for persona in ("trainer", "agent"):
        assert personas[persona].get(page(demo)).status_code == 403
        assert (
            personas[persona].post(add_url(demo), {"category": "venue", "planned_mad": "1"}).status_code
            == 403
        )
    other = organiser_of_another_caravan(demo)
    assert other.get(page(demo)).status_code == 403
    delete = reverse("caravans:account_line_delete", args=[demo.slug, found.pk])
    assert other.post(delete).status_code == 403
    assert demo.budget_lines.filter(pk=found.pk).exists()
    assert personas["coordinator"].get(page(demo)).status_code == 200
