from django.apps import AppConfig


class QafilaConfig(AppConfig):
    name = "qafila"
    verbose_name = "Qafila"
