"""What every request and answer goes through, for safety, beside Django's own SecurityMiddleware.

- **Text typed into any form** loses its direction controls and zero-width characters before a view reads it
  (`core.text.without_controls`): a name typed or pasted with a right-to-left override would otherwise be
  stored as typed and print reversed on a badge or a certificate. Only url-encoded forms are read here: an
  upload's form is left to its view, which bounds what it reads before reading it.
- **Content-Security-Policy** on every answer (`QAFILA_CSP`): scripts from Qafila's own static files only,
  so that a script slipped into a page by a flaw elsewhere never runs. Styles may be inline: several pages and
  every PDF template carry their own `<style>`, and bar charts their widths in `style` attributes.
- **`Cache-Control: no-store`** on every answer to a signed-in user or an API token (staff pages, exports, the
  API show personal data), unless the view said otherwise: no browser cache, shared computer or proxy keeps it.

One small middleware rather than django-csp: the policy is one fixed header without nonces, and the rest is
Qafila's own rule.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers

from core.text import without_controls

URL_ENCODED = "application/x-www-form-urlencoded"
SECRET_FIELDS = ("password", "token", "otp")  # read as typed: a password is never shown, only compared


def _cleaned(data):
    cleaned = data.copy()
    for name, values in data.lists():
        if not any(secret in name for secret in SECRET_FIELDS):
            cleaned.setlist(name, [without_controls(value) for value in values])
    return cleaned


def personal(request):
    """Whether the answer may show personal data: to a signed-in user, or to an API token."""
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META


class SecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == URL_ENCODED:
            request.POST = _cleaned(request.POST)
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.QAFILA_CSP)
        if "Cache-Control" not in response.headers and personal(request):
            add_never_cache_headers(response)
        return response
