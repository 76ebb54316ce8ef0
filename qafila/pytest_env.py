"""Loaded by pytest before Django (see pyproject's addopts): tests run on plain HTTP with a development secret,
and static files are served from the apps (no collectstatic), so STATIC_ROOT is an empty folder of their own."""

import os
import tempfile

os.environ.setdefault("QAFILA_INSECURE_DEV", "1")
os.environ.setdefault("QAFILA_HTTPS", "0")
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="qafila-static-"))
