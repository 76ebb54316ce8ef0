"""The optional "workshops you would like to attend" part of the entry forms: for each day of the caravan with
parallel workshops, up to three plain <select>s (1st, 2nd, 3rd choice) of that day's workshops.

Plain selects rather than a ranking widget: no JavaScript, one thumb, one line each on a 360 px phone.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_WORKSHOP_PREFERENCES
from .workshops import PreferenceError, check_preferences, workshops_by_day

RANK_LABELS = (_("1st choice"), _("2nd choice"), _("3rd choice"))


class WorkshopChoices:
    """Form mixin: `add_workshop_fields(caravan)` in `__init__`, `clean_workshops()` in `clean`."""

    def add_workshop_fields(self, caravan):
        self._workshop_days = []  # [(day, its workshops, its field names best first)]
        for day, shops in workshops_by_day(caravan):
            choices = [("", "—"), *((str(s.pk), s.title) for s in shops)]
            names = [
                f"workshop_{day.pk}_{rank}"
                for rank in range(1, min(MAX_WORKSHOP_PREFERENCES, len(shops)) + 1)
            ]
            for name, label in zip(names, RANK_LABELS, strict=False):
                self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=False)
            self._workshop_days.append((day, shops, names))

    @property
    def workshop_days(self):
        """[(day, [bound fields best first])] for the template; empty when the caravan has no workshops."""
        return [(day, [self[name] for name in names]) for day, _shops, names in self._workshop_days]

    def clean_workshops(self):
        """[(day, (sessions best first))] for the days with a choice; a refusal goes next to its select."""
        chosen = []
        for day, shops, names in self._workshop_days:
            by_pk = {str(s.pk): s for s in shops}
            picked = [(name, self.cleaned_data.get(name)) for name in names]
            picked = [(name, by_pk[value]) for name, value in picked if value in by_pk]
            sessions = [session for _name, session in picked]
            try:
                check_preferences(day, sessions, shops)
            except PreferenceError as refusal:
                self.add_error(_culprit(picked, names), refusal)
                continue
            if sessions:
                chosen.append((day, tuple(sessions)))
        return tuple(chosen)


def _culprit(picked, names):
    """The select to mark: the first that repeats an earlier one, else the day's first."""
    seen = set()
    for name, session in picked:
        if session.pk in seen:
            return name
        seen.add(session.pk)
    return names[0]
