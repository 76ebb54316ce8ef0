"""One person entered by hand, by themselves (`self`) or by a staff member (`staff`): registry, review queue,
registration and the person's workshop wishes, in one transaction.

The public self-registration page and the staff quick-entry form both end here, so that a person typed into
either is recorded exactly as a list row would be: one record per person (`people.services`), likely
duplicates queued for review, then the caravan's rules and capacity (`registration.services.register`).
A refusal (`RegistrationError`, e.g. `already_registered`) rolls everything back, the person's completed facts
included.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from core import audit
from core.text import fold_compact
from people import duplicates
from people.models import SoulaliyateCommunity
from people.services import PersonFacts, find_or_create_cooperative, find_or_create_person
from places.models import Commune

from .importing.reading import match_sector
from .models import Profile
from .services import register
from .workshops import set_preferences


@dataclass(frozen=True)
class Entry:
    """What a form says about a person and their registration, already validated and cleaned."""

    facts: PersonFacts
    profile: str  # a Profile value
    commune: Commune | None = None
    cooperative_name: str = ""
    cooperative_founded: datetime.date | None = None
    cooperative_founded_year: int | None = None
    project_idea: str = ""
    sector_text: str = ""
    workshop_choices: tuple = ()  # ((day, (workshop sessions best first)), ...)


def commune_named(province, text):
    """The commune of `province` called `text` (Arabic or French, any accents or dashes), else None."""
    key = fold_compact(text)
    if province is None or not key:
        return None
    for commune in Commune.objects.filter(province=province):
        if key in (fold_compact(commune.name_ar), fold_compact(commune.name_fr)):
            return commune
    return None


def community_named(province, text):
    """The soulaliyate community of `province` called `text`, else None (the text is then kept as declared)."""
    key = fold_compact(text)
    if province is None or not key:
        return None
    for community in SoulaliyateCommunity.objects.filter(province=province):
        if key in (fold_compact(community.name_ar), fold_compact(community.name_fr)):
            return community
    return None


@transaction.atomic
def enter(caravan, entry, *, actor, channel):
    """Record the person (found or created), queue their likely duplicates, register them; the registration.
    Raises `RegistrationError` (nothing written) when they are already registered to `caravan`."""
    person, _outcome, likely = find_or_create_person(entry.facts, actor, channel)
    if likely:
        duplicates.flag(person, likely)
    if entry.commune is not None and person.commune_id is None:
        # PersonFacts carries no commune: completed here, like people.services completes the other facts.
        person.commune = entry.commune
        person.save(update_fields=["commune", "updated"])
        audit.record(actor, "person.updated", person, channel=channel, fields=["commune"])
    registration = register(
        caravan,
        person,
        profile=entry.profile,
        channel=channel,
        actor=actor,
        cooperative=_cooperative(entry, actor),
        project_idea=entry.project_idea,
        sector=match_sector(entry.sector_text),
        sector_text=entry.sector_text,
        extra_reasons=["possible_duplicate"] if likely else [],
    )
    # Kept whatever the decision: a person promoted from the waiting list keeps their wishes.
    for day, sessions in entry.workshop_choices:
        set_preferences(registration, day, sessions, actor)
    return registration


def _cooperative(entry, actor):
    if entry.profile != Profile.COOPERATIVE_MEMBER:
        return None
    if not (entry.cooperative_name or entry.cooperative_founded or entry.cooperative_founded_year):
        return None
    cooperative, _created = find_or_create_cooperative(
        entry.cooperative_name,
        province=entry.facts.province,
        founded_on=entry.cooperative_founded,
        founded_year=entry.cooperative_founded_year,
        actor=actor,
    )
    return cooperative
