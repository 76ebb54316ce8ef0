"""Forms of the team page: an existing account by its username, or someone new, each with a role."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import AccountForm


def _role_field(roles):
    return forms.ChoiceField(label=_("Role"), choices=[(role.value, role.label) for role in roles])


class MemberForm(forms.Form):
    """An existing account joins the team; `roles` are those the user of the page may give."""

    username = forms.CharField(label=_("Username"), max_length=150)

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"] = _role_field(roles)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        # Usernames are typed by hand: the exact one, else the one that differs only in case.
        accounts = get_user_model().objects
        self.user = (
            accounts.filter(username=username).first() or accounts.filter(username__iexact=username).first()
        )
        if self.user is None:
            raise ValidationError(
                _("No account has this username. Someone new? Invite them below."), code="unknown_user"
            )
        return self.user.username


class InviteForm(AccountForm):
    """Someone without an account: it is created and they get a one-time link to choose their password."""

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"] = _role_field(roles)

    def account(self):
        """The arguments of accounts.services.create_account."""
        return {key: self.cleaned_data[key] for key in ("username", "full_name", "email", "phone")}
