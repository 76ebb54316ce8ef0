"""The daily end of the retention period (Law 09-08): `qafila worker` runs it, `qafila apply-retention` too."""

import datetime

from django_tasks import task

from core.jobs import periodic

from . import rights


@periodic(datetime.timedelta(days=1))
@task()
def apply_retention():
    """Anonymise everyone whose retention period has ended; how many."""
    return rights.apply_retention()
