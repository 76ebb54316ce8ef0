"""Messages: the SMS gateway's delivery reports and replies, and a caravan's outbox for its organisers.

`POST /messages/status` is called by the gateway, with the gateway's own token (QAFILA_SMS_GATEWAY_TOKEN), not
a user's; `GET /caravans/{slug}/messages` by staff allowed to see the caravan's messages."""

import datetime
import hmac
from typing import Literal

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.security.base import AuthBase

from caravans.access import caravan_for, roles_for
from core import audit
from core.permissions import allowed
from messaging import outbox
from messaging.models import ChannelKind, Kind, Message, Status

from .auth import BearerToken, InvalidToken
from .errors import ApiError
from .schemas import ErrorOut

router = Router(tags=["messages"])


class GatewayToken(AuthBase):
    """`Authorization: Bearer QAFILA_SMS_GATEWAY_TOKEN`, compared in constant time; nothing passes unset."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request):
        scheme, _space, raw = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        expected = settings.QAFILA_SMS_GATEWAY_TOKEN
        if (
            scheme.lower() != "bearer"
            or not expected
            or not hmac.compare_digest(raw.strip().encode(), expected.encode())
        ):
            raise InvalidToken()
        return True


class UnknownMessage(ApiError):
    status = 404
    code = "unknown_reference"
    message = _("No message has this reference.")


class StatusIn(Schema):
    reference: str | None = Field(
        None, max_length=20, description="a delivery report: the message's reference"
    )
    status: Literal["delivered", "failed"] | None = None
    sender: str | None = Field(
        None, alias="from", max_length=32, description="a reply: the phone it came from"
    )
    text: str | None = Field(None, max_length=1600)


class StatusOut(Schema):
    reference: str | None = None
    status: str | None = None
    opted_out: bool | None = None


STATUS = """Called by the SMS gateway (README, "Background jobs and messages"), with its token:

- a delivery report `{"reference": MESSAGE_ID, "status": "delivered"|"failed"}` records what became of the
  message (404 `unknown_reference` when no message has it); answer: the reference and the message's status;
- a reply `{"from": "+2126…", "text": "…"}`: STOP or «توقف» (any case, spaces, diacritics) opts the number out
  of every message; answer: `{"opted_out": true|false}`.

Anything else is a 422."""


@router.post(
    "/messages/status",
    auth=GatewayToken(),
    response={200: StatusOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="A delivery report or a reply, from the SMS gateway",
    description=STATUS,
)
def message_status(request, report: StatusIn):
    if report.reference and report.status:
        message = outbox.record_report(report.reference, report.status)
        if message is None:
            raise UnknownMessage()
        return {"reference": report.reference, "status": message.status}
    if report.sender and report.text is not None:
        return {"opted_out": outbox.record_reply(report.sender, report.text)}
    raise ApiError(422, "invalid", _("Send a delivery report {reference, status} or a reply {from, text}."))


class MessageFilters(Schema):
    kind: Kind | None = None
    status: Status | None = None


class MessageOut(Schema):
    id: int
    channel: ChannelKind
    kind: Kind
    status: Status
    reason: str
    to: str = Field(description="the phone or email, masked unless the caller may see personal data")
    created: datetime.datetime
    sent: datetime.datetime | None


@router.get(
    "/caravans/{slug}/messages",
    auth=BearerToken(),
    response={200: list[MessageOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="A caravan's outbox",
    description="Every message about the caravan, newest first, for its organisers and the national "
    "coordinator; `kind` and `status` filter it. The phone or email is masked unless the caller's roles "
    "include seeing personal data.",
)
def message_list(request, slug: str, filters: Query[MessageFilters]):
    caravan = caravan_for(request.auth, slug, "messages.view")
    messages = Message.objects.filter(caravan=caravan)
    if filters.kind:
        messages = messages.filter(kind=filters.kind)
    if filters.status:
        messages = messages.filter(status=filters.status)
    rows = list(messages.values("id", "channel", "kind", "status", "reason", "to", "created", "sent"))
    if allowed(roles_for(request.auth, caravan), "personal_data.view"):
        audit.record(request.auth, "personal_data.viewed", caravan, page="api.messages")
    else:
        for row in rows:
            row["to"] = outbox.masked(row["to"])
    return rows
