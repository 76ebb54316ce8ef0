from django.core.management.base import BaseCommand

from places.services import load_places


class Command(BaseCommand):
    help = "Load Morocco's regions, prefectures/provinces and communes (idempotent)."

    def handle(self, *args, **options):
        regions, provinces, communes = load_places()
        self.stdout.write(f"{regions} regions, {provinces} provinces, {communes} communes")
