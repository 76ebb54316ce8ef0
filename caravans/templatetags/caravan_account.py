"""`{{ value|mad }}` and `{% account_of caravan as account %}`: the caravan's account in its pages, report and PDF."""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.html import format_html

from caravans import account
from core.i18n import CURRENCY, THOUSANDS, active_language, figure

register = template.Library()
PHOTOS_IN_REPORT = 6  # a few, with their captions: the report is not an album


@register.filter
def mad(value, options=""):
    """An amount in dirhams as `core.i18n.amount` writes them («12 500 درهم», cents only when there are some),
    "—" for None. Options, comma-separated: `signed` (+ when positive: over budget), `pdf` (documents/report.html)."""
    if value is None or value == "":
        return "—"
    options = options.split(",")
    places = 0 if value == value.to_integral_value() else 2
    sign = "+" if "signed" in options and value > 0 else ""
    if "pdf" in options:
        # The PDF renderer flips a negative figure inside Unicode isolates, and the bare one too in Arabic
        # ("3 500-"): the report's atomic left-to-right box keeps "-3 500" whole.
        return format_html(
            '<span class="ltr-run">{}{}</span>{}{}',
            sign,
            figure(value, places),
            THOUSANDS,
            CURRENCY[active_language()],
        )
    # A plain space before the currency: in a phone's narrow column it goes under the figure instead of out.
    return f"\u2066{sign}{figure(value, places)}\u2069 {CURRENCY[active_language()]}"


@dataclass
class ReportPhoto:
    caption: str
    day: object
    src: str  # the permission-checked page address, or a data: URI in a PDF
    width: int
    height: int


@dataclass
class Account:
    totals: account.Totals
    observations: str
    recommendations: str
    photos: list

    @property
    def empty(self):
        return not (self.totals.categories or self.observations or self.recommendations or self.photos)


@register.simple_tag(name="account_of")
def account_tag(caravan, pdf=False):
    """What the report shows of the caravan's account; `pdf=True` embeds a few photos from their files."""
    photos = []
    for photo in caravan.photos.all()[:PHOTOS_IN_REPORT]:
        if pdf:
            src = account.photo_data_uri(photo)
            if not src:  # its file is gone: print nothing rather than a broken image
                continue
        else:
            src = reverse("caravans:account_photo", args=[caravan.slug, photo.pk])
        photos.append(ReportPhoto(photo.caption, photo.day, src, photo.width, photo.height))
    return Account(account.totals(caravan), caravan.observations, caravan.recommendations, photos)
