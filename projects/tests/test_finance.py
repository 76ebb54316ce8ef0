"""The financial plan's computations, checked against cases worked out by hand (the working is in the comments)."""

import json
from decimal import Decimal as D

import pytest
from django.utils import translation

from projects.finance import Loan, Plan, PlanError, compute, money


def q(value, places=2):
    """Round as the pages do, to compare with the hand computation."""
    return money(value, places)


def workshop_plan(**changes):
    """A couscous cooperative: round numbers so every figure below can be checked with a pencil."""
    data = {
        "cooperative": True,
        "investments": [
            {"item": "Rolling machine", "quantity": "2", "unit_price": "5000", "depreciation_years": 5},
            {"item": "Drying tables", "quantity": "1", "unit_price": "2000", "depreciation_years": 2},
        ],
        "own_contribution": "3000",
        "number_of_shares": 10,
        "share_value": "100",
        "grants": [{"source": "INDH", "amount": "8000"}],
        "products": [
            {
                "name": "Couscous",
                "unit": "kg",
                "monthly_volume": "100",
                "unit_price": "30",
                "variable_cost_per_unit": "12",
                "growth": "10",
            }
        ],
        "variable_cost_rate": "5",
        "fixed_costs": [
            {"label": "Rent", "monthly_amount": "500"},
            {"label": "Power", "monthly_amount": "200"},
        ],
    }
    return Plan.from_dict({**data, **changes})


def test_it_computes_the_constant_annuity_of_a_loan():
    # 60,000 DH at 6 %/yr over 3 years, monthly: r = 0.06 / 12 = 0.005, n = 36.
    # 1.005^36 = 1.1966805; 1 / 1.1966805 = 0.8356449; 1 − 0.8356449 = 0.1643551.
    # A = 60,000 × 0.005 / 0.1643551 = 300 / 0.1643551 = 1,825.316 → 1,825.32 DH a month.
    loan = Loan("Bank", amount="60000", annual_rate="6", years=3)
    assert q(loan.annuity) == "1\u202f825,32"
    schedule = loan.schedule()
    # Month 1: interest 60,000 × 0.005 = 300.00, principal 1,825.32 − 300.00 = 1,525.32.
    assert (q(schedule[0][0]), q(schedule[0][1])) == ("300,00", "1\u202f525,32")
    # All the principal comes back; interest = 36 × 1,825.3162 − 60,000 = 5,711.38.
    assert q(sum(p for _i, p in schedule)) == "60\u202f000,00"
    assert q(sum(i for i, _p in schedule)) == "5\u202f711,38"


def test_it_charges_only_interest_during_the_grace_months():
    # 12,000 DH at 12 %/yr over 2 years with 6 months' grace: r = 0.01.
    # Months 1–6: interest 12,000 × 0.01 = 120, no principal.
    # Then 18 annuities: 1.01^18 = 1.1961475; 1 / that = 0.8360173; A = 120 / 0.1639827 = 731.78.
    loan = Loan("Microcredit", amount="12000", annual_rate="12", years=2, grace_months=6)
    schedule = loan.schedule()
    assert [(q(i), q(p)) for i, p in schedule[:6]] == [("120,00", "0,00")] * 6
    assert q(schedule[6][0] + schedule[6][1]) == "731,78"
    assert q(sum(p for _i, p in schedule)) == "12\u202f000,00"


def test_it_splits_a_loan_at_zero_percent_into_equal_payments():
    loan = Loan("Family", amount="12000", annual_rate="0", years=2, grace_months=6)
    # 12,000 / 18 = 666.67 a month after the grace months.
    assert q(loan.annuity) == "666,67"
    assert sum(p for _i, p in loan.schedule()) == D(12000)


