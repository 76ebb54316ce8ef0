"""The "workshops you would like to attend" part of the entry forms and of the venue's choices page: for each day
with parallel workshops and each of its time slots, up to three plain <select>s (1st, 2nd, 3rd choice) of the
workshops held at that time.

Plain selects rather than a ranking widget: no JavaScript, one thumb, one line each on a 360 px phone.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_WORKSHOP_PREFERENCES, WorkshopPreference
from .workshops import PreferenceError, check_preferences, slots, slots_by_day

RANK_LABELS = (_("1st choice"), _("2nd choice"), _("3rd choice"))


def field_name(slot, rank):
    return f"workshop_{slot.day.pk}_{slot.number}_{rank}"


def field_names(slot):
    """The slot's selects, best first: as many as it has workshops, three at most."""
    return [
        field_name(slot, rank) for rank in range(1, min(MAX_WORKSHOP_PREFERENCES, len(slot.sessions)) + 1)
    ]


def initial_wishes(registration, day):
    """{field name: session pk} of the wishes `registration` has for `day`, for a form's `initial`."""
    ranked = WorkshopPreference.objects.filter(registration=registration, session__day=day)
    ranks = dict(ranked.values_list("session_id", "rank"))
    return {
        field_name(slot, ranks[pk]): pk
        for slot in slots(day)
        for pk in slot.session_ids
        if ranks.get(pk, MAX_WORKSHOP_PREFERENCES + 1) <= MAX_WORKSHOP_PREFERENCES
    }


class WorkshopChoices:
    """Form mixin: `add_workshop_fields(caravan)` in `__init__`, `clean_workshops()` in `clean`."""

    def add_workshop_fields(self, caravan, day=None):
        """The selects of every day of `caravan` with workshops, or of `day` only."""
        self._workshop_days = []  # [(day, [(slot, its field names best first)])]
        for found_day, day_slots in slots_by_day(caravan):
            if day is not None and found_day != day:
                continue
            for slot in day_slots:
                choices = [("", "—"), *((str(s.pk), s.title) for s in slot.sessions)]
                for name, label in zip(field_names(slot), RANK_LABELS, strict=False):
                    self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=False)
            self._workshop_days.append((found_day, [(slot, field_names(slot)) for slot in day_slots]))

    @property
    def workshop_days(self):
        """[(day, [(slot, [bound fields best first])])] for the template; empty without workshops."""
        return [
            (day, [(slot, [self[name] for name in names]) for slot, names in day_slots])
            for day, day_slots in self._workshop_days
        ]

    def clean_workshops(self):
        """[(day, (sessions, best first within each time slot))] for the days with a choice; a refusal goes
        next to its select."""
        chosen = []
        for day, day_slots in self._workshop_days:
            sessions, refused = [], False
            for slot, names in day_slots:
                by_pk = {str(s.pk): s for s in slot.sessions}
                picked = [(name, self.cleaned_data.get(name)) for name in names]
                picked = [(name, by_pk[value]) for name, value in picked if value in by_pk]
                try:
                    check_preferences(day, [session for _name, session in picked], [slot])
                except PreferenceError as refusal:
                    self.add_error(_culprit(picked, names), refusal)
                    refused = True
                sessions += [session for _name, session in picked]
            if sessions and not refused:
                chosen.append((day, tuple(sessions)))
        return tuple(chosen)


def _culprit(picked, names):
    """The select to mark: the first that repeats an earlier one, else the slot's first."""
    seen = set()
    for name, session in picked:
        if session.pk in seen:
            return name
        seen.add(session.pk)
    return names[0]
