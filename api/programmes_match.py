"""The public programme finder as an API: the finder's answers in, every open programme's fit out.

No token needed, and nothing asked is stored; each call is counted (a keyed hash of the caller's address, no
answer) to brake bulk use, as the public registration form is (`registration.ratelimit`)."""

from typing import Literal

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from pydantic import StrictInt  # a number, not `false` or "12"

from programmes import finder
from programmes.matching import match_all
from registration import ratelimit

from .errors import ApiError
from .projects import MatchOut, match_items
from .schemas import DateIn, ErrorOut

router = Router(tags=["programmes"])

ASKED = "programmes.match_asked"
PER_HOUR = 120  # a cooperative's office behind one address may try many cases; a scraper is braked


class TooMany(ApiError):
    status = 429
    code = "too_many_requests"
    message = _("Too many requests from this connection in the last hour: try again later.")


class MatchIn(Schema):
    applicant: Literal["cooperative", "group", "person"] | None = None
    age: StrictInt | None = Field(None, ge=0, le=finder.MAX_AGE)
    sex: Literal["female", "male"] | None = None
    province: str | None = Field(
        None, description="A province's ISO code (MA-LAR) or its name, Arabic or French."
    )
    sector: str | None = Field(
        None, description="A sector's key (goat_cheese) or its name, Arabic or French."
    )
    stage: Literal["idea", "founding", "running"] | None = None
    amount_mad: StrictInt | None = Field(None, ge=0, le=finder.MAX_AMOUNT)
    own_contribution_mad: StrictInt | None = Field(None, ge=0, le=finder.MAX_AMOUNT)
    cooperative_founded: DateIn | None = None


MATCH = """The public finder's answers (every key optional) → every support programme of the catalogue that is
not closed, best fits first, as `GET /projects/{id}/matches` gives them: `status` `eligible`, `missing` (to
check) or `not_eligible`, with `reasons` (a stable `code` and its Arabic and French sentences). An unknown
province or sector counts as not answered. The same matching as the finder page at `/programmes/`, whose
result for the same answers shows the same statuses. No token; rate-limited per connection (429)."""


@router.post(
    "/programmes/match",
    response={200: list[MatchOut], 422: ErrorOut, 429: ErrorOut},
    summary="Which support programmes fit these answers (public)",
    description=MATCH,
)
def programmes_match(request, body: MatchIn):
    if ratelimit.exceeded(request, ASKED, getattr(settings, "QAFILA_PROGRAMME_MATCH_PER_HOUR", PER_HOUR)):
        raise TooMany()
    ratelimit.count(request, None, ASKED)
    return match_items(match_all(finder.facts(finder.from_body(body.dict()))))
