"""Writing a project's financial plan (one verb, its transaction and its audit entry) and reading it back."""

from django.db import transaction

from core.audit import record

from ..models import Project
from .plan import Plan, PlanError


def stored_plan(project):
    """The project's plan; an unreadable stored plan (hand-edited JSON) reads as an empty one, never a 500."""
    try:
        return Plan.from_dict(project.financial_plan or {})
    except PlanError:
        return Plan()


@transaction.atomic
def save_financial_plan(actor, project, plan):
    """Replace the project's financial plan by `plan` (a finance.Plan); `actor` None = the personal link."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    data = plan.to_dict()
    if locked.financial_plan == data:
        return locked
    locked.financial_plan = data
    locked.save(update_fields=["financial_plan", "updated"])
    details = {"investment": str(plan.total_investment), "financing": str(plan.total_financing)}
    if actor is None:
        details["via"] = "personal_link"
    record(actor, "project.financial_plan_saved", locked, **details)
    project.financial_plan = data
    return locked
