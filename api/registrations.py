"""A caravan's registrations for its staff, and the eligibility check of one registration (nothing saved).

Both need a bearer token: they are staff tools (a person registering on the public form gets the decision
there). Permissions are the views': "registration.view" to list, "registration.create" to check (whoever
may enter a person may ask first what would happen)."""

from django.db.models import F
from ninja import Field, Query, Router, Schema

from caravans.access import caravan_for
from registration.entry import preview
from registration.importing import Places, entry_of, read_row
from registration.models import Decision, Registration
from registration.reasons import message, messages

from .auth import BearerToken
from .errors import ApiError
from .schemas import ErrorOut

router = Router(tags=["registrations"], auth=BearerToken())

LIST = "registration.view"
CHECK = "registration.create"
PAGE_SIZE, MAX_PAGE_SIZE = 50, 500

# --- Eligibility -----------------------------------------------------------------------------------------


class RegistrationFields(Schema):
    """One registration's fields, as in a registration list (registration_columns.yaml); all optional."""

    full_name_ar: str | None = None
    full_name_latin: str | None = None
    family_name_ar: str | None = None  # a name in two parts, instead of the full name
    given_name_ar: str | None = None
    family_name_latin: str | None = None
    given_name_latin: str | None = None
    cin: str | None = None
    sex: str | None = None
    birth_date: str | None = None
    phone: str | None = None
    province: str | None = None
    commune: str | None = None
    community: str | None = None
    profile: str | None = None
    cooperative_name: str | None = None
    cooperative_founded: str | None = None
    sector: str | None = None
    project_idea: str | None = None


class EligibilityOut(Schema):
    decision: Decision
    reasons: list[str]
    messages_ar: list[str]
    messages_fr: list[str]


class MissingNameOut(ErrorOut):
    reasons: list[str]
    messages_ar: list[str]
    messages_fr: list[str]


ELIGIBILITY = """What the caravan's rules would decide for this person if they were registered now.
**Nothing is saved**: no person, no registration, no audit entry.

The body holds the columns of a registration list (the keys of `registration_columns.yaml`), every one an
optional string, written as people write them (`12/03/1990` or `1990`, `06 12 34 56 78`, `Tétouan` or
`تطوان`, `Porteuse de projet` or `عضوة تعاونية`…).

The answer gives the `decision` with every reason that applies (codes of the contract) and their sentences in
Arabic and French:
- `accepted` — eligible, and there is room;
- `waitlisted` — eligible, but the caravan is full today (`capacity_full`);
- `ineligible` — a rule excludes the person (`outside_region`, `cooperative_too_old`, `under_age`,
  `no_project_idea`, `not_community_member`…);
- `needs_review` — the person may register but staff must check something first (`missing_cin`,
  `cin_unusual`, `membership_unverified`, `age_unverified`, `missing_province`…). A value that cannot be read
  (`invalid_cin`, `invalid_phone`, `invalid_date`, `unknown_province`, `unknown_profile`) also gives
  `needs_review`, with its code: the spreadsheet import refuses such a row, but a person at the desk can
  correct it; the rules are still applied to everything else, so an ineligible person is told so at once.
  Where a reading code says more than a rule's (`invalid_cin` rather than `missing_cin`, `unknown_province`
  rather than `missing_province`), only the reading code is given.

Without any name (`missing_name`) there is nobody to decide about: 422 with code `missing_name` (and the same
`reasons`, `messages_ar`, `messages_fr`).

Duplicates are not looked for here (the registry is searched when the person is registered).
A token whose roles do not allow registering people on this caravan gets 403 (404 for a caravan it may not
see)."""


@router.post(
    "/{slug}/eligibility",
    response={
        200: EligibilityOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: MissingNameOut | ErrorOut,  # `missing_name`, or a body that is not an object of strings
    },
    summary="Check one registration against the caravan's rules (nothing saved)",
    description=ELIGIBILITY,
)
def eligibility_check(request, slug: str, fields: RegistrationFields):
    caravan = caravan_for(request.auth, slug, CHECK)
    decision, reasons = eligibility_of(caravan, fields.model_dump())
    return {
        "decision": decision,
        "reasons": reasons,
        "messages_ar": messages(reasons, "ar"),
        "messages_fr": messages(reasons, "fr"),
    }


def eligibility_of(caravan, raw):
    """(decision, reason codes) for one row of raw values: what registering that person now would decide, by
    the same code as a registration (`registration.entry.preview`), with nothing saved."""
    places = Places()
    row = read_row(raw, places=places)
    if "missing_name" in row.reasons:
        codes = ["missing_name"]
        raise ApiError(
            422,
            "missing_name",
            message("missing_name"),
            reasons=codes,
            messages_ar=messages(codes, "ar"),
            messages_fr=messages(codes, "fr"),
        )
    decision, reasons, _kind = preview(caravan, entry_of(row, places), reading_reasons=row.reasons)
    return decision, reasons


# --- The list --------------------------------------------------------------------------------------------


class RegistrationOut(Schema):
    id: int
    full_name_ar: str
    full_name_latin: str
    profile: str
    decision: Decision
    reasons: list[str]
    badge_code: str | None


class RegistrationPage(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    items: list[RegistrationOut]


class RegistrationFilters(Schema):
    page: int = Field(1, ge=1, description="1-based")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"at most {MAX_PAGE_SIZE}")
    decision: Decision | None = Field(None, description="only the registrations with this decision")


LISTING = f"""The caravan's registrations in arrival order, a page at a time, for staff allowed to see them
(coordinators, the caravan's organisers); other tokens get 403 (404 for a caravan they may not see).

The envelope: `count` (registrations matching the filter, all pages), `page`, `page_size` (default
{PAGE_SIZE}, at most {MAX_PAGE_SIZE}; more is a 422), `next` and `previous` (the absolute URLs of the
neighbouring pages, with the same filter; null at either end) and `items`. A page past the last one is empty,
its `previous` pointing to the last page.

Each item: `id`, the names, `profile`, `decision`, `reasons` (codes of the contract) and `badge_code` — only
for an accepted registration (null otherwise): unguessable, no personal data in it. No CIN, phone or birth date
here."""


@router.get(
    "/{slug}/registrations",
    response={200: RegistrationPage, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="A caravan's registrations, paged",
    description=LISTING,
)
def registration_list(request, slug: str, filters: Query[RegistrationFilters]):
    caravan = caravan_for(request.auth, slug, LIST)
    registrations = Registration.objects.filter(caravan=caravan)
    if filters.decision:
        registrations = registrations.filter(decision=filters.decision)
    count = registrations.count()
    page, size = filters.page, filters.page_size
    last = max(1, -(-count // size))
    start = (page - 1) * size
    rows = registrations.in_arrival_order().values(
        "id",
        "profile",
        "decision",
        "reasons",
        "badge_code",
        full_name_ar=F("person__full_name_ar"),
        full_name_latin=F("person__full_name_latin"),
    )[start : start + size]
    if page > last:  # nothing to read, and a huge page number would not fit the database's OFFSET
        rows = []
    items = [
        {**row, "badge_code": row["badge_code"] if row["decision"] == Decision.ACCEPTED else None}
        for row in rows
    ]
    return {
        "count": count,
        "page": page,
        "page_size": size,
        "next": _page_url(request, page + 1) if page < last else None,
        "previous": _page_url(request, min(page - 1, last)) if page > 1 else None,
        "items": items,
    }


def _page_url(request, page):
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