def test_it_builds_the_income_statement_of_three_years():
    results = compute(workshop_plan())
    one, two, three = results.years
    # Year 1: sales 100 kg × 30 × 12 = 36,000; variable 100 × 12 × 12 = 14,400 + 5 % × 36,000 = 1,800 → 16,200.
    # Gross margin 19,800 (55 %); fixed (500 + 200) × 12 = 8,400; depreciation 10,000 / 5 + 2,000 / 2 = 3,000.
    # Result 19,800 − 8,400 − 3,000 = 8,400. Break-even (8,400 + 3,000) / 0.55 = 20,727.27.
    assert (one.sales, one.variable_costs, one.gross_margin) == (36000, 16200, 19800)
    assert (one.gross_margin_rate, one.fixed_costs, one.depreciation, one.result) == (55, 8400, 3000, 8400)
    assert q(one.break_even_sales) == "20\u202f727,27"
    # Year 2: +10 % → 110 kg: sales 39,600; variable 110 × 144 = 15,840 + 1,980 = 17,820; margin 21,780;
    # result 21,780 − 8,400 − 3,000 = 10,380.
    assert (two.sales, two.variable_costs, two.result) == (39600, 17820, 10380)
    # Year 3: 121 kg: sales 43,560; variable 17,424 + 2,178 = 19,602; margin 23,958; the tables are
    # written off after 2 years, so depreciation 2,000; result 23,958 − 8,400 − 2,000 = 13,558.
    assert (three.sales, three.depreciation, three.result) == (43560, 2000, 13558)
    assert one.interest == 0 and one.dscr is None


def test_it_follows_cash_month_by_month_and_finds_the_payback():
    results = compute(workshop_plan())
    first = results.months[0]
    # Opening = 3,000 + 10 × 100 + 8,000 = 12,000; investments 12,000 out in month 1.
    # Each month of year 1: 3,000 − 1,200 − 150 − 700 = 950 → closing 950 after month 1, 11,400 after month 12.
    assert (first.opening, first.investments, first.operating_cash, first.closing) == (12000, 12000, 950, 950)
    assert results.months[11].closing == 11400
    # Cumulated 11,400 after 12 months; month 13: 3,300 − 1,320 − 165 − 700 = 1,115 → 12,515 ≥ 12,000.
    assert results.payback_months == 13
    assert results.warnings == []


def test_it_applies_seasonality_from_the_start_month_and_warns_of_the_first_month_without_cash():
    # Figs sold from September: 200 % in Sep–Oct, 100 % in Nov–Dec, nothing January to August.
    season = ["0"] * 8 + ["200", "200", "100", "100"]
    plan = Plan.from_dict(
        {
            "start_month": 9,
            "own_contribution": "5000",
            "products": [
                {"name": "Dried figs", "monthly_volume": "100", "unit_price": "10", "seasonality": season}
            ],
            "fixed_costs": [{"label": "Wages", "monthly_amount": "1000"}],
        }
    )
    results = compute(plan)
    # Sales: Sep 2,000, Oct 2,000, Nov 1,000, Dec 1,000, then 0 → year 1 = 6,000.
    assert [m.sales for m in results.months[:5]] == [2000, 2000, 1000, 1000, 0]
    assert results.months[0].calendar_month == 9 and results.months[4].calendar_month == 1
    assert results.years[0].sales == 6000
    # Cash: 5,000 + 1,000 + 1,000 + 0 + 0 = 7,000 after December, then −1,000 a month:
    # 0 at the end of month 11 (July) is not negative; −1,000 in month 12 (August) is.
    assert results.months[10].closing == 0
    warning = results.warning("negative_cash")
    assert warning.params == {"month": 12, "amount": -1000}
    assert results.payback_months is None  # nothing invested, nothing to pay back


