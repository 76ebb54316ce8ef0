"""How a registration is decided, for every way in: a form (`entry.enter`), a list import
(`importing.lists`), and the API's preview (`entry.preview`), which saves nothing.

`decided` is the decision itself, pure: the caravan's rules (`eligibility.decide`) and the reasons found on the
way (a likely duplicate; in a preview, a value that could not be read), then its places: an eligible person is
accepted while there is room and waitlisted (`capacity_full`) once the caravan is full.

`Decider` gathers what `decided` needs from the database for one caravan, each read once however many people
it decides: the rules, the accepted count (kept up to date in memory as places are taken) and the members'
lists of the soulaliyate communities. Whoever registers holds the caravan's row lock while it counts
(`services.RegistrationBatch`); a preview counts without a lock.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from caravans.models import Caravan
from people.identifiers import normalise_cin
from people.membership import Members
from people.models import Cooperative, Person

from .eligibility import Applicant, Rules, decide, decision_for
from .models import Decision, DecisionRecord
from .reasons import INVALID, effect, ordered

# A reading reason that says more precisely what a rule's reason says: the rule's one is dropped.
# A CIN held by another record stays off the new one (entry.py): the person gave one, none is missing.
SUPERSEDED = {
    "invalid_cin": "missing_cin",
    "unknown_province": "missing_province",
    "identity_to_check": "missing_cin",
}


@dataclass(frozen=True)
class Details:
    """What a registration says besides who the person is."""

    profile: str  # a Profile value
    channel: str  # a people.models.Channel value
    cooperative: Cooperative | None = None
    project_idea: str = ""
    sector: str = ""  # a key of sectors.yaml, or ""
    sector_text: str = ""  # as written

    def fields(self) -> dict[str, Any]:
        """The registration's fields these details fill."""
        return dict(self.__dict__)


class Decided(NamedTuple):
    decision: str  # a Decision value
    reasons: list[str]
    kind: str  # a DecisionRecord.Kind value: by the rules, or by the capacity


def decided(
    applicant: Applicant, rules: Rules, *, has_room: bool, extra_reasons: Sequence[str] = ()
) -> Decided:
    """The decision on a new registration: every reason of the rules and `extra_reasons`, then the places."""
    reasons = list(decide(applicant, rules).reasons)
    if extra_reasons:
        dropped = {SUPERSEDED[code] for code in extra_reasons if code in SUPERSEDED}
        reasons = ordered([*extra_reasons, *(code for code in reasons if code not in dropped)])
    decision = decision_for(reasons)
    if decision == Decision.ACCEPTED and any(effect(code) == INVALID for code in extra_reasons):
        # only a preview gets here with a value that cannot be read (an import refuses the row, a form asks
        # again): a person at the desk can correct it, so it is for review, not a refusal
        decision = Decision.NEEDS_REVIEW.value
    if decision == Decision.ACCEPTED and not has_room:
        return Decided(Decision.WAITLISTED.value, [*reasons, "capacity_full"], DecisionRecord.Kind.CAPACITY)
    return Decided(decision, reasons, DecisionRecord.Kind.RULES)


def applicant_for(person: Person, details: Details, *, member: bool) -> Applicant:
    """The facts the eligibility rules read: the person's record, saved or not, and the registration's details.
    `member`: the person is on their community's members' list (when one is loaded)."""
    province, community, cooperative = person.province, person.community, details.cooperative
    listed = bool(community and community.members_list_loaded_at)
    return Applicant(
        profile=details.profile,
        region_code=province.region.code if province else "",
        province_code=province.code if province else "",
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        sex=person.sex,
        cin_status=normalise_cin(person.cin).status,
        cooperative_founded=cooperative.founded_on if cooperative else None,
        cooperative_founded_year=cooperative.founded_year if cooperative else None,
        community=community.name_ar if community else person.community_declared,
        project_idea=details.project_idea,
        community_list_loaded=listed,
        membership_found=listed and member,
    )


class Decider:
    """How one caravan decides registrations, read once: its rules, its accepted count, its members' lists."""

    def __init__(self, caravan: Caravan):
        self.caravan = caravan
        self.rules = Rules.for_caravan(caravan)
        self.lists: dict[int, Members] = {}  # community pk → its members' list
        self.recount()

    def recount(self) -> None:
        """Count the accepted registrations again (after writes made elsewhere, or a rollback)."""
        self.accepted = self.caravan.registrations.accepted().count()

    def decide(
        self,
        person: Person,
        details: Details,
        extra_reasons: Sequence[str] = (),
        *,
        keeps_place: bool = False,
    ) -> Decided:
        """`decided` for this person; `keeps_place`: an accepted registration decided again keeps its place."""
        applicant = applicant_for(person, details, member=self.is_member(person))
        has_room = keeps_place or self.accepted < self.caravan.capacity
        return decided(applicant, self.rules, has_room=has_room, extra_reasons=extra_reasons)

    def take_place(self, decision: str) -> None:
        """A registration of this decision is being written: an accepted one takes a place."""
        if decision == Decision.ACCEPTED:
            self.accepted += 1

    def is_member(self, person: Person) -> bool:
        """On the members' list of their community (False when no list is loaded)."""
        community = person.community
        if not (community and community.members_list_loaded_at):
            return False
        if community.pk not in self.lists:
            self.lists[community.pk] = Members(community)
        return bool(self.lists[community.pk].contains(person))
