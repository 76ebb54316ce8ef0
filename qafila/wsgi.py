"""The WSGI application gunicorn serves (`qafila serve`)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qafila.settings")
application = get_wsgi_application()
# Every view is imported now, as the worker starts, rather than by its first request: that took 2.8 s of CPU
# per worker (measured), so right after a restart the first people to open a page waited seconds for it.
get_resolver().url_patterns  # noqa: B018