def test_it_warns_of_a_financing_gap_a_thin_margin_debt_it_cannot_carry_and_a_capital_below_the_law():
    plan = Plan.from_dict(
        {
            "cooperative": True,
            "investments": [
                {"item": "Oil press", "quantity": "1", "unit_price": "100000", "depreciation_years": 10}
            ],
            "own_contribution": "10000",
            "number_of_shares": 4,
            "share_value": "50",
            "loans": [{"lender": "Bank", "amount": "60000", "annual_rate": "6", "years": 3}],
            "products": [
                {"name": "Oil", "monthly_volume": "1000", "unit_price": "10", "variable_cost_per_unit": "9"}
            ],
        }
    )
    results = compute(plan)
    codes = {w.code: w.params for w in results.warnings}
    # Financing 10,000 + 4 × 50 + 60,000 = 70,200 for 100,000 of investments: a gap of 29,800.
    assert codes["financing_gap"] == {"gap": 29800}
    # Month 1: 70,200 + (10,000 − 9,000) − 100,000 − 1,825.3162 = −30,625.32.
    assert codes["negative_cash"]["month"] == 1
    assert q(codes["negative_cash"]["amount"]) == "-30\u202f625,32"
    # Margin 1 DH on 10: 10 % < 20 %.
    assert codes["thin_margin"] == {"year": 1, "rate": 10, "minimum": 20}
    # DSCR year 1: margin 12,000 / (12 × 1,825.3162 = 21,903.79) = 0.55.
    assert codes["dscr_below_one"]["year"] == 1 and q(codes["dscr_below_one"]["dscr"]) == "0,55"
    assert codes["cooperative_capital_too_low"] == {"capital": 200, "minimum": 1000}
    assert codes["share_value_too_low"] == {"value": 50, "minimum": 100}


def test_it_does_not_apply_cooperative_rules_to_a_project_holder_alone():
    # Shares of 50 DH, 250 DH of capital: fine for an association or a group of holders, not a cooperative.
    plan = workshop_plan(number_of_shares=5, share_value="50", own_contribution="3750")
    assert {w.code for w in compute(plan).warnings} == {"cooperative_capital_too_low", "share_value_too_low"}
    plan.cooperative = False
    assert compute(plan).warnings == []


def test_it_says_every_warning_in_arabic_and_french():
    plan = Plan.from_dict({"cooperative": True, "number_of_shares": 2, "share_value": "50"})
    said = {}
    for language in ("en", "ar", "fr"):
        with translation.override(language):
            said[language] = [w.message for w in compute(plan).warnings]
    assert len(said["en"]) == 3  # no_sales, capital and share value
    for sentences in zip(*said.values(), strict=True):
        assert len(set(sentences)) == 3, sentences  # neither the Arabic nor the French left in English
    assert any("1\u202f000" in m for m in said["ar"]) and any("1\u202f000" in m for m in said["fr"])


def test_it_stores_the_plan_as_json_and_reads_it_back_unchanged():
    plan = workshop_plan(loans=[{"lender": "Bank", "amount": "60000", "annual_rate": "6.5", "years": 3}])
    stored = json.loads(json.dumps(plan.to_dict()))
    assert stored["loans"][0]["annual_rate"] == "6.5"
    assert Plan.from_dict(stored) == plan
    assert plan.total_investment == 12000 and plan.members_capital == 1000 and plan.equity == 4000


def test_it_reads_a_new_projects_empty_plan():
    plan = Plan.from_dict({})
    assert plan.is_empty and plan.total_investment == 0
    assert compute(plan).years[0].result == 0


@pytest.mark.parametrize(
    "data",
    [
        {"own_contribution": 0.1},  # a float is never an exact amount
        {"own_contribution": "abc"},
        {"start_month": 13},
        {"products": [{"name": "x", "seasonality": ["100"] * 11}]},
        {"investments": ["not a row"]},
        [],
    ],
)
def test_it_refuses_a_stored_plan_it_cannot_read(data):
    with pytest.raises(PlanError):
        Plan.from_dict(data)


def test_it_rounds_half_up_only_for_display():
    assert money(D("1825.3162")) == "1\u202f825,32"
    assert money(D("0.005")) == "0,01"
    assert money(D("-2.5"), 0) == "-3"
    assert money(D("1234567.891"), 0) == "1\u202f234\u202f568"
