"""A project's financial plan: what it needs, how it is financed, what it sells and spends (pure, no database).

Amounts are `Decimal` dirhams, kept at full precision through every computation; only presentation rounds, with
ROUND_HALF_UP (`money()`), so totals shown are the rounded true totals, not sums of rounded lines. Percentages are
stored as percents ("6" for 6 %), the way people say them. The plan is stored in `Project.financial_plan` as the
JSON-safe dict of `Plan.to_dict()` (Decimals as strings); `compute()` in results.py turns it into results.
"""

from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from core.i18n import figure

ZERO = Decimal(0)
HUNDRED = Decimal(100)
MONTHS = 36  # three years, month by month
FLAT_SEASON = (HUNDRED,) * 12

# Law 112-12 on cooperatives (src: /work/shared/domain/cooperative_procedure.yaml, key_numbers, confidence high).
COOPERATIVE_MINIMUM_CAPITAL = Decimal(1000)
COOPERATIVE_MINIMUM_SHARE_VALUE = Decimal(100)
THIN_MARGIN_RATE = Decimal(20)  # percent of sales: below it, a trainer says the margin is too thin


class PlanError(ValueError):
    """A stored plan that cannot be read (code: `invalid_plan`); forms keep bad input from ever being stored."""

    code = "invalid_plan"


def decimal(value: object, default: Decimal = ZERO) -> Decimal:
    """A Decimal from a string, int or Decimal (never a float: 0.1 is not a dirham amount); '' → default."""
    if value is None or value == "":
        return default
    if isinstance(value, float | bool):
        raise PlanError(f"not an exact number: {value!r}")
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as error:
        raise PlanError(f"not a number: {value!r}") from error
    if not number.is_finite():
        raise PlanError(f"not a finite number: {value!r}")
    return number


def money(value: Decimal | int | None, places: int = 2) -> str:
    """`1825.3162` → "1 825,32", None → "—": a figure as every amount is written (`core.i18n.figure`)."""
    return "—" if value is None else figure(value, places)


def isolated(text: str) -> str:
    """Keep a figure left to right inside Arabic text ("-1 000", not "1 000-"), with Unicode isolates that
    browsers and the PDF renderer both honour (WeasyPrint ignores CSS unicode-bidi)."""
    return f"\u2066{text}\u2069"


def percent(value: Decimal | int | None, places: int = 1) -> str:
    """`23.456` → "23,5 %" (a rate already in percent)."""
    if value is None:
        return "—"
    return money(value, places) + "\u202f%"


def _row(cls: "type[Row]", data: object) -> "Row":
    if not isinstance(data, dict):
        raise PlanError(f"{cls.__name__}: not an object")
    return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


def _dump(row: "Row") -> dict[str, object]:
    return {f.name: _json(getattr(row, f.name)) for f in fields(row)}


