"""The activity sectors (keys of data/sectors.yaml): shared by support programmes' conditions, registrations and
projects, hence kept here, at the lowest app that needs them."""

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import NotRequired, TypedDict

import yaml

from core.i18n import active_language

DATA = Path(__file__).resolve().parent / "data"


class Sector(TypedDict):
    """One sector of sectors.yaml."""

    key: str
    ar: str
    fr: str
    also: NotRequired[list[str]]  # spelling variants
    family: str
    parent: NotRequired[str]  # the broader sector (goat_cheese → livestock → agriculture); none for a root
    tta: NotRequired[str]
    sources: list[str]
    confidence: str


@cache
def sectors() -> list[Sector]:
    """Every sector as in sectors.yaml: `key`, `ar`, `fr`, spelling variants, what is known of it in TTA."""
    found: list[Sector] = yaml.safe_load((DATA / "sectors.yaml").read_text(encoding="utf-8"))["sectors"]
    return found


def lineage(key: str) -> list[str]:
    """`key` then its parent, grandparent… up to its root: a sector is part of each of them."""
    parents = {sector["key"]: sector.get("parent", "") for sector in sectors()}
    found = []
    while key and key not in found:  # `not in found`: a mistaken cycle in the file must not loop forever
        found.append(key)
        key = parents.get(key, "")
    return found


def within(key: str, keys: Iterable[str]) -> bool:
    """Whether sector `key` is one of `keys` or a sub-sector of one of them (a programme open to agriculture
    is open to goat cheese)."""
    return not set(lineage(key)).isdisjoint(keys)


def sector_label(key: str, language: str | None = None) -> str:
    """A sector's name in `language` (the active one by default); the key itself when unknown."""
    language = language or active_language()
    for sector in sectors():
        if sector["key"] == key:
            return sector["ar" if language == "ar" else "fr"]
    return key
