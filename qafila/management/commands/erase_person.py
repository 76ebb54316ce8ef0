"""`qafila erase-person --cin CIN --reason TEXT`: anonymise one person, keeping the statistics (Law 09-08)."""

from django.core.management.base import BaseCommand, CommandError, no_translations

from qafila.rights import erase_person, person_by_cin

NO_SUCH_PERSON = 2


class Command(BaseCommand):
    help = (
        "Anonymise the person with this CIN: names, CIN, phone, email, birth date (kept as an age), free text; "
        "their registrations, check-ins and answers stay, so the report's figures do not change. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cin", required=True, help="the person's CIN, e.g. AB123456")
        parser.add_argument("--reason", required=True, help="why (kept in the audit log)")

    @no_translations
    def handle(self, cin, reason, **options):
        if not reason.strip():
            raise CommandError("--reason: say why the person is erased")
        person = person_by_cin(cin)
        if person is None:
            raise CommandError(f"no person with the CIN {cin!r}", returncode=NO_SUCH_PERSON)
        done = erase_person(person, reason.strip(), None)
        counts = ", ".join(f"{n} {kind}" for kind, n in done.items())
        self.stdout.write(f"person {person.pk} anonymised ({counts})")
