"""The holder's six questions, in plain words: one tap each, a few numbers, one optional sentence."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Outcome
from .questionnaire import NO_BLOCKER, UNKNOWN_PROGRAMME

FOUNDING = [
    ("not_yet", _("Not yet")),
    ("in_progress", _("We are working on it")),
    ("registered", _("Yes, registered at the court")),
]
FINANCING = [
    ("no", _("No")),
    (Outcome.Financing.APPLIED, _("I applied, no answer yet")),
    (Outcome.Financing.OBTAINED, _("Yes, I got it")),
]
YES_NO = [("yes", _("Yes")), ("no", _("Not yet"))]
ACTIVE = [("yes", _("Yes, it is running")), ("no", _("No, it stopped"))]
# The reason codes of Outcome.Blocker, said the way a holder would say them.
BLOCKERS = [
    (NO_BLOCKER, _("Nothing blocks us")),
    (Outcome.Blocker.FINANCING, _("Money")),
    (Outcome.Blocker.PAPERWORK, _("Papers and administration")),
    (Outcome.Blocker.LAND, _("Land or a place to work")),
    (Outcome.Blocker.MARKET, _("Nobody buys")),
    (Outcome.Blocker.SKILLS, _("We need training")),
    (Outcome.Blocker.GROUP, _("Disagreement in the group")),
    (Outcome.Blocker.FAMILY, _("Family or health")),
    (Outcome.Blocker.OTHER, _("Something else")),
]
JOBS = {"jobs_women": _("Women"), "jobs_men": _("Men"), "jobs_under_35": _("Of them, young people under 35")}


def _count(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=10000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "size": 5}),
    )


class QuestionnaireForm(forms.Form):
    founding = forms.ChoiceField(
        label=_("Is your cooperative founded?"), choices=FOUNDING, widget=forms.RadioSelect
    )
    financing = forms.ChoiceField(
        label=_("Did you get financing?"), choices=FINANCING, widget=forms.RadioSelect
    )
    programme = forms.ChoiceField(label=_("From which programme?"), required=False)
    amount_mad = forms.CharField(
        label=_("How much did you get? (dirhams)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
    )
    jobs_women = _count(JOBS["jobs_women"])
    jobs_men = _count(JOBS["jobs_men"])
    jobs_under_35 = _count(JOBS["jobs_under_35"])
    sold = forms.ChoiceField(label=_("Have you sold already?"), choices=YES_NO, widget=forms.RadioSelect)
    active = forms.ChoiceField(
        label=_("Is the project still running?"), choices=ACTIVE, widget=forms.RadioSelect
    )
    blocker = forms.ChoiceField(label=_("What blocks you most?"), choices=BLOCKERS, widget=forms.RadioSelect)
    help = forms.CharField(
        label=_("What help do you need?"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, programmes, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)  # the labels are questions: no colon after them
        self.programmes = {str(programme.pk): programme for programme in programmes}
        self.fields["programme"].choices = [
            ("", "—"),
            *((pk, programme.name) for pk, programme in self.programmes.items()),
            (UNKNOWN_PROGRAMME, _("I do not know its name")),
        ]

    def jobs_fields(self):
        return [self[name] for name in JOBS]

    def clean_amount_mad(self):
        text = self.cleaned_data["amount_mad"].replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        try:
            amount = Decimal(text.replace(",", ".").replace("٫", "."))
        except InvalidOperation:
            raise forms.ValidationError(_("Enter an amount in dirhams."), code="invalid_amount") from None
        if not amount.is_finite() or amount < 0:
            raise forms.ValidationError(_("Enter an amount in dirhams."), code="invalid_amount")
        return amount

    def clean_programme(self):
        value = self.cleaned_data["programme"]
        return self.programmes.get(value, value or None)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("financing") in Outcome.Financing.values and not cleaned.get("programme"):
            self.add_error("programme", _("Say which programme, or that you do not know its name."))
        cleaned["sold"] = cleaned.get("sold") == "yes"
        cleaned["active"] = cleaned.get("active") == "yes"
        return cleaned
