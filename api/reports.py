"""A caravan's indicators: the figures of its report, as JSON, for staff allowed to see the report."""

from ninja import Router

from caravans.access import caravan_for
from reports.indicators import caravan_report

from .auth import BearerToken
from .schemas import ErrorOut

router = Router(tags=["reports"], auth=BearerToken())

REPORT = """The caravan's report as data, the very figures of the report page, its PDF and XLSX exports
(`qafila report --format json` writes the same document). For coordinators and the caravan's organisers;
other tokens get 403 (404 for a caravan they may not see).

- `caravan`: slug, titles, region, dates, capacity, status;
- `registrations`: `total`, `by_decision`, `by_reason` (registrations whose reasons include each code);
- `participants` (the accepted registrations): `total`, `women`, `women_share`, `young` (under 35 on the
  first day), `young_share` (percentages), `by_sex`, `by_age_band` (`18_24`, `25_34`, `35_44`, `45_59`,
  `60_plus`, `unknown`; age on the caravan's first day), `by_province`, `by_profile`, `by_sector`;
- `attendance`: `attended` (people checked in at least once), `by_day` (people checked in that day),
  `by_session` (people present, with `assigned` to the workshop group);
- `surveys`, `projects`: their results when those features hold data, else null;
- `impact`: what became of the caravan's projects (the keys of `GET /api/v1/caravans/{slug}/outcomes`, with
  `funnel` and the funnel `by_sex`, `by_age_band` and `by_province` of the project holders, each item's
  `steps` giving the projects at each step).

Every breakdown is a list of `{"key", "count", "label_ar", "label_fr"}`; `key` is a code of the contract
(decision, reason, sex, profile, province code, sector key) or `unknown`. Counts only: no personal data."""


@router.get(
    "/{slug}/report",
    response={200: dict, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A caravan's indicators (the figures of its report)",
    description=REPORT,
)
def caravan_indicators(request, slug: str):
    return caravan_report(caravan_for(request.auth, slug, "report.view"))
