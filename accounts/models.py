from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Contact(models.Model):
    """How to reach a staff member besides email: the phone their set-password link can be sent to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="contact"
    )
    phone = models.CharField(_("phone"), max_length=20, help_text=_("In international form: +212…"))

    class Meta:
        verbose_name = _("staff contact")
        verbose_name_plural = _("staff contacts")

    def __str__(self):
        return f"{self.user} {self.phone}"
