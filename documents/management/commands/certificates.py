"""`qafila certificates --caravan SLUG --out PATH.pdf [--lang ar|fr]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from caravans.models import Caravan
from documents.certificates import caravan_pdf


class Command(BaseCommand):
    help = (
        "Write every certificate of participation earned in a caravan to one PDF, one per page. Everyone who "
        "earns one under the caravan's rule and has none yet is first given a number (a repeat issues "
        "nothing twice; revoked certificates are left out). The QR codes point to SITE_URL/verify/NUMBER."
    )

    def add_arguments(self, parser):
        parser.add_argument("--caravan", required=True, help="the caravan's slug, e.g. tanger-2025")
        parser.add_argument("--out", required=True, help="the PDF file to write")
        parser.add_argument("--lang", choices=["ar", "fr"], default="ar", help="language (default: ar)")

    @no_translations  # messages in English, stable for scripts
    def handle(self, caravan, out, lang="ar", **options):
        found = Caravan.objects.filter(slug=caravan).first()
        if found is None:
            raise CommandError(f"unknown caravan: {caravan}")
        path = Path(out)
        if not path.resolve().parent.is_dir():
            raise CommandError(f"--out: no such folder: {path.parent}")
        pdf = caravan_pdf(found, lang)
        path.write_bytes(pdf)
        count = found.certificates.filter(revoked_at=None).count()
        self.stdout.write(f"{count} certificate(s) written to {path}")
