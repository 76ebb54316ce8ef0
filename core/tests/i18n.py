"""The Arabic wording of one of our sentences, as the pages show it (tests assert on what people read)."""

from django.utils import translation


def ar(msgid, **values):
    with translation.override("ar"):
        return translation.gettext(msgid) % values if values else translation.gettext(msgid)
