"""What became of a caravan's projects, and what it cost: the outcome figures of its report, as the contract
gives them (`GET /api/v1/caravans/{slug}/outcomes`)."""

from typing import Annotated, Literal

from ninja import Field, Router, Schema

from caravans.access import caravan_for
from reports.impact import caravan_impact

from .auth import BearerToken
from .schemas import ErrorOut

router = Router(tags=["reports"], auth=BearerToken())

Amount = Annotated[str, Field(pattern=r"^\d+\.\d{2}$", examples=["45000.00"])]


class OutcomesOut(Schema):
    projects: int
    followed_up: int
    cooperatives_founded: int
    financing_applied: int
    financing_obtained: int
    financing_amount_mad: Amount
    jobs: int
    active_after_12_months: int
    cost_per_participant_mad: Amount | None
    cost_per_cooperative_founded_mad: Amount | None
    jobs_women: int
    jobs_men: int
    jobs_under_35: int
    cost_basis: Literal["spent", "planned"] | None
    cost_mad: Amount | None
    cost_per_project_financed_mad: Amount | None


OUTCOMES = """Where the caravan's projects stand after it, as its follow-up recorded them: the same figures as
the outcomes section of the report (`impact` in `GET /api/v1/caravans/{slug}/report`). For coordinators and
the caravan's organisers; other tokens get 403 (404 for a caravan they may not see).

- `projects`: the projects worked on in the caravan; `followed_up`: reached by at least one follow-up contact;
- `cooperatives_founded`: court registration done (Law 112-12); `financing_applied`, `financing_obtained`:
  the latest answer of each programme (a refusal counts as applied, not obtained); `financing_amount_mad`:
  the amounts obtained, in dirhams;
- `jobs` (`jobs_women` + `jobs_men`, of which `jobs_under_35`): the latest head count of each project;
- `active_after_12_months`: said active by an outcome dated 12 months or more after the caravan's last day;
- `cost_mad`: the caravan's budget lines, spent when any line has a spent amount, else planned (`cost_basis`),
  null without budget lines; `cost_per_participant_mad` (accepted registrations),
  `cost_per_cooperative_founded_mad`, `cost_per_project_financed_mad`: null when there is no cost or nothing to
  divide it by.

Amounts are decimal strings with two places ("45000.00"). Counts only: no personal data."""


@router.get(
    "/{slug}/outcomes",
    response={200: OutcomesOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="What became of a caravan's projects, and its cost per outcome",
    description=OUTCOMES,
)
def caravan_outcomes(request, slug: str):
    return caravan_impact(caravan_for(request.auth, slug, "report.view"))
