"""The people who work on caravans: a caravan's team page, and the national coordinator's list of accounts.

The list of accounts lives here rather than in `accounts`, below us: it shows each account's roles, which are
this app's. Its writes are accounts' services."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import services as accounts
from accounts import two_factor
from accounts.forms import AccountForm
from accounts.views import show_link
from core.forms import add_errors
from core.permissions import allowed

from . import team
from .access import caravan_for, require_global, roles_for
from .models import StaffAssignment
from .team_forms import InviteForm, MemberForm


def _team_page(request, caravan, add_form=None, invite_form=None):
    roles = team.roles_to_manage(request.user, caravan)
    rows = [(row, row.role in roles) for row in team.members(caravan)]
    context = {
        "caravan": caravan,
        "rows": rows,
        "add_form": add_form or MemberForm(roles=roles),
        "invite_form": invite_form or InviteForm(roles=roles),
        "can_manage_accounts": allowed(roles_for(request.user), "accounts.manage"),
    }
    return render(request, "caravans/team.html", context)


def _said(user, role):
    return {"name": user.get_full_name() or user.username, "role": team.team_role(role).label}


@require_safe
@login_required
def team_page(request, slug):
    return _team_page(request, caravan_for(request.user, slug, "team.manage"))


@require_POST
@login_required
def team_add(request, slug):
    caravan = caravan_for(request.user, slug, "team.manage")
    form = MemberForm(request.POST, roles=team.roles_to_manage(request.user, caravan))
    if form.is_valid():
        try:
            added = team.add_member(request.user, caravan, form.user, form.cleaned_data["role"])
        except ValidationError as refusal:
            add_errors(form, refusal)
        else:
            said = _said(form.user, form.cleaned_data["role"])
            if added:
                messages.success(request, _("Added to the team: %(name)s (%(role)s).") % said)
            else:
                messages.info(request, _("Already on the team: %(name)s (%(role)s).") % said)
            return redirect("caravans:team", caravan.slug)
    return _team_page(request, caravan, add_form=form)


@require_POST
@login_required
def team_invite(request, slug):
    caravan = caravan_for(request.user, slug, "team.manage")
    form = InviteForm(request.POST, roles=team.roles_to_manage(request.user, caravan))
    if form.is_valid():
        try:
            user = team.invite(request.user, caravan, form.cleaned_data["role"], **form.account())
        except ValidationError as refusal:
            add_errors(form, refusal)
        else:
            messages.success(
                request, _("Added to the team: %(name)s (%(role)s).") % _said(user, form.cleaned_data["role"])
            )
            back = reverse("caravans:team", args=[caravan.slug])
            return show_link(request, user, accounts.one_time_link(user), back)
    return _team_page(request, caravan, invite_form=form)


@require_POST
@login_required
def team_remove(request, slug):
    caravan = caravan_for(request.user, slug, "team.manage")
    user = get_user_model().objects.filter(username=request.POST.get("username", "")).first()
    role = request.POST.get("role", "")
    try:
        if user is not None and team.remove_member(request.user, caravan, user, role):
            messages.success(request, _("Removed from the team: %(name)s (%(role)s).") % _said(user, role))
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    return redirect("caravans:team", caravan.slug)


@require_POST
@login_required
def team_link(request, slug):
    """A new one-time link for a member who has not chosen their password yet."""
    caravan = caravan_for(request.user, slug, "team.manage")
    user = get_user_model().objects.filter(username=request.POST.get("username", "")).first()
    back = reverse("caravans:team", args=[caravan.slug])
    if user is None:
        messages.error(request, _("No account has this username."))
        return redirect(back)
    try:
        path = team.invitation_link(request.user, caravan, user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(back)
    return show_link(request, user, path, back)


# The national coordinator's accounts page


def _accounts_page(request, form=None):
    roles = Prefetch(
        "staff_assignments", StaffAssignment.objects.select_related("caravan").order_by("caravan__start_date")
    )
    users = two_factor.with_authenticator(get_user_model().objects.prefetch_related(roles))
    users = users.order_by("-is_active", "username")
    context = {"users": users, "form": form or AccountForm()}
    return render(request, "caravans/team_accounts.html", context)


@require_safe
@login_required
def staff_accounts(request):
    require_global(request.user, "accounts.manage")
    return _accounts_page(request)


@require_POST
@login_required
def staff_account_create(request):
    require_global(request.user, "accounts.manage")
    form = AccountForm(request.POST)
    if form.is_valid():
        try:
            user = accounts.create_account(request.user, **form.cleaned_data)
        except ValidationError as refusal:
            add_errors(form, refusal)
        else:
            messages.success(
                request, _("The account was created: put it on a caravan's team from that team's page.")
            )
            return show_link(request, user, accounts.one_time_link(user), reverse("caravans:staff_accounts"))
    return _accounts_page(request, form)


@require_POST
@login_required
def staff_account_active(request, pk, active):
    """Deactivate an account (`active` False, from the URL) or reactivate it."""
    require_global(request.user, "accounts.manage")
    user = get_object_or_404(get_user_model(), pk=pk)
    try:
        (accounts.reactivate if active else accounts.deactivate)(request.user, user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        done = _("Reactivated: %(name)s.") if active else _("Deactivated: %(name)s.")
        messages.success(request, done % {"name": user.get_full_name() or user.username})
    return redirect("caravans:staff_accounts")


@require_POST
@login_required
def staff_account_link(request, pk):
    """A one-time link for someone who cannot get one by email (no address, a lost invitation)."""
    require_global(request.user, "accounts.manage")
    user = get_object_or_404(get_user_model(), pk=pk)
    try:
        path = accounts.issue_link(request.user, user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("caravans:staff_accounts")
    return show_link(request, user, path, reverse("caravans:staff_accounts"))


@require_POST
@login_required
def staff_account_two_factor(request, pk):
    """Remove the authenticator of someone who lost their phone and their recovery codes."""
    require_global(request.user, "accounts.manage")
    user = get_object_or_404(get_user_model(), pk=pk)
    if user.is_superuser and not request.user.is_superuser:
        raise PermissionDenied
    if two_factor.remove(request.user, user):
        name = user.get_full_name() or user.username
        messages.success(
            request, _("%(name)s will set up a new authenticator at their next login.") % {"name": name}
        )
    return redirect("caravans:staff_accounts")