def _json(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


@dataclass
class Investment:
    item: str
    quantity: Decimal = Decimal(1)
    unit_price: Decimal = ZERO
    depreciation_years: int = 0  # 0: not depreciated (land, working capital)

    def __post_init__(self) -> None:
        self.quantity, self.unit_price = decimal(self.quantity, Decimal(1)), decimal(self.unit_price)
        self.depreciation_years = int(decimal(self.depreciation_years))

    @property
    def total(self) -> Decimal:
        return self.quantity * self.unit_price

    @property
    def yearly_depreciation(self) -> Decimal:
        return self.total / self.depreciation_years if self.depreciation_years > 0 else ZERO


@dataclass
class Grant:
    source: str
    amount: Decimal = ZERO

    def __post_init__(self) -> None:
        self.amount = decimal(self.amount)


@dataclass
class Loan:
    lender: str
    amount: Decimal = ZERO
    annual_rate: Decimal = ZERO  # percent a year, e.g. 6
    years: int = 1  # whole duration, grace included
    grace_months: int = 0  # first months: interest only, no principal

    def __post_init__(self) -> None:
        self.amount, self.annual_rate = decimal(self.amount), decimal(self.annual_rate)
        self.years, self.grace_months = int(decimal(self.years, Decimal(1))), int(decimal(self.grace_months))

    @property
    def monthly_rate(self) -> Decimal:
        return self.annual_rate / HUNDRED / 12

    @property
    def repayment_months(self) -> int:
        return max(self.years * 12 - self.grace_months, 1)

    @property
    def annuity(self) -> Decimal:
        """Constant monthly payment after the grace period: A = P·r / (1 − (1 + r)^−n); P / n at 0 %."""
        r, n = self.monthly_rate, self.repayment_months
        if r == 0:
            return self.amount / n
        return self.amount * r / (1 - (1 + r) ** -n)

    def schedule(self) -> list[tuple[Decimal, Decimal]]:
        """[(interest, principal)] for every month of the loan, full precision, balance ending at zero."""
        balance, rows = self.amount, []
        for month in range(1, self.years * 12 + 1):
            interest = balance * self.monthly_rate
            if month <= self.grace_months:
                principal = ZERO
            elif month == self.years * 12:
                principal = balance  # the last payment clears what precision left over
            else:
                principal = self.annuity - interest
            balance -= principal
            rows.append((interest, principal))
        return rows


@dataclass
class Product:
    name: str
    unit: str = ""
    monthly_volume: Decimal = ZERO  # units sold in an ordinary (100 %) month of the first year
    unit_price: Decimal = ZERO
    variable_cost_per_unit: Decimal = ZERO
    growth: Decimal = ZERO  # percent more volume each year than the year before
    # Calendar months January…December, in percent of an ordinary month (0: nothing sold, 150: peak).
    seasonality: list[Decimal] = field(default_factory=lambda: list(FLAT_SEASON))

    def __post_init__(self) -> None:
        self.monthly_volume, self.unit_price = decimal(self.monthly_volume), decimal(self.unit_price)
        self.variable_cost_per_unit, self.growth = decimal(self.variable_cost_per_unit), decimal(self.growth)
        season = list(self.seasonality or FLAT_SEASON)
        if len(season) != 12:
            raise PlanError("seasonality needs 12 months")
        self.seasonality = [decimal(v) for v in season]

    def volume(self, year: int, calendar_month: int) -> Decimal:
        """Units sold in a calendar month (1–12) of plan year 1–3."""
        growth = (1 + self.growth / HUNDRED) ** (year - 1)
        return self.monthly_volume * self.seasonality[calendar_month - 1] / HUNDRED * growth


@dataclass
class FixedCost:
    label: str
    monthly_amount: Decimal = ZERO

    def __post_init__(self) -> None:
        self.monthly_amount = decimal(self.monthly_amount)


# A row of a plan's lists, read by `_row` and written by `_dump`.
Row = Investment | Grant | Loan | Product | FixedCost


@dataclass
class Plan:
    investments: list[Investment] = field(default_factory=list)
    own_contribution: Decimal = ZERO  # the holder's own money (cash or in kind), members' capital aside
    number_of_shares: int = 0  # members' capital of a cooperative: shares × share value
    share_value: Decimal = ZERO
    grants: list[Grant] = field(default_factory=list)
    loans: list[Loan] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    variable_cost_rate: Decimal = ZERO  # percent of sales (commissions, packaging…), on top of per-unit costs
    fixed_costs: list[FixedCost] = field(default_factory=list)
    start_month: int = 1  # calendar month (1–12) of the plan's first month
    cooperative: bool = False  # the holder is, or will be, a cooperative: law 112-12 capital rules apply

    def __post_init__(self) -> None:
        self.own_contribution, self.share_value = decimal(self.own_contribution), decimal(self.share_value)
        self.variable_cost_rate = decimal(self.variable_cost_rate)
        self.number_of_shares, self.start_month = (
            int(decimal(self.number_of_shares)),
            int(decimal(self.start_month, Decimal(1))),
        )
        if not 1 <= self.start_month <= 12:
            raise PlanError("start_month must be 1–12")
        self.cooperative = bool(self.cooperative)

    ROWS: ClassVar[dict[str, type[Row]]] = {
        "investments": Investment,
        "grants": Grant,
        "loans": Loan,
        "products": Product,
        "fixed_costs": FixedCost,
    }

    @classmethod
    def from_dict(cls, data: object) -> "Plan":
        """The plan stored as `to_dict()` made it; `{}` (a new project) is an empty plan."""
        if not isinstance(data, dict):
            raise PlanError("the plan is not an object")
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        try:
            for name, row in cls.ROWS.items():
                values[name] = [_row(row, item) for item in values.get(name) or []]
            return cls(**values)
        except (TypeError, ValueError) as error:
            raise PlanError(str(error)) from error

    def to_dict(self) -> dict[str, object]:
        data = {f.name: _json(getattr(self, f.name)) for f in fields(self) if f.name not in self.ROWS}
        for name in self.ROWS:
            data[name] = [_dump(row) for row in getattr(self, name)]
        return data

    @property
    def is_empty(self) -> bool:
        return not (self.investments or self.products or self.fixed_costs or self.total_financing)

    @property
    def total_investment(self) -> Decimal:
        return sum((i.total for i in self.investments), ZERO)

    @property
    def members_capital(self) -> Decimal:
        return self.number_of_shares * self.share_value

    @property
    def equity(self) -> Decimal:
        """What the holders put in themselves: own contribution plus members' capital (the "apport" of programmes)."""
        return self.own_contribution + self.members_capital

    @property
    def total_grants(self) -> Decimal:
        return sum((g.amount for g in self.grants), ZERO)

    @property
    def total_loans(self) -> Decimal:
        return sum((loan.amount for loan in self.loans), ZERO)

    @property
    def total_financing(self) -> Decimal:
        return self.equity + self.total_grants + self.total_loans

    def calendar_month(self, month: int) -> int:
        """Plan month 1–36 → calendar month 1–12."""
        return (self.start_month - 1 + month - 1) % 12 + 1
