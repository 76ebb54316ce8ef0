"""How many self-registrations one connection may send: `LIMIT` an hour per IP address.

Counted in the database, as audit entries (`registration.self_submitted`), not in Django's cache: Qafila's
cache is per process (LocMemCache), so with several app servers, or several workers of one server, each would
count on its own and the limit would be multiplied by their number; the database is the one thing they all
share, and the audit log already lives there (indexed by action and time), so no new table is needed.
The entries keep no IP address, only a keyed hash of it (an IP address is personal data too).

What counts is a submission that passed the form's checks (a registration, or the answer "already
registered", which would otherwise let anyone test CIN numbers in bulk); a form sent back with errors does
not count, so that a person correcting a typing slip is never locked out. Many phones share one public
address behind a mobile operator's NAT: the limit stays generous and staff can always register people.
Two submissions arriving at the same instant may both pass at the limit: it is a brake, not an exact count.
"""

import datetime
import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.utils import timezone

from core import audit
from core.addresses import client_ip
from core.models import AuditEntry

ACTION = "registration.self_submitted"
LIMIT = 10
WINDOW = datetime.timedelta(hours=1)


def limit():
    return getattr(settings, "QAFILA_SELF_REGISTRATION_PER_HOUR", LIMIT)


def client_address(request):
    """The visitor's address as the login limit reads it (`core.addresses`, behind `QAFILA_PROXY_COUNT`
    reverse proxies); an IPv6 client counts as its /64 network."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def client_key(request):
    """A keyed hash of the visitor's address: the same for the same address, useless without the secret."""
    message = b"self-registration:" + client_address(request).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def exceeded(request, action=ACTION, per_hour=None):
    """Whether this connection already has `per_hour` (by default `limit()`) entries `action` in the last hour.

    Other public forms brake guessing the same way with their own action (a wrong badge code, say)."""
    since = timezone.now() - WINDOW
    sent = AuditEntry.objects.filter(action=action, at__gte=since, details__client=client_key(request))
    return sent.count() >= (limit() if per_hour is None else per_hour)


def count(request, obj, action=ACTION):
    """Count one submission (or refusal) of this connection, about `obj`."""
    audit.record(None, action, obj, client=client_key(request))
