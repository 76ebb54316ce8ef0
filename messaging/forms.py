"""The staff forms on messages: the outbox's filters (GET) and the national coordinator's wording of a text."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import texts
from .models import ChannelKind, Kind, Status


def _blank(choices):
    return [("", _("All")), *choices]


class OutboxFilterForm(forms.Form):
    """The outbox's filters, combinable, read from the query string; an unknown value is ignored, not an error."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_blank(Kind.choices))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_blank(Status.choices))
    channel = forms.ChoiceField(
        label=pgettext_lazy("of a message", "Channel"), required=False, choices=_blank(ChannelKind.choices)
    )

    def filters(self):
        """{field: value} of the filters in use (a wrong value, e.g. an old link's, is left out)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class TemplateForm(forms.Form):
    """One kind's text (one variant's) in Arabic and in French; each refused with `texts.check_placeholders`'
    sentences."""

    text_ar = forms.CharField(
        label=_("Text in Arabic"), widget=forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"})
    )
    text_fr = forms.CharField(
        label=_("Text in French"), widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr", "lang": "fr"})
    )

    def __init__(self, kind, variant, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.variant = kind, variant

    def _checked(self, name):
        text = self.cleaned_data[name].strip()
        problems = texts.check_placeholders(self.kind, text, self.variant)
        if problems:
            raise forms.ValidationError(problems)
        return text

    def clean_text_ar(self):
        return self._checked("text_ar")

    def clean_text_fr(self):
        return self._checked("text_fr")
