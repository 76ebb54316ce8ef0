"""What the onsite page tests read: a page's words, and a session of the demo programme."""

import html
import re

from caravans.models import Session


def text(response):
    """The page as a person reads it: tags dropped, spaces folded, entities decoded."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def session(caravan, title_fr):
    return Session.objects.get(day__caravan=caravan, title_fr=title_fr)
