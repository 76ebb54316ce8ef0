"""What the API says about caravans: the same facts as the public pages, in both languages.

Every name is given as `…_ar` and `…_fr` (never only in the caller's language), so one answer serves an
Arabic and a French screen alike."""

import datetime
from typing import Annotated

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from ninja import Field, Schema
from pydantic import BeforeValidator

from caravans.models import Caravan, Partnership, Session

# How long a caravan's JSON may be served from the cache (per server process) after a change to its programme
# alone; see caravan_detail_json.
CACHE_SECONDS = 15


class RegionOut(Schema):
    code: str
    name_ar: str
    name_fr: str


class OrganisationOut(Schema):
    id: int
    acronym: str
    name_ar: str
    name_fr: str
    kind: str


class PartnerOut(Schema):
    role: str
    organisation: OrganisationOut


class VenueOut(Schema):
    id: int
    name_ar: str
    name_fr: str
    address_ar: str
    address_fr: str


class RoomOut(Schema):
    id: int
    name_ar: str
    name_fr: str
    capacity: int | None
    venue: VenueOut


class SpeakerOut(Schema):
    id: int
    name_ar: str
    name_fr: str
    role_ar: str
    role_fr: str
    institution: OrganisationOut | None = Field(None, alias="organisation")


# A time of day as the API writes it ("09:30:00"), in the caravan's time zone: RFC 3339's partial-time, not
# JSON Schema's "time" format, which requires a UTC offset.
TIME_OF_DAY = {"format": "partial-time", "pattern": r"^\d{2}:\d{2}:\d{2}(\.\d+)?$"}


class SessionOut(Schema):
    id: int
    kind: str
    title_ar: str
    title_fr: str
    starts_at: datetime.time = Field(json_schema_extra=TIME_OF_DAY)
    ends_at: datetime.time = Field(json_schema_extra=TIME_OF_DAY)
    capacity: int | None
    room: RoomOut | None
    speakers: list[SpeakerOut]


class DayOut(Schema):
    date: datetime.date
    kind: str
    theme_ar: str
    theme_fr: str
    sessions: list[SessionOut]


class CaravanOut(Schema):
    slug: str
    title_ar: str
    title_fr: str
    slogan_ar: str
    slogan_fr: str
    city_ar: str
    city_fr: str
    region: RegionOut
    start_date: datetime.date
    end_date: datetime.date
    capacity: int
    status: str


class CaravanDetailOut(CaravanOut):
    audience_ar: str
    audience_fr: str
    partners: list[PartnerOut] = Field(alias="partnerships")
    days: list[DayOut]


def _written_date(value):
    if not isinstance(value, str | datetime.date):
        raise ValueError("a date is written YYYY-MM-DD")  # pydantic would read a number as seconds since 1970
    return value


# A date sent to the API: "YYYY-MM-DD", as its document says, and nothing else.
DateIn = Annotated[datetime.date, BeforeValidator(_written_date)]


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[dict] | None = Field(None, description="`invalid`: what is wrong with each parameter")
    fields: dict[str, list[str]] | None = Field(None, description="`invalid`: the refused fields' messages")


def programme_lookups():
    """What CaravanDetailOut reads beyond the caravan row: a fixed number of queries, whatever the count."""
    sessions = Session.objects.select_related("room__venue").prefetch_related("speakers__organisation")
    return [
        Prefetch("partnerships", queryset=Partnership.objects.select_related("organisation")),
        Prefetch("days__sessions", queryset=sessions),
    ]


def caravan_detail_json(pk, updated):
    """Caravan `pk` and its programme as JSON bytes, kept a while in the cache.

    The caravan's `updated` is part of the key, so a change of its status, dates or titles shows at once; the
    timeout bounds how long a change made only to a programme part (a session, a room) can go unseen."""
    key = f"api:caravan:{pk}:{updated.timestamp()}"
    document = cache.get(key)
    if document is None:
        caravans = Caravan.objects.select_related("region").prefetch_related(*programme_lookups())
        caravan = caravans.get(pk=pk)
        document = CaravanDetailOut.from_orm(caravan).model_dump_json().encode()
        cache.set(key, document, getattr(settings, "QAFILA_CACHE_SECONDS", CACHE_SECONDS))
    return document
