"""The caravan report page, the people behind each of its figures, its XLSX export, and the national dashboard.

Only counts: no CIN, phone or birth date on any of these pages (the people list shows names and links to the
registration, where personal data is shown as that page decides)."""

import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from caravans.access import caravan_for, require_global
from core.i18n import active_language, asked_language
from projects.models import Project
from stories.models import Story

from . import impact, indicators, national, presentation
from .xlsx import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50
CARAVANS_SHOWN = 40  # the most recent ones; each opens its report


def _links(caravan):
    """link(dimension) → href(entry): the registration list when it can filter so, else the report's own list."""
    registrations = reverse("registration:staff_registrations", args=[caravan.slug])
    people = reverse("reports:people", args=[caravan.slug])

    def link(dimension):
        def href(entry):
            query = indicators.list_query(dimension, entry["key"])
            if query is not None:
                return f"{registrations}?{query}"
            return f"{people}?{urlencode({'by': dimension, 'key': entry['key']})}"

        return href

    return link


@require_safe
@login_required
def caravan_report(request, slug):
    caravan = caravan_for(request.user, slug, "report.view")
    report = indicators.caravan_report(caravan)
    language = active_language()
    context = {
        "caravan": caravan,
        "report": report,
        "headlines": presentation.headlines(report, link=_links(caravan)),
        "sections": presentation.sections(report, language=language, link=_links(caravan)),
        "impact": impact.sections(
            report["impact"], language=language, link=_links(caravan)(impact.DIMENSION)
        ),
        "stories": Story.objects.published().in_report_of(caravan),
    }
    return render(request, "reports/caravan_report.html", context)


@require_safe
@login_required
def report_people(request, slug):
    """The registrations behind one figure (`?by=age_band&key=25_34`), counted by the report's own filter."""
    caravan = caravan_for(request.user, slug, "report.view")
    dimension, key = request.GET.get("by", ""), request.GET.get("key", "")
    if dimension == impact.DIMENSION:
        return _projects_behind(request, caravan, key)
    if dimension not in indicators.DIMENSIONS:
        raise Http404(dimension)
    try:
        found = (
            indicators.people(caravan, dimension, key)
            .select_related("person__province")
            .order_by("created", "id")
        )
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    except (ValueError, TypeError, ValidationError) as error:  # a session id or a date that cannot be one
        raise Http404(key) from error
    context = {
        "caravan": caravan,
        "page": page,
        "dimension": dimension,
        "key": key,
        "query": urlencode({"by": dimension, "key": key}),
    }
    return render(request, "reports/people.html", context)


def _projects_behind(request, caravan, key):
    """The projects behind a figure of the funnel (`?by=outcome&key=cooperatives_founded:sex:female`), each with
    its holder's name linked to their registration, where personal data is shown as that page decides."""
    try:
        found = impact.behind(caravan, key)
    except ValueError as error:
        raise Http404(key) from error
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    projects = Project.objects.select_related("holder__province", "cooperative").in_bulk(
        [pk for pk, _r in page]
    )
    context = {
        "caravan": caravan,
        "page": page,
        "behind_projects": True,
        "projects": [(projects[pk], registration) for pk, registration in page],
        "query": urlencode({"by": impact.DIMENSION, "key": key}),
    }
    return render(request, "reports/people.html", context)


@require_safe
@login_required
def report_xlsx(request, slug):
    caravan = caravan_for(request.user, slug, "report.view")
    language = asked_language(request)
    with translation.override(language):
        data = workbook_bytes(indicators.caravan_report(caravan), language)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="report-{caravan.slug}-{language}.xlsx"'
    return response


@require_safe
@login_required
def dashboard(request):
    require_global(request.user, "dashboard.view")
    filters = national.Filters.from_query(request.GET)
    figures = national.dashboard(filters)
    context = {
        "filters": filters,
        "choices": national.filter_choices(),
        "figures": figures,
        "sections": national.sections(figures, language=active_language()),
        # The figures keep ISO dates (the API and exports read them); people read "4 فبراير 2025".
        "caravans_shown": [
            {**caravan, "first_day": datetime.date.fromisoformat(caravan["start_date"])}
            for caravan in figures["caravans"][:CARAVANS_SHOWN]
        ],
        "caravans_more": max(0, len(figures["caravans"]) - CARAVANS_SHOWN),
        "outcomes": national.outcome_tables(
            figures["outcomes_by_year"], figures["caravans"][:CARAVANS_SHOWN], language=active_language()
        ),
        "language": active_language(),
    }
    return render(request, "reports/dashboard.html", context)
