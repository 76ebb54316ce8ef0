"""The account page's forms: a budget line, the observations and recommendations, a photo of the days."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.forms import AmountField

from .account import MAX_LINE_MAD
from .models import BudgetLine, Caravan


class BudgetLineForm(forms.ModelForm):
    # Typed as people write amounts: "12 500,50", "12500.50", Arabic-Indic digits; never negative, never absurd.
    planned_mad = AmountField(label=_("Planned (MAD)"), required=True, maximum=MAX_LINE_MAD)
    spent_mad = AmountField(
        label=_("Spent (MAD)"),
        maximum=MAX_LINE_MAD,
        help_text=_("Leave empty while it is not paid yet."),
    )

    class Meta:
        model = BudgetLine
        fields = ["category", "label", "planned_mad", "spent_mad"]
        help_texts = {"label": _("For example: lunches of the three days, 230 people")}


class NotesForm(forms.ModelForm):
    class Meta:
        model = Caravan
        fields = ["observations", "recommendations"]
        widgets = {
            "observations": forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
            "recommendations": forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        }
        help_texts = {
            "observations": _("What went well and what did not, as the report will print it."),
            "recommendations": _("What the next caravans should do differently."),
        }


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo (JPEG, PNG or WebP, at most 8 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
    day = forms.ChoiceField(label=_("Day"), required=False)

    def __init__(self, *args, caravan, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = {day.isoformat(): day for day in caravan.dates()}
        self.fields["day"].choices = [("", "—")] + [
            (iso, date_format(day, "l j F Y")) for iso, day in self.days.items()
        ]

    def clean_day(self):
        return self.days.get(self.cleaned_data["day"])
