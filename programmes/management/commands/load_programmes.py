"""`qafila load-programmes [--force]`: load or refresh the support-programme catalogue from its reference file."""

from django.core.management.base import BaseCommand, no_translations

from programmes.services import load_catalogue


class Command(BaseCommand):
    help = (
        "Load the support-programme catalogue from programmes/data/support_programmes.yaml (with Qafila's "
        "Arabic/French texts). Idempotent: a second run changes nothing. A programme edited by a person since "
        "is kept as edited unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="overwrite programmes a person has edited with the file's values",
        )

    @no_translations
    def handle(self, *args, force=False, **options):
        outcome = load_catalogue(force=force)
        self.stdout.write(", ".join(f"{name}: {len(keys)}" for name, keys in outcome.items()))
        if outcome["kept"]:
            self.stdout.write("kept as edited: " + ", ".join(outcome["kept"]))
