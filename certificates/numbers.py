"""Certificate numbers: `TNG25-0007-7KQ4M` = the caravan's prefix, a serial without gaps, a random check part.

Why the check part: the number is the verification address (`/verify/NUMBER`) and the page shows the holder's
name, so a bare serial would let anyone list every participant by counting. Five random Crockford base-32
characters make a guess right once in 33 million tries, while the serial keeps the number short, ordered and
readable over the phone. The alphabet has no I, L, O or U, so a number read aloud or retyped survives the
usual confusions (`normalise` maps them back).
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
CHECK_LENGTH = 5
_CONFUSED = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_SHAPE = re.compile(r"^[A-Z0-9]{2,8}-\d{4,}-[" + ALPHABET + "]{" + str(CHECK_LENGTH) + "}$")


def new_check() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CHECK_LENGTH))


def make(prefix: str, serial: int, check: str | None = None) -> str:
    return f"{prefix}-{serial:04d}-{check or new_check()}"


def normalise(text: str | None) -> str:
    """A typed or scanned number as stored: capitals, no spaces, look-alikes fixed in the check part only."""
    cleaned = re.sub(r"\s+", "", str(text or "")).upper()
    head, _sep, check = cleaned.rpartition("-")
    return f"{head}-{check.translate(_CONFUSED)}" if head else cleaned


def is_well_formed(number: str) -> bool:
    return bool(_SHAPE.match(number))
