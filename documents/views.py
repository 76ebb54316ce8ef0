from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from caravans.access import caravan_for, roles_for
from caravans.models import Caravan, Day, Partnership, Session
from core import audit
from core.i18n import asked_language
from core.permissions import allowed
from registration.models import Registration

from . import badges, sheets
from .render import pdf_response, render_pdf


@require_safe
def programme_pdf(request, slug):
    """The printable programme, in the active language or the one `?lang=ar|fr` asks for.

    Public once the caravan is; the staff of a draft caravan may print it before it opens (others get 404)."""
    caravan = Caravan.objects.public().select_related("region").filter(slug=slug).first()
    if caravan is None:
        caravan = caravan_for(request.user, slug, "caravan.view_staff")
    language = asked_language(request)
    partnerships = list(caravan.partnerships.select_related("organisation"))
    pdf = render_pdf(
        "documents/programme.html",
        {
            "caravan": caravan,
            "days": caravan.programme(),
            "organisers": [p for p in partnerships if p.role != Partnership.Role.PARTNER],
            "partners": [p for p in partnerships if p.role == Partnership.Role.PARTNER],
            "venues": caravan.venues.all(),
            # The public programme finder, for those who want to know their options before or after the caravan.
            "finder_qr": badges.qr_svg(request.build_absolute_uri(reverse("programmes:finder"))),
        },
        language=language,
    )
    return pdf_response(pdf, f"programme-{caravan.slug}-{language}.pdf")


@require_safe
@login_required
def badge_pdf(request, slug, pk):
    """One accepted registration's badge, same code as before: an agent reprints a lost badge at the desk.

    `?paper=badge` gives a page the size of the badge (badge printers); otherwise an A4 sheet with cut marks."""
    caravan = caravan_for(request.user, slug, "checkin.perform")
    registrations = (
        Registration.objects.accepted().exclude(badge_code=None).select_related("person__province")
    )
    registration = get_object_or_404(registrations, caravan=caravan, pk=pk)
    language = asked_language(request)
    with translation.override(language):
        context = badges.context(caravan, [badges.badge(registration)], paper=request.GET.get("paper"))
    pdf = render_pdf("documents/badges.html", context, language=language)
    return pdf_response(pdf, f"badge-{caravan.slug}-{registration.pk}.pdf")


@require_safe
@login_required
def badges_pdf(request, slug):
    """Badges of every accepted registration, or of one province (`?province=MA-TNG`) or profile
    (`?profile=project_holder`), sorted by family name, as one document (A4 sheets of 8 unless `?paper=badge`)."""
    caravan = caravan_for(request.user, slug, "registration.view")
    language = asked_language(request)
    registrations = badges.for_caravan(
        caravan,
        province=request.GET.get("province", ""),
        profile=request.GET.get("profile", ""),
        language=language,
    )
    with translation.override(language):
        context = badges.context(
            caravan, [badges.badge(r) for r in registrations], paper=request.GET.get("paper")
        )
    pdf = render_pdf("documents/badges.html", context, language=language)
    if badges.first_printing(caravan) is None:
        asked = {key: request.GET[key] for key in ("province", "profile", "paper") if key in request.GET}
        audit.record(request.user, badges.PRINTED, caravan, badges=len(registrations), **asked)
    return pdf_response(pdf, f"badges-{caravan.slug}-{language}.pdf")


def _sign_in_sheet(request, caravan, date, *, day=None, session=None, group=False):
    """The sheet in `?lang=`, with `?columns=` (CIN, phone and community only for those who may see personal
    data; CIN and phone masked, whole on the organisers' copy `?copy=full`, which only they may print).

    `group`: only the people assigned to the workshop `session`, not everyone accepted."""
    personal_data = allowed(roles_for(request.user, caravan), "personal_data.view")
    full = request.GET.get("copy") == "full"
    if full and not personal_data:
        raise PermissionDenied("personal_data.view")
    columns = sheets.columns_asked(request.GET.get("columns"), personal_data=personal_data)
    language = asked_language(request)
    listed = sheets.listed_in_group(session, language) if group else sheets.listed(caravan, language)
    with translation.override(language):
        context = sheets.context(
            caravan, listed, columns, language=language, date=date, day=day, session=session, group=group,
            full=full,
        )  # fmt: skip
    pdf = render_pdf("documents/sign_in_sheet.html", context, language=language)
    if sheets.shows_personal_data(columns):
        audit.record(
            request.user,
            "personal_data.viewed" if full else "personal_data.exported",
            caravan,
            document="sign_in_sheet_full" if full else "sign_in_sheet",
            date=date.isoformat(),
            session=session.pk if session else None,
            group=group,
            columns=[column.key for column in columns],
        )
    part = f"{'group' if group else 'session'}-{session.pk}" if session else date.isoformat()
    return pdf_response(pdf, f"sign-in-{caravan.slug}-{part}{'-full' if full else ''}-{language}.pdf")


@require_safe
@login_required
def sign_in_sheet_day(request, slug, date):
    """The sign-in sheet of one day of the caravan (404 for a date outside it)."""
    caravan = caravan_for(request.user, slug, "registration.view")
    if date not in caravan.dates():
        raise Http404(date)
    day = Day.objects.filter(caravan=caravan, date=date).first()
    return _sign_in_sheet(request, caravan, date, day=day)


@require_safe
@login_required
def sign_in_sheet_session(request, slug, session_id):
    """The sign-in sheet of one session of the caravan's programme."""
    caravan = caravan_for(request.user, slug, "registration.view")
    session = get_object_or_404(
        Session.objects.select_related("day", "room"), day__caravan=caravan, pk=session_id
    )
    return _sign_in_sheet(request, caravan, session.day.date, day=session.day, session=session)


@require_safe
@login_required
def sign_in_sheet_group(request, slug, session_id):
    """The sign-in sheet of one workshop group: the people assigned to that workshop, for its trainer too."""
    caravan = caravan_for(request.user, slug, "groups.view")
    session = get_object_or_404(
        Session.objects.select_related("day", "room"),
        day__caravan=caravan,
        kind=Session.Kind.WORKSHOP,
        pk=session_id,
    )
    return _sign_in_sheet(request, caravan, session.day.date, day=session.day, session=session, group=True)
