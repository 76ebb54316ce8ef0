"""The check-in desk's forms: the one box that takes a badge code or a name, and the walk-in's registration."""

import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from registration.entry_forms import QuickEntryForm


class ScanForm(forms.Form):
    """A badge code (typed, or typed by a USB scanner followed by Enter) or a name, CIN or phone to search.

    The day is asked only when today is not a day of the caravan (`day` is then one of its dates)."""

    q = forms.CharField(label=_("Badge code, or name, CIN or phone"), max_length=200, strip=True)
    day = forms.TypedChoiceField(label=_("Check-in day"), coerce=datetime.date.fromisoformat)

    def __init__(self, caravan, day, *args, ask_day=False, **kwargs):
        super().__init__(*args, **kwargs)
        if ask_day:
            self.fields["day"].choices = [
                (date.isoformat(), date_format(date, "l j F Y")) for date in caravan.dates()
            ]
            self.fields["day"].initial = day.isoformat() if day else None
        else:
            del self.fields["day"]
        # No history, no spelling fixes, no capitals forced by a phone keyboard: a scanner types fast.
        self.fields["q"].widget.attrs.update(
            autofocus=True,
            autocomplete="off",
            autocorrect="off",
            autocapitalize="off",
            spellcheck="false",
            dir="auto",
            enterkeyhint="go",
        )


class WalkInForm(QuickEntryForm):
    """A person who came to the venue without being registered: the staff quick-entry form, one person at a
    time, with what their identity card shows required (they are there, card in hand)."""

    REQUIRED = ("province", "cin", "sex", "birth_date")
    first = "full_name_ar"

    def __init__(self, caravan, *args, **kwargs):
        super().__init__(caravan, *args, **kwargs)
        for name in self.REQUIRED:
            self.fields[name].required = True
        self.fields["sex"].widget = forms.RadioSelect(choices=self.fields["sex"].choices[1:])
        self.fields["profile"].choices = self.fields["profile"].choices[1:]
        self.fields["profile"].widget = forms.RadioSelect(choices=self.fields["profile"].choices)
        self.order_fields(
            ["full_name_ar", "full_name_latin", "cin", "sex", "birth_date", "phone", *self.KEPT]
        )
