"""API errors: a JSON body with a stable `code` (for programs) and a translated `message` (for people)."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DomainError
from django.core.signals import got_request_exception
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser


class ApiError(Exception):
    """Raise a subclass (or ApiError(status, code, message)) from an endpoint to answer with that error."""

    status = 400
    code = "bad_request"
    message = _("This request cannot be answered.")

    def __init__(self, status=None, code=None, message=None, **details):
        self.status = status or self.status
        self.code = code or self.code
        self.message = message or self.message
        self.details = details
        super().__init__(self.code)


def body(code, message, **details):
    return {"code": code, "message": str(message), **details}


NOT_FOUND = _("Not found: it does not exist or you may not see it.")
FORBIDDEN = _("Your roles do not allow this.")
INVALID = _("Some values of the request are not valid.")
UNAUTHORIZED = _("An API token is required.")
SERVER_ERROR = _("The server failed to answer this request. The error has been recorded.")

logger = logging.getLogger("django.request")


class ObjectBodies(Parser):
    """Every body the API reads is one JSON object: a list, a number or a string is refused as malformed JSON
    is (ninja would read it as an object with nothing in it)."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("the body is not a JSON object")
        return data


def install(api):
    """Replace django-ninja's default error bodies by ours."""

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        response = api.create_response(request, body(exc.code, exc.message, **exc.details), status=exc.status)
        if exc.status == 401:
            response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, body("not_found", NOT_FOUND), status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, body("forbidden", FORBIDDEN), status=403)

    @api.exception_handler(DomainError)
    def refused(request, exc):
        # The services' refusals (CaravanError, RegistrationError…) carry a stable code; a form-like error
        # carries its fields.
        details = {"fields": exc.message_dict} if hasattr(exc, "error_dict") else {}
        code = getattr(exc, "code", None) or "invalid"
        return api.create_response(request, body(code, " ".join(exc.messages), **details), status=422)

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        return api.create_response(request, body("invalid", INVALID, errors=exc.errors), status=422)

    @api.exception_handler(DataError)
    def unstorable(request, exc):
        # A value the database cannot compare or keep (PostgreSQL refuses a NUL character in any text): the
        # request's fault, as a malformed parameter is.
        return api.create_response(request, body("invalid", INVALID), status=422)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        response = api.create_response(request, body("unauthorized", UNAUTHORIZED), status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Exception)
    def server_error(request, exc):
        # A program calling the API reads JSON even then; logged and signalled as Django does for its own 500
        # page (the admins' mail, the test client re-raising it).
        details = {"status_code": 500, "request": request}
        logger.error("Internal Server Error: %s", request.path, exc_info=exc, extra=details)
        got_request_exception.send(sender=None, request=request)
        return api.create_response(request, body("server_error", SERVER_ERROR), status=500)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if exc.status_code == 400:  # ninja's "cannot parse the body": a body is refused as any parameter is
            return api.create_response(request, body("invalid", INVALID), status=422)
        return api.create_response(
            request, body(f"http_{exc.status_code}", exc.message), status=exc.status_code
        )


def document_invalid_input(schema):
    """Say in the OpenAPI document that every operation reading parameters or a body may answer 422 `invalid`
    (the handlers above), where its endpoint does not list a 422 of its own."""
    invalid = {
        "description": "Unprocessable Content",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
    }
    for operations in schema["paths"].values():
        for operation in operations.values():
            if operation.get("parameters") or operation.get("requestBody"):
                operation["responses"].setdefault(422, invalid)
    return schema
