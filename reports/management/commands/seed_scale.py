"""`qafila seed-scale [--caravans 500] [--registrations 100000] [--seed 1] [--replace | --remove]`."""

import time

from django.core.management.base import BaseCommand, CommandError

from caravans.models import Caravan
from places.models import Province
from places.services import load_places
from reports import seed


class Command(BaseCommand):
    help = (
        "Generate a national-size invented data set (caravans over several years and regions, their days, "
        "people, cooperatives, communities, registrations and check-ins) to measure the national dashboard. "
        "Never on a production database: seeded rows are marked and --remove deletes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--caravans", type=int, default=500)
        parser.add_argument("--registrations", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument("--replace", action="store_true", help="remove an earlier seeded set first")
        parser.add_argument("--remove", action="store_true", help="only remove the seeded set")

    def handle(self, caravans, registrations, seed=1, replace=False, remove=False, **options):
        if remove or replace:
            seed_module.remove()
            if remove:
                self.stdout.write("seeded data removed")
                return
        if caravans < 1 or registrations < 0:
            raise CommandError("--caravans must be at least 1 and --registrations at least 0")
        if Caravan.objects.filter(slug__startswith=seed_module.SLUG_PREFIX).exists():
            raise CommandError("a seeded data set is already there: add --replace, or --remove it")
        if not Province.objects.exists():
            load_places()
        started = time.monotonic()
        made = seed_module.seed(caravans, registrations, seed=seed)
        seconds = time.monotonic() - started
        self.stdout.write(", ".join(f"{n:,} {table}" for table, n in made.items()) + f" in {seconds:.0f} s")


seed_module = seed
