from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import Certificate


class RuleForm(forms.Form):
    min_days = forms.IntegerField(label=_("Days present, at least"), min_value=1)
    min_sessions = forms.IntegerField(
        label=_("Sessions attended, at least"),
        min_value=0,
        required=False,
        help_text=_("Leave empty when session attendance does not count."),
    )
    number_prefix = forms.CharField(
        label=_("Number prefix"),
        max_length=8,
        help_text=_("Capital Latin letters and digits, e.g. TNG25: the start of every certificate number."),
    )

    def __init__(self, *args, day_count, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["min_days"].widget.attrs["max"] = day_count
        self.fields["min_days"].validators.append(MaxValueValidator(day_count))

    def clean_number_prefix(self):
        prefix = self.cleaned_data["number_prefix"].strip().upper()
        if not rules.PREFIX_PATTERN.match(prefix):
            raise forms.ValidationError(_("The prefix is 2 to 8 capital Latin letters or digits."))
        return prefix


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept internal)"), max_length=300)


class BatchForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the certificates"), choices=Certificate.Language.choices
    )
