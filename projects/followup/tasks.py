"""The follow-up questionnaires of the day: `qafila worker` runs `send_due_questionnaires` every hour.

Each run queues the questionnaire of the contacts that fell due and have not had it (one message per contact:
the outbox's key), so a worker stopped for a while, or two runs the same day, still send each holder one SMS.
The outbox hands them to the gateway from 10:00 and outside its quiet hours."""

import datetime

from django_tasks import task

from core.jobs import periodic

from . import questionnaire


@periodic(datetime.timedelta(hours=1))
@task()
def send_due_questionnaires():
    """Queue the questionnaires of the contacts due today or earlier; how many were queued."""
    return questionnaire.send_due()
