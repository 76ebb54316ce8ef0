"""Staff accounts: created without a password, opened by a one-time link, deactivated and reactivated.

Each write owns its transaction and leaves an audit entry (`account.*`). Who may call them is the caller's
business: the pages that do (caravans.team_views) check the roles, which this app knows nothing of."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from core import audit

from .models import Contact


class AccountError(ValidationError):
    """A refused account action; `code` is stable for tests and API clients."""


@transaction.atomic
def create_account(actor, username, full_name, email="", phone=""):
    """A new active account with no usable password: its owner sets one through `one_time_link`."""
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(_("An account with this username already exists."), code="username_taken")
    if email and User.objects.filter(email__iexact=email).exists():
        raise AccountError(_("Another account has this email address."), code="email_taken")
    first, _space, last = full_name.strip().partition(" ")
    user = User.objects.create_user(username, email=email, first_name=first, last_name=last.strip())
    if phone:
        Contact.objects.create(user=user, phone=phone)
    audit.record(actor, "account.created", user, username=username)
    return user


def one_time_link(user):
    """The path where `user` sets a password; it stops working once they have (Django's reset tokens)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:set_password", args=[uid, default_token_generator.make_token(user)])


def issue_link(actor, user):
    """A one-time link for someone who lost their password and reads no email: shown to `actor`, audited."""
    _refuse_superuser(actor, user)
    if not user.is_active:
        raise AccountError(_("This account is deactivated: reactivate it first."), code="inactive_account")
    audit.record(actor, "account.link_issued", user, username=user.username)
    return one_time_link(user)


@transaction.atomic
def deactivate(actor, user):
    """The account can no longer log in; its open sessions and API tokens stop working at once.

    Django's ModelBackend refuses an inactive user on every request and `ApiToken` finds only active users,
    so nothing has to be deleted: reactivating the account gives them back (an undone mistake)."""
    if user.pk == getattr(actor, "pk", None):
        raise AccountError(_("You cannot deactivate your own account."), code="own_account")
    _refuse_superuser(actor, user)
    if _set_active(user, False):
        audit.record(actor, "account.deactivated", user, username=user.username)


@transaction.atomic
def reactivate(actor, user):
    if _set_active(user, True):
        audit.record(actor, "account.reactivated", user, username=user.username)


def _refuse_superuser(actor, user):
    """A superuser holds the Django admin, audit log and tokens included: only another superuser may act on it."""
    if user.is_superuser and not getattr(actor, "is_superuser", False):
        raise AccountError(_("Only a superuser may change a superuser's account."), code="superuser")


def _set_active(user, active):
    """Change the flag in one UPDATE; False when it already was (a repeat, or a second coordinator, is quiet)."""
    changed = type(user).objects.filter(pk=user.pk).exclude(is_active=active).update(is_active=active)
    user.is_active = active
    return bool(changed)
