"""`qafila copy-caravan SOURCE_SLUG NEW_SLUG [--start YYYY-MM-DD] [--capacity N]`: the next stop of a caravan."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations

from caravans.models import Caravan
from caravans.services import copy_caravan


class Command(BaseCommand):
    help = (
        "Copy a caravan (programme, partners and logos, venues, eligibility rules, letterhead and signatories; no "
        "people) and print the new slug."
    )
    # Checks load every view (scipy and all) for a command that serves none: 3 s at each run.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("source_slug")
        parser.add_argument("new_slug")
        # Read as text and checked in handle(), so that a bad value gives one clear line, not a usage dump.
        parser.add_argument("--start", help="first day of the copy, YYYY-MM-DD (default: the source's)")
        parser.add_argument("--capacity", help="number of participants (default: the source's)")

    @no_translations  # messages in English, like the command's own: stable for scripts
    def handle(self, source_slug, new_slug, start=None, capacity=None, **options):
        source = Caravan.objects.filter(slug=source_slug).first()
        if source is None:
            raise CommandError(f"unknown caravan: {source_slug}")
        try:
            start = datetime.date.fromisoformat(start) if start else None
        except ValueError:
            raise CommandError(f"--start: not a date in the form YYYY-MM-DD: {start}") from None
        if capacity is not None and not (capacity.isdigit() and int(capacity) > 0):
            raise CommandError(f"--capacity: not a positive whole number: {capacity}")
        try:
            copy = copy_caravan(source, new_slug, start=start, capacity=int(capacity) if capacity else None)
        except ValidationError as error:
            raise CommandError(f"{new_slug}: {' '.join(error.messages)}") from None
        self.stdout.write(copy.slug)
