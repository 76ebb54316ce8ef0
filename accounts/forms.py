import phonenumbers
from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import audit
from core.text import to_ascii_digits


class AccountForm(forms.Form):
    """Who a new staff account is for: the fields of `services.create_account`."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Used to log in: letters, digits and @ . + - _ only, no spaces."),
    )
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)

    def clean_phone(self):
        """Kept in international form (+212…), the form an SMS gateway is given."""
        raw = to_ascii_digits(self.cleaned_data["phone"]).strip()
        if not raw:
            return ""
        try:
            number = phonenumbers.parse(raw, "MA")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValidationError(_("This is not a valid phone number."), code="invalid_phone")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class ResetByEmailForm(PasswordResetForm):
    """Django's reset form (only active accounts with a usable password get the email), audited per email."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
        user = context["user"]
        audit.record(None, "account.reset_emailed", user, username=user.username)


class CodeForm(forms.Form):
    """A code from the authenticator app (six digits) or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "dir": "ltr", "autofocus": True}),
    )
