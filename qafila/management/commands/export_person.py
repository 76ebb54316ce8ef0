"""`qafila export-person --cin CIN --out PATH.json`: everything held about one person (Law 09-08, right of access)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from core import audit
from qafila.rights import export_person, person_by_cin

NO_SUCH_PERSON = 2  # the contract's exit status


class Command(BaseCommand):
    help = (
        "Write everything held about the person with this CIN as JSON: their record, registrations, decisions, "
        "check-ins, attendance, answers, projects, messages and the audit log's entries about them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cin", required=True, help="the person's CIN, e.g. AB123456")
        parser.add_argument("--out", required=True, help="the JSON file to write")

    @no_translations
    def handle(self, cin, out, **options):
        person = person_by_cin(cin)
        if person is None:
            raise CommandError(f"no person with the CIN {cin!r}", returncode=NO_SUCH_PERSON)
        path = Path(out)
        if not path.resolve().parent.is_dir():
            raise CommandError(f"--out: no such folder: {path.parent}")
        data = json.dumps(export_person(person), ensure_ascii=False, indent=2).encode("utf-8")
        path.write_bytes(data)
        path.chmod(0o600)  # personal data: readable by whoever asked for it only
        audit.record(None, "personal_data.exported", person, format="json", channel="command_line")
        self.stdout.write(f"person {person.pk} written to {path} ({len(data):,} bytes)")
