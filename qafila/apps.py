from django.apps import AppConfig


class QafilaConfig(AppConfig):
    name = "qafila"
    verbose_name = "Qafila"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .two_factor import decide_at_login

        user_logged_in.connect(decide_at_login, dispatch_uid="qafila.two_factor")
