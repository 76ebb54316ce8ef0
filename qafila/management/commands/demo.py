import os
import secrets

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from caravans.account_demo import load_demo_account
from caravans.demo import SLUG, load_demo_caravan, load_demo_users
from certificates.models import Certificate
from onsite.demo import load_demo_attendance
from onsite.groups.demo import load_demo_groups
from places.services import load_places
from programmes.services import load_catalogue
from projects.demo import load_demo_projects
from projects.followup.demo import load_demo_follow_ups
from registration.demo import load_demo_registrations
from stories.demo import load_demo_stories
from surveys.demo import load_demo_surveys


class Command(BaseCommand):
    help = "Migrate, load the reference data, the demo caravan and the demo users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="stop after loading (the qafila command serves)"
        )

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        load_places()
        # A caravan's certificates outlive it (PROTECT); the demo's own are demo data, rebuilt with it.
        Certificate.objects.filter(caravan__slug=SLUG).delete()
        caravan = load_demo_caravan()
        password = settings.QAFILA_DEMO_PASSWORD or secrets.token_urlsafe(9)
        users = load_demo_users(caravan, password)
        decisions = load_demo_registrations(caravan)
        # The caravan is over: its workshop groups, who came, the projects worked on and the surveys answered.
        load_demo_groups(caravan)
        load_demo_attendance(caravan)
        load_catalogue()
        projects = load_demo_projects(caravan)
        follow_ups = load_demo_follow_ups(caravan)
        load_demo_account(caravan)  # its budget, spent and planned, and the organisers' observations
        surveys = load_demo_surveys(caravan)
        load_demo_stories(caravan)  # after the follow-ups: their figures come from the outcomes recorded
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"Demo caravan: http://127.0.0.1:{port}/caravans/{SLUG}/")
        counts = ", ".join(f"{decision} {count}" for decision, count in sorted(decisions.items()))
        self.stdout.write(f"Registrations: {sum(decisions.values())} ({counts})")
        self.stdout.write(f"Projects: {sum(projects.values())}; surveys: {len(surveys)}, with answers")
        self.stdout.write(f"Follow-up contacts: {sum(follow_ups.values())} ({follow_ups['reached']} reached)")
        self.stdout.write(f"Staff login:  http://127.0.0.1:{port}/accounts/login/")
        for username in users:
            self.stdout.write(f"  {username:<12} password: {password}")
        if not settings.QAFILA_REQUIRE_2FA:
            self.stdout.write("Two-factor login: off for this demo (QAFILA_REQUIRE_2FA=0)")
