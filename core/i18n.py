"""Names of things are stored in Arabic and French (`title_ar`, `title_fr`); `Localized` reads the active one."""

from django.conf import settings
from django.utils.translation import get_language


def active_language():
    return "fr" if (get_language() or "ar").startswith("fr") else "ar"


def asked_language(request):
    """The language a document is asked in (`?lang=ar|fr`), else the page's."""
    language = request.GET.get("lang")
    return language if language in dict(settings.LANGUAGES) else active_language()


class Localized:
    """`title = Localized()` on a model gives `title_ar` or `title_fr` by the active language,
    falling back to the other language when that one is empty."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        first = active_language()
        other = "ar" if first == "fr" else "fr"
        return getattr(obj, f"{self.name}_{first}") or getattr(obj, f"{self.name}_{other}")
