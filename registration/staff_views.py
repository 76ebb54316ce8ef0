"""The organisers' registration pages: the list (filters, search, export), one registration with its history
and the staff decisions on it, and the review queue of likely duplicates.

CIN, phone, birth date and community are shown only to roles with "personal_data.view" (masked otherwise), and
every page that shows them leaves one `personal_data.viewed` audit entry (Law 09-08).

The list's search (a name, a CIN, a phone) never travels in an address, where access logs, the browser's history
and shared export links would keep it: it is POSTed, kept in the session under a random token, and the list's
address, its pages and its export links carry that token only (`s`); its other filters stay in the address.
"""

import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from caravans.access import caravan_for, roles_for
from core import audit
from core.permissions import allowed
from people.duplicates import DuplicateError, keep_apart
from people.identifiers import display_phone
from people.matching import REASONS as DUPLICATE_REASONS
from people.models import mask_cin, mask_phone

from . import exports, queries, reasons
from .models import Decision, DecisionRecord, Registration
from .services import RegistrationError, cancel, fill_free_places, merge_duplicate, override
from .staff_forms import CancelForm, OverrideForm, RegistrationFilterForm

PAGE_SIZE = 50
PAIRS_PAGE_SIZE = 20


@dataclass
class Shown:
    """A person as the current user may see them: identifiers masked unless they may see personal data."""

    person: object
    cin: str
    phone: str
    birth: object
    registrations: list = field(default_factory=list)


def shown(person, personal_data):
    if personal_data:
        phone = display_phone(person.phone) if person.phone else ""
        return Shown(person, person.cin, phone, person.birth_date or person.birth_year or "")
    birth = person.birth_date.year if person.birth_date else person.birth_year or ""
    return Shown(person, mask_cin(person.cin), mask_phone(person.phone), birth)


def _can(user, caravan):
    roles = roles_for(user, caravan)
    actions = (
        "personal_data.view",
        "registration.decide",
        "registration.export",
        "registration.import",
        "duplicates.review",
        "person.correct",
    )
    return {action.replace(".", "_"): allowed(roles, action) for action in actions}


SEARCHES = "registration.searches"  # the session's {token: search text}, the latest last
KEPT_SEARCHES = 20


def _filters(request):
    """The list's filters: the address's, with the search text its token `s` names in the session."""
    data = request.GET.copy()
    data["q"] = request.session.get(SEARCHES, {}).get(request.GET.get("s", ""), "")  # never an address's q
    return data


def _query(form, request):
    """The filters in use, as the list's address, pages and export links carry them (the search as its token)."""
    used = form.used()
    if form.search():
        used["s"] = request.GET.get("s", "")
    return urlencode(used)


def _searched(request, caravan):
    """The list's address for the filters POSTed: the search text kept in the session, its token in the address."""
    form = RegistrationFilterForm(caravan, request.POST)
    used = form.used()
    if text := form.search():
        token = secrets.token_urlsafe(9)
        kept = list(request.session.get(SEARCHES, {}).items())[-(KEPT_SEARCHES - 1) :]
        request.session[SEARCHES] = dict(kept) | {token: text}
        used["s"] = token
    address = reverse("registration:staff_registrations", args=[caravan.slug])
    return f"{address}?{urlencode(used)}" if used else address


