"""Staff pages of the catalogue: everyone on staff reads it, the national coordinator keeps it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from caravans.access import roles_by_caravan
from core.forms import add_errors
from core.permissions import allowed

from . import describe
from .forms import CatalogueFilter, ProgrammeForm
from .models import SupportProgramme
from .services import change_programme, create_programme, end_programme

require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])


def require_catalogue(user, action):
    """The catalogue is national, but organisers and trainers hold their roles on a caravan: any of their
    roles counts (for `programmes.edit`, only the national coordinator's does, per the permission table)."""
    national, per_caravan = roles_by_caravan(user)
    roles = national.union(*per_caravan.values())
    if not allowed(roles, action):
        raise PermissionDenied(action)
    return roles


@require_safe
@login_required
def catalogue(request):
    roles = require_catalogue(request.user, "programmes.view")
    filters = CatalogueFilter(request.GET or None)
    programmes = sorted(filters.apply(SupportProgramme.objects.all()), key=lambda p: p.name)
    context = {
        "programmes": programmes,
        "filters": filters,
        "can_edit": allowed(roles, "programmes.edit"),
        "can_see_callbacks": allowed(roles, "callbacks.view"),
    }
    return render(request, "programmes/list.html", context)


@require_safe
@login_required
def detail(request, pk):
    roles = require_catalogue(request.user, "programmes.view")
    programme = get_object_or_404(SupportProgramme, pk=pk)
    context = {
        "programme": programme,
        "conditions": describe.conditions(programme),
        "amounts": describe.amounts(programme),
        "documents": describe.documents(programme),
        "sources": describe.sources(programme),
        "source_date": describe.source_date(programme),
        "can_edit": allowed(roles, "programmes.edit"),
    }
    return render(request, "programmes/detail.html", context)


def _save(request, form, write):
    """Validate and write; a refusal goes onto the form and nothing is saved."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        write(request.user, form.instance, *([form.changed_data] if write is change_programme else []))
    except ValidationError as error:
        add_errors(form, error)
        return False
    return True


@require_get_or_post
@login_required
def create(request):
    require_catalogue(request.user, "programmes.edit")
    form = ProgrammeForm(request.POST or None, instance=SupportProgramme())
    if _save(request, form, create_programme):
        messages.success(request, _("The programme was added to the catalogue."))
        return redirect("programmes:detail", form.instance.pk)
    return render(request, "programmes/form.html", {"form": form, "programme": None})


@require_get_or_post
@login_required
def edit(request, pk):
    require_catalogue(request.user, "programmes.edit")
    programme = get_object_or_404(SupportProgramme, pk=pk)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if _save(request, form, change_programme):
        messages.success(request, _("The programme was saved."))
        return redirect("programmes:detail", programme.pk)
    return render(request, "programmes/form.html", {"form": form, "programme": programme})


@require_POST
@login_required
def end(request, pk):
    require_catalogue(request.user, "programmes.edit")
    programme = end_programme(request.user, get_object_or_404(SupportProgramme, pk=pk))
    messages.success(request, _("The programme is marked as ended: it is no longer proposed to projects."))
    return redirect("programmes:detail", programme.pk)
