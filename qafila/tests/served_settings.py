"""The production settings, with static files referenced unhashed: servers started by a test need no
`collectstatic` first (minutes on a busy machine, for pages whose CSS no test reads)."""

from qafila.settings import *  # noqa: F403
from qafila.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
