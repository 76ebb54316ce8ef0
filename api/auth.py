"""Who is calling the API: a bearer token's user, or (on public endpoints) an anonymous reader.

`api.main` reads every request with BearerTokenOrAnonymous; a router whose endpoints are never public passes
`auth=BearerToken()` so that a call without a token gets 401 (and the OpenAPI document says so)."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.security.base import AuthBase

from core.models import ApiToken
from onsite.offline.services import REFUSALS, device_for

from .errors import ApiError

ANONYMOUS = AnonymousUser()


class InvalidToken(ApiError):
    status = 401
    code = "invalid_token"
    message = _("This API token is not valid: it is unknown, revoked, or its user is inactive.")


class BearerToken(AuthBase):
    """`Authorization: Bearer TOKEN` gives the token's user (request.auth); no header at all, a 401.

    A header whose token is unknown is refused (401), never read as anonymous: a caller with a broken token
    must learn so instead of quietly seeing less."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request):
        # request.META rather than request.headers: no header dictionary built on every request.
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is None:
            return self.without_header()
        scheme, _space, raw = header.partition(" ")
        raw = raw.strip()
        if scheme.lower() != "bearer" or not raw:
            raise InvalidToken()
        return self.caller(request, raw)

    def caller(self, request, raw):
        user = ApiToken.objects.user_for(raw)
        if user is None:
            raise InvalidToken()
        return user

    def without_header(self):
        return None  # ninja then answers 401 (errors.install gives it our body)


class RawToken(str):
    """A bearer token not read yet: the endpoint reads it with what else it needs (ScanToken)."""


class ScanToken(BearerToken):
    """As BearerToken, but the token is read by the endpoint itself, in the same statement as the caravan and
    the badge (api/checkins.py): a scan at the venue is one SELECT and one INSERT. request.auth is a RawToken;
    the endpoint raises InvalidToken when it finds no active user for it."""

    def caller(self, request, raw):
        return RawToken(raw)


class DeviceRefused(ApiError):
    """A phone whose device was revoked or has expired: it must wipe its roster and queued scans."""

    status = 401

    def __init__(self, code):
        super().__init__(code=code, message=REFUSALS[code], wipe=True)


class StaffOrDeviceToken(BearerToken):
    """As BearerToken, or the token of a phone enrolled for offline check-in (onsite.offline): the offline
    endpoints alone take it. request.device is that device (None for a staff token); request.auth its user,
    whose roles on the device's caravan are the device's."""

    def caller(self, request, raw):
        request.device = None
        user = ApiToken.objects.user_for(raw)
        if user is not None:
            return user
        now = timezone.now()
        device = device_for(raw, now)
        if device is None or not device.user.is_active:
            raise InvalidToken()
        if refusal := device.refusal(now):
            raise DeviceRefused(refusal)
        request.device = device
        return device.user


class BearerTokenOrAnonymous(BearerToken):
    """As BearerToken, but a call without any Authorization header reads as an anonymous user."""

    def without_header(self):
        return ANONYMOUS


def document_optional_tokens(schema):
    """Say in the OpenAPI document that public operations take a token or none (ninja lists the token alone,
    which reads as required): an empty requirement is OpenAPI's "or nothing"."""
    optional = [{BearerTokenOrAnonymous.__name__: []}]
    for operations in schema["paths"].values():
        for operation in operations.values():
            if operation.get("security") == optional:
                operation["security"] = [*optional, {}]
    return schema
