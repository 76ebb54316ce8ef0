import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rows


class AuditEntry(models.Model):
    """One write that matters, or one look at personal data: who, what, on which object, when."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


def hash_token(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenManager(models.Manager):
    def user_for(self, raw):
        """The active user whose token this is, or None. Every API call asks: hand-written (core.rows)."""
        user_model = self.model._meta.get_field("user").related_model
        found = rows.one_row(
            f"SELECT {rows.columns(user_model, 'u')} FROM {rows.table(user_model)} u"
            f" JOIN {rows.table(self.model)} t ON t.user_id = u.id WHERE t.key_hash = %s AND u.is_active",
            [hash_token(raw)],
            user_model,
        )
        return found and found[0]


class ApiToken(models.Model):
    """A bearer token for the HTTP API; only its hash is stored, the raw value is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ApiTokenManager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.user} ({self.created:%Y-%m-%d})"

    @classmethod
    def issue(cls, user):
        raw = secrets.token_urlsafe(32)
        cls.objects.create(user=user, key_hash=hash_token(raw))
        return raw


class JobWorker(models.Model):
    """A running `qafila worker`, seen at each heartbeat: the jobs it runs are its own while it is seen."""

    id = models.CharField(primary_key=True, max_length=64)  # host-pid-random, as in the jobs' worker_ids
    started = models.DateTimeField(_("running since"), auto_now_add=True)
    seen = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("job worker")
        verbose_name_plural = _("job workers")

    def __str__(self):
        return self.id