def _found(request, caravan, personal_data):
    """(filter form, the filtered registrations, the ids found by the search or None when not searching)."""
    form = RegistrationFilterForm(caravan, _filters(request))
    registrations = queries.filtered(queries.for_caravan(caravan), **form.filters())
    text = form.search()
    ids = queries.search_ids(registrations, text, personal_data=personal_data) if text else None
    return form, registrations, ids


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def registration_list(request, slug):
    """GET: the list, filtered; POST: the filters and search typed, redirected to the list they give."""
    caravan = caravan_for(request.user, slug, "registration.view")
    if request.method == "POST":
        return redirect(_searched(request, caravan))
    can = _can(request.user, caravan)
    form, registrations, ids = _found(request, caravan, can["personal_data_view"])
    page = Paginator(registrations if ids is None else ids, PAGE_SIZE).get_page(request.GET.get("page"))
    found = page.object_list if ids is None else queries.by_ids(registrations, page.object_list)
    rows = [(r, shown(r.person, can["personal_data_view"]), reasons.messages(r.reasons)) for r in found]
    if can["personal_data_view"] and rows:
        audit.record(
            request.user,
            "personal_data.viewed",
            caravan,
            page="registration_list",
            filters=form.used(),
        )
    counts = queries.decision_counts(caravan)
    context = {
        "caravan": caravan,
        "form": form,
        "page": page,
        "rows": rows,
        "can": can,
        "counts": [(d, counts.get(d.value, 0)) for d in Decision],
        "total": sum(counts.values()),
        "query": _query(form, request),
        "pending_duplicates": can["duplicates_review"] and queries.pending_duplicates(caravan).exists(),
        "free_places": max(caravan.capacity - counts.get(Decision.ACCEPTED, 0), 0),
        "waiting": counts.get(Decision.WAITLISTED, 0),
    }
    return render(request, "registration/staff/list.html", context)


@require_POST
@login_required
def fill_waiting_list(request, slug):
    caravan = caravan_for(request.user, slug, "registration.decide")
    promoted = fill_free_places(caravan, request.user)
    if not promoted:
        messages.info(request, _("Nobody was promoted: no free place, or nobody on the waiting list."))
    _tell_promoted(request, promoted)
    return redirect("registration:staff_registrations", caravan.slug)


def _export(request, slug, write):
    caravan = caravan_for(request.user, slug, "registration.export")
    personal_data = allowed(roles_for(request.user, caravan), "personal_data.view")
    form, registrations, ids = _found(request, caravan, personal_data)
    found = registrations.iterator(chunk_size=1000) if ids is None else queries.by_ids(registrations, ids)
    if personal_data:
        audit.record(
            request.user,
            "personal_data.exported",
            caravan,
            format=write.__name__,
            filters=form.used(),
        )
    return write(caravan, found, personal_data)


def csv(caravan, found, personal_data):
    return exports.csv_response(found, personal_data=personal_data, name=exports.filename(caravan, "csv"))


def xlsx(caravan, found, personal_data):
    name = exports.filename(caravan, "xlsx")
    return exports.xlsx_response(found, personal_data=personal_data, name=name, title=caravan.slug)


@require_safe
@login_required
def export_csv(request, slug):
    return _export(request, slug, csv)


@require_safe
@login_required
def export_xlsx(request, slug):
    return _export(request, slug, xlsx)


# One registration ----------------------------------------------------------------------------------------


def _registration(caravan, pk):
    related = ("person__province", "person__commune", "person__community", "cooperative")
    return get_object_or_404(Registration.objects.select_related(*related), caravan=caravan, pk=pk)


def _detail(request, caravan, registration, *, override_form=None, cancel_form=None):
    can = _can(request.user, caravan)
    if can["personal_data_view"]:
        audit.record(request.user, "personal_data.viewed", registration.person, page="registration_detail")
    history = [
        (record, reasons.messages(record.reasons)) for record in registration.history.select_related("by")
    ]
    context = {
        "caravan": caravan,
        "registration": registration,
        "shown": shown(registration.person, can["personal_data_view"]),
        "reasons": reasons.messages(registration.reasons),
        "history": history,
        "can": can,
        "override_form": override_form or OverrideForm(),
        "cancel_form": cancel_form or CancelForm(),
        "cancellable": registration.decision != Decision.CANCELLED,
    }
    return render(request, "registration/staff/detail.html", context)


@require_safe
@login_required
def registration_detail(request, slug, pk):
    caravan = caravan_for(request.user, slug, "registration.view")
    return _detail(request, caravan, _registration(caravan, pk))


def _promoted_since(caravan, last_record):
    records = DecisionRecord.objects.filter(
        registration__caravan=caravan, kind=DecisionRecord.Kind.PROMOTION, pk__gt=last_record or 0
    )
    return [record.registration for record in records.select_related("registration__person")]


