"""The demo caravan's account: a budget in every category, planned and spent, and its organiser's notes."""

from decimal import Decimal

from caravans.account import totals
from caravans.account_demo import load_demo_account
from caravans.models import BudgetLine


def test_the_demo_caravan_has_a_budget_in_every_category_and_its_notes(demo):
    load_demo_account(demo)
    load_demo_account(demo)  # loaded again (the demo command run twice): replaced, not doubled
    found = totals(demo)
    assert [c.category for c in found.categories] == list(BudgetLine.Category.values)
    assert (found.planned, found.spent, found.lines_without_spent) == (Decimal(409300), Decimal(387040), 0)
    assert (found.basis, found.cost_basis) == ("spent", Decimal(387040))
    demo.refresh_from_db()
    assert "تخصيص يوم إضافي للورشات التطبيقية" in demo.recommendations
    assert "حافلة إقليم شفشاون" in demo.observations
