"""The letterhead page: organisers set the authorities, signatories and partner logos their documents print."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_errors

from . import letterhead
from .access import caravan_for
from .letterhead_forms import LetterheadForm, LogoForm, SignatoryForm
from .models import Signatory

EDIT = "caravan.edit"


def _page(request, caravan, form=None, signatory_form=None, logo_form=None, logo_for=None):
    context = {
        "caravan": caravan,
        "form": form or LetterheadForm(instance=letterhead.letterhead_for(caravan)),
        "signatory_form": signatory_form or SignatoryForm(),
        "signatories": caravan.signatories.all(),
        "partnerships": caravan.partnerships.select_related("organisation"),
        "logo_form": logo_form or LogoForm(),
        "logo_for": logo_for,
        "kingdom": letterhead.KINGDOM,
    }
    return render(request, "caravans/staff/letterhead.html", context, status=400 if logo_for else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def letterhead_page(request, slug):
    caravan = caravan_for(request.user, slug, EDIT)
    if request.method != "POST":
        return _page(request, caravan)
    form = LetterheadForm(request.POST, instance=letterhead.letterhead_for(caravan))
    if not form.is_valid():
        return _page(request, caravan, form=form)
    letterhead.save_letterhead(request.user, form.instance)
    messages.success(request, _("The letterhead was saved."))
    return redirect("caravans:letterhead", caravan.slug)


@require_POST
@login_required
def signatory_add(request, slug):
    caravan = caravan_for(request.user, slug, EDIT)
    form = SignatoryForm(request.POST, instance=Signatory(caravan=caravan))
    if not form.is_valid():
        return _page(request, caravan, signatory_form=form)
    letterhead.add_signatory(request.user, form.instance)
    return redirect("caravans:letterhead", caravan.slug)


@require_POST
@login_required
def signatory_remove(request, slug, pk):
    caravan = caravan_for(request.user, slug, EDIT)
    signatory = caravan.signatories.filter(pk=pk).first()
    if signatory is not None:  # already removed (a second click): nothing more to do
        letterhead.remove_signatory(request.user, signatory)
    return redirect("caravans:letterhead", caravan.slug)


@require_POST
@login_required
def logo_upload(request, slug, pk):
    """POST with a file: the partner's new logo; without one and `remove`: no logo any more."""
    caravan = caravan_for(request.user, slug, EDIT)
    partnership = get_object_or_404(caravan.partnerships.select_related("organisation"), pk=pk)
    if "remove" in request.POST:
        letterhead.remove_logo(request.user, partnership)
        return redirect("caravans:letterhead", caravan.slug)
    form = LogoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            letterhead.set_logo(request.user, partnership, form.cleaned_data["logo"])
        except ValidationError as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("The logo was saved."))
            return redirect("caravans:letterhead", caravan.slug)
    return _page(request, caravan, logo_form=form, logo_for=partnership.pk)


urlpatterns = [
    path("staff/caravans/<slug:slug>/letterhead/", letterhead_page, name="letterhead"),
    path("staff/caravans/<slug:slug>/letterhead/signatories/", signatory_add, name="signatory_add"),
    path(
        "staff/caravans/<slug:slug>/letterhead/signatories/<int:pk>/delete/",
        signatory_remove,
        name="signatory_remove",
    ),
    path("staff/caravans/<slug:slug>/letterhead/logos/<int:pk>/", logo_upload, name="logo_upload"),
]
