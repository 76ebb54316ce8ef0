"""Project dossier PDFs: summary, canvas, financial plan with its chart, matched programmes, founding checklist.

`render_dossier(project, language)` is what the staff page and the API (`GET /api/v1/projects/{id}/dossier.pdf`)
both call. No personal data beyond the holder's name: no CIN, phone or birth date.
"""

from django.urls import path
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from core.i18n import asked_language
from core.sectors import sector_label
from projects import canvas, founding
from projects.access import project_of, staff_or_personal_link
from projects.finance import compute
from projects.finance.display import context as finance_context
from projects.finance.services import stored_plan
from projects.matching import matches

from .render import pdf_response, render_pdf


def dossier_context(project, language):
    """What the dossier template shows, built in `language` (labels, month names and warnings are translated)."""
    plan = stored_plan(project)
    with translation.override(language):
        saved = {row.step: row for row in project.founding_steps.all()}
        return {
            "project": project,
            "sector": sector_label(project.sector) if project.sector else "",
            "stage": project.get_stage_display(),
            "caravans": list(project.caravans.all()),
            "blocks": [(block.title, project.canvas.get(block.key, "").strip()) for block in canvas.BLOCKS],
            "finance": None
            if plan.is_empty
            else finance_context(plan, compute(plan), language == "ar", isolate=False),
            "matches": matches(project),
            "checklist": founding.checklist(saved, timezone.localdate(), language),
            "printed_on": timezone.localdate(),
        }


def render_dossier(project, language):
    """The project's dossier as PDF bytes, in Arabic ("ar") or French ("fr")."""
    return render_pdf("documents/dossier.html", dossier_context(project, language), language=language)


@require_safe
@staff_or_personal_link
def project_dossier(request, pk):
    """The dossier in `?lang=ar|fr` (default: the page's language), for those who may see the project."""
    project = project_of(request, pk, "project.view")
    language = asked_language(request)
    return pdf_response(render_dossier(project, language), f"dossier-{project.pk}-{language}.pdf")


urlpatterns = [path("staff/projects/<int:pk>/dossier.pdf", project_dossier, name="project_dossier")]
