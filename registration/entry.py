"""One person's entry, by a form — by themselves (`self`) or by a staff member (`staff`) — or by a row of a list
(`importing.reading.entry_of`), and what becomes of it.

`enter` records a person typed into either form exactly as a list row is recorded (`importing.lists`): one
record per person (`people.services`), likely duplicates queued for review, then the caravan's rules and
capacity (`services.register`, decided by `decisions`), and the person's workshop wishes, in one transaction.
A refusal (`RegistrationError`, e.g. `already_registered`) rolls everything back, the person's completed facts
included.

How far an entry may find the person it names is its `scope`. Staff who may see the registry (`REGISTRY`) get
today's matching: a known CIN is that person, their record completed. Anyone else must learn nothing of a record
from a number they typed, nor change it: a visitor on the public form (`NOBODY`) always makes a new record,
and a check-in agent (`CARAVAN`) finds only the people of their own caravan (`already_registered`). A CIN held
by someone else then stays off the new record, the two are queued for review (`same_cin`) and the registration
waits for staff (`identity_to_check`), who merge the records or keep them apart. `preview` says what `enter` would decide for someone the registry does not know, saving nothing:
the API's eligibility check.
"""

import datetime
from dataclasses import dataclass, replace

from django.db import transaction

from caravans.access import roles_for
from core import audit
from core.permissions import allowed
from core.text import fold_compact
from people.matching import SAME_CIN
from people.models import SoulaliyateCommunity
from people.services import (
    LikelyMatch,
    PersonFacts,
    Registry,
    create_people,
    find_or_create_cooperative,
    find_or_create_person,
    likely_matches,
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


# How far an entry may find the person it names (see the module's docstring).
REGISTRY, CARAVAN, NOBODY = "registry", "caravan", "nobody"


def scope_for(user, caravan):
    """How far `user`'s entries to `caravan` find people: the registry when they may see personal data."""
    return REGISTRY if allowed(roles_for(user, caravan), "personal_data.view") else CARAVAN


@transaction.atomic
def enter(caravan, entry, *, actor, channel, scope=REGISTRY):
    """Record the person (found within `scope` or created, likely duplicates queued for review), register them;
    the registration. Raises `RegistrationError` (nothing written) when they are already registered to
    `caravan`."""
    person, extra_reasons = _person(caravan, entry.facts, actor=actor, channel=channel, scope=scope)
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
        extra_reasons=extra_reasons,
        **details.fields(),
    )
    # Kept whatever the decision: a person promoted from the waiting list keeps their wishes.
    for day, sessions in entry.workshop_choices:
        set_preferences(registration, day, sessions, actor)
    return registration


def _person(caravan, facts, *, actor, channel, scope):
    """(person, the review's reasons): the person `facts` name as `scope` may find them, else a new record."""
    if scope == REGISTRY:
        person, _outcome, likely = find_or_create_person(facts, actor, channel)
        return person, ["possible_duplicate"] if likely else []
    registry = Registry()
    holder = registry.same(facts) if facts.cin else None
    if holder is not None and scope == CARAVAN and caravan.registrations.filter(person=holder).exists():
        return holder, []  # refused by `register` as already registered, nothing written
    if holder is not None:
        facts = replace(facts, cin="")  # one active record per CIN: the holder keeps theirs
    likely = likely_matches(facts, [p for p in registry.candidates(facts) if p != holder])
    reasons = ["possible_duplicate"] if likely else []
    if holder is not None:
        likely.insert(0, LikelyMatch(holder, 1.0, [SAME_CIN]))
        reasons.insert(0, "identity_to_check")
    person = new_person(facts, actor, channel)
    create_people([(person, likely)], actor, channel)
    return person, reasons


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
