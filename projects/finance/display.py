"""What the results page and the dossier PDF show of a plan: the same rows, labels and figures for both.

Figures carry Unicode isolates so a browser keeps "-2 056" left to right inside Arabic text. The PDF renderer
(WeasyPrint 70 with Pango) does the opposite: the isolates flip a negative amount to "2 056-" while the bare
figure comes out right (checked on rasterised pages), so the dossier asks for `isolate=False`.
"""

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from .chart import cash_chart
from .plan import isolated, money, percent
from .results import dirhams


def amount(value, places=0):
    """A figure for a table cell: rounded (whole dirhams by default) and kept left to right."""
    return isolated(money(value, places))


def statement_rows(results):
    """Income statement: (label, [year 1, year 2, year 3], emphasised), amounts rounded to the dirham."""
    lines = [
        (_("Sales"), "sales", False),
        (_("Variable costs"), "variable_costs", False),
        (_("Gross margin"), "gross_margin", True),
        (_("Fixed costs"), "fixed_costs", False),
        (_("Depreciation"), "depreciation", False),
        (_("Loan interest"), "interest", False),
        (_("Result before tax"), "result", True),
    ]
    rows = [
        (label, [amount(getattr(y, name)) for y in results.years], strong) for label, name, strong in lines
    ]
    rows += [
        (_("Gross margin rate"), [isolated(percent(y.gross_margin_rate)) for y in results.years], False),
        (_("Break-even sales"), [amount(y.break_even_sales) for y in results.years], False),
        (_("Debt service coverage (DSCR)"), [amount(y.dscr, 2) for y in results.years], False),
    ]
    return rows


def month_rows(results):
    """Monthly cash: month number and name, cash in, cash out, cash at the end of the month."""
    return [
        {
            "number": m.number,
            "name": MONTHS[m.calendar_month],
            "cash_in": amount(m.sales),
            "cash_out": amount(m.variable_costs + m.fixed_costs + m.investments + m.debt_service),
            "closing": amount(m.closing),
            "negative": m.closing < 0,
        }
        for m in results.months
    ]


def financing_rows(plan):
    """(label, amount) of each source of financing, then the total, the investments and the gap."""
    rows = [(_("Own contribution"), plan.own_contribution)]
    if plan.number_of_shares or plan.members_capital:
        rows.append(
            (
                _("Members' capital (%(shares)s shares of %(value)s)")
                % {"shares": plan.number_of_shares, "value": dirhams(plan.share_value)},
                plan.members_capital,
            )
        )
    rows += [(_("Grant: %(source)s") % {"source": g.source}, g.amount) for g in plan.grants]
    rows += [
        (
            _("Loan: %(lender)s, %(rate)s a year over %(years)s years")
            % {"lender": loan.lender, "rate": isolated(percent(loan.annual_rate, 2)), "years": loan.years},
            loan.amount,
        )
        for loan in plan.loans
    ]
    return [(label, amount(value)) for label, value in rows]


def context(plan, results, rtl, isolate=True):
    """Everything the finance partials need (`isolate=False`: figures without isolates, for the PDF)."""
    data = {
        "plan": plan,
        "results": results,
        "chart": cash_chart(results, rtl),
        "statement": statement_rows(results),
        "months": month_rows(results),
        "financing": financing_rows(plan),
        "investments": [
            (
                i.item,
                isolated(money(i.quantity).removesuffix(",00")),
                amount(i.unit_price),
                amount(i.total),
                i.depreciation_years,
            )
            for i in plan.investments
        ],
        "loans": [(loan.lender, dirhams(loan.annuity, 2)) for loan in plan.loans],
        "totals": {
            "investment": amount(plan.total_investment),
            "financing": amount(plan.total_financing),
            "equity": amount(plan.equity),
        },
        "payback": results.payback_months,
        "warnings": [w.message for w in results.warnings],
    }
    return data if isolate else _without_isolates(data)


def _without_isolates(value):
    if isinstance(value, str):
        return value.replace("\u2066", "").replace("\u2069", "")
    if isinstance(value, list | tuple):
        return type(value)(_without_isolates(v) for v in value)
    if isinstance(value, dict):
        return {k: _without_isolates(v) for k, v in value.items()}
    return value
