"""The financial plan pages: results (tables, chart, warnings) and the editing form, for staff and personal links."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import access
from ..access import project_of, staff_or_personal_link
from ..views import actor, require_get_or_post
from . import display
from .forms import PlanForms
from .results import compute
from .services import save_financial_plan, stored_plan


def _may_edit(request, project):
    if access.personal_project_id(request.session) == project.pk:
        return True
    return access.staff_may(request.user, project, "project.edit")


@require_safe
@staff_or_personal_link
def finance(request, pk):
    """The plan's results: financing, income statement over 3 years, monthly cash chart and table, warnings."""
    project = project_of(request, pk, "project.view")
    plan = stored_plan(project)
    context = display.context(plan, compute(plan), get_language_bidi())
    context.update(project=project, can_edit=_may_edit(request, project))
    return render(request, "projects/finance.html", context)


@require_get_or_post
@staff_or_personal_link
def finance_edit(request, pk):
    """Edit the whole plan; saved only when every line is valid."""
    project = project_of(request, pk, "project.edit")
    plan = stored_plan(project)
    if plan.is_empty and project.cooperative_id:
        plan.cooperative = True  # a first plan for a cooperative's project: the law 112-12 checks apply
    forms = PlanForms(plan, request.POST or None)
    if request.method == "POST" and forms.is_valid():
        save_financial_plan(actor(request), project, forms.plan())
        messages.success(request, _("The financial plan is saved."))
        if "add" in request.POST:  # "save and add a line": back to the form with a new empty row
            return redirect("projects:finance_edit", project.pk)
        return redirect("projects:finance", project.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "projects/finance_edit.html", {"project": project, "forms": forms}, status=status)
