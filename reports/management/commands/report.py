"""`qafila report --caravan SLUG --format pdf|xlsx|json --out PATH [--lang ar|fr]`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from caravans.models import Caravan
from reports.indicators import caravan_report
from reports.pdf import render_report
from reports.xlsx import workbook_bytes


class Command(BaseCommand):
    help = (
        "Write a caravan's report: its indicators (registrations by decision and reason; participants by sex, "
        "age band, province, profile, sector; attendance per day and session; surveys, projects and their outcomes) as a PDF "
        "with charts, an XLSX workbook, or the JSON document of GET /api/v1/caravans/SLUG/report."
    )

    def add_arguments(self, parser):
        parser.add_argument("--caravan", required=True, help="the caravan's slug, e.g. tanger-2025")
        parser.add_argument("--format", required=True, choices=["pdf", "xlsx", "json"], dest="output_format")
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument(
            "--lang", default="ar", choices=["ar", "fr"], help="language of the PDF or XLSX (ar)"
        )

    @no_translations  # messages in English, stable for scripts; the document itself is in --lang
    def handle(self, caravan, output_format, out, lang="ar", **options):
        found = Caravan.objects.select_related("region").filter(slug=caravan).first()
        if found is None:
            raise CommandError(f"unknown caravan: {caravan}")
        path = Path(out)
        if not path.resolve().parent.is_dir():
            raise CommandError(f"--out: no such folder: {path.parent}")
        report = caravan_report(found)
        if output_format == "json":
            data = json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")
        elif output_format == "xlsx":
            data = workbook_bytes(report, lang)
        else:
            data = render_report(found, lang, report=report)
        path.write_bytes(data)
        self.stdout.write(f"{output_format} report of {found.slug} written to {path} ({len(data):,} bytes)")
