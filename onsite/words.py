"""The check-in answer's words about one person, in their recorded gender («سبق تسجيل حضورها», «Déjà
enregistrée»); the «(ة)» form only when their sex is not recorded."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from people.gender import gendered

# key: (feminine, masculine, neutral)
WORDS = {
    "already": (
        pgettext_lazy("female", "Already checked in"),
        pgettext_lazy("male", "Already checked in"),
        _("Already checked in"),
    ),
    "not_accepted": (
        pgettext_lazy("female", "Not accepted"),
        pgettext_lazy("male", "Not accepted"),
        _("Not accepted"),
    ),
    "send_to_desk": (
        pgettext_lazy("female", "Not accepted: send to the registration desk"),
        pgettext_lazy("male", "Not accepted: send to the registration desk"),
        _("Not accepted: send to the registration desk"),
    ),
    "walk_in": (
        pgettext_lazy("female", "Registered, not checked in"),
        pgettext_lazy("male", "Registered, not checked in"),
        _("Registered, not checked in"),
    ),
    "born": (
        pgettext_lazy("female", "born in %(year)s"),
        pgettext_lazy("male", "born in %(year)s"),
        _("born in %(year)s"),
    ),
}


def said(key, person):
    """The words `key` of WORDS about `person`."""
    female, male, neutral = WORDS[key]
    return gendered(person.sex, female=female, male=male, neutral=neutral)
