"""One's own account: change the password, reset it by email, set it from a one-time link.

Django's own views with our templates; each change of a password leaves an audit entry."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from core import audit

from .forms import ResetByEmailForm


class PasswordChange(auth_views.PasswordChangeView):
    """My account: who I am, and a new password (my other sessions end, this one stays)."""

    template_name = "accounts/my_account.html"
    success_url = reverse_lazy("accounts:my_account")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(self.request.user, "account.password_changed", self.request.user)
        messages.success(self.request, _("Your password was changed."))
        return response


class SetPassword(auth_views.PasswordResetConfirmView):
    """The page of a one-time link (an invitation, a reset by email or by a coordinator)."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:password_set")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(form.user, "account.password_set", form.user)
        return response


password_reset = auth_views.PasswordResetView.as_view(
    form_class=ResetByEmailForm,
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_sent"),
)
password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_sent.html"
)
password_set = auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_set.html")


def show_link(request, account, path, back):
    """The page that shows a one-time link once (after an invitation, a new account, a reset by a coordinator)."""
    context = {
        "account": account,
        "link": request.build_absolute_uri(path),
        "back": back,
        "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
    }
    response = render(request, "accounts/one_time_link.html", context)
    add_never_cache_headers(response)  # a secret: no cache along the way may keep it
    return response
