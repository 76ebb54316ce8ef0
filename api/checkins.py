"""Check-in at the venue from an agent's phone: one POST per scanned (or typed) badge code.

Staff only (bearer token), with "checkin.perform" on the caravan: its agents and organisers, national
coordinators. The endpoint calls `onsite.services.check_in`, as the agents' pages will."""

import datetime
import functools

from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from ninja import Field, Router, Schema, Status

from caravans.access import guard
from caravans.models import Caravan, StaffAssignment
from core import rows
from core.models import ApiToken, hash_token
from core.permissions import Role
from onsite import services
from people.models import Person
from places.models import Province, Region
from registration.models import Profile, Registration, clean_code, read_digits

from .auth import InvalidToken, ScanToken
from .errors import ApiError
from .schemas import DateIn, ErrorOut

router = Router(tags=["check-in"], auth=ScanToken())

PERFORM = "checkin.perform"
# Refusals of a scan: the HTTP status of each outcome code that is not a check-in.
REFUSALS = {
    services.UNKNOWN_CODE: 404,
    services.NOT_ACCEPTED: 422,
    services.NOT_A_CARAVAN_DAY: 422,
}


class CheckInIn(Schema):
    code: str = Field(..., max_length=64, description="the badge code, as in its QR code or typed")
    day: DateIn = Field(..., description="the day of the caravan the person arrives (YYYY-MM-DD)")


class ProvinceOut(Schema):
    code: str
    name_ar: str
    name_fr: str


class ParticipantOut(Schema):
    registration_id: int
    full_name_ar: str
    full_name_latin: str
    profile: Profile
    profile_ar: str
    profile_fr: str
    province: ProvinceOut | None


class AgentOut(Schema):
    username: str
    name: str


class CheckInOut(Schema):
    id: int
    day: datetime.date
    at: datetime.datetime = Field(..., description="when, in the caravan's time zone")
    agent: AgentOut | None = Field(..., description="who checked the person in (null if since deleted)")


class CheckInAnswer(Schema):
    code: str = Field(..., description="`checked_in` (201) or `already` (409)")
    message: str
    checkin: CheckInOut
    participant: ParticipantOut


CHECK_IN = """Check a participant in on one day of the caravan, from the code of their badge (the QR code holds
only that code; case, spaces and dashes do not matter when it is typed).

- **201** `checked_in`: this is the person's first check-in of that day; `checkin` is the new one.
- **409** `already`: the person was already checked in that day; `checkin` is the earlier check-in (its time
  `at` and its `agent`). Nothing is recorded.

Both answers carry `participant`, for the agent's screen: the names in Arabic and Latin letters, the profile
and the province in Arabic and French. Never a CIN, a phone number or a birth date.

Exactly one check-in is recorded however many agents send the same badge at the same moment: one gets 201,
all the others 409.

Refusals (`{"code", "message"}`, message in the caller's language):
- **404** `unknown_code`: no registration of this caravan has this badge code (`not_found`: no such caravan,
  or one the token may not see);
- **422** `not_accepted`: the registration is not (or no longer) accepted;
- **422** `not_a_caravan_day`: `day` is not between the caravan's first and last day;
- **422** `invalid`: the body is not `{"code": "…", "day": "YYYY-MM-DD"}`;
- **401** without a valid token, **403** for a token whose roles do not include check-in on this caravan
  (trainers)."""


@router.post(
    "/{slug}/checkins",
    response={
        201: CheckInAnswer,
        409: CheckInAnswer,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    summary="Check a badge in (exactly once per person and day)",
    description=CHECK_IN,
)
def checkin_create(request, slug: str, scan: CheckInIn):
    agent, roles, caravan, registration = _read_scan(request.auth, slug, scan.code)
    guard(caravan, roles, slug, PERFORM)
    outcome = services.check_in_found(caravan, registration, scan.day, agent)
    if outcome.code in REFUSALS:
        raise ApiError(REFUSALS[outcome.code], outcome.code, outcome.message)
    status = 201 if outcome.code == services.CHECKED_IN else 409
    return Status(status, answer(outcome))


def _read_scan(token, slug, code):
    """(the token's user, their roles on the caravan, the caravan, the registration of the badge `code` with
    its person and province) in one statement: on PostgreSQL each round trip to the database cost a scan as
    much as its work (five of them made a check-in 0.14 of a bare view's rate). Raises InvalidToken when no
    active user has the token; the caravan and registration are None when there is none."""
    typed = clean_code(code) or None  # an empty code is nobody's (a registration without a badge has "")
    digits = typed and read_digits(typed)
    models, sql = _scan_query()
    found = rows.all_rows(sql, [slug, typed, digits, hash_token(token)])
    if not found:
        raise InvalidToken()
    roles, badges = set(), {}
    for row in found:
        user, caravan, region, registration, person, province = rows.instances_of(row, *models)
        if row[-2] is not None:
            roles.add(Role(row[-2]))
        if registration is not None:
            registration.person, person.province = person, province
            badges[registration.badge_code] = registration
    if user.is_superuser:
        roles.add(Role.COORDINATOR)
    if caravan is not None:
        caravan.region = region
    # The code as typed first; Z, S or B read as 2, 5 or 8 only when it is nobody's (services.check_in).
    return user, roles, caravan, badges.get(typed) or badges.get(digits)


@functools.cache
def _scan_query():
    """(the models, the SQL) of _read_scan, written once: quoting its names on every scan cost 4 % of it."""
    User = get_user_model()
    models = (User, Caravan, Region, Registration, Person, Province)
    select = ", ".join(rows.columns(model, alias) for model, alias in zip(models, "ucgrpv", strict=True))
    sql = (
        f"SELECT {select}, s.role, s.caravan_id FROM {rows.table(ApiToken)} t"
        f" JOIN {rows.table(User)} u ON u.id = t.user_id"
        f" LEFT JOIN {rows.table(Caravan)} c ON c.slug = %s"
        f" LEFT JOIN {rows.table(Region)} g ON g.id = c.region_id"
        f" LEFT JOIN {rows.table(Registration)} r ON r.caravan_id = c.id AND r.badge_code IN (%s, %s)"
        f" LEFT JOIN {rows.table(Person)} p ON p.id = r.person_id"
        f" LEFT JOIN {rows.table(Province)} v ON v.id = p.province_id"
        f" LEFT JOIN {rows.table(StaffAssignment)} s ON s.user_id = u.id"
        " AND (s.caravan_id IS NULL OR s.caravan_id = c.id)"
        " WHERE t.key_hash = %s AND u.is_active"
    )
    return models, sql


def answer(outcome):
    checkin, registration = outcome.checkin, outcome.registration
    person, agent = registration.person, checkin.agent
    province = person.province
    profile = Profile(registration.profile)
    return {
        "code": outcome.code,
        "message": str(outcome.message),
        "checkin": {
            "id": checkin.pk,
            "day": checkin.day,
            "at": timezone.localtime(checkin.at),
            "agent": agent and {"username": agent.username, "name": agent.get_full_name() or agent.username},
        },
        "participant": {
            "registration_id": registration.pk,
            "full_name_ar": person.full_name_ar,
            "full_name_latin": person.full_name_latin,
            "profile": profile,
            "profile_ar": _label(profile, "ar"),
            "profile_fr": _label(profile, "fr"),
            "province": province
            and {"code": province.code, "name_ar": province.name_ar, "name_fr": province.name_fr},
        },
    }


@functools.cache  # the catalogues do not change while the server runs; switching language cost 4 % of a scan
def _label(choice, language):
    with translation.override(language):
        return str(choice.label)
