"""Results of a financial plan: income statement, monthly cash, break-even, payback, DSCR and trainers' warnings.

Pure and exact: Decimal dirhams at full precision (see plan.py for rounding). Simplifications a trainer states
out loud: sales are cashed and costs paid in the month they happen; investments are all paid in month 1; all
financing arrives before month 1; results are before tax.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.i18n import amount

from .plan import (
    COOPERATIVE_MINIMUM_CAPITAL,
    COOPERATIVE_MINIMUM_SHARE_VALUE,
    HUNDRED,
    MONTHS,
    THIN_MARGIN_RATE,
    ZERO,
    Plan,
    isolated,
    percent,
)
from .plan import money as _money


def money(value: Decimal | int | None, places: int = 2) -> str:
    return isolated(_money(value, places))


def dirhams(value: Decimal | int | None, places: int = 0) -> str:
    """An amount with its currency in the active language, the figure kept left to right in Arabic text."""
    return "—" if value is None else amount(value, places=places, ltr=True)


YEARS = MONTHS // 12


@dataclass
class Month:
    number: int  # 1–36
    calendar_month: int  # 1–12
    opening: Decimal
    sales: Decimal
    variable_costs: Decimal
    fixed_costs: Decimal
    investments: Decimal
    debt_service: Decimal  # interest + principal paid this month

    @property
    def year(self) -> int:
        return (self.number - 1) // 12 + 1

    @property
    def operating_cash(self) -> Decimal:
        return self.sales - self.variable_costs - self.fixed_costs

    @property
    def closing(self) -> Decimal:
        return self.opening + self.operating_cash - self.investments - self.debt_service


@dataclass
class Year:
    number: int
    sales: Decimal = ZERO
    variable_costs: Decimal = ZERO
    fixed_costs: Decimal = ZERO
    depreciation: Decimal = ZERO
    interest: Decimal = ZERO
    principal: Decimal = ZERO

    @property
    def gross_margin(self) -> Decimal:
        return self.sales - self.variable_costs

    @property
    def gross_margin_rate(self) -> Decimal | None:
        """Gross margin in percent of sales (None without sales)."""
        return self.gross_margin / self.sales * HUNDRED if self.sales else None

    @property
    def result(self) -> Decimal:
        """Result before tax."""
        return self.gross_margin - self.fixed_costs - self.depreciation - self.interest

    @property
    def break_even_sales(self) -> Decimal | None:
        """Sales that cover every cost not proportional to sales: fixed + depreciation + interest over margin rate.

        None when each dirham sold loses money (no sales, or variable costs above prices)."""
        rate = self.gross_margin_rate
        if rate is None or rate <= 0:
            return None
        return (self.fixed_costs + self.depreciation + self.interest) / rate * HUNDRED

    @property
    def debt_service(self) -> Decimal:
        return self.interest + self.principal

    @property
    def dscr(self) -> Decimal | None:
        """Debt service coverage: cash from operations (margin − fixed costs) over loan payments (None: no loan)."""
        if not self.debt_service:
            return None
        return (self.gross_margin - self.fixed_costs) / self.debt_service


@dataclass
class Warning:
    code: str
    params: dict[str, Decimal | int | None] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The sentence a trainer would say, in the active language."""
        p = self.params
        messages = {
            "negative_cash": lambda: (
                _(
                    "Cash runs out in month %(month)s (%(amount)s): plan more financing or a later investment."
                )
                % {"month": p["month"], "amount": dirhams(p["amount"])}
            ),
            "financing_gap": lambda: (
                _(
                    "The investments exceed the financing by %(gap)s: find more own funds, a grant or a loan."
                )
                % {"gap": dirhams(p["gap"])}
            ),
            "thin_margin": lambda: (
                _(
                    "The gross margin is only %(rate)s of sales in year %(year)s: check prices and costs "
                    "(below %(minimum)s, little is left to pay the fixed costs)."
                )
                % {"rate": percent(p["rate"]), "year": p["year"], "minimum": percent(p["minimum"], 0)}
            ),
            "dscr_below_one": lambda: (
                _(
                    "In year %(year)s the activity earns only %(dscr)s times the loan payments: "
                    "the loans cannot be repaid from the activity alone."
                )
                % {"year": p["year"], "dscr": money(p["dscr"])}
            ),
            "cooperative_capital_too_low": lambda: (
                _(
                    "A cooperative needs a capital of at least %(minimum)s (law 112-12); this plan has %(capital)s."
                )
                % {"minimum": dirhams(p["minimum"]), "capital": dirhams(p["capital"])}
            ),
            "share_value_too_low": lambda: (
                _(
                    "A cooperative's shares are worth at least %(minimum)s each (law 112-12); "
                    "this plan has shares of %(value)s."
                )
                % {"minimum": dirhams(p["minimum"]), "value": dirhams(p["value"], 2)}
            ),
            "no_sales": lambda: _("The plan has no sales yet: add what the project will sell."),
        }
        return messages[self.code]()


