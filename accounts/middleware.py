"""A logged-in session ends after QAFILA_SESSION_IDLE_MINUTES without a request.

The session's expiry is pushed forward when it is saved; instead of saving it on every request
(SESSION_SAVE_EVERY_REQUEST: one more database write per check-in scan), it is saved at most once a
minute, so a session ends between the idle time less a minute and the idle time after the last request.
The session store refuses an expired session itself (database, cache or signed cookie alike)."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY

SEEN = "accounts.seen"  # when the session's expiry was last pushed forward (seconds since the epoch)


def refresh_seconds():
    """How long a session's expiry may lag behind its last request: a minute, less when the idle time is short."""
    return min(60, settings.QAFILA_SESSION_IDLE_MINUTES * 6)


def start_idle_clock(sender, request, user, **kwargs):
    """Connected to `user_logged_in`: the new session's expiry is the idle time (the login saves it)."""
    request.session[SEEN] = int(time.time())
    request.session.set_expiry(settings.QAFILA_SESSION_IDLE_MINUTES * 60)


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:  # read from the session already loaded: no query for anonymous visitors
            now = int(time.time())
            if now - session.get(SEEN, 0) >= refresh_seconds():
                session[SEEN] = now
                session.set_expiry(settings.QAFILA_SESSION_IDLE_MINUTES * 60)
        return self.get_response(request)
