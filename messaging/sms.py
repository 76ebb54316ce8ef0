"""How many SMS a text costs: GSM-7 fits 160 characters in one SMS (153 per part when concatenated), UCS-2 only
70 (67). One Arabic letter, or any character outside GSM-7's basic set and extension table, makes the whole
text UCS-2: an organiser sees the count before a bulk send.
"""

from typing import NamedTuple

# GSM 03.38's basic character set (one septet each) and its extension table (an escape and a septet: two).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

LIMITS = {"GSM-7": (160, 153), "UCS-2": (70, 67)}


class Segments(NamedTuple):
    encoding: str  # "GSM-7" or "UCS-2"
    characters: int  # in the encoding's units: septets for GSM-7, UTF-16 code units for UCS-2
    parts: int


def _units(text):
    """Each character's size in its encoding's units, and the encoding."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text):
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text], "GSM-7"
    # A character beyond the Basic Multilingual Plane (an emoji) takes a surrogate pair: two UTF-16 units.
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text], "UCS-2"


def segments(text: str) -> Segments:
    """The encoding, length and number of SMS parts of `text`."""
    units, encoding = _units(text)
    single, concatenated = LIMITS[encoding]
    total = sum(units)
    if total <= single:
        return Segments(encoding, total, 1 if total else 0)
    # A two-unit character (an escape and its septet, a surrogate pair) is never cut between two parts.
    parts, room = 1, concatenated
    for size in units:
        if size > room:
            parts, room = parts + 1, concatenated
        room -= size
    return Segments(encoding, total, parts)
