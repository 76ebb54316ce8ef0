"""The month names Django translates (django/utils/dates.py), repeated here so that `makemessages` puts them
in Qafila's own catalogue, which LOCALE_PATHS reads after Django's: Arabic pages then say غشت and دجنبر as in
Morocco, where Django's `ar` catalogue says أغسطس and ديسمبر. Same msgids and contexts as Django's, or ours
would not replace them; the Moroccan names are in locale_drafts/months.json."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONTHS = (  # `F`, and month drop-downs built on django.utils.dates.MONTHS
    _("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
    _("July"), _("August"), _("September"), _("October"), _("November"), _("December"),
)  # fmt: skip
MONTHS_3 = (  # `b` and `M`
    _("jan"), _("feb"), _("mar"), _("apr"), _("may"), _("jun"),
    _("jul"), _("aug"), _("sep"), _("oct"), _("nov"), _("dec"),
)  # fmt: skip
MONTHS_AP = (  # `N`
    pgettext_lazy("abbrev. month", "Jan."), pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"), pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"), pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"), pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."), pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."), pgettext_lazy("abbrev. month", "Dec."),
)  # fmt: skip
MONTHS_ALT = (  # `E`
    pgettext_lazy("alt. month", "January"), pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"), pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"), pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"), pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"), pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"), pgettext_lazy("alt. month", "December"),
)  # fmt: skip
