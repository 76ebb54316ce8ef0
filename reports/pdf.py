"""The caravan report as a PDF: the report page's figures and layout through the one PDF path."""

from django.contrib.auth.decorators import login_required
from django.utils import translation
from django.views.decorators.http import require_safe

from caravans.access import caravan_for
from core.i18n import asked_language
from documents.render import pdf_response, render_pdf
from stories.models import Story

from . import impact, indicators, presentation


def render_report(caravan, language, report=None):
    """The caravan report as PDF bytes in `language` ("ar" or "fr")."""
    report = report or indicators.caravan_report(caravan)
    with translation.override(language):
        context = {
            "caravan": caravan,
            "report": report,
            "headlines": presentation.headlines(report),
            "sections": presentation.sections(report, language=language),
            "impact": impact.sections(report["impact"], language=language),
            "stories": list(Story.objects.published().in_report_of(caravan)),
        }
        return render_pdf("documents/report.html", context, language=language)


@require_safe
@login_required
def report_pdf(request, slug):
    caravan = caravan_for(request.user, slug, "report.view")
    language = asked_language(request)
    return pdf_response(render_report(caravan, language), f"report-{caravan.slug}-{language}.pdf")
