"""The follow-up pages: a caravan's worklist of contacts, sharing them out, its follow-up months, and the outcome
form of one contact. Phones are personal data: in full (and audited) for personal_data.view and for the caller in
charge of a contact, masked otherwise."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from caravans.access import caravan_for, roles_for
from core import audit
from core.permissions import allowed
from projects.access import visible_projects

from . import services, worklist
from .forms import AssignForm, MonthsForm, OutcomeForm

PAGE_SIZE = 50


@require_safe
@login_required
def follow_ups(request, slug):
    caravan = caravan_for(request.user, slug, "followup.view")
    roles, today = roles_for(request.user, caravan), timezone.localdate()
    # Planned here, where the contacts are worked: the caravan's closing is caravans' own step, which may not
    # know about projects, and the contacts must also cover projects added after it. Idempotent and cheap.
    if worklist.ended(caravan, today):
        services.plan_follow_ups(caravan)
    tab = request.GET.get("tab") if request.GET.get("tab") in worklist.TAB_KEYS else "due"
    mine = worklist.contacts(request.user, caravan, roles)
    found = worklist.in_tab(mine, tab, today).select_related(
        "project__holder", "project__cooperative", "assigned_to"
    )
    page = Paginator(found.order_by("due", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    personal_data = allowed(roles, "personal_data.view")
    rows = _rows(request.user, caravan, page.object_list, personal_data, today)
    if any(row["callable"] and row["phone"] for row in rows):
        audit.record(request.user, "personal_data.viewed", caravan, page="follow_up", tab=tab)
    can_assign = allowed(roles, "followup.assign")
    context = {
        "caravan": caravan,
        "tab": tab,
        "tabs": worklist.tab_counts(mine, today),
        "page": page,
        "rows": rows,
        "personal_data": personal_data,
        "can_assign": can_assign,
        "assign_form": AssignForm(caravan=caravan, team=worklist.team(caravan)) if can_assign else None,
        "months_form": MonthsForm(initial={"months": ", ".join(map(str, caravan.follow_up_months))})
        if allowed(roles, "caravan.edit")
        else None,
    }
    return render(request, "projects/followup/worklist.html", context)


def _rows(user, caravan, contacts, personal_data, today):
    language = get_language()
    projects = {contact.project_id for contact in contacts}
    openable = set(visible_projects(user, caravan).filter(pk__in=projects).values_list("pk", flat=True))
    rows = []
    for contact in contacts:
        # Whoever is in charge of a call needs the number to make it (Law 09-08: shown to those who need it).
        callable = personal_data or contact.assigned_to_id == user.pk
        rows.append(
            {
                "contact": contact,
                "holder": contact.project.holder,
                "callable": callable,
                "phone": worklist.phone_shown(contact.project.holder, callable, language),
                "late": contact.status == contact.Status.DUE and contact.due < today - worklist.LATE_AFTER,
                "project_url": contact.project.get_absolute_url() if contact.project_id in openable else None,
            }
        )
    return rows


@require_POST
@login_required
def assign(request, slug):
    caravan = caravan_for(request.user, slug, "followup.assign")
    form = AssignForm(request.POST, caravan=caravan, team=worklist.team(caravan))
    tab = request.POST.get("tab") if request.POST.get("tab") in worklist.TAB_KEYS else "due"
    if not form.is_valid():
        messages.error(request, _("Choose the contacts and who is in charge of them."))
    else:
        chosen = list(form.cleaned_data["contacts"])
        if "every" in request.POST:
            chosen = list(worklist.in_tab(caravan.follow_ups.all(), tab, timezone.localdate()))
        count = services.assign(request.user, chosen, form.cleaned_data["user"])
        messages.success(request, _("Contacts given out: %(count)s.") % {"count": count})
    return redirect(f"{reverse('projects:follow_ups', args=[caravan.slug])}?tab={tab}")


@require_POST
@login_required
def change_months(request, slug):
    caravan = caravan_for(request.user, slug, "caravan.edit")
    form = MonthsForm(request.POST)
    if form.is_valid():
        added = services.change_follow_up_months(request.user, caravan, form.cleaned_data["months"])
        messages.success(request, _("Follow-up plan saved; contacts added: %(count)s.") % {"count": added})
    else:
        messages.error(request, " ".join(form.errors["months"]))
    return redirect("projects:follow_ups", caravan.slug)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def contact(request, slug, pk):
    caravan = caravan_for(request.user, slug, "followup.record")
    roles = roles_for(request.user, caravan)
    follow_up = worklist.follow_up_for(request.user, caravan, roles, pk)
    project = follow_up.project
    form = OutcomeForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_contact(
                request.user,
                follow_up,
                reached=form.reached,
                on=form.cleaned_data["contacted_on"],
                channel=form.cleaned_data["channel"],
                note=form.cleaned_data["note"],
                outcomes=form.outcomes,
            )
        except services.FollowUpError as error:
            form.add_error(error.field if error.field in form.fields else None, error)
        else:
            messages.success(request, _("The contact was recorded."))
            return redirect(f"{reverse('projects:follow_ups', args=[caravan.slug])}?tab=due")
    callable = allowed(roles, "personal_data.view") or follow_up.assigned_to_id == request.user.pk
    if callable and project.holder and project.holder.phone:
        audit.record(request.user, "personal_data.viewed", project.holder, page="follow_up_contact")
    context = {
        "caravan": caravan,
        "follow_up": follow_up,
        "project": project,
        "phone": worklist.phone_shown(project.holder, callable, get_language()),
        "callable": callable,
        "form": form,
        "history": worklist.timeline(project),
    }
    return render(request, "projects/followup/contact.html", context)
