# `qafila worker` finds periodic tasks in each app's tasks module (core.jobs.ensure_periodic).
from projects.followup.tasks import send_due_questionnaires  # noqa: F401
