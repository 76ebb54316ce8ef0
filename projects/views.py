"""Project pages: the list of a caravan's projects, creating one, its summary, and the personal link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from caravans.access import caravan_for, roles_for
from core.permissions import allowed
from core.sectors import sector_label
from messaging.models import NotSentReason

from . import access, canvas, founding, services
from .access import project_of, staff_or_personal_link
from .followup import worklist
from .forms import ProjectCreateForm, ProjectFilterForm, ProjectForm
from .matching import matches
from .models import Stage

require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])


def actor(request):
    """The staff user, or None for a participant writing through their personal link."""
    return request.user if request.user.is_authenticated else None


@require_safe
@login_required
def project_list(request, slug):
    caravan = caravan_for(request.user, slug, "project.view")
    form = ProjectFilterForm(request.GET or None)
    projects = form.filter(access.visible_projects(request.user, caravan))
    projects = projects.select_related("holder", "cooperative").order_by("title", "id")
    counts = {stage: 0 for stage in Stage.values}
    for stage in access.visible_projects(request.user, caravan).values_list("stage", flat=True):
        counts[stage] += 1
    context = {
        "caravan": caravan,
        "form": form,
        "projects": [(project, sector_label(project.sector)) for project in projects],
        "counts": [(Stage(stage), count) for stage, count in counts.items()],
        "total": sum(counts.values()),
        "can_create": allowed(roles_for(request.user, caravan), "project.edit"),
    }
    return render(request, "projects/list.html", context)


@require_get_or_post
@login_required
def project_create(request, slug):
    caravan = caravan_for(request.user, slug, "project.edit")
    registrations = access.registrations_for_projects(request.user, caravan)
    initial = {"registration": request.GET.get("registration")}
    form = ProjectCreateForm(request.POST or None, initial=initial, registrations=registrations)
    if request.method == "POST" and form.is_valid():
        try:
            project, created = services.create_project(
                request.user, form.cleaned_data["registration"], form.cleaned_data["title"]
            )
        except services.ProjectError as error:
            form.add_error("registration", error)
        else:
            if not created:
                messages.info(request, _("This participant already has a project in this caravan."))
            return redirect("projects:canvas", project.pk, canvas.KEYS[0])
    return render(request, "projects/create.html", {"caravan": caravan, "form": form})


@require_safe
@staff_or_personal_link
def project_detail(request, pk):
    project = project_of(request, pk, "project.view")
    saved = {row.step: row for row in project.founding_steps.all()}
    rows = founding.checklist(saved, timezone.localdate())
    staff = request.user.is_authenticated and access.staff_may(request.user, project, "project.edit")
    context = {
        "project": project,
        "sector": sector_label(project.sector) if project.sector else "",
        "blocks": [(block, project.canvas.get(block.key, "")) for block in canvas.BLOCKS],
        "filled": canvas.progress(project.canvas),
        "matches": matches(project),
        "checklist": rows,
        "blocking": founding.blocking_step(rows),
        "founders": founding.minimum_founders(),
        "obligations": founding.obligations(),
        "show_checklist": project.stage == Stage.FOUNDING or bool(saved),
        "caravans": project.caravans.all(),
        "can_edit": staff or access.personal_project_id(request.session) == project.pk,
        "can_issue_link": staff and project.holder_id is not None,
        "can_confirm": staff,
        "timeline": worklist.timeline(project),
        "planned": worklist.planned(project),
    }
    return render(request, "projects/detail.html", context)


@require_get_or_post
@staff_or_personal_link
def project_edit(request, pk):
    project = project_of(request, pk, "project.edit")
    initial = {"title": project.title, "sector": project.sector, "stage": project.stage}
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_project(actor(request), project, **form.cleaned_data)
        except services.ProjectError as error:
            form.add_error(None, error)
        else:
            return redirect("projects:detail", project.pk)
    return render(request, "projects/edit.html", {"project": project, "form": form})


@require_POST
@login_required
def confirm_condition(request, pk):
    """A staff member confirms a programme condition that only a person can check (or takes them all back)."""
    project = project_of(request, pk, "project.edit")
    if not access.staff_may(request.user, project, "project.edit"):
        raise PermissionDenied("project.edit")
    try:
        if "clear" in request.POST:
            services.clear_confirmed_conditions(request.user, project)
        else:
            services.confirm_condition(request.user, project, request.POST.get("condition", ""))
    except services.ProjectError as error:
        messages.error(request, error.message)
    return redirect(f"{project.get_absolute_url()}#matches-title")


@require_get_or_post
@login_required
@never_cache
def issue_link(request, pk):
    project = project_of(request, pk, "project.edit")
    if not access.may_issue_links(request.user, project) or project.holder_id is None:
        raise PermissionDenied("project.link")
    if request.method == "POST":
        token, secret = services.issue_personal_link(request.user, project)
        link = request.build_absolute_uri(reverse("projects:open_link", args=[secret]))
        message = services.send_personal_link(request.user, project, token, link)
        not_sent = NotSentReason(message.reason).label if message.reason else ""
        context = {"project": project, "link": link, "token": token, "message": message, "not_sent": not_sent}
        return render(request, "projects/link.html", context)
    return render(request, "projects/link.html", {"project": project, "link": None})


@require_get_or_post
@never_cache
def open_link(request, secret):
    """GET asks to confirm (so that a phone's link preview does not use up the link); POST opens it."""
    if request.method != "POST":
        return render(request, "projects/open_link.html", {})
    try:
        project = services.open_personal_link(secret)
    except services.ProjectError as error:
        status = 404 if error.code == "link_invalid" else 410
        return render(request, "projects/open_link.html", {"error": error.message}, status=status)
    request.session.cycle_key()
    access.grant_personal_access(request.session, project, services.SESSION_VALIDITY)
    return redirect("projects:detail", project.pk)
