from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaravansConfig(AppConfig):
    name = "caravans"
    verbose_name = _("Caravans")
