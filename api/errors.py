"""API errors: a JSON body with a stable `code` (for programs) and a translated `message` (for people)."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DomainError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError, ValidationError


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

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        response = api.create_response(request, body("unauthorized", UNAUTHORIZED), status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return api.create_response(
            request, body(f"http_{exc.status_code}", exc.message), status=exc.status_code
        )
