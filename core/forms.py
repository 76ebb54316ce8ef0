"""Form helpers every app's staff pages share: dates typed as dates, amounts typed as phones type them, fields
typed in their script, a service's refusal shown where it belongs."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from .text import to_ascii_digits

DATE = {"widget": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}


def add_errors(form, error):
    """Show a service's refusal on the form: on its field when the form has one, else above the fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class StaffForm(forms.ModelForm):
    """Arabic fields are typed right to left and French ones left to right, whatever the page's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.endswith("_ar"):
                field.widget.attrs.update(dir="rtl", lang="ar")
            elif name.endswith("_fr"):
                field.widget.attrs.update(dir="ltr", lang="fr")
        first = next(iter(self.fields.values()), None)
        if first is not None and not self.is_bound:
            first.widget.attrs["autofocus"] = True

    def service_kwargs(self):
        """What the write function needs besides the instance (speakers, a new organisation…)."""
        return {}

    def again(self):
        """The query string defaults of the next form after "save and add another"."""
        return {}


MAX_AMOUNT = Decimal("100000000")  # 100 million DH: far above any caravan project, below typing accidents
SPACES = str.maketrans("", "", " \u00a0\u202f\u066c")  # spaces and the Arabic thousands separator


class AmountField(forms.CharField):
    """A Decimal of at most `places` decimals, zero or more, from what a phone keyboard types."""

    default_error_messages = {
        "invalid": _("Enter a number, for example 1500 or 1500,50."),
        "negative": _("Enter zero or more."),
        "too_big": _("This number is too large."),
        "places": _("Enter at most %(places)s decimals."),
    }

    def __init__(self, *, places=2, maximum=MAX_AMOUNT, **kwargs):
        self.places, self.maximum = places, maximum
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = "20"

    def to_python(self, value):
        text = to_ascii_digits(super().to_python(value)).translate(SPACES).replace("\u066b", ".")
        if not text:
            return None
        if len(text) > 20:
            raise forms.ValidationError(self.error_messages["too_big"], code="too_big")
        if "," in text:  # "1500,50" (decimal comma) or "1,500.50" (thousands commas)
            text = text.replace(",", "") if "." in text else text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if number < 0:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        if number > self.maximum:
            raise forms.ValidationError(self.error_messages["too_big"], code="too_big")
        if number.as_tuple().exponent < -self.places:
            raise forms.ValidationError(
                self.error_messages["places"], code="places", params={"places": self.places}
            )
        return number
