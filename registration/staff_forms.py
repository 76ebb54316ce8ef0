"""The organisers' forms on registrations: the list's filters, a staff decision, a cancellation."""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from people.models import Sex
from places.models import Province

from . import reasons
from .models import Decision, Profile

FILTERABLE_EFFECTS = (reasons.INELIGIBLE, reasons.NEEDS_REVIEW, reasons.WAITLISTED)
OVERRIDABLE = (Decision.ACCEPTED, Decision.WAITLISTED, Decision.INELIGIBLE)


def _blank(choices):
    return [("", _("All")), *choices]


class RegistrationFilterForm(forms.Form):
    """The list's filters, combinable, read from the query string (the search from the session); an unknown value
    is ignored, not an error."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    decision = forms.ChoiceField(label=_("Decision"), required=False)
    reason = forms.ChoiceField(label=_("Reason"), required=False)
    province = forms.ModelChoiceField(
        label=_("Prefecture or province"),
        queryset=Province.objects.none(),
        required=False,
        to_field_name="code",
    )
    profile = forms.ChoiceField(label=_("Profile"), required=False, choices=_blank(Profile.choices))
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=_blank(Sex.choices))

    def __init__(self, caravan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": _("Name in Arabic or Latin letters, CIN or phone")}
        )
        self.fields["decision"].choices = _blank(Decision.choices)
        self.fields["reason"].choices = _blank(
            [
                (r.code, Truncator(reasons.message(r.code)).chars(70))
                for r in reasons.REASONS.values()
                if r.effect in FILTERABLE_EFFECTS
            ]
        )
        self.fields["province"].queryset = (
            Province.objects.filter(person__registrations__caravan=caravan).distinct().order_by("name_fr")
        )

    def filters(self):
        """Keyword arguments of `queries.filtered` (the search apart)."""
        data = self._valid()
        return {name: data.get(name) or "" for name in ("decision", "reason", "profile", "sex")} | {
            "province": data.get("province")
        }

    def search(self):
        return self._valid().get("q", "").strip()

    def _valid(self):
        """The values that could be read; a wrong one (an old link, a province since removed) is left out."""
        self.is_valid()
        return self.cleaned_data

    def used(self):
        """The filters in use, as plain values (for the audit log and the export links); the search text apart,
        which no address or log keeps (staff_views)."""
        used = {}
        for name, value in self._valid().items():
            if value and name != "q":
                used[name] = value.code if isinstance(value, Province) else str(value).strip()
        return used


class OverrideForm(forms.Form):
    decision = forms.ChoiceField(label=_("New decision"), choices=[(d, d.label) for d in OVERRIDABLE])
    # Required by the service (its refusal is the message shown); the browser asks for it first.
    justification = forms.CharField(
        label=_("Why (required)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "required": True}),
        help_text=_("Kept in the history of the registration, with your name."),
    )


class CancelForm(forms.Form):
    justification = forms.CharField(
        label=_("Why (required)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write why you cancel this registration.")},
        help_text=_("The first person on the waiting list takes the freed place."),
    )
