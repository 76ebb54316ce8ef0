"""One's own account: change the password, reset it by email, set it from a one-time link; two-factor login.

Django's own views with our templates; each change of a password leaves an audit entry."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import audit
from core.qr import qr_svg

from . import two_factor
from .forms import CodeForm, ResetByEmailForm


class PasswordChange(auth_views.PasswordChangeView):
    """My account: who I am, and a new password (my other sessions end, this one stays)."""

    template_name = "accounts/my_account.html"
    success_url = reverse_lazy("accounts:my_account")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "has_two_factor": two_factor.has_device(self.request.user),
        }

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


def _after_code(request):
    """Where the page that asked for the code sends the user once it is given: `next`, on this site only."""
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
def two_factor_verify(request):
    """After the password: the code of the authenticator app, or a recovery code."""
    form = CodeForm(request.POST or None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        if two_factor.throttled(request.user, code):
            form.add_error("code", _("Too many wrong codes: wait a moment, then try again."))
        elif two_factor.check(request.user, code):
            two_factor.mark_passed(request)
            return redirect(_after_code(request))
        else:
            form.add_error("code", _("This code is wrong or no longer valid."))
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@never_cache
@login_required
def two_factor_enrol(request):
    """Set up an authenticator app: its QR code and secret, a code to confirm, then the recovery codes once."""
    device = two_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("code", _("Too many wrong codes: wait a moment, then try again."))
        elif codes := two_factor.confirm(request.user, device, form.cleaned_data["code"]):
            two_factor.mark_passed(request)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _after_code(request)}
            )
        else:
            form.add_error("code", _("This code is wrong or no longer valid."))
    context = {
        "form": form,
        "qr": qr_svg(device.config_url),
        "secret": two_factor.secret(device),
        "replacing": two_factor.has_device(request.user),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@never_cache
@require_POST
@login_required
def recovery_codes(request):
    """Ten new recovery codes (the old ones stop working), shown once."""
    if not two_factor.has_device(request.user):
        return redirect("accounts:two_factor")
    codes = two_factor.new_recovery_codes(request.user)
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:my_account")}
    )
