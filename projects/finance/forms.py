"""Editing a financial plan on a phone: one short form for the plan, one list of rows per kind of line.

A row is removed by emptying its name; one empty row per list is offered to add a line (no JavaScript).
Amounts are typed as people write them: "1 500,50", "1500.5" or with Arabic-Indic digits.
"""

from decimal import Decimal

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from core.forms import AmountField
from core.text import to_ascii_digits

from .plan import Plan


def whole(label, maximum, **kwargs):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=maximum,
        required=False,
        # A text box: number inputs of some phones refuse the Arabic-Indic digits Django reads fine.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        **kwargs,
    )


class SeasonalityField(forms.CharField):
    """Twelve percentages, January to December, separated by spaces ("" = the same every month)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=100, required=False, **kwargs)

    def to_python(self, value):
        text = to_ascii_digits(super().to_python(value))
        if not text:
            return None
        parts = text.replace(";", " ").replace(",", " ").replace("/", " ").split()
        if len(parts) != 12 or not all(p.isdigit() and int(p) <= 1000 for p in parts):
            raise forms.ValidationError(
                _(
                    "Enter 12 whole percentages, January to December, separated by spaces (100 = an ordinary month)."
                ),
                code="seasonality",
            )
        return [str(int(p)) for p in parts]

    def prepare_value(self, value):
        return " ".join(value) if isinstance(value, list | tuple) else value


class PlanForm(forms.Form):
    start_month = forms.TypedChoiceField(
        label=_("First month of activity"), choices=list(MONTHS.items()), coerce=int, initial=1
    )
    cooperative = forms.BooleanField(label=_("The project is, or will be, a cooperative"), required=False)
    own_contribution = AmountField(label=_("Own contribution (MAD)"), help_text=_("Cash or in kind."))
    number_of_shares = whole(_("Number of members' shares"), 100000)
    share_value = AmountField(label=_("Value of one share (MAD)"))
    variable_cost_rate = AmountField(
        # xgettext:no-python-format
        label=_("Costs in % of sales"),
        maximum=Decimal(100),
        help_text=_("Commissions, packaging or transport that grow with sales, if any."),
    )


class RowForm(forms.Form):
    """One line of a list; empty name and numbers = no line."""

    name_field = ""

    def clean(self):
        data = super().clean()
        filled = [name for name, value in data.items() if name != self.name_field and value not in (None, "")]
        if not data.get(self.name_field) and filled and not self.errors:
            self.add_error(self.name_field, _("Give this line a name, or empty it to remove it."))
        return data

    def row(self):
        """The line for Plan.from_dict, or None when the row was left empty."""
        data = self.cleaned_data
        if not data or not data.get(self.name_field):
            return None
        return {name: value for name, value in data.items() if value not in (None, "")}


class InvestmentForm(RowForm):
    name_field = "item"
    item = forms.CharField(label=_("Item"), max_length=120, required=False)
    quantity = AmountField(label=_("Quantity"))
    unit_price = AmountField(label=_("Unit price (MAD)"))
    depreciation_years = whole(_("Depreciation (years)"), 50, help_text=_("0 for land."))


class GrantForm(RowForm):
    name_field = "source"
    source = forms.CharField(label=_("Grant from"), max_length=120, required=False)
    amount = AmountField(label=_("Amount (MAD)"))


class LoanForm(RowForm):
    name_field = "lender"
    lender = forms.CharField(label=_("Lender"), max_length=120, required=False)
    amount = AmountField(label=_("Amount (MAD)"))
    annual_rate = AmountField(label=_("Interest rate (% a year)"), maximum=Decimal(100))
    years = whole(_("Duration (years)"), 30)
    grace_months = whole(_("Grace period (months)"), 60)

    def clean(self):
        data = super().clean()
        if data.get("lender") and not self.errors:
            years, grace = data.get("years") or 0, data.get("grace_months") or 0
            if years < 1:
                self.add_error("years", _("A loan lasts at least one year."))
            elif grace >= years * 12:
                self.add_error("grace_months", _("The grace period must be shorter than the loan."))
        return data


class ProductForm(RowForm):
    name_field = "name"
    name = forms.CharField(label=_("Product or service"), max_length=120, required=False)
    unit = forms.CharField(
        label=_("Unit"), max_length=30, required=False, help_text=_("kg, litre, piece, night…")
    )
    monthly_volume = AmountField(label=_("Units sold in an ordinary month"))
    unit_price = AmountField(label=_("Selling price per unit (MAD)"))
    variable_cost_per_unit = AmountField(
        label=_("Cost per unit (MAD)"), help_text=_("Raw materials, packaging.")
    )
    growth = AmountField(label=_("Growth per year (%)"), maximum=Decimal(1000))
    seasonality = SeasonalityField(
        # xgettext:no-python-format
        label=_("Seasons (% of an ordinary month, January to December)"),
        help_text=_(
            "Leave empty if sales are the same all year. Example: 50 50 80 100 100 150 200 200 100 80 50 50"
        ),
    )


class FixedCostForm(RowForm):
    name_field = "label"
    label = forms.CharField(label=_("Fixed cost"), max_length=120, required=False)
    monthly_amount = AmountField(label=_("Per month (MAD)"))


def _formset(form):
    return forms.formset_factory(form, extra=1, max_num=50, absolute_max=60, validate_max=True)


LISTS = {
    "investments": (_("Investments"), _formset(InvestmentForm)),
    "grants": (_("Grants"), _formset(GrantForm)),
    "loans": (_("Loans"), _formset(LoanForm)),
    "products": (_("Sales"), _formset(ProductForm)),
    "fixed_costs": (_("Fixed costs per month"), _formset(FixedCostForm)),
}
GENERAL = [
    "start_month",
    "cooperative",
    "own_contribution",
    "number_of_shares",
    "share_value",
    "variable_cost_rate",
]


class PlanForms:
    """The whole plan page: the general form and each list, valid only all together (nothing half-saved)."""

    def __init__(self, plan, data=None):
        stored = plan.to_dict()
        self.general = PlanForm(data, prefix="plan", initial={name: stored[name] for name in GENERAL})
        self.lists = [
            (name, title, formset(data, prefix=name, initial=stored[name]))
            for name, (title, formset) in LISTS.items()
        ]

    def is_valid(self):
        return all([self.general.is_valid(), *(formset.is_valid() for _n, _t, formset in self.lists)])

    def plan(self):
        """The Plan the valid forms describe."""
        data = {name: value for name, value in self.general.cleaned_data.items() if value not in (None, "")}
        for name, _title, formset in self.lists:
            data[name] = [row for row in (form.row() for form in formset) if row]
        return Plan.from_dict(data)
