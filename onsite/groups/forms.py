"""Forms of the workshop-group pages: the assignment's options, a hand move, a participant's choices."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registration.workshop_forms import WorkshopChoices, initial_wishes


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


class PreferencesForm(WorkshopChoices, forms.Form):
    """A participant's choices for one day, as on the registration forms: up to three workshops per time slot,
    best first; blanks are skipped, a workshop named twice is refused next to its select."""

    def __init__(self, day, registration, *args, **kwargs):
        super().__init__(*args, initial=initial_wishes(registration, day), **kwargs)
        self.day = day
        self.add_workshop_fields(day.caravan, day=day)

    def clean(self):
        data = super().clean()
        data["sessions"] = dict(self.clean_workshops()).get(self.day, ())
        return data
