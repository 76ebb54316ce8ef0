"""The public status page of a caravan: a person finds their own registration again, with its reference (or
their CIN) and their date of birth, and sees its decision, their place on the waiting list or their badge code,
and may cancel it.

Nothing personal goes into a URL or a hidden field: the lookup is a POST, and the registration found is kept in
the session (`_session_key`) for the pages after it. A wrong lookup says one neutral sentence, whichever part was
wrong, and counts against the connection (`ratelimit`, action `registration.status_not_found`): someone trying
dates of birth for a known CIN is stopped after a few tries, while a person who finds their registration is
never counted.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.qr import qr_svg
from people import identifiers

from . import ratelimit
from .models import Decision, Registration, read_reference
from .public_views import public_caravan
from .queries import waiting_position
from .reasons import messages as reason_messages
from .services import cancel

require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])

NOT_FOUND = "registration.status_not_found"
# What a person may still cancel themselves, before the caravan begins (afterwards: the organisers).
CANCELLABLE = (Decision.ACCEPTED, Decision.WAITLISTED, Decision.NEEDS_REVIEW)


class LookupForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Your registration reference or your CIN number"),
        max_length=40,
        help_text=gettext_lazy("For example: QF-7K3M-9PXA or AB123456"),
    )
    birth_date = forms.CharField(
        label=gettext_lazy("Date of birth"),
        max_length=30,
        help_text=gettext_lazy("Day/month/year, for example 12/03/1990"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ltr = {"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}
        self.fields["code"].widget.attrs.update(ltr, autocapitalize="characters")
        self.fields["birth_date"].widget.attrs.update(ltr)

    def clean_birth_date(self):
        parsed = identifiers.parse_date(self.cleaned_data["birth_date"])
        if parsed.date is None:
            raise ValidationError(
                gettext_lazy("Write your full date of birth: day/month/year."), code="invalid_date"
            )
        return parsed.date


def find(caravan, code, birth_date):
    """The registration to `caravan` of this reference or CIN, if its person was born on `birth_date`."""
    reference, cin = read_reference(code), identifiers.normalise_cin(code)
    match = Q(reference=reference) if reference else Q()
    if cin.status in (identifiers.VALID, identifiers.UNUSUAL):  # "K2345678" may be either
        match |= Q(person__cin=cin.value)
    if not match:
        return None
    return caravan.registrations.filter(match, person__birth_date=birth_date).order_by("pk").first()


def can_cancel(registration):
    return registration.decision in CANCELLABLE and not registration.caravan.has_begun()


def _session_key(caravan):
    return f"registration.status.{caravan.pk}"


def _looked_up(request, caravan):
    """The registration this browser found on the status page, or None."""
    pk = request.session.get(_session_key(caravan))
    if not pk:
        return None
    return Registration.objects.select_related("caravan").filter(pk=pk, caravan=caravan).first()


def _lookup_page(request, caravan, form, status=200):
    context = {"caravan": caravan, "form": form, "too_many": status == 429}
    return render(request, "registration/public/status_lookup.html", context, status=status)


def _status_page(request, caravan, registration):
    context = {
        "caravan": caravan,
        "registration": registration,
        "reasons": reason_messages([code for code in registration.reasons if code != "capacity_full"]),
        "can_cancel": can_cancel(registration),
    }
    if registration.decision == Decision.WAITLISTED:
        context["position"] = waiting_position(registration)
    if registration.decision == Decision.ACCEPTED and registration.badge_code:
        context["qr"] = qr_svg(registration.badge_code)
    return render(request, "registration/public/status.html", context)


@require_get_or_post
@never_cache
def status(request, slug):
    """GET: the registration found before, or the lookup form; POST: look one up (or forget it)."""
    caravan = public_caravan(slug)
    if request.method != "POST":
        registration = _looked_up(request, caravan)
        if registration is not None:
            return _status_page(request, caravan, registration)
        return _lookup_page(request, caravan, LookupForm())
    if "forget" in request.POST:
        request.session.pop(_session_key(caravan), None)
        return redirect("registration:status", caravan.slug)
    if ratelimit.exceeded(request, NOT_FOUND):
        return _lookup_page(request, caravan, LookupForm(), status=429)
    form = LookupForm(request.POST)
    if not form.is_valid():
        return _lookup_page(request, caravan, form)
    registration = find(caravan, form.cleaned_data["code"], form.cleaned_data["birth_date"])
    if registration is None:
        ratelimit.count(request, caravan, NOT_FOUND)
        form.add_error(
            None,
            _(
                "We found no registration with these details. Check what you typed, or ask the organisers: "
                "they can find your registration."
            ),
        )
        return _lookup_page(request, caravan, form)
    request.session.cycle_key()  # a new session key for what it now opens
    request.session[_session_key(caravan)] = registration.pk
    return redirect("registration:status", caravan.slug)


@require_get_or_post
@never_cache
def status_cancel(request, slug):
    """GET: what cancelling does, to confirm; POST: cancel (the next person on the waiting list moves up)."""
    caravan = public_caravan(slug)
    registration = _looked_up(request, caravan)
    if registration is None or not can_cancel(registration):
        return redirect("registration:status", caravan.slug)
    if request.method != "POST":
        context = {"caravan": caravan, "registration": registration}
        return render(request, "registration/public/status_cancel.html", context)
    cancel(registration, None, justification=_("Cancelled by the participant on the status page."))
    messages.success(request, _("Your registration is cancelled."))
    return redirect("registration:status", caravan.slug)
