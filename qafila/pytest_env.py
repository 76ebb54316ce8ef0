"""Loaded by pytest before Django (see pyproject's addopts): tests run on plain HTTP with a development secret."""

import os

os.environ.setdefault("QAFILA_INSECURE_DEV", "1")
os.environ.setdefault("QAFILA_HTTPS", "0")
