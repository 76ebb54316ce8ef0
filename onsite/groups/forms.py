"""Forms of the workshop-group pages: the assignment's options, a hand move, a participant's choices."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MESSAGES


class AssignForm(forms.Form):
    keep_cooperatives_together = forms.BooleanField(
        label=_("Keep the members of a cooperative together"), required=False
    )
    balance_sexes = forms.BooleanField(label=_("Balance women and men in each workshop"), required=False)
    checked_in_only = forms.BooleanField(label=_("Only the people checked in that day"), required=False)
    redo_hand_edits = forms.BooleanField(label=_("Also redo the changes made by hand"), required=False)

    @classmethod
    def from_run(cls, run):
        """Unbound, ticked as the last run was."""
        return cls(initial={key: run.get(key, False) for key in cls.base_fields if key != "redo_hand_edits"})


class WorkshopField(forms.ModelChoiceField):
    def label_from_instance(self, session):
        return session.title


class MoveForm(forms.Form):
    session = WorkshopField(label=_("Move to"), queryset=None, empty_label=None)

    def __init__(self, shops, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = shops


class FindForm(forms.Form):
    q = forms.CharField(label=_("Participant's name (Arabic or Latin letters)"), max_length=200, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(autofocus=True, autocomplete="off", dir="auto")


class PreferencesForm(forms.Form):
    """Up to three workshops, best first; blanks are skipped, a workshop named twice is refused."""

    first = WorkshopField(label=_("1st choice"), queryset=None, required=False, empty_label="—")
    second = WorkshopField(label=_("2nd choice"), queryset=None, required=False, empty_label="—")
    third = WorkshopField(label=_("3rd choice"), queryset=None, required=False, empty_label="—")

    def __init__(self, shops, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first", "second", "third"):
            self.fields[name].queryset = shops
        if len(shops) < 3:
            del self.fields["third"]

    def clean(self):
        data = super().clean()
        chosen = [data.get(name) for name in self.fields if data.get(name) is not None]
        if len({s.pk for s in chosen}) < len(chosen):
            raise forms.ValidationError(MESSAGES["repeated_workshop"], code="repeated_workshop")
        data["sessions"] = chosen
        return data