@dataclass
class Results:
    years: list[Year]
    months: list[Month]
    warnings: list[Warning]
    payback_months: int | None = None  # months until operations repaid the investment; None: not within 36

    @property
    def total_sales(self) -> Decimal:
        return sum((y.sales for y in self.years), ZERO)

    def warning(self, code: str) -> Warning | None:
        return next((w for w in self.warnings if w.code == code), None)


def compute(plan: Plan) -> Results:
    """Income statement, monthly cash, break-even, payback, DSCR and warnings of `plan` (a `Plan`)."""
    schedules = [loan.schedule() for loan in plan.loans]
    months, years = [], [Year(number) for number in range(1, YEARS + 1)]
    opening = plan.total_financing
    fixed = sum((c.monthly_amount for c in plan.fixed_costs), ZERO)
    for number in range(1, MONTHS + 1):
        year, calendar = years[(number - 1) // 12], plan.calendar_month(number)
        sales = units_cost = ZERO
        for product in plan.products:
            volume = product.volume(year.number, calendar)
            sales += volume * product.unit_price
            units_cost += volume * product.variable_cost_per_unit
        variable = units_cost + sales * plan.variable_cost_rate / HUNDRED
        paid = [schedule[number - 1] for schedule in schedules if number <= len(schedule)]
        interest = sum((i for i, _p in paid), ZERO)
        principal = sum((p for _i, p in paid), ZERO)
        month = Month(
            number=number,
            calendar_month=calendar,
            opening=opening,
            sales=sales,
            variable_costs=variable,
            fixed_costs=fixed,
            investments=plan.total_investment if number == 1 else ZERO,
            debt_service=interest + principal,
        )
        months.append(month)
        opening = month.closing
        year.sales += sales
        year.variable_costs += variable
        year.fixed_costs += fixed
        year.interest += interest
        year.principal += principal
    for year in years:
        year.depreciation = sum(
            (i.yearly_depreciation for i in plan.investments if year.number <= i.depreciation_years), ZERO
        )
    return Results(years, months, _warnings(plan, years, months), payback_months=_payback(plan, months))


def _payback(plan: Plan, months: list[Month]) -> int | None:
    if not plan.total_investment:
        return None
    recovered = ZERO
    for month in months:
        recovered += month.operating_cash
        if recovered >= plan.total_investment:
            return month.number
    return None


def _warnings(plan: Plan, years: list[Year], months: list[Month]) -> list[Warning]:
    found = []
    if plan.total_investment > plan.total_financing:
        found.append(Warning("financing_gap", {"gap": plan.total_investment - plan.total_financing}))
    short = next((m for m in months if m.closing < 0), None)
    if short:
        found.append(Warning("negative_cash", {"month": short.number, "amount": short.closing}))
    if not any(y.sales for y in years):
        found.append(Warning("no_sales"))
    thin = next(
        (y for y in years if y.gross_margin_rate is not None and y.gross_margin_rate < THIN_MARGIN_RATE), None
    )
    if thin:
        found.append(
            Warning(
                "thin_margin",
                {"year": thin.number, "rate": thin.gross_margin_rate, "minimum": THIN_MARGIN_RATE},
            )
        )
    weak = next((y for y in years if y.dscr is not None and y.dscr < 1), None)
    if weak:
        found.append(Warning("dscr_below_one", {"year": weak.number, "dscr": weak.dscr}))
    if plan.cooperative and plan.members_capital < COOPERATIVE_MINIMUM_CAPITAL:
        found.append(
            Warning(
                "cooperative_capital_too_low",
                {"capital": plan.members_capital, "minimum": COOPERATIVE_MINIMUM_CAPITAL},
            )
        )
    if plan.cooperative and plan.number_of_shares and plan.share_value < COOPERATIVE_MINIMUM_SHARE_VALUE:
        found.append(
            Warning(
                "share_value_too_low", {"value": plan.share_value, "minimum": COOPERATIVE_MINIMUM_SHARE_VALUE}
            )
        )
    return found
