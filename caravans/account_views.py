"""The caravan's account page: its budget lines, observations and recommendations, photos of its days."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.forms import add_errors

from . import account
from .access import caravan_for
from .account_forms import BudgetLineForm, NotesForm, PhotoForm
from .models import BudgetLine

EDIT = "account.edit"


def _page(request, caravan, line_form=None, notes_form=None, photo_form=None):
    """The account page; with a bound form, that form's errors (400)."""
    context = {
        "caravan": caravan,
        "totals": account.totals(caravan),
        "line_form": line_form or BudgetLineForm(),
        "notes_form": notes_form or NotesForm(instance=caravan),
        "photo_form": photo_form or PhotoForm(caravan=caravan),
        "photos": caravan.photos.all(),
    }
    refused = any(form is not None for form in (line_form, notes_form, photo_form))
    return render(request, "caravans/account.html", context, status=400 if refused else 200)


def _back(caravan, part):
    """Back to the account page, at the part just changed."""
    return redirect(reverse("caravans:account", args=[caravan.slug]) + f"#{part}")


@require_safe
@login_required
def account_page(request, slug):
    return _page(request, caravan_for(request.user, slug, EDIT))


@require_POST
@login_required
def line_add(request, slug):
    caravan = caravan_for(request.user, slug, EDIT)
    form = BudgetLineForm(request.POST, instance=BudgetLine(caravan=caravan))
    if not form.is_valid():
        return _page(request, caravan, line_form=form)
    account.save_budget_line(request.user, form.instance)
    messages.success(request, _("The budget line was added."))
    return _back(caravan, "add-line")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def line_edit(request, slug, pk):
    caravan = caravan_for(request.user, slug, EDIT)
    line = get_object_or_404(caravan.budget_lines, pk=pk)
    form = BudgetLineForm(request.POST if request.method == "POST" else None, instance=line)
    if request.method == "POST" and form.is_valid():
        account.save_budget_line(request.user, form.instance)
        messages.success(request, _("The budget line was saved."))
        return _back(caravan, "budget")
    context = {"caravan": caravan, "form": form, "line": line}
    return render(request, "caravans/account_line.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def line_delete(request, slug, pk):
    caravan = caravan_for(request.user, slug, EDIT)
    line = caravan.budget_lines.filter(pk=pk).first()
    if line is not None:  # already deleted (a second click): nothing more to do
        account.delete_budget_line(request.user, line)
    return _back(caravan, "budget")


@require_POST
@login_required
def notes_save(request, slug):
    caravan = caravan_for(request.user, slug, EDIT)
    form = NotesForm(request.POST, instance=caravan)
    if not form.is_valid():
        return _page(request, caravan, notes_form=form)
    data = form.cleaned_data
    account.save_notes(request.user, caravan, data["observations"], data["recommendations"])
    messages.success(request, _("The observations and recommendations were saved."))
    return _back(caravan, "notes")


@require_POST
@login_required
def photo_add(request, slug):
    caravan = caravan_for(request.user, slug, EDIT)
    form = PhotoForm(request.POST, request.FILES, caravan=caravan)
    if form.is_valid():
        data = form.cleaned_data
        try:
            account.add_photo(request.user, caravan, data["image"], data["caption"], data["day"])
        except ValidationError as refusal:
            add_errors(form, refusal)
        else:
            messages.success(request, _("The photo was added."))
            return _back(caravan, "photos")
    return _page(request, caravan, photo_form=form)


@require_safe
@login_required
def photo(request, slug, pk):
    """The stored JPEG, for those who may read the caravan's report: never served as public media."""
    caravan = caravan_for(request.user, slug, "report.view")
    found = get_object_or_404(caravan.photos, pk=pk)
    jpeg = account.photo_bytes(found)
    if jpeg is None:
        raise Http404(pk)
    response = HttpResponse(jpeg, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
@login_required
def photo_delete(request, slug, pk):
    caravan = caravan_for(request.user, slug, EDIT)
    found = caravan.photos.filter(pk=pk).first()
    if found is not None:
        account.delete_photo(request.user, found)
    return _back(caravan, "photos")


urlpatterns = [
    path("staff/caravans/<slug:slug>/account/", account_page, name="account"),
    path("staff/caravans/<slug:slug>/account/lines/", line_add, name="account_line_add"),
    path("staff/caravans/<slug:slug>/account/lines/<int:pk>/", line_edit, name="account_line_edit"),
    path(
        "staff/caravans/<slug:slug>/account/lines/<int:pk>/delete/", line_delete, name="account_line_delete"
    ),
    path("staff/caravans/<slug:slug>/account/notes/", notes_save, name="account_notes"),
    path("staff/caravans/<slug:slug>/account/photos/", photo_add, name="account_photo_add"),
    path("staff/caravans/<slug:slug>/account/photos/<int:pk>/", photo, name="account_photo"),
    path(
        "staff/caravans/<slug:slug>/account/photos/<int:pk>/delete/",
        photo_delete,
        name="account_photo_delete",
    ),
]
