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


# U+202F, not U+00A0, between thousands: in Arabic text the PDF renderer splits "2 500" at a U+00A0 and shows
# "500 2" (see projects/finance/plan.py, which writes figures the same way).
THOUSANDS = "\u202f"
CURRENCY = {"ar": "درهم", "fr": "MAD"}


def figure(value) -> str:
    """`1200000` → "1 200 000": a whole number with narrow no-break spaces, the same in Arabic and French."""
    return f"{round(value):,}".replace(",", THOUSANDS)


def amount(value, language=None):
    """An amount in dirhams as each language writes it, one way everywhere: «12 500 درهم», «12 500 MAD»."""
    return f"{figure(value)}{THOUSANDS}{CURRENCY[language or active_language()]}"
