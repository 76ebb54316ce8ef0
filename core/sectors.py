"""The activity sectors (keys of data/sectors.yaml): shared by support programmes' conditions, registrations and
projects, hence kept here, at the lowest app that needs them."""

from functools import cache
from pathlib import Path

import yaml

from core.i18n import active_language

DATA = Path(__file__).resolve().parent / "data"


@cache
def sectors():
    """Every sector as in sectors.yaml: `key`, `ar`, `fr`, spelling variants, what is known of it in TTA."""
    return yaml.safe_load((DATA / "sectors.yaml").read_text(encoding="utf-8"))["sectors"]


def sector_label(key, language=None):
    """A sector's name in `language` (the active one by default); the key itself when unknown."""
    language = language or active_language()
    for sector in sectors():
        if sector["key"] == key:
            return sector["ar" if language == "ar" else "fr"]
    return key
