"""What `pip install` puts in the environment: every app of the project, or `qafila demo` cannot start outside
the checkout (a new app once passed every test, run from the checkout, and broke `make demo`)."""

import fnmatch
import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings


def test_every_app_of_the_project_is_installed_by_pip():
    pyproject = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
    included = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    base = Path(settings.BASE_DIR)
    ours = [app.name for app in apps.get_app_configs() if Path(app.path) == base / app.name.replace(".", "/")]
    assert {"core", "qafila", "stories"} <= set(ours)  # the apps are found, so the check below means something
    missing = [name for name in ours if not any(fnmatch.fnmatch(name, pattern) for pattern in included)]
    assert missing == []
