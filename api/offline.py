"""Offline check-in from the agents' phones: the day's roster, and the scans queued without network sent in
batches (check-ins, attendance at a session's door, walk-ins), each recorded exactly once (onsite.offline).

These four endpoints take a staff API token or the token of a phone enrolled on the caravan (its user's roles
there; any other endpoint refuses it). A revoked or expired phone gets 401 with `"wipe": true`: it erases its
roster and its queue."""

import datetime
import json
import uuid

from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.responses import NinjaJSONEncoder

from caravans.access import caravan_for, roles_for
from core.permissions import require
from onsite.offline import sync
from onsite.offline.services import roster
from registration import reasons

from .auth import StaffOrDeviceToken
from .errors import INVALID, ApiError
from .schemas import DateIn, ErrorOut

router = Router(tags=["offline check-in"], auth=StaffOrDeviceToken())

ENROL, CHECK_IN, SCAN, REGISTER = "offline.enrol", "checkin.perform", "attendance.scan", "registration.create"
CLIENT_ID = Field(..., min_length=1, max_length=64, description="the phone's own id of the scan (a UUID)")
SCANNED_AT = Field(..., description="when the phone scanned it (ISO 8601, with its offset)")


def _caravan(request, slug, action):
    """The caravan for this call: a phone's token works on its own caravan only."""
    device = getattr(request, "device", None)
    if device is not None and device.caravan.slug != slug:
        raise ApiError(403, "other_caravan", _("This device is enrolled on another caravan."))
    return caravan_for(request.auth, slug, action)


def _aware(at):
    """A scan's time with its offset (the caravan's when it has none); a time no clock shows is refused."""
    try:
        at = at if at.tzinfo is not None else timezone.make_aware(at)
        timezone.localtime(at)
    except (OverflowError, ValueError) as error:  # the year 1 moved past midnight by an offset, say
        raise ApiError(422, "invalid", INVALID) from error
    return at


# --- The roster ---------------------------------------------------------------------------------------


class RosterItem(Schema):
    badge_code: str
    full_name_ar: str
    full_name_latin: str
    profile: str
    group: str = Field(..., description="the workshop group that day (its Arabic title), or empty")
    decision: str


class RosterSession(Schema):
    id: int
    title_ar: str
    title_fr: str
    starts_at: str = Field(..., description="HH:MM")
    ends_at: str


class RosterOut(Schema):
    day: datetime.date
    expires: datetime.datetime | None = Field(
        ..., description="when the phone must wipe it (null: staff token)"
    )
    items: list[RosterItem]
    sessions: list[RosterSession]


class RosterQuery(Schema):
    day: DateIn | None = Field(None, description="a day of the caravan (default: today, else its first day)")


@router.get(
    "/{slug}/roster",
    response={200: RosterOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The day's roster for a phone (no CIN, phone or birth date)",
)
def roster_get(request, slug: str, query: Query[RosterQuery]):
    caravan = _caravan(request, slug, ENROL)
    dates = caravan.dates()
    day = query.day or (timezone.localdate() if timezone.localdate() in dates else dates[0])
    if day not in dates:
        raise ApiError(422, "not_a_caravan_day", _("This date is not a day of the caravan."))
    body = RosterOut(**roster(caravan, day, getattr(request, "device", None))).model_dump()
    data = json.dumps(body, cls=NinjaJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    # A thousand names, fetched on the venue's weak network: gzip makes it a fifth.
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    return GZipMiddleware(lambda request: response).process_response(request, response)


# --- The batches --------------------------------------------------------------------------------------


class CheckInItem(Schema):
    client_id: str = CLIENT_ID
    code: str = Field(..., max_length=64)
    day: DateIn
    scanned_at: datetime.datetime = SCANNED_AT


class AttendanceItem(Schema):
    client_id: str = CLIENT_ID
    code: str = Field(..., max_length=64)
    session: int
    scanned_at: datetime.datetime = SCANNED_AT


class WalkInItem(Schema):
    client_id: str = CLIENT_ID
    day: DateIn
    scanned_at: datetime.datetime = SCANNED_AT
    fields: dict[str, str | None] = Field(..., description="the keys of registration_columns.yaml")


def _batch(item_schema):
    class Batch(Schema):
        device: uuid.UUID | None = Field(
            None, description="the enrolled device's id (checked against its token)"
        )
        items: list[item_schema] = Field(..., max_length=sync.MAX_ITEMS)

    Batch.__name__ = f"{item_schema.__name__}Batch"
    return Batch


CheckInBatch, AttendanceBatch, WalkInBatch = map(_batch, (CheckInItem, AttendanceItem, WalkInItem))


class ScanResult(Schema):
    client_id: str
    status: int = Field(
        ..., description="201 recorded, 409 already (or another phone's earlier scan), 404, 422"
    )
    code: str
    checked_in_at: datetime.datetime | None
    conflict: bool = Field(..., description="the same badge was scanned that day on another phone too")


class CheckInResults(Schema):
    results: list[ScanResult]
    conflicts: list[ScanResult] = Field(
        ..., description="every check-in this phone sent that another phone scanned too, as it stands now"
    )


class ScanResults(Schema):
    results: list[ScanResult]


class WalkInResult(Schema):
    client_id: str
    status: int
    decision: str | None
    reasons: list[str]
    messages: list[str] = Field(..., description="the reasons as sentences, in the request's language")
    badge_code: str | None
    checked_in_at: datetime.datetime | None


class WalkInResults(Schema):
    results: list[WalkInResult]


def _device(request, batch):
    """The phone sending the batch: only an enrolled device's token sends one, with its own id."""
    device = getattr(request, "device", None)
    if device is None:
        raise ApiError(403, "device_required", _("Queued scans are sent with an enrolled device's token."))
    if batch.device is not None and batch.device != device.pk:
        raise ApiError(422, "other_device", _("This batch names another device than its token's."))
    return device


def _items(batch):
    return [{**item.model_dump(), "scanned_at": _aware(item.scanned_at)} for item in batch.items]


BATCH = {200: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.post(
    "/{slug}/checkins/batch",
    response={**BATCH, 200: CheckInResults},
    summary="Check-ins queued on a phone without network (exactly once; the earliest of two phones' scans)",
)
def checkins_batch(request, slug: str, batch: CheckInBatch):
    _caravan(request, slug, CHECK_IN)
    device = _device(request, batch)
    results = sync.sync_checkins(device, _items(batch))
    return {"results": results, "conflicts": sync.conflicts_of(device)}


@router.post(
    "/{slug}/attendance/batch",
    response={**BATCH, 200: ScanResults},
    summary="Badges scanned at a session's door, queued on a phone (present once per session)",
)
def attendance_batch(request, slug: str, batch: AttendanceBatch):
    _caravan(request, slug, SCAN)
    return {"results": sync.sync_attendance(_device(request, batch), _items(batch))}


@router.post(
    "/{slug}/walkins/batch",
    response={**BATCH, 200: WalkInResults},
    summary="Walk-ins registered on a phone without network, decided by the caravan's rules when sent",
)
def walkins_batch(request, slug: str, batch: WalkInBatch):
    caravan = _caravan(request, slug, REGISTER)
    require(roles_for(request.auth, caravan), CHECK_IN)
    results = sync.sync_walkins(_device(request, batch), _items(batch))
    # Said in the language the phone asks for (its Accept-Language), so an agent reads why, not a code.
    return {"results": [{**result, "messages": reasons.messages(result["reasons"])} for result in results]}
