"""Names of things are stored in Arabic and French (`title_ar`, `title_fr`); `Localized` reads the active one."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import get_language


def active_language():
    return "fr" if (get_language() or "ar").startswith("fr") else "ar"


def asked_language(request):
    """The language a document is asked in (`?lang=ar|fr`), else the page's."""
    language = request.GET.get("lang")
    return language if language in dict(settings.LANGUAGES) else active_language()


class Localized:
    """`title = Localized()` on a model gives `title_ar` or `title_fr` by the active language, "" when that one
    is empty: a text in the other language would leak onto the page, so templates show nothing instead.

    `Localized(fallback=True)` is for names (places, organisations, people, cooperatives): a name the data holds
    in one script only is shown as it is written, as Moroccan lists print a name in either script."""

    def __init__(self, fallback=False):
        self.fallback = fallback

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        first = active_language()
        value = getattr(obj, f"{self.name}_{first}")
        if value or not self.fallback:
            return value
        return getattr(obj, f"{self.name}_{'ar' if first == 'fr' else 'fr'}")


# U+202F, not U+00A0: in Arabic text the PDF renderer splits "2 500" at a U+00A0 and shows "500 2".
THOUSANDS = "\u202f"
CURRENCY = {"ar": "درهم", "fr": "MAD"}


def figure(value: Decimal | int | float, places: int = 0) -> str:
    """`1200000` → "1 200 000", `(1825.3162, 2)` → "1 825,32": rounded half up, narrow no-break spaces between
    thousands, a decimal comma; the same in Arabic and French (Moroccan documents write Latin digits in both)."""
    # A float through its shortest text: Decimal(2.675) is 2.67499…, which would round down.
    exact = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = f"{int(whole):,}".replace(",", THOUSANDS) + ("," + fraction if fraction else "")
    return ("-" if rounded < 0 else "") + text


def amount(
    value: Decimal | int | float, language: str | None = None, places: int = 0, ltr: bool = False
) -> str:
    """An amount in dirhams as each language writes it, one way everywhere: «12 500 درهم», «12 500 MAD».

    `ltr=True` keeps the figure left to right inside Arabic text with Unicode isolates ("-2 056", not
    "2 056-"): browsers need them; the PDF renderer flips a negative figure inside them (see
    projects/finance/display.py), so documents leave them out."""
    text = figure(value, places)
    if ltr:
        text = f"\u2066{text}\u2069"
    return f"{text}{THOUSANDS}{CURRENCY[language or active_language()]}"