def _tell_promoted(request, promoted):
    for registration in promoted:
        messages.info(
            request,
            _("%(name)s was promoted from the waiting list and takes the freed place.")
            % {"name": registration.person},
        )


@require_POST
@login_required
def registration_override(request, slug, pk):
    caravan = caravan_for(request.user, slug, "registration.decide")
    registration = _registration(caravan, pk)
    form = OverrideForm(request.POST)
    if form.is_valid():
        last_record = DecisionRecord.objects.aggregate(last=Max("pk"))["last"]
        data = form.cleaned_data
        try:
            override(registration, data["decision"], data["justification"], request.user)
        except RegistrationError as refusal:
            form.add_error(None, refusal)
        else:
            label = Decision(data["decision"]).label
            messages.success(request, _("The decision is now: %(decision)s.") % {"decision": label})
            _tell_promoted(request, _promoted_since(caravan, last_record))
            return redirect("registration:staff_registration", caravan.slug, registration.pk)
    return _detail(request, caravan, registration, override_form=form)


@require_POST
@login_required
def registration_cancel(request, slug, pk):
    caravan = caravan_for(request.user, slug, "registration.decide")
    registration = _registration(caravan, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            _cancelled, promoted = cancel(registration, request.user, form.cleaned_data["justification"])
        except RegistrationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The registration is cancelled."))
            _tell_promoted(request, [promoted] if promoted else [])
            return redirect("registration:staff_registration", caravan.slug, registration.pk)
    return _detail(request, caravan, registration, cancel_form=form)


# Duplicates ----------------------------------------------------------------------------------------------


@require_safe
@login_required
def duplicate_queue(request, slug):
    caravan = caravan_for(request.user, slug, "duplicates.review")
    personal_data = allowed(roles_for(request.user, caravan), "personal_data.view")
    page = Paginator(queries.pending_duplicates(caravan), PAIRS_PAGE_SIZE).get_page(request.GET.get("page"))
    pairs = list(page.object_list)
    registered = queries.registrations_by_person([p for pair in pairs for p in (pair.person, pair.other)])
    cards = []
    for pair in pairs:
        sides = [shown(pair.person, personal_data), shown(pair.other, personal_data)]
        for side in sides:
            side.registrations = registered.get(side.person.pk, [])
        why = [DUPLICATE_REASONS.get(code, code) for code in pair.reasons]
        cards.append((pair, sides, why, round(pair.score * 100)))
    if personal_data and cards:
        audit.record(
            request.user, "personal_data.viewed", caravan, page="duplicate_queue", pairs=[p.pk for p in pairs]
        )
    return render(
        request, "registration/staff/duplicates.html", {"caravan": caravan, "page": page, "cards": cards}
    )


def _pair(caravan, pk):
    return get_object_or_404(queries.duplicates_of(caravan), pk=pk)


@require_POST
@login_required
def duplicate_merge(request, slug, pk):
    caravan = caravan_for(request.user, slug, "duplicates.review")
    pair = _pair(caravan, pk)
    sides = {str(pair.person_id): (pair.person, pair.other), str(pair.other_id): (pair.other, pair.person)}
    if request.POST.get("keep") not in sides:
        messages.error(request, _("Choose which of the two records to keep."))
        return redirect("registration:staff_duplicates", caravan.slug)
    keep, absorbed = sides[request.POST["keep"]]
    try:
        merge_duplicate(pair, keep, request.user)
    except (DuplicateError, RegistrationError) as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(
            request,
            _(
                "Same person: the record of %(kept)s is kept; the record of %(absorbed)s now points to it "
                "and its registrations were moved to it."
            )
            % {"kept": keep, "absorbed": absorbed},
        )
    return redirect("registration:staff_duplicates", caravan.slug)


@require_POST
@login_required
def duplicate_keep_apart(request, slug, pk):
    caravan = caravan_for(request.user, slug, "duplicates.review")
    pair = _pair(caravan, pk)
    try:
        keep_apart(pair, request.user)
    except DuplicateError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(
            request,
            _("Different people: %(first)s and %(second)s keep their own records.")
            % {"first": pair.person, "second": pair.other},
        )
    return redirect("registration:staff_duplicates", caravan.slug)
