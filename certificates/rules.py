"""Who earns a certificate of participation: pure functions over plain counts, with reason codes.

A person earns one when their registration was accepted, they were present (an active check-in) on at least
`min_days` distinct days of the caravan and, if the rule asks it, at `min_sessions` sessions. Reasons are stable
codes; `message(code)` turns one into a sentence in the active language.
"""

import math
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

NOT_ACCEPTED = "not_accepted"
TOO_FEW_DAYS = "too_few_days"
TOO_FEW_SESSIONS = "too_few_sessions"

MESSAGES = {
    NOT_ACCEPTED: _("The registration was not accepted."),
    TOO_FEW_DAYS: _("Present on too few days."),
    TOO_FEW_SESSIONS: _("Attended too few sessions."),
}

PREFIX_PATTERN = re.compile(r"^[A-Z0-9]{2,8}$")


@dataclass(frozen=True)
class Rule:
    min_days: int
    min_sessions: int | None = None


@dataclass(frozen=True)
class Presence:
    """What one registration did: accepted or not, distinct days checked in, sessions attended."""

    accepted: bool
    days: int = 0
    sessions: int = 0


@dataclass(frozen=True)
class Standing:
    earned: bool
    reasons: list = field(default_factory=list)


def default_min_days(day_count):
    """Two thirds of the caravan's days, rounded up: 2 of 3, 2 of 2, 1 of 1, 4 of 5."""
    return max(1, math.ceil(2 * day_count / 3))


def default_prefix(slug, year):
    """`tanger-2025`, 2025 → `TNG25`: the first word's consonants (its first letter kept), three at most."""
    word = next((part for part in re.split(r"[^a-z]+", slug.lower()) if part), "")
    letters = (word[:1] + re.sub(r"[aeiouy]", "", word[1:]))[:3].upper() or "QF"
    return f"{letters}{year % 100:02d}"


def standing(rule, presence):
    """Whether `presence` earns a certificate under `rule`, and every reason why not."""
    reasons = []
    if not presence.accepted:
        reasons.append(NOT_ACCEPTED)
    if presence.days < rule.min_days:
        reasons.append(TOO_FEW_DAYS)
    if rule.min_sessions and presence.sessions < rule.min_sessions:
        reasons.append(TOO_FEW_SESSIONS)
    return Standing(earned=not reasons, reasons=reasons)


def message(code):
    return MESSAGES[code]
