"""The application gunicorn serves loads every view as its worker starts, not on the first request."""

import subprocess
import sys

from core.tests.served import REPO


def test_a_worker_has_its_views_loaded_before_its_first_request():
    probe = "import sys, qafila.wsgi; print(all(m in sys.modules for m in ('qafila.urls', 'api.checkins')))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "True"
