"""One person's entry, by a form — by themselves (`self`) or by a staff member (`staff`) — or by a row of a list
(`importing.reading.entry_of`), and what becomes of it.

`enter` records a person typed into either form exactly as a list row is recorded (`importing.lists`): one
record per person (`people.services`), likely duplicates queued for review, then the caravan's rules and
capacity (`services.register`, decided by `decisions`), and the person's workshop wishes, in one transaction.
A refusal (`RegistrationError`, e.g. `already_registered`) rolls everything back, the person's completed facts
included. `preview` says what `enter` would decide for someone the registry does not know, saving nothing:
the API's eligibility check.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from core import audit
from core.text import fold_compact
from people.models import SoulaliyateCommunity
from people.services import (
    PersonFacts,
    find_or_create_cooperative,
    find_or_create_person,
    new_cooperative,
    new_person,
)
from places.models import Commune

from .decisions import Decided, Decider, Details
from .models import Profile
from .services import register
from .workshops import set_preferences


@dataclass(frozen=True)
class Entry:
    """What a form or a list's row says about a person and their registration, already read and cleaned."""

    facts: PersonFacts
    profile: str  # a Profile value
    commune: Commune | None = None
    cooperative_name: str = ""
    cooperative_founded: datetime.date | None = None
    cooperative_founded_year: int | None = None
    project_idea: str = ""
    sector: str = ""  # the key of sectors.yaml the sector's text names, or ""
    sector_text: str = ""
    workshop_choices: tuple = ()  # ((day, (workshop sessions best first)), ...)
    # How the person is reached (Law 09-08): None / "" when the way in does not ask (a list), kept as it is.
    email: str = ""
    language: str = ""  # "ar" or "fr"
    messages_consent: bool | None = None

    @property
    def names_a_cooperative(self):
        """A cooperative member who said something of their cooperative: its name or its founding date."""
        said = self.cooperative_name or self.cooperative_founded or self.cooperative_founded_year
        return self.profile == Profile.COOPERATIVE_MEMBER and bool(said)

    def details(self, channel, cooperative):
        """The registration's details, with the cooperative found or created for it."""
        return Details(
            profile=self.profile,
            channel=channel,
            cooperative=cooperative,
            project_idea=self.project_idea,
            sector=self.sector,
            sector_text=self.sector_text,
        )


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
    """Record the person (found or created, likely duplicates queued for review), register them; the
    registration. Raises `RegistrationError` (nothing written) when they are already registered to `caravan`."""
    person, _outcome, likely = find_or_create_person(entry.facts, actor, channel)
    if entry.commune is not None and person.commune_id is None:
        # PersonFacts carries no commune: completed here, like people.services completes the other facts.
        person.commune = entry.commune
        person.save(update_fields=["commune", "updated"])
        audit.record(actor, "person.updated", person, channel=channel, fields=["commune"])
    reach(person, entry, actor=actor, channel=channel)
    details = entry.details(channel, cooperative_of(entry, actor))
    registration = register(
        caravan,
        person,
        actor=actor,
        extra_reasons=["possible_duplicate"] if likely else [],
        **details.fields(),
    )
    # Kept whatever the decision: a person promoted from the waiting list keeps their wishes.
    for day, sessions in entry.workshop_choices:
        set_preferences(registration, day, sessions, actor)
    return registration


def reach(person, entry, *, actor, channel):
    """Record how `person` is reached as `entry` says: their email, their language and their latest answer
    about messages (a person asked again may change their mind), before they are sent any."""
    said = {"email": entry.email, "language": entry.language, "messages_consent": entry.messages_consent}
    changed = [
        name for name, value in said.items() if value not in ("", None) and getattr(person, name) != value
    ]
    if not changed:
        return
    for name in changed:
        setattr(person, name, said[name])
    person.save(update_fields=[*changed, "updated"])
    audit.record(actor, "person.updated", person, channel=channel, fields=changed)


def preview(caravan, entry, *, reading_reasons=()) -> Decided:
    """What registering `entry` to `caravan` would decide now for someone the registry does not know (nobody
    is looked for in it), with nothing saved. `reading_reasons`: the values that could not be read."""
    person, details = as_new(entry)
    return Decider(caravan).decide(person, details, reading_reasons)


def as_new(entry, channel=""):
    """(person, details) of `entry` as new records, unsaved: its person and its cooperative, if it names one,
    as they would be created when nobody is found in the registry."""
    cooperative = None
    if entry.names_a_cooperative:
        cooperative = new_cooperative(
            entry.cooperative_name,
            province=entry.facts.province,
            founded_on=entry.cooperative_founded,
            founded_year=entry.cooperative_founded_year,
        )
    return new_person(entry.facts, channel=channel), entry.details(channel, cooperative)


def cooperative_of(entry, actor):
    """The cooperative `entry` names, found in the registry or created; None when it names none."""
    if not entry.names_a_cooperative:
        return None
    cooperative, _created = find_or_create_cooperative(
        entry.cooperative_name,
        province=entry.facts.province,
        founded_on=entry.cooperative_founded,
        founded_year=entry.cooperative_founded_year,
        actor=actor,
    )
    return cooperative
