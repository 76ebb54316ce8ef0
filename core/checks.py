"""Qafila's own system checks, run by `manage.py check --deploy` before a server is put in front of people."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def development_key(app_configs, **kwargs):
    """The development key is public (it is in this repository): with it, anyone can sign a session, a password
    reset link or a session's attendance QR code."""
    if settings.SECRET_KEY != settings.QAFILA_DEV_SECRET_KEY:
        return []
    return [
        Error(
            "SECRET_KEY is the public development key (QAFILA_INSECURE_DEV): anyone can forge sessions, "
            "password reset links and attendance QR codes.",
            hint="Set SECRET_KEY to a long random value kept secret, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
            id="qafila.E001",
        )
    ]
