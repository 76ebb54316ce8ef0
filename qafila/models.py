"""Registrations of interest left on the public programme finder by people who ask to be called back.

Kept here, not in programmes: the catalogue is national and knows no person (.importlinter's
"programmes-national"). Only what the person typed and agreed to; deleted once an organiser has called.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from places.models import Province


class CallbackRequestQuerySet(models.QuerySet):
    def seen_by(self, regions):
        """Those of provinces in `regions` (None: every one, for the national coordinator)."""
        return self if regions is None else self.filter(province__region__in=regions)


class CallbackRequest(models.Model):
    """A person who asked on the finder to be called back about support programmes, with their consent."""

    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20)  # E.164
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    # The finder's answers as its link's code (programmes.finder.encode): the staff page reopens the result.
    answers = models.CharField(_("answers"), max_length=200, blank=True)
    consent_at = models.DateTimeField(_("consent given on"))
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)

    objects = CallbackRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("call-back request")
        verbose_name_plural = _("call-back requests")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.name} ({self.province})"
