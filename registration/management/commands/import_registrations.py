"""`qafila import-registrations --caravan SLUG FILE [--dry-run] [--report PATH] [--user USERNAME]
[--no-messages]`."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, no_translations

from caravans.models import Caravan
from registration.importing import ImportRefused, ImportStopped, import_registrations, summary_line

UNUSABLE_FILE = 2  # the contract's exit status when the file itself cannot be used


class Command(BaseCommand):
    help = (
        "Import a registration list (.xlsx, or .csv in UTF-8, UTF-8 with BOM or Windows-1256, separated by "
        "commas or semicolons) into a caravan. Each row is read, its person found in the registry or "
        "created (one person, one record: the same CIN, or an identical record, is the same person), then "
        "registered and decided by the caravan's rules and capacity. Outcomes: created (a new "
        "registration); updated (this caravan already has a registration made by an import for this person "
        "and the row brings other registration facts, i.e. profile, cooperative, project idea or sector, or "
        "facts the person's record lacked: it is completed and decided again, a staff decision being kept); "
        "unchanged (the same row again: importing a file twice changes nothing); duplicate (the same person "
        "as an earlier row, or already registered otherwise: nothing written); invalid (unreadable row). "
        "A known person's record is completed, never overwritten. A person only probably known already "
        "is created with needs_review and reason possible_duplicate, and put in the review queue of likely "
        "duplicates (not in a dry run). Each person is sent the messages of any registration (received, "
        "then the decision) unless --no-messages. Exit 0 when the file was read, 2 when "
        "it cannot be used (nothing is then changed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the list: .xlsx or .csv")
        parser.add_argument("--caravan", required=True, help="the caravan's slug, e.g. tanger-2025")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="decide every row as a real import would, and write nothing",
        )
        parser.add_argument("--report", help="write the JSON report of every row to this path")
        parser.add_argument("--user", help="the staff member doing the import (recorded as such)")
        parser.add_argument(
            "--no-messages",
            action="store_false",
            dest="messages",
            help="send the list's people no message about their registration or its decision",
        )

    @no_translations  # messages in English, like the command's own: stable for scripts
    def handle(self, file, caravan, dry_run=False, report=None, user=None, messages=True, **options):
        found = Caravan.objects.filter(slug=caravan).first()
        if found is None:
            raise CommandError(f"unknown caravan: {caravan}")
        if report and not Path(report).resolve().parent.is_dir():
            raise CommandError(f"--report: no such folder: {Path(report).parent}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"unknown user: {user}")
        try:
            result = import_registrations(found, file, actor=actor, dry_run=dry_run, messages=messages)
        except ImportRefused as refusal:
            raise CommandError(f"{Path(file).name}: {refusal}", returncode=UNUSABLE_FILE) from None
        except ImportStopped as stopped:  # the rows before are imported: said, and in the report
            _write(report, stopped.report)
            raise CommandError(
                f"{Path(file).name}: stopped at row {stopped.stopped_at} by {stopped.cause}; the rows before "
                f"it are imported ({summary_line(stopped.report)}): import the same file again for the rest"
            ) from None
        _write(report, result)
        self.stdout.write(summary_line(result))


def _write(report, result):
    """The JSON report at the --report path, if any."""
    if report:
        text = json.dumps(result, ensure_ascii=False, indent=1, default=str)
        try:
            Path(report).write_text(text + "\n", encoding="utf-8")
        except OSError as error:
            raise CommandError(f"--report: cannot write {report}: {error.strerror}") from None
