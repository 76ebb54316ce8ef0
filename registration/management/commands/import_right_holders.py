"""`qafila import-right-holders --community ID FILE [--user USERNAME]`."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, no_translations

from people.models import SoulaliyateCommunity
from registration.importing import ImportRefused, load_right_holders

UNUSABLE_FILE = 2  # as import_registrations: the file itself cannot be used


class Command(BaseCommand):
    help = (
        "Load a soulaliyate community's list of right-holders (.xlsx, or .csv in UTF-8, UTF-8 with BOM or "
        "Windows-1256) with the registration list's headers: الاسم الكامل, الاسم بالحروف اللاتينية "
        "(Nom et prénom), رقم البطاقة الوطنية (CIN). The list replaces the community's previous one and "
        "membership of that community is then checked against it (same CIN, or same name without a "
        "contradicting CIN). Exit 0 when the list was loaded, 2 when the file cannot be used or holds no "
        "right-holder (nothing is then changed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the list: .xlsx or .csv")
        parser.add_argument("--community", required=True, type=int, help="the community's id")
        parser.add_argument("--user", help="the staff member loading the list (recorded as such)")

    @no_translations  # messages in English, like import_registrations: stable for scripts
    def handle(self, file, community, user=None, **options):
        found = SoulaliyateCommunity.objects.filter(pk=community).first()
        if found is None:
            raise CommandError(f"unknown community: {community}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"unknown user: {user}")
        try:
            report = load_right_holders(found, file, actor)
        except ImportRefused as refusal:
            raise CommandError(f"{Path(file).name}: {refusal}", returncode=UNUSABLE_FILE) from None
        line = f"{found.name_ar}: {report['loaded']} right-holders loaded"
        if report["skipped"]:
            rows = ", ".join(str(number) for number in report["skipped"][:20])
            more = "…" if len(report["skipped"]) > 20 else ""
            line += f"; {len(report['skipped'])} rows without a name or a CIN skipped (rows {rows}{more})"
        if report["ignored_columns"]:
            line += f"; columns ignored: {', '.join(report['ignored_columns'])}"
        self.stdout.write(line)
