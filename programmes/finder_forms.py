"""The finder's questions, one field each, asked one screen at a time (`STEPS`); every answer may be skipped."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import active_language
from core.sectors import sectors
from core.text import to_ascii_digits
from places.models import Region

from .finder import MAX_AGE, MAX_AMOUNT, Answers

# In the order they are asked; `asked` leaves out what does not concern the one answering.
STEPS = ["applicant", "age", "sex", "founded", "province", "sector", "stage", "amount", "own"]
PERSONAL = {"age", "sex"}
SPACES = str.maketrans("", "", " \u00a0\u202f\u066c,.")  # spaces and thousands separators: whole dirhams


def asked(answers: Answers) -> list[str]:
    """The questions for this visitor: a cooperative has no holder's age or sex, only a cooperative a founding date."""
    if answers.collective:
        return [s for s in STEPS if s not in PERSONAL]
    return [s for s in STEPS if s != "founded"]


class WholeNumberField(forms.IntegerField):
    """A whole number as a phone keyboard types it: "80 000", "80.000" or with Arabic-Indic digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        # A text box: number inputs of some phones refuse the Arabic-Indic digits read here.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(to_ascii_digits(str(value or "")).translate(SPACES))


def province_choices():
    """The provinces grouped by region, in the active language: a short list on a phone."""
    language = "name_ar" if active_language() == "ar" else "name_fr"
    return [("", _("Choose your province"))] + [
        (getattr(region, language), [(p.code, getattr(p, language)) for p in region.provinces.all()])
        for region in Region.objects.prefetch_related("provinces")
    ]


def sector_choices():
    language = "ar" if active_language() == "ar" else "fr"
    return [("", _("Choose a sector"))] + [(s["key"], s[language]) for s in sectors()]


class FinderForm(forms.Form):
    """Every question; a step validates only its own field."""

    applicant = forms.ChoiceField(
        label=_("Who is asking?"),
        choices=[
            ("cooperative", _("A cooperative that already exists")),
            ("group", _("A group of people with a project idea")),
            ("person", _("One person with a project idea")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    age = WholeNumberField(
        label=_("How old is the person who carries the project?"),
        help_text=_("In years, for example 26."),
        max_value=MAX_AGE,
    )
    sex = forms.ChoiceField(
        label=_("Is the person who carries the project a woman or a man?"),
        help_text=_("Some programmes are for women only."),
        choices=[("female", _("A woman")), ("male", _("A man"))],
        widget=forms.RadioSelect,
        required=False,
    )
    founded = forms.DateField(
        label=_("When was the cooperative founded?"),
        help_text=_("The date of its registration. Some programmes are for young cooperatives only."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,
    )
    province = forms.ChoiceField(label=_("In which province is the project?"), required=False)
    sector = forms.ChoiceField(label=_("What is the project's activity?"), required=False)
    stage = forms.ChoiceField(
        label=_("Where is the project now?"),
        choices=[
            ("idea", _("It is an idea")),
            ("founding", _("We are setting it up (founding the cooperative, first purchases)")),
            ("running", _("It is already working and selling")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    amount = WholeNumberField(
        label=_("How much money does the whole project need?"),
        help_text=_("In dirhams, a rough figure is enough: for example 80 000."),
        max_value=MAX_AMOUNT,
    )
    own = WholeNumberField(
        label=_("How much can you bring yourselves?"),
        help_text=_("In dirhams: money, or equipment and goods counted at their value. Write 0 if nothing."),
        max_value=MAX_AMOUNT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices()
        self.fields["sector"].choices = sector_choices()

    def clean_founded(self):
        founded = self.cleaned_data["founded"]
        if founded and founded > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        if founded and founded < datetime.date(1900, 1, 1):
            raise forms.ValidationError(_("Check the year."))
        return founded
