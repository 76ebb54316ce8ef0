"""`qafila apply-retention [--dry-run]`: anonymise everyone whose retention period has ended (Law 09-08)."""

from django.core.management.base import BaseCommand, no_translations

from qafila.rights import apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise the people whose every caravan is past its retention period (QAFILA_RETENTION_MONTHS after "
        "its last day unless the caravan says otherwise); print how many. The daily job does the same."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count them, change nothing")

    @no_translations
    def handle(self, dry_run=False, **options):
        count = apply_retention(dry_run=dry_run)
        self.stdout.write(f"{count} people {'would be ' if dry_run else ''}anonymised")
