"""Two-factor login, the one check: who owes a code after their password, and the pages they may open until then.

Decided at login (one look at the user's authenticator and roles) and kept in the session, so a request of a
user who passed reads nothing more. Anyone who set up an authenticator gives its code; national coordinators and
organisers without one set one up first (QAFILA_REQUIRE_2FA). It covers every way into a session: the login
page, the Django admin's and tests' `force_login`. The API is left alone: it reads bearer tokens, not sessions."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts import two_factor
from caravans.access import roles_by_caravan
from core.permissions import Role

REQUIRED_ROLES = {Role.COORDINATOR, Role.ORGANISER}
VERIFY, ENROL = "accounts:two_factor_verify", "accounts:two_factor"
OPEN = {"logout", "set_language"}  # besides the page that asks for the code


def must_set_up(user):
    """National coordinators and organisers of any caravan keep personal data of many: no login on a password alone."""
    national, per_caravan = roles_by_caravan(user)
    return bool(REQUIRED_ROLES & national.union(*per_caravan.values()))


def owed(user):
    """The page `user` must go through before any other, or None when their password is enough."""
    if two_factor.has_device(user):
        return VERIFY
    if settings.QAFILA_REQUIRE_2FA and must_set_up(user):
        return ENROL
    return None


def decide_at_login(sender, request, user, **kwargs):
    """Connected to `user_logged_in`: a session that owes nothing is marked at once."""
    if owed(user) is None:
        request.session[two_factor.PASSED] = True


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        session = request.session
        if SESSION_KEY not in session or session.get(two_factor.PASSED):
            return None
        match = request.resolver_match
        if "api" in match.namespaces or match.view_name in OPEN:
            return None
        page = owed(request.user)
        if page is None:  # a session from before this check, or a device removed meanwhile
            session[two_factor.PASSED] = True
            return None
        if match.view_name == page:
            return None
        return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
