"""The client's address, as the failed-login limit (django-axes) and the self-registration limit count it.

Behind `QAFILA_PROXY_COUNT` reverse proxies, each appending the address it saw to X-Forwarded-For, the client
is the address the outermost proxy saw: the header's `QAFILA_PROXY_COUNT`-th value from the end. Values before
it were written by the client and are never trusted. Without proxies, the connection's own address.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's IP address (see the module's docstring); the connection's when the header is unusable."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.QAFILA_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        try:
            return str(ipaddress.ip_address(forwarded[-proxies]))
        except ValueError:
            pass  # a proxy that does not write addresses: counted by the connection, never by garbage
    return address
