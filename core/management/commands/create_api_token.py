"""`qafila create-api-token USERNAME`: print a new API token for that user on stdout, and nothing else."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, no_translations

from core import audit
from core.models import ApiToken, hash_token


class Command(BaseCommand):
    help = "Print a new API token for USERNAME (shown this once: only its hash is kept)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    @no_translations  # messages in English, like the command's own: stable for scripts
    def handle(self, username, **options):
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"unknown user: {username}")
        if not user.is_active:
            raise CommandError(f"inactive user: {username} (the API refuses tokens of inactive users)")
        raw = ApiToken.issue(user)
        token = ApiToken.objects.get(key_hash=hash_token(raw))
        audit.record(None, "api_token.issued", token, user=user.get_username(), by="command line")
        self.stdout.write(raw)
