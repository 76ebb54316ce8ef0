"""Being called back after the public programme finder (issue 18): the one thing of the finder that is stored.

A person who asks leaves a name, a phone and their province, with their consent; the organisers of caravans in
that province's region (and the national coordinator) see the list and delete a request once they have called.
Here because it joins the finder (programmes), places and the caravans' organisers (caravans.access).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from caravans.access import roles_by_caravan
from caravans.models import Caravan
from core import audit
from core.permissions import allowed
from people.identifiers import INVALID, MISSING, display_phone, normalise_phone
from places.models import Province
from programmes import finder
from programmes.finder_forms import province_choices
from registration import ratelimit

from .models import CallbackRequest

ASKED = "programmes.callback_asked"
PER_HOUR = 5  # a few people on one phone or one village's connection; more is someone filling the list


class CallbackForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=200)
    phone = forms.CharField(
        label=gettext_lazy("Your phone number"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )
    province = forms.ChoiceField(label=gettext_lazy("Your province"))
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that the organisers keep my name, phone and answers to call me back about these programmes."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices()

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data["phone"])
        if phone.status in (INVALID, MISSING):
            raise forms.ValidationError(_("Write a phone number we can call, for example 0612345678."))
        return phone.value


@require_http_methods(["GET", "HEAD", "POST"])
def callback(request):
    """The call-back form, with the finder's answers (`?a=`) kept alongside."""
    answers = finder.decode(request.GET.get("a", ""))
    code = finder.encode(answers)
    form = CallbackForm(request.POST or None, initial={"province": answers.province})
    if ratelimit.exceeded(request, ASKED, PER_HOUR):
        return render(request, "qafila/callback.html", {"too_many": True, "code": code}, status=429)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            asked = CallbackRequest.objects.create(
                name=form.cleaned_data["name"].strip(),
                phone=form.cleaned_data["phone"],
                province=Province.objects.get(code=form.cleaned_data["province"]),
                answers=code,
                consent_at=timezone.now(),
            )
            ratelimit.count(request, asked, ASKED)
        return render(request, "qafila/callback_done.html", {"code": code})
    return render(request, "qafila/callback.html", {"form": form, "code": code})


def _regions_seen(user):
    """None for the national coordinator (every request), else the regions of the caravans they organise."""
    national, per_caravan = roles_by_caravan(user)
    if not allowed(national.union(*per_caravan.values()), "callbacks.view"):
        raise PermissionDenied("callbacks.view")
    if allowed(national, "callbacks.view"):
        return None
    organised = [pk for pk, roles in per_caravan.items() if allowed(roles, "callbacks.view")]
    return Caravan.objects.filter(pk__in=organised).values("region")


@require_safe
@login_required
def callbacks(request):
    requests = list(CallbackRequest.objects.seen_by(_regions_seen(request.user)).select_related("province"))
    if requests:
        audit.record(request.user, "personal_data.viewed", None, page="callbacks", count=len(requests))
    for item in requests:
        item.phone_shown = display_phone(item.phone, "ar" if request.LANGUAGE_CODE == "ar" else "fr")
    return render(request, "qafila/callbacks.html", {"requests": requests})


@require_POST
@login_required
def called(request, pk):
    """The person was called: their request, and what they gave, is deleted; quiet when already deleted."""
    asked = CallbackRequest.objects.seen_by(_regions_seen(request.user)).filter(pk=pk).first()
    if asked is None:  # a second click, or a colleague was quicker
        return redirect("finder_callbacks")
    with transaction.atomic():
        audit.record(request.user, "programmes.callback_called", None, province=asked.province.code)
        asked.delete()
    messages.success(request, _("Done: the request and the person's details are deleted."))
    return redirect("finder_callbacks")
